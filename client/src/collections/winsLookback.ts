// The queries Looking back needs from wins (kept beside wins.ts so Today's and History's queries
// stay untouched). Rules about which wins come back live in lib/lookback.ts; here only reads.

import { Dexie } from 'dexie'
import type { LocalDB } from '../db/database'
import { isLive } from '../db/types'
import { toWin, WINS, type Win } from './wins'

/** The live wins of each of `days`, oldest first within a day. */
export function winsOnDays(days: readonly string[]) {
  return async (db: LocalDB): Promise<Map<string, Win[]>> => {
    const rows = await db.records
      .where('[collection+day]')
      .anyOf(days.map((day) => [WINS, day]))
      .filter(isLive)
      .toArray()
    const byDay = new Map<string, Win[]>(days.map((day) => [day, []]))
    for (const row of rows.sort((a, b) => (a.at ?? 0) - (b.at ?? 0))) byDay.get(row.day ?? '')?.push(toWin(row))
    return byDay
  }
}

/** Every live win from before `day` (the pool a resurfaced win is picked from). */
export function winsBefore(day: string) {
  return async (db: LocalDB): Promise<Win[]> => {
    const rows = await db.records
      .where('[collection+day]')
      .between([WINS, Dexie.minKey], [WINS, day], true, false)
      .filter(isLive)
      .toArray()
    return rows.map(toWin)
  }
}

/** How many live wins each day from `first` on has (the year heatmap). */
export function winsPerDaySince(first: string) {
  return async (db: LocalDB): Promise<Map<string, number>> => {
    const counts = new Map<string, number>()
    await db.records
      .where('[collection+day]')
      .between([WINS, first], [WINS, Dexie.maxKey])
      .filter(isLive)
      .each((row) => {
        if (row.day !== undefined) counts.set(row.day, (counts.get(row.day) ?? 0) + 1)
      })
    return counts
  }
}
