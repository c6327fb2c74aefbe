// When a tab syncs: on start, ~1 s after a write (debounced, so a burst of edits is one
// request), when the network comes back, when the tab becomes visible, every minute while it
// is visible, and when the service worker relays a Background Sync event. Failures back off
// (2 s, 4 s, … up to 5 min); "busy" (another tab holds the lock) retries shortly after.

import type { LocalDB } from '../db/database'
import { runSync, type Outcome } from './engine'
import { withSyncLock } from './lock'
import type { Transport } from './protocol'
import { SYNC_TAG } from './tags'

const DEBOUNCE_MS = 1_000
const INTERVAL_MS = 60_000
const BUSY_RETRY_MS = 2_000
const MAX_BACKOFF_MS = 5 * 60_000

interface SyncManagerLike {
  register(tag: string): Promise<void>
}

export class SyncScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined
  private interval: ReturnType<typeof setInterval> | undefined
  private failures = 0
  private stopped = false
  private readonly cleanups: (() => void)[] = []

  constructor(
    private readonly db: LocalDB,
    private readonly transport: Transport,
    private readonly onOutcome: (outcome: Outcome) => void,
  ) {}

  start(): void {
    const now = () => void this.syncNow()
    const visible = () => {
      if (document.visibilityState === 'visible') now()
    }
    this.listen(window, 'online', now)
    this.listen(document, 'visibilitychange', visible)
    const sw = navigator.serviceWorker as ServiceWorkerContainer | undefined
    if (sw !== undefined) {
      this.listen(sw, 'message', (event) => {
        const data = (event as MessageEvent).data as { type?: unknown } | null
        if (data?.type === 'SYNC_NOW') now()
      })
    }
    this.interval = setInterval(visible, INTERVAL_MS)
    now()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
    clearInterval(this.interval)
    for (const cleanup of this.cleanups.splice(0)) cleanup()
  }

  /** After a local write: sync soon, and ask for Background Sync in case the tab closes. */
  afterWrite(): void {
    this.later(DEBOUNCE_MS)
    if (!navigator.onLine) void registerBackgroundSync()
  }

  /** `wait`: queue behind a run in another tab instead of answering "busy". */
  async syncNow(wait = false): Promise<Outcome | 'busy' | 'stopped'> {
    if (this.stopped) return 'stopped'
    clearTimeout(this.timer)
    this.timer = undefined
    const outcome = await withSyncLock(() => runSync(this.db, this.transport), wait)
    if (this.stopped) return 'stopped'
    if (outcome === 'busy') {
      this.later(BUSY_RETRY_MS)
      return outcome
    }
    if (outcome === 'error') {
      this.failures += 1
      const backoff = Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** (this.failures - 1))
      this.later(backoff * (0.75 + Math.random() / 2))
    } else {
      this.failures = 0
    }
    if (outcome === 'offline' || outcome === 'error') void registerBackgroundSync()
    this.onOutcome(outcome)
    return outcome
  }

  private later(delayMs: number): void {
    if (this.stopped) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.syncNow(), delayMs)
  }

  private listen(target: EventTarget, type: string, handler: (event: Event) => void): void {
    target.addEventListener(type, handler)
    this.cleanups.push(() => target.removeEventListener(type, handler))
  }
}

/** Background Sync (Chromium): the service worker gets a `sync` event once back online, even
 *  if every tab was closed. Elsewhere this does nothing and the triggers above suffice. */
async function registerBackgroundSync(): Promise<void> {
  try {
    const sw = navigator.serviceWorker as ServiceWorkerContainer | undefined
    if (sw === undefined || sw.controller === null) return
    const registration = (await sw.ready) as ServiceWorkerRegistration & { sync?: SyncManagerLike }
    await registration.sync?.register(SYNC_TAG)
  } catch {
    // Not allowed (e.g. permissions) or unsupported: the in-page triggers still run.
  }
}
