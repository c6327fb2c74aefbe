import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LocalDB } from '../db/database'
import { syncRun, type SyncRun } from './engine'
import { SyncScheduler } from './scheduler'

vi.mock('./engine', () => ({ syncRun: vi.fn() }))

const run = vi.mocked(syncRun)
const refused = (retryAfterS: number | null): SyncRun => ({ outcome: 'error', retryAfterS })
const synced: SyncRun = { outcome: 'synced', retryAfterS: null }

function scheduler(): SyncScheduler {
  return new SyncScheduler({} as LocalDB, () => Promise.reject(new Error('not used')), () => undefined)
}

/** How many runs happen within `ms` from now. */
async function runsWithin(ms: number): Promise<number> {
  const before = run.mock.calls.length
  await vi.advanceTimersByTimeAsync(ms)
  return run.mock.calls.length - before
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.stubGlobal('navigator', { onLine: true })
  run.mockReset()
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('syncing again after a failure', () => {
  it('waits at least Retry-After (7 s) and at most 7 s plus the jitter', async () => {
    run.mockResolvedValueOnce(refused(7)).mockResolvedValue(synced)
    const s = scheduler()
    expect(await s.syncNow()).toBe('error')
    expect(await runsWithin(6_999)).toBe(0)
    expect(await runsWithin(3_501)).toBe(1)
    s.stop()
  })

  it('backs off exponentially with jitter when the server names no time', async () => {
    run.mockResolvedValue(refused(null))
    vi.spyOn(Math, 'random').mockReturnValue(0.5) // jitter: a quarter of the wait on top
    const s = scheduler()
    await s.syncNow()
    for (const floor of [2_000, 4_000, 8_000, 16_000]) {
      expect(await runsWithin(floor * 1.25 - 1)).toBe(0)
      expect(await runsWithin(1)).toBe(1)
    }
    s.stop()
  })

  it('starts from 2 s again once a sync succeeds', async () => {
    run.mockResolvedValueOnce(refused(null)).mockResolvedValueOnce(refused(null))
    run.mockResolvedValueOnce(synced).mockResolvedValue(refused(null))
    const s = scheduler()
    await s.syncNow()
    await runsWithin(3_000) // second failure: next wait 4–6 s
    await runsWithin(6_000) // success
    await s.syncNow() // a failure after the success
    expect(await runsWithin(1_999)).toBe(0)
    expect(await runsWithin(1_001)).toBe(1)
    s.stop()
  })

  it('lets no trigger (a write, the network, the service worker) sync before the wait is over', async () => {
    run.mockResolvedValueOnce(refused(7)).mockResolvedValue(synced)
    const s = scheduler()
    await s.syncNow()
    s.afterWrite()
    s.afterWrite()
    expect(await runsWithin(6_999)).toBe(0)
    expect(await runsWithin(3_501)).toBe(1)
    s.stop()
  })

  it('still syncs at once when a person asks for it', async () => {
    run.mockResolvedValueOnce(refused(60)).mockResolvedValue(synced)
    const s = scheduler()
    await s.syncNow()
    expect(await s.syncNow()).toBe('synced')
    expect(run).toHaveBeenCalledTimes(2)
    s.stop()
  })
})
