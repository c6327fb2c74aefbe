import { describe, expect, it, vi } from 'vitest'
import { freshDB, RECORD, win } from './testing'
import { journalAdd, journalDrop, readJournal, replayJournal, type JournalEntry, type JournalStorage } from './journal'
import type { Fields } from '../db/types'
import { JOURNALED_KEPT, writeMutation } from './write'

function memoryStorage(): JournalStorage & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  }
}

const KEY = 'smallwins-journal-test'
const entry = (jid: string, fields: Fields = win('Walked to work')): JournalEntry => ({
  jid,
  collection: 'wins',
  record_id: RECORD,
  fields,
  at: 1_700_000_000_000,
})

describe('the unload journal', () => {
  it('replays a write whose page closed before it was stored', async () => {
    const db = freshDB()
    const storage = memoryStorage()
    journalAdd(storage, KEY, entry('j1'))
    // The page closed here: the transaction never ran. The next page opens the store:
    expect(await replayJournal(db, storage, KEY)).toBe(1)
    const row = await db.records.get(['wins', RECORD])
    expect(row?.values['text']).toBe('Walked to work')
    expect(await db.outbox.count()).toBe(1)
    expect(readJournal(storage, KEY)).toEqual([])
  })

  it('applies a write once when it committed but its entry was left behind', async () => {
    const db = freshDB()
    const storage = memoryStorage()
    journalAdd(storage, KEY, entry('j1'))
    await writeMutation(db, 'wins', RECORD, win('Walked to work'), 1_000, 'j1')
    // The page died between the commit and dropping the entry; two tabs both replay it.
    await Promise.all([replayJournal(db, storage, KEY), replayJournal(db, storage, KEY)])
    expect(await db.outbox.count()).toBe(1)
    expect(readJournal(storage, KEY)).toEqual([])
  })

  it('replays several writes in the order they were made', async () => {
    const db = freshDB()
    const storage = memoryStorage()
    journalAdd(storage, KEY, entry('j1'))
    journalAdd(storage, KEY, entry('j2', { text: 'Walked home too' }))
    journalAdd(storage, KEY, entry('j3', { starred: true }))
    await replayJournal(db, storage, KEY)
    const row = await db.records.get(['wins', RECORD])
    expect(row?.values).toMatchObject({ text: 'Walked home too', starred: true })
    const stamps = (await db.outbox.toArray()).map((e) => e.hlc)
    expect([...stamps].sort()).toEqual(stamps)
  })

  it('keeps the entries when the database cannot take them yet', async () => {
    const db = freshDB()
    const storage = memoryStorage()
    journalAdd(storage, KEY, entry('j1'))
    db.close()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(await replayJournal(db, storage, KEY)).toBe(0)
    expect(readJournal(storage, KEY).map((e) => e.jid)).toEqual(['j1'])
    expect(warn).toHaveBeenCalledOnce()
    warn.mockRestore()
  })

  it('reports a write it could not note, and survives unreadable storage', () => {
    const full: JournalStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
      removeItem: () => undefined,
    }
    expect(journalAdd(full, KEY, entry('j1'))).toBe(false)
    expect(journalAdd(null, KEY, entry('j1'))).toBe(false)
    const garbled = memoryStorage()
    garbled.setItem(KEY, '{not json')
    expect(readJournal(garbled, KEY)).toEqual([])
  })

  it('drops only the entry that was stored', () => {
    const storage = memoryStorage()
    journalAdd(storage, KEY, entry('j1'))
    journalAdd(storage, KEY, entry('j2'))
    journalDrop(storage, KEY, 'j1')
    expect(readJournal(storage, KEY).map((e) => e.jid)).toEqual(['j2'])
    journalDrop(storage, KEY, 'j2')
    expect(storage.map.has(KEY)).toBe(false)
  })

  it('remembers only the latest applied ids', async () => {
    const db = freshDB()
    for (let i = 0; i <= JOURNALED_KEPT; i++) await writeMutation(db, 'wins', RECORD, { text: `v${i}` }, 1_000, `j${i}`)
    const meta = (await db.meta.get('meta'))?.value
    expect(meta?.journaled).toHaveLength(JOURNALED_KEPT)
    expect(meta?.journaled?.[0]).toBe('j1')
  })
})
