import { describe, expect, it } from 'vitest'
import { loadMeta } from '../db/meta'
import { writeMutation } from './write'
import { applyResponse } from './apply'
import { parse } from './hlc'
import { answer, freshDB, OTHER, RECORD, T, win } from './testing'

const serverRow = (text: string, seq: number, extra = {}) => ({
  collection: 'wins',
  record_id: RECORD,
  server_seq: seq,
  hlc: `${String(Date.now() - 60_000).padStart(15, '0')}-00000-server`,
  fields: { ...win(text), ...extra },
})

describe('applying a sync answer', () => {
  it('drops acknowledged writes and saves the cursor', async () => {
    const db = freshDB()
    await writeMutation(db, 'wins', RECORD, win('Made tea'))
    await applyResponse(db, answer({ acked: 1, cursor: 5, changes: [serverRow('Made tea', 5)] }), T)
    expect(await db.outbox.count()).toBe(0)
    const row = await db.records.get(['wins', RECORD])
    expect(row).toMatchObject({ base: { text: 'Made tea' }, seq: 5, pending: false })
    expect((await loadMeta(db)).cursor).toBe(5)
  })

  it('keeps unacknowledged writes on top of the server copy', async () => {
    const db = freshDB()
    await writeMutation(db, 'wins', RECORD, win('First'))
    await writeMutation(db, 'wins', RECORD, { text: 'Edited here' })
    // The server took mutation 1 only; another device starred it meanwhile.
    const answered = answer({ acked: 1, cursor: 7, changes: [serverRow('First', 7, { starred: true })] })
    await applyResponse(db, answered, T)
    const row = await db.records.get(['wins', RECORD])
    expect(row?.values).toMatchObject({ text: 'Edited here', starred: true })
    expect(row?.base).toMatchObject({ text: 'First', starred: true })
    expect((await db.outbox.toArray()).map((e) => e.id)).toEqual([2])
  })

  it('keeps acknowledged writes on screen until the last page arrives', async () => {
    const db = freshDB()
    await writeMutation(db, 'wins', RECORD, win('Ran 5k'))
    await applyResponse(db, answer({ acked: 1, cursor: 500, has_more: true }), T)
    expect((await db.records.get(['wins', RECORD]))?.values['text']).toBe('Ran 5k')
    expect((await loadMeta(db)).acked).toBe(1)
    await applyResponse(db, answer({ acked: 1, cursor: 501, changes: [serverRow('Ran 5k', 501)] }), T)
    expect(await db.outbox.count()).toBe(0)
    expect((await db.records.get(['wins', RECORD]))?.values['text']).toBe('Ran 5k')
  })

  it('keeps a refused write visible and marked', async () => {
    const db = freshDB()
    await writeMutation(db, 'wins', RECORD, win('x'.repeat(600)))
    const refusal = { id: 1, collection: 'wins', record_id: RECORD, error: 'validation_error', message: 'Too long.' }
    await applyResponse(db, answer({ acked: 1, rejected: [refusal] }), T)
    expect(await db.outbox.count()).toBe(0)
    expect(await db.rejected.count()).toBe(1)
    const row = await db.records.get(['wins', RECORD])
    expect(row?.problem).toBe('Too long.')
    expect(row?.values['text']).toHaveLength(600)
  })

  it('re-stamps a clock-ahead refusal once, with the corrected clock', async () => {
    const db = freshDB()
    const dayAhead = Date.now() + 86_400_000
    await writeMutation(db, 'wins', RECORD, win('Clock trouble'), dayAhead)
    const refusal = { id: 1, collection: 'wins', record_id: RECORD, error: 'clock_ahead', message: 'Clock ahead.' }
    const now = Date.now()
    await applyResponse(db, answer({ acked: 1, rejected: [refusal], server_time_ms: now - 86_400_000 }), { sentAt: now, receivedAt: now })
    const [entry] = await db.outbox.toArray()
    expect(entry?.id).toBe(2)
    expect(entry?.restamped).toBe(true)
    expect(Math.abs((parse(entry?.hlc ?? '')?.millis ?? 0) - (now - 86_400_000))).toBeLessThan(5_000)
    expect(await db.rejected.count()).toBe(0)
    // Refused again: now it sticks as a problem instead of looping.
    const again = { ...refusal, id: 2 }
    await applyResponse(db, answer({ acked: 2, rejected: [again] }), T)
    expect(await db.outbox.count()).toBe(0)
    expect((await db.records.get(['wins', RECORD]))?.problem).toBe('Clock ahead.')
  })

  it('on reset forgets server copies but keeps the outbox', async () => {
    const db = freshDB()
    await applyResponse(db, answer({ cursor: 9, changes: [serverRow('Old', 9)] }), T)
    await writeMutation(db, 'wins', OTHER, win('Not sent yet'))
    await applyResponse(db, answer({ reset: true, cursor: 0, changes: [] }), T)
    expect(await db.records.get(['wins', RECORD])).toBeUndefined()
    expect((await db.records.get(['wins', OTHER]))?.values['text']).toBe('Not sent yet')
    expect(await db.outbox.count()).toBe(1)
    expect((await loadMeta(db)).cursor).toBe(0)
  })

  it('advances the clock past stamps seen from the server', async () => {
    const db = freshDB()
    const ahead = `${String(Date.now() + 120_000).padStart(15, '0')}-00003-other`
    await applyResponse(db, answer({ changes: [{ ...serverRow('x', 1), hlc: ahead }] }), T)
    await writeMutation(db, 'wins', RECORD, { text: 'after' })
    const [entry] = await db.outbox.toArray()
    expect((entry?.hlc ?? '') > ahead).toBe(true)
  })
})
