import { describe, expect, it } from 'vitest'
import { ApiError, OfflineError } from '../api'
import { loadMeta } from '../db/meta'
import { writeMutation } from './write'
import { runSync, syncRun } from './engine'
import type { SyncRequest } from './protocol'
import { answer, freshDB, RECORD, win } from './testing'

describe('a sync run', () => {
  it('keeps the outbox and asks for sign-in on 401', async () => {
    const db = freshDB()
    await writeMutation(db, 'wins', RECORD, win('Kept'))
    const outcome = await runSync(db, () => Promise.reject(new ApiError(401, 'unauthorized', 'Sign in')))
    expect(outcome).toBe('needs-sign-in')
    expect(await db.outbox.count()).toBe(1)
    expect((await loadMeta(db)).sync.phase).toBe('needs-sign-in')
  })

  it('reports offline and keeps everything', async () => {
    const db = freshDB()
    await writeMutation(db, 'wins', RECORD, win('Kept'))
    expect(await runSync(db, () => Promise.reject(new OfflineError(new TypeError('fetch'))))).toBe('offline')
    expect(await db.outbox.count()).toBe(1)
  })

  it('pushes in batches of 100 and pulls until there is no more', async () => {
    const db = freshDB()
    for (let i = 0; i < 230; i++) await writeMutation(db, 'wins', crypto.randomUUID(), win(`Win ${i}`))
    const requests: SyncRequest[] = []
    let acked = 0
    let pages = 4 // the pull has more pages than the push needs rounds
    const outcome = await runSync(db, async (request) => {
      requests.push(request)
      acked = Math.max(acked, request.mutations.at(-1)?.id ?? 0)
      pages -= 1
      return answer({ acked, cursor: requests.length, has_more: pages > 0 })
    })
    expect(outcome).toBe('synced')
    expect(requests.map((r) => r.mutations.length)).toEqual([100, 100, 30, 0])
    expect(requests[0]?.schema_version).toBe(1)
    expect(requests.map((r) => r.cursor)).toEqual([0, 1, 2, 3])
    // Each request tells the server how far this device has heard (so it forgets rejections).
    expect(requests.map((r) => r.acked)).toEqual([0, 100, 200, 230])
    expect(await db.outbox.count()).toBe(0)
  })

  it('asks for an update on 426', async () => {
    const db = freshDB()
    expect(await runSync(db, () => Promise.reject(new ApiError(426, 'update_required', 'Update')))).toBe('update-required')
  })

  it('passes on how long a busy server asked it to wait, and keeps the outbox', async () => {
    const db = freshDB()
    await writeMutation(db, 'wins', RECORD, win('Kept'))
    const busy = new ApiError(503, 'try_again', 'Busy', {}, 7)
    expect(await syncRun(db, () => Promise.reject(busy))).toEqual({ outcome: 'error', retryAfterS: 7 })
    expect(await db.outbox.count()).toBe(1)
    const broken = new ApiError(500, 'internal_error', 'Oops', {}, null)
    expect(await syncRun(db, () => Promise.reject(broken))).toEqual({ outcome: 'error', retryAfterS: null })
  })
})
