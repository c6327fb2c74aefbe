// Values as the screens see them: a few names a person chooses (health, courage, ...). Wins
// link to them through value_ids; a deleted value simply stops showing on its wins.

import { Dexie } from 'dexie'
import type { LocalDB } from '../db/database'
import { isLive, type CollectionSpec, type Fields, type RecordRow } from '../db/types'
import contract from './contract.json'
import { toWin, WINS, type Win } from './wins'

export const VALUES = 'values'
export const MAX_NAME = contract.values.max_name

export const COLLECTION: CollectionSpec = { name: VALUES, indexKeys: {} }

export const SUGGESTIONS: readonly string[] = ['health', 'courage', 'connection', 'growth', 'calm', 'kindness']

export interface Value {
  id: string
  name: string
}

export function toValue(row: RecordRow): Value {
  return { id: row.id, name: typeof row.values['name'] === 'string' ? row.values['name'] : '' }
}

export function newValueFields(name: string): Fields {
  return { name: name.trim().slice(0, MAX_NAME), deleted: false }
}

/** Every live value, by name. */
export async function allValues(db: LocalDB): Promise<Value[]> {
  const rows = await db.records.where('[collection+id]').between([VALUES, Dexie.minKey], [VALUES, Dexie.maxKey]).toArray()
  return rows
    .filter(isLive)
    .map(toValue)
    .sort((a, b) => a.name.localeCompare(b.name))
}

export function valueById(id: string) {
  return async (db: LocalDB): Promise<Value | null> => {
    const row = await db.records.get([VALUES, id])
    return row === undefined || !isLive(row) ? null : toValue(row)
  }
}

/** The wins linked to `valueId`, newest first. */
export function winsOfValue(valueId: string) {
  return async (db: LocalDB): Promise<Win[]> => {
    const rows = await db.records
      .where('[collection+at]')
      .between([WINS, Dexie.minKey], [WINS, Dexie.maxKey])
      .reverse()
      .filter((row) => isLive(row) && toWin(row).valueIds.includes(valueId))
      .toArray()
    return rows.map(toWin)
  }
}
