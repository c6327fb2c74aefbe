// A person's days: a win belongs to the local date in their time zone, except that before their
// "day starts at" hour (default 4) it still belongs to the evening before, on the wall clock.
// Mirrors server/core/days.py; the server checks the day is within one of the UTC date.

const partsCache = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone)
  if (f === undefined) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    }
    try {
      f = new Intl.DateTimeFormat('en-CA', { ...options, timeZone })
    } catch {
      f = new Intl.DateTimeFormat('en-CA', options) // an unknown zone: the device's own
    }
    partsCache.set(timeZone, f)
  }
  return f
}

/** "YYYY-MM-DD": the day `instant` belongs to for this person. */
export function localDay(instant: Date, timeZone: string, dayStartHour = 4): string {
  const parts: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  const hour = (parts['hour'] ?? 0) % 24
  const date = new Date(Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1))
  if (hour < dayStartHour) date.setUTCDate(date.getUTCDate() - 1)
  return date.toISOString().slice(0, 10)
}

/** The day before a "YYYY-MM-DD" day. */
export function previousDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - 1)
  return date.toISOString().slice(0, 10)
}

/** "Today", "Yesterday", or e.g. "Monday, 21 November" (with the year when not this year). */
export function friendlyDay(day: string, today: string): string {
  if (day === today) return 'Today'
  if (day === previousDay(today)) return 'Yesterday'
  const date = new Date(`${day}T12:00:00Z`)
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }
  if (day.slice(0, 4) !== today.slice(0, 4)) options.year = 'numeric'
  return new Intl.DateTimeFormat(undefined, options).format(date)
}

const clockCache = new Map<string, Intl.DateTimeFormat>()

/** "14:05" in the person's zone, for a win's time. (Formatters are costly to build: cached.) */
export function clockTime(iso: string, timeZone: string): string {
  let f = clockCache.get(timeZone)
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone })
    } catch {
      f = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })
    }
    clockCache.set(timeZone, f)
  }
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : f.format(date)
}
