import 'fake-indexeddb/auto'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { INDEX_KEYS } from '../collections'
import { dbName, LocalDB } from '../db/database'
import { backgroundSync } from './background'
import { syncRun } from './engine'

vi.mock('./engine', () => ({ syncRun: vi.fn() }))

const run = vi.mocked(syncRun)
const noWindows = { matchAll: () => Promise.resolve([]) }

async function accounts(...ids: string[]): Promise<void> {
  for (const id of ids) {
    const db = new LocalDB(dbName(id), INDEX_KEYS)
    await db.open()
    db.close()
  }
}

beforeEach(() => {
  run.mockReset()
})

describe('Background Sync with no window open', () => {
  it('stops at a server that asks it to wait, and leaves the retry to the browser', async () => {
    await accounts('busy-a', 'busy-b', 'busy-c')
    run.mockResolvedValue({ outcome: 'error', retryAfterS: 2 })
    await expect(backgroundSync(noWindows, INDEX_KEYS)).rejects.toThrow('try again')
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('hands the sync to an open window, which keeps to its own backoff', async () => {
    const window = { postMessage: vi.fn() }
    await backgroundSync({ matchAll: () => Promise.resolve([window]) }, INDEX_KEYS)
    expect(window.postMessage).toHaveBeenCalledWith({ type: 'SYNC_NOW' })
    expect(run).not.toHaveBeenCalled()
  })
})
