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

// Short form for one zone in a sentence (sign-up, Reminders); the IANA name stays the value
// that is stored and sent.

/** "Europe/Berlin" → "Berlin (Central European Time)"; the bare name when the browser has no
 *  words for the zone. */
export function friendlyZone(zone: string, locale?: string): string {
  const city = (zone.split('/').pop() ?? zone).replace(/_/g, ' ')
  let name: string | undefined
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date())
    name = parts.find((part) => part.type === 'timeZoneName')?.value
  } catch {
    return zone // an unknown zone: say it as it is
  }
  if (name === undefined || name === city || /^GMT[+-]?/.test(name)) return city === zone ? zone : `${city} (${zone})`
  return `${city} (${name})`
}
