// The unload guard. A local write is one IndexedDB transaction of several round trips (~10–30 ms,
// far more on a loaded phone), and a page that closes or reloads before it commits aborts it:
// "type, Enter, swipe the app away" would lose the win. IndexedDB cannot be flushed from
// `pagehide` (the transaction still needs the page alive to finish), but localStorage is
// synchronous: a write noted there before the first await survives the page being closed right
// after. So every write is journaled first, synchronously; the journal entry goes once its
// transaction has committed, and a page that opens the store replays whatever is left.
//
// Replaying must be exactly-once: the transaction that applies an entry records its id in
// meta (write.ts), so an entry whose commit landed but whose removal did not (the page died in
// between), or one another tab replays while this tab's write is still running, applies once.
//
// localStorage can be missing or full; then the write simply is not journaled and the screen
// still only shows it once it is stored (Today waits for the commit).

import type { LocalDB } from '../db/database'
import type { Fields } from '../db/types'
import { writeMutation } from './write'

export interface JournalEntry {
  /** Unique per write: the exactly-once key. */
  jid: string
  collection: string
  record_id: string
  fields: Fields
  /** Date.now() when the person made the change, so a replay stamps it as then. */
  at: number
}

/** The part of Storage used here (localStorage in a page, a Map-backed fake in tests). */
export type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

const PREFIX = 'smallwins-journal-'

export function journalKey(userId: string): string {
  return `${PREFIX}${userId}`
}

export function pageStorage(): JournalStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // access denied (e.g. storage blocked for this site)
  }
}

export function readJournal(storage: JournalStorage | null, key: string): JournalEntry[] {
  try {
    const raw = storage?.getItem(key) ?? null
    const parsed: unknown = raw === null ? [] : JSON.parse(raw)
    return Array.isArray(parsed) ? (parsed as JournalEntry[]) : []
  } catch {
    return [] // unreadable: nothing we can safely replay
  }
}

/** Note a write before it starts. False when it could not be noted (no storage, quota). */
export function journalAdd(storage: JournalStorage | null, key: string, entry: JournalEntry): boolean {
  if (storage === null) return false
  try {
    storage.setItem(key, JSON.stringify([...readJournal(storage, key), entry]))
    return true
  } catch {
    return false
  }
}

export function journalDrop(storage: JournalStorage | null, key: string, jid: string): void {
  if (storage === null) return
  try {
    const left = readJournal(storage, key).filter((entry) => entry.jid !== jid)
    if (left.length === 0) storage.removeItem(key)
    else storage.setItem(key, JSON.stringify(left))
  } catch {
    // Left behind, it is replayed once more and skipped as already applied.
  }
}

export function journalClear(storage: JournalStorage | null, key: string): void {
  try {
    storage?.removeItem(key)
  } catch {
    // Nothing to clear.
  }
}

/** Apply what a closed or reloaded page noted but may not have stored, oldest first; each
 *  applies once even if it did commit. Stops (entries kept) if the database fails. */
export async function replayJournal(db: LocalDB, storage: JournalStorage | null, key: string): Promise<number> {
  let replayed = 0
  for (const entry of readJournal(storage, key)) {
    try {
      await writeMutation(db, entry.collection, entry.record_id, entry.fields, entry.at, entry.jid)
    } catch (error) {
      console.warn('A write from a closed page could not be replayed yet.', error)
      return replayed
    }
    journalDrop(storage, key, entry.jid)
    replayed += 1
  }
  return replayed
}
