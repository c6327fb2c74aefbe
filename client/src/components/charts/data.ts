// Pure helpers behind the weekly charts: numbers in, geometry and words out (tested in
// data.test.ts). Nothing here draws an empty day as a failure: a day without a win is simply
// a day, and comparisons are only ever with the person's own past.

import type { Trend } from '../../collections/summaries'
import { addDays } from '../../lib/weeks'

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

/** Bar heights scaled to `height`, the tallest bar full height; zero stays zero. */
export function barHeights(values: readonly number[], height: number): number[] {
  const top = Math.max(0, ...values)
  return values.map((v) => (top === 0 || v <= 0 ? 0 : Math.max(2, (v / top) * height)))
}

/** The y of an energy level (1–5) in a chart `height` tall with `pad` above and below. */
export function energyY(level: number, height: number, pad: number): number {
  const clamped = Math.min(5, Math.max(1, level))
  return pad + ((5 - clamped) / 4) * (height - 2 * pad)
}

/** Energy rounded to one decimal for words ("3.5"), or null on days without any. */
export function energyWords(level: number | null): string {
  return level === null ? 'not noted' : `${Math.round(level * 10) / 10} of 5`
}

/** "4 days with a win": counts what happened, never what didn't. */
export function activeDaysLine(activeDays: number): string {
  if (activeDays <= 0) return 'A quiet week — rest counts too.'
  if (activeDays === 1) return '1 day with a win'
  if (activeDays === 7) return 'A win every day this week'
  return `${activeDays} days with a win`
}

export function winsLine(wins: number): string {
  return wins === 1 ? '1 win' : `${wins} wins`
}

/** Against the person's own previous four weeks only. Empty when there is nothing kind or
 *  useful to say (no history yet), and "less" is said gently, as a fact about their usual. */
export function comparisonLine(trend: Trend): string {
  switch (trend) {
    case 'more':
      return 'More than your usual week.'
    case 'a_little_more':
      return 'A little more than your usual.'
    case 'usual':
      return 'About your usual.'
    case 'a_little_less':
      return 'A little quieter than your usual — that’s fine.'
    case 'less':
      return 'A quieter week than your usual. Quiet weeks are part of it.'
    case 'no_history':
      return ''
  }
}

export const PARTS_OF_DAY = [
  { key: 'morning', label: 'Morning' },
  { key: 'afternoon', label: 'Afternoon' },
  { key: 'evening', label: 'Evening' },
  { key: 'night', label: 'Night' },
] as const

export function timeOfDayRows(counts: Readonly<Record<string, number>>): { key: string; label: string; count: number }[] {
  return PARTS_OF_DAY.map(({ key, label }) => ({ key, label, count: counts[key] ?? 0 }))
}

/** Each day of the week as its date and short name, for labels ("Mon 16"). */
export function weekDayLabels(monday: string): { day: string; short: string; name: string }[] {
  return WEEKDAYS.map((short, i) => {
    const day = addDays(monday, i)
    return { day, short: `${short} ${Number(day.slice(8))}`, name: WEEKDAY_NAMES[i] ?? short }
  })
}
