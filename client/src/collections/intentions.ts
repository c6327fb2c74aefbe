// Intentions as the screens see them: "what's one win you want to look back on today?",
// one per person and day. The record id is uuid5(INTENTION_NAMESPACE, "<user id>:<day>"), so
// setting it on the phone and again on the laptop while offline edits one record, not two.

import type { LocalDB } from '../db/database'
import { isLive, type CollectionSpec, type Fields } from '../db/types'
import { uuid5 } from '../lib/uuid5'
import contract from './contract.json'

export const INTENTIONS = 'intentions'
export const MAX_INTENTION = contract.intentions.max_text
/** Fixed forever: changing it would give every existing intention a second id. */
export const INTENTION_NAMESPACE = contract.intentions.namespace

export const COLLECTION: CollectionSpec = { name: INTENTIONS, indexKeys: { day: 'local_day' } }

export interface TodayIntention {
  id: string
  text: string
  pending: boolean
}

export function intentionId(userId: string, day: string): Promise<string> {
  return uuid5(INTENTION_NAMESPACE, `${userId}:${day}`)
}

/** Every field, every time: the day never changes for an id, and a first write must be whole. */
export function intentionFields(text: string, day: string): Fields {
  return { text: text.trim(), local_day: day, deleted: false }
}

/** The intention for `day` on this device, or null (a query for useRecords, whose initial
 *  `undefined` means "not loaded yet"). */
export function intentionOfDay(day: string) {
  return async (db: LocalDB): Promise<TodayIntention | null | undefined> => {
    const rows = await db.records.where('[collection+day]').equals([INTENTIONS, day]).toArray()
    const row = rows.find((r) => isLive(r) && typeof r.values['text'] === 'string')
    return row === undefined ? null : { id: row.id, text: String(row.values['text']), pending: row.pending }
  }
}
