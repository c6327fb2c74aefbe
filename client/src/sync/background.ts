// Background Sync, called from the service worker's `sync` event (sw.ts only wires it).
// With a window of the app open, that window syncs (it holds the live state and the lock
// logic); with none open, the worker runs the same engine on each account database here.
// Throwing tells the browser to try the sync event again later (on its own schedule, minutes
// apart: never a loop). A window that is open backs off as its scheduler says (backoff.ts),
// so relaying the event to it cannot make it sync sooner than the server asked.

import { DB_PREFIX, LocalDB } from '../db/database'
import type { IndexKeysByCollection } from '../db/types'
import { syncRun } from './engine'
import { withSyncLock } from './lock'
import { httpTransport } from './transport'

interface WindowsLike {
  matchAll(options: { type: 'window' }): Promise<readonly { postMessage(message: unknown): void }[]>
}

export async function backgroundSync(clients: WindowsLike, indexKeys: IndexKeysByCollection): Promise<void> {
  const windows = await clients.matchAll({ type: 'window' })
  if (windows.length > 0) {
    for (const client of windows) client.postMessage({ type: 'SYNC_NOW' })
    return
  }
  const names = (await indexedDB.databases())
    .map((info) => info.name ?? '')
    .filter((name) => name.startsWith(DB_PREFIX))
  let retry = false
  for (const name of names) {
    const db = new LocalDB(name, indexKeys)
    try {
      // Only the signed-in account's session cookie works; the others hear 401 and wait.
      const run = await withSyncLock(() => syncRun(db, httpTransport))
      if (run === 'busy') continue
      if (run.outcome === 'offline' || run.outcome === 'error') retry = true
      // The server is shedding load (503/429): the other accounts wait for the retry too.
      if (run.retryAfterS !== null || run.outcome === 'offline') break
    } finally {
      db.close()
    }
  }
  if (retry) throw new Error('Sync did not finish; the browser will try again.')
}
