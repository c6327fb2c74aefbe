// Time zones with names people recognise: "Lisbon · Western European Time (Europe)" rather than
// "Europe/Lisbon", searchable by city, region or the zone's spoken name.

export interface Zone {
  id: string
  label: string
  /** Lower-case text searched by `matchZones`. */
  haystack: string
}

function genericName(id: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en', { timeZone: id, timeZoneName: 'longGeneric' }).formatToParts(new Date())
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? ''
  } catch {
    return ''
  }
}

/** "America/Argentina/Buenos_Aires" → city "Buenos Aires", region "America · Argentina". */
export function describeZone(id: string): Zone {
  const segments = id.split('/')
  const city = (segments.at(-1) ?? id).replaceAll('_', ' ')
  const region = segments.slice(0, -1).join(' · ').replaceAll('_', ' ')
  const generic = genericName(id)
  const spoken = generic !== '' && generic !== city ? ` · ${generic}` : ''
  const label = region === '' ? `${city}${spoken}` : `${city}${spoken} (${region})`
  return { id, label, haystack: `${id} ${label}`.toLowerCase().replaceAll('_', ' ') }
}

export function allZones(extra: readonly string[] = []): Zone[] {
  let ids: string[] = []
  try {
    ids = Intl.supportedValuesOf('timeZone')
  } catch {
    // an older browser: the zones we were given and UTC
  }
  return [...new Set([...extra, 'UTC', ...ids])].map(describeZone).sort((a, b) => a.label.localeCompare(b.label))
}

/** Zones whose every search word appears somewhere in their names; all of them for "". */
export function matchZones(zones: readonly Zone[], query: string): Zone[] {
  const words = query.toLowerCase().replaceAll('_', ' ').split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...zones]
  return zones.filter((zone) => words.every((word) => zone.haystack.includes(word)))
}

export function deviceZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}
