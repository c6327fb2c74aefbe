// Time zones as people know them: "Berlin (Central European Time)" rather than
// "Europe/Berlin". The IANA name stays the value that is stored and sent.

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
