// The public face of local data for the rest of the app (views, reminders, push):
//
//   openStore(userId, keys, onNeedsSignIn)   App opens the signed-in account's database
//   mutate(collection, id, fields)     write locally (journaled at once, then stored), sync behind it
//   useCollection(collection)          live rows of a collection (tombstones left out)
//   useRecords(query, deps, initial)   any live query over the active database
//   useSyncStatus()                    the quiet status line's state
//   syncNow(), waitingCount(), discardLocalData()
//
// One store is active at a time, the signed-in account's; it is opened by App (never at import).

import { Dexie } from 'dexie'
import { deleteLocalDB, openLocalDB, type LocalDB } from '../db/database'
import { compose } from '../db/compose'
import { loadMeta, peekMeta, saveMeta, uuid } from '../db/meta'
import { isLive, type Fields, type IndexKeysByCollection, type RecordRow } from '../db/types'
import { journalAdd, journalClear, journalDrop, journalKey, pageStorage, replayJournal } from './journal'
import { writeMutation } from './write'
import type { Outcome } from './engine'
import { useLiveQuery, useOnline } from './live'
import { SyncScheduler } from './scheduler'
import { describeStatus, type SyncStatus, type Waiting } from './status'
import { httpTransport } from './transport'

interface Active {
  userId: string
  db: LocalDB
  scheduler: SyncScheduler
  stopReplays: () => void
}

/** Longer than any live tab takes to commit its own journaled write. */
const OTHER_TAB_GRACE_MS = 3_000

let active: Active | null = null

/** Open (or keep) the store of `userId` and start syncing it. */
export function openStore(userId: string, indexKeys: IndexKeysByCollection, onNeedsSignIn: () => void): LocalDB {
  if (active?.userId === userId) return active.db
  closeStore()
  const db = openLocalDB(userId, indexKeys)
  const scheduler = new SyncScheduler(db, httpTransport, (outcome) => {
    if (outcome === 'needs-sign-in') onNeedsSignIn()
  })
  const replay = () =>
    void replayJournal(db, pageStorage(), journalKey(userId)).then((replayed) => {
      if (replayed > 0) scheduler.afterWrite()
    })
  active = { userId, db, scheduler, stopReplays: replayOnOtherTabsWrites(userId, replay) }
  scheduler.start()
  replay()
  void askPersistenceOnce(db)
  return db
}

/** Another tab's journal changed: if that tab closed before its write committed, this one
 *  stores it (after a grace period, so a live tab commits its own; a replay of a write that did
 *  commit is skipped anyway). Otherwise it would wait for the next page to open the store. */
function replayOnOtherTabsWrites(userId: string, replay: () => void): () => void {
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const onStorage = (event: StorageEvent) => {
    if (event.key !== journalKey(userId) || event.newValue === null) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      replay()
    }, OTHER_TAB_GRACE_MS)
    timers.add(timer)
  }
  window.addEventListener('storage', onStorage)
  return () => {
    window.removeEventListener('storage', onStorage)
    for (const timer of timers) clearTimeout(timer)
  }
}

export function closeStore(): void {
  active?.stopReplays()
  active?.scheduler.stop()
  active?.db.close()
  active = null
}

export function activeDB(): LocalDB {
  if (active === null) throw new Error('No store is open: sign in first')
  return active.db
}

/** Write fields of one record. Resolves once the write (and its outbox entry) is stored.
 *  Before its first await it is journaled, so a page closed right after still keeps it. */
export async function mutate(collection: string, recordId: string, fields: Fields): Promise<void> {
  const current = active
  if (current === null) throw new Error('No store is open: sign in first')
  const storage = pageStorage()
  const key = journalKey(current.userId)
  const entry = { jid: uuid(), collection, record_id: recordId, fields, at: Date.now() }
  const journaled = journalAdd(storage, key, entry)
  try {
    await writeMutation(current.db, collection, recordId, fields, entry.at, entry.jid)
  } finally {
    // Stored, or failed and reported to the caller (who gives the text back): either way a
    // later replay would only surprise.
    if (journaled) journalDrop(storage, key, entry.jid)
  }
  current.scheduler.afterWrite()
}

/** Sync now; with `wait`, after any run already under way (e.g. before signing out). */
export async function syncNow(wait = false): Promise<Outcome | 'busy' | 'stopped'> {
  return active === null ? 'stopped' : active.scheduler.syncNow(wait)
}

/** Records with writes the server has not acknowledged yet. */
export async function waiting(db: LocalDB): Promise<Waiting> {
  const meta = await peekMeta(db)
  const entries = await db.outbox.where('id').above(meta?.acked ?? 0).toArray()
  const records = new Set(entries.map((e) => `${e.collection}/${e.record_id}`))
  return { records: records.size, onlyWins: entries.every((e) => e.collection === 'wins') }
}

export async function waitingCount(): Promise<number> {
  return (await waiting(activeDB())).records
}

/** Sign-out: forget this account's data on this device (after it synced, or on insistence). */
export async function discardLocalData(): Promise<void> {
  const current = active
  if (current === null) return
  closeStore()
  journalClear(pageStorage(), journalKey(current.userId))
  await deleteLocalDB(current.db)
}

/** Drop a refused write from the screen: the record goes back to the server's copy. */
export async function dismissProblem(collection: string, recordId: string): Promise<void> {
  const db = activeDB()
  await db.transaction('rw', [db.records, db.outbox, db.rejected], async () => {
    await db.rejected.where('[collection+record_id]').equals([collection, recordId]).delete()
    const row = await db.records.get([collection, recordId])
    const outbox = await db.outbox.where('[collection+record_id]').equals([collection, recordId]).toArray()
    const layers = { collection, id: recordId, base: row?.base ?? null, seq: row?.seq ?? 0, hlc: row?.hlc ?? '', rejected: [], outbox }
    const next = compose(layers, db.indexKeys[collection])
    if (next === null) await db.records.delete([collection, recordId])
    else await db.records.put(next)
  })
}

export function useRecords<T>(query: (db: LocalDB) => Promise<T>, deps: readonly unknown[], initial: T): T {
  const db = active?.db ?? null
  return useLiveQuery(async () => (db === null ? initial : query(db)), [db, ...deps], initial)
}

/** Every live (not deleted) record of a collection, e.g. useCollection('reminders'). */
export function useCollection(collection: string): RecordRow[] {
  return useRecords(
    async (db) => {
      const rows = await db.records.where('[collection+id]').between([collection, Dexie.minKey], [collection, Dexie.maxKey]).toArray()
      return rows.filter(isLive)
    },
    [collection],
    [],
  )
}

export function useSyncStatus(): SyncStatus {
  const online = useOnline()
  const state = useRecords(async (db) => ({ meta: await peekMeta(db), waiting: await waiting(db) }), [], null)
  return describeStatus(state?.meta?.sync ?? null, state?.waiting ?? { records: 0, onlyWins: true }, online, Date.now())
}

async function askPersistenceOnce(db: LocalDB): Promise<void> {
  // Without it the browser may evict IndexedDB under storage pressure, unsent wins included.
  try {
    const asked = await db.transaction('rw', db.meta, async () => {
      const meta = await loadMeta(db)
      if (meta.persistAsked) return true
      await saveMeta(db, { ...meta, persistAsked: true })
      return false
    })
    if (!asked) await navigator.storage?.persist?.()
  } catch {
    // Storage API missing or the database closed: nothing to ask.
  }
}
