// ISO weeks on the client, as the server names them ("2026-W47", Monday to Sunday). Days are
// "YYYY-MM-DD" local days (already shifted by "day starts at"), so this is pure calendar maths
// in UTC: no time zone can move a day here.

const WEEK = /^(\d{4})-W(\d{2})$/
const DAY_MS = 86_400_000

function toDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`)
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function addDays(day: string, n: number): string {
  return toDay(new Date(toDate(day).getTime() + n * DAY_MS))
}

/** The Monday of the week `day` belongs to. */
export function mondayOf(day: string): string {
  const weekday = (toDate(day).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  return addDays(day, -weekday)
}

/** The ISO week name of the week holding `day`. */
export function weekOf(day: string): string {
  const thursday = toDate(addDays(mondayOf(day), 3)) // the ISO year is the Thursday's year
  const year = thursday.getUTCFullYear()
  const firstThursday = toDate(mondayOf(`${year}-01-04`)).getTime() + 3 * DAY_MS
  const week = Math.round((thursday.getTime() - firstThursday) / (7 * DAY_MS)) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The Monday of an ISO week name, or null when it is not one ("2026-W54", "hello"). */
export function weekStart(week: string): string | null {
  const match = WEEK.exec(week)
  if (match === null) return null
  const monday = addDays(mondayOf(`${match[1]}-01-04`), (Number(match[2]) - 1) * 7)
  return weekOf(monday) === week ? monday : null
}

export function isWeek(week: string): boolean {
  return weekStart(week) !== null
}

/** The week before (-1) or after (+1) `week`. */
export function shiftWeek(week: string, by: number): string {
  const monday = weekStart(week)
  if (monday === null) throw new Error(`not an ISO week: ${week}`)
  return weekOf(addDays(monday, by * 7))
}

/** "16 – 22 Nov 2026": the week's days in words. */
export function weekRange(week: string): string {
  const monday = weekStart(week)
  if (monday === null) return week
  const sunday = addDays(monday, 6)
  const day = (d: string, opts: Intl.DateTimeFormatOptions) =>
    toDate(d).toLocaleDateString('en-GB', { timeZone: 'UTC', ...opts })
  const end = day(sunday, { day: 'numeric', month: 'short', year: 'numeric' })
  const sameMonth = monday.slice(0, 7) === sunday.slice(0, 7)
  return `${day(monday, sameMonth ? { day: 'numeric' } : { day: 'numeric', month: 'short' })} – ${end}`
}
