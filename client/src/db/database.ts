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

export function openLocalDB(userId: string, indexKeys: IndexKeysByCollection): LocalDB {
  return new LocalDB(dbName(userId), indexKeys)
}

/** Remove an account's local data: only after it synced or the person insisted. */
export async function deleteLocalDB(db: LocalDB): Promise<void> {
  db.close()
  await Dexie.delete(db.name)
}
