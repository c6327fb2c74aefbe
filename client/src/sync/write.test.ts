import { describe, expect, it } from 'vitest'
import { freshDB, RECORD, win } from './testing'
import { writeMutation } from './write'

describe('a local write', () => {
  it('stores the record and its outbox entry together', async () => {
    const db = freshDB()
    await writeMutation(db, 'wins', RECORD, win('Walked to work'))
    const row = await db.records.get(['wins', RECORD])
    const outbox = await db.outbox.toArray()
    expect(row?.values['text']).toBe('Walked to work')
    expect(row?.day).toBe('2026-11-23')
    expect(row?.pending).toBe(true)
    expect(outbox).toHaveLength(1)
    expect(outbox[0]?.id).toBe(1)
    expect(outbox[0]?.fields['text']).toBe('Walked to work')
  })

  it('writes neither when the transaction fails', async () => {
    const db = freshDB()
    // A value IndexedDB cannot store (a function) makes the outbox add throw mid-transaction.
    const bad = { text: (() => 1) as unknown as string }
    await expect(writeMutation(db, 'wins', RECORD, bad)).rejects.toThrow()
    expect(await db.records.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })

  it('numbers mutations and stamps them in increasing order', async () => {
    const db = freshDB()
    await writeMutation(db, 'wins', RECORD, win('One'), 1_000)
    await writeMutation(db, 'wins', RECORD, { text: 'Two' }, 1_000)
    await writeMutation(db, 'wins', RECORD, { starred: true }, 500)
    const outbox = await db.outbox.toArray()
    expect(outbox.map((e) => e.id)).toEqual([1, 2, 3])
    const stamps = outbox.map((e) => e.hlc)
    expect([...stamps].sort()).toEqual(stamps)
    const row = await db.records.get(['wins', RECORD])
    expect(row?.values).toMatchObject({ text: 'Two', starred: true })
  })

  it('works for any collection with no special code', async () => {
    const db = freshDB()
    await writeMutation(db, 'reminders', RECORD, { kind: 'daily', enabled: true, time: '20:00', weekdays: [0, 1] })
    const row = await db.records.get(['reminders', RECORD])
    expect(row?.values['time']).toBe('20:00')
    expect(row?.day).toBeUndefined()
  })
})
