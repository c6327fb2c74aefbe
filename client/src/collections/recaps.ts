// Recaps as the screens see them: the evening ritual done for one day. The good things are
// wins; a recap says the day was looked back on (so the evening reminder stays quiet), what
// helped, and whether the morning's intention happened. The record id is
// uuid5(RECAP_NAMESPACE, "<user id>:<day>"), so closing the day on two devices offline edits one
// record; the "yes, it happened" win is uuid5(RECAP_NAMESPACE, "<user id>:<day>:intention").

import type { LocalDB } from '../db/database'
import { isLive, type CollectionSpec, type Fields } from '../db/types'
import { uuid5 } from '../lib/uuid5'
import contract from './contract.json'

export const RECAPS = 'recaps'
export const MAX_HELPED = contract.recaps.max_helped
export const RECAP_NAMESPACE = contract.recaps.namespace
/** How many "good things" lines the recap offers (fewer is fine). */
export const GOOD_THINGS = 3

export type IntentionAnswer = 'happened' | 'not_today'

export const COLLECTION: CollectionSpec = { name: RECAPS, indexKeys: { day: 'local_day' } }

export interface DayRecap {
  id: string
  helped: string | null
  intention: IntentionAnswer | null
  pending: boolean
}

export function recapId(userId: string, day: string): Promise<string> {
  return uuid5(RECAP_NAMESPACE, `${userId}:${day}`)
}

export function intentionWinId(userId: string, day: string): Promise<string> {
  return uuid5(RECAP_NAMESPACE, `${userId}:${day}:intention`)
}

/** Every field of the day's recap (a first write must be whole; a later one simply wins). */
export function recapFields(day: string, helped: string, intention: IntentionAnswer | null, now = new Date()): Fields {
  const text = helped.trim()
  return {
    local_day: day,
    done_at: now.toISOString(),
    helped: text === '' ? null : text.slice(0, MAX_HELPED),
    intention,
    deleted: false,
  }
}

/** The recap of `day` on this device, or null (undefined while loading, for useRecords). */
export function recapOfDay(day: string) {
  return async (db: LocalDB): Promise<DayRecap | null | undefined> => {
    const rows = await db.records.where('[collection+day]').equals([RECAPS, day]).toArray()
    const row = rows.find(isLive)
    if (row === undefined) return null
    const helped = row.values['helped']
    const answer = row.values['intention']
    return {
      id: row.id,
      helped: typeof helped === 'string' ? helped : null,
      intention: answer === 'happened' || answer === 'not_today' ? answer : null,
      pending: row.pending,
    }
  }
}
