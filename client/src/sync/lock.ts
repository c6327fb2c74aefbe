// One tab syncs at a time. With the Web Locks API the lock is shared by every tab and the
// service worker of this origin; `ifAvailable` means a second caller does not queue up behind
// the first (whose run already picks up any write made meanwhile) but hears "busy".
// `wait` queues instead (signing out must know the outcome of a real run, not "busy").
// Without the API (old browsers) a flag keeps it to one run per tab.

const LOCK_NAME = 'smallwins-sync'
let runningHere = false

export async function withSyncLock<T>(run: () => Promise<T>, wait = false): Promise<T | 'busy'> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks
  if (locks === undefined) {
    while (wait && runningHere) await new Promise((resolve) => setTimeout(resolve, 100))
    if (runningHere) return 'busy'
    runningHere = true
    try {
      return await run()
    } finally {
      runningHere = false
    }
  }
  if (wait) return locks.request(LOCK_NAME, run)
  return locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => (lock === null ? 'busy' : run()))
}
