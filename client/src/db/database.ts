// One IndexedDB database per signed-in account, so a second account on the same device never
// sees (or deletes) the first one's records or unsent writes.
//
// Schema versions are numbered and only ever added: a new version() block with its upgrade,
// never an edit to an old one, so every installed copy can upgrade from wherever it is.

import { Dexie, type EntityTable } from 'dexie'
import type { IndexKeysByCollection, Meta, OutboxEntry, RecordRow, RejectedEntry } from './types'

export const DB_PREFIX = 'smallwins-user-'

export interface MetaRow {
  key: 'meta'
  value: Meta
}

export class LocalDB extends Dexie {
  records!: Dexie.Table<RecordRow, [string, string]>
  outbox!: EntityTable<OutboxEntry, 'id'>
  rejected!: Dexie.Table<RejectedEntry, number>
  meta!: Dexie.Table<MetaRow, string>

  constructor(
    name: string,
    /** Per collection, the fields copied into `day` and `at` (see db/compose.ts). */
    readonly indexKeys: IndexKeysByCollection = {},
    options?: ConstructorParameters<typeof Dexie>[1],
  ) {
    super(name, options)
    this.version(1).stores({
      // [collection+day] serves "today's wins", [collection+at] history (newest first); each
      // collection names the fields behind them (IndexKeys).
      records: '[collection+id], [collection+day], [collection+at]',
      outbox: '++id, [collection+record_id]',
      rejected: 'id, [collection+record_id]',
      meta: 'key',
    })
  }
}

export function dbName(userId: string): string {
  return `${DB_PREFIX}${userId}`
}

/**
 * Strict durability (where the browser honours the hint): a transaction completes only once the
 * OS was told to flush it to disk. "relaxed", Chromium's default since 121 as in Firefox and
 * Safari, completes once the change is in the OS's buffers, flushed every few seconds. A page
 * close or reload cannot undo a relaxed commit, but an OS crash or a phone dying in those
 * seconds could, right after the list showed the win. Our writes are person-paced (a few a day,
 * plus a handful per sync run), so a flush each is cheap: measured in bench/capture_latency.py,
 * Enter → listed had the same median (~20 ms) with and without it on the 2-core build machine.
 */
export function openLocalDB(userId: string, indexKeys: IndexKeysByCollection): LocalDB {
  return new LocalDB(dbName(userId), indexKeys, { chromeTransactionDurability: 'strict' })
}

/** Remove an account's local data: only after it synced or the person insisted. */
export async function deleteLocalDB(db: LocalDB): Promise<void> {
  db.close()
  await Dexie.delete(db.name)
}
