// Looking back: which past wins come back to the person on Today, and the days of their year.
// Pure functions of plain data and `today` (a "YYYY-MM-DD" day), so the rules are tested
// without a browser (lookback.test.ts).
//
// The rules, all honouring the person's "resurfacing" preference (all / starred / off) and a
// win's own "don't show this again" flag (resurface: false):
// - On this day: the wins of the same day a week, a month and a year ago. A month ago from
//   31 March is the last day of February (the day is clamped, never rolled into March).
// - One resurfaced win: from before the last week (yesterday's win is not "looking back"), never
//   one already shown under On this day. Starred wins come first: while any starred win may come
//   back, only starred ones do. The pick is a hash of the day and the win's id, so it stays the
//   same all day (no flicker between renders or devices) and changes the next day.

import type { Resurfacing } from '../collections/preferences'

/** What the rules need to know about a win. */
export interface PastWin {
  id: string
  day: string
  starred: boolean
  resurface: boolean
}

export type Ago = 'week' | 'month' | 'year'

export interface AgoDay {
  ago: Ago
  day: string
}

function toDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`)
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function addDays(day: string, days: number): string {
  const date = toDate(day)
  date.setUTCDate(date.getUTCDate() + days)
  return toDay(date)
}

/** The same day `months` months earlier, clamped to the end of a shorter month. */
export function monthsBefore(day: string, months: number): string {
  const date = toDate(day)
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay))
  return toDay(target)
}

/** A week, a month and a year before `today`. */
export function onThisDayDays(today: string): AgoDay[] {
  return [
    { ago: 'week', day: addDays(today, -7) },
    { ago: 'month', day: monthsBefore(today, 1) },
    { ago: 'year', day: monthsBefore(today, 12) },
  ]
}

/** Whether this win may be shown again under the person's preference. */
export function mayComeBack(win: PastWin, resurfacing: Resurfacing): boolean {
  if (resurfacing === 'off' || !win.resurface) return false
  return resurfacing === 'all' || win.starred
}

/** FNV-1a, 32 bits: a small stable hash (not for security; only to vary the pick by day). */
export function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** The past win to resurface today, or null. `shown` holds ids already on screen (On this day). */
export function pickResurfaced<T extends PastWin>(
  wins: readonly T[],
  today: string,
  resurfacing: Resurfacing,
  shown: ReadonlySet<string> = new Set(),
): T | null {
  const before = addDays(today, -7)
  const pool = wins.filter((w) => w.day < before && !shown.has(w.id) && mayComeBack(w, resurfacing))
  const starred = pool.filter((w) => w.starred)
  const candidates = starred.length > 0 ? starred : pool
  let best: T | null = null
  let bestHash = Infinity
  for (const win of candidates) {
    const h = hash(`${today}:${win.id}`)
    if (h < bestHash || (h === bestHash && best !== null && win.id < best.id)) {
      best = win
      bestHash = h
    }
  }
  return best
}
