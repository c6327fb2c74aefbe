// When a tab syncs: on start, ~1 s after a write (debounced, so a burst of edits is one
// request), when the network comes back, when the tab becomes visible, every minute while it
// is visible, and when the service worker relays a Background Sync event. Failures back off
// (backoff.ts: 2 s, 4 s, … up to 5 min, and never sooner than a 503's Retry-After, with jitter
// on top); until then none of those triggers sends a request, so an overloaded server is
// never hammered. Only an explicit syncNow() (a person pressed a button) goes at once.
// "busy" (another tab holds the lock) retries shortly after.

import type { LocalDB } from '../db/database'
import { retryDelayMs } from './backoff'
import { syncRun, type Outcome } from './engine'
import { withSyncLock } from './lock'
import type { Transport } from './protocol'
import { SYNC_TAG } from './tags'

const DEBOUNCE_MS = 1_000
const INTERVAL_MS = 60_000
const BUSY_RETRY_MS = 2_000

interface SyncManagerLike {
  register(tag: string): Promise<void>
}

export class SyncScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined
  private interval: ReturnType<typeof setInterval> | undefined
  private failures = 0
  /** Date.now() before which no trigger syncs: backing off after a failure. */
  private notBefore = 0
  private stopped = false
  private readonly cleanups: (() => void)[] = []

  constructor(
    private readonly db: LocalDB,
    private readonly transport: Transport,
    private readonly onOutcome: (outcome: Outcome) => void,
  ) {}

  start(): void {
    const now = () => this.later(0)
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
    const run = await withSyncLock(() => syncRun(this.db, this.transport), wait)
    if (this.stopped) return 'stopped'
    if (run === 'busy') {
      this.later(BUSY_RETRY_MS)
      return run
    }
    const { outcome } = run
    if (outcome === 'error') {
      this.failures += 1
      const delay = retryDelayMs(this.failures, run.retryAfterS)
      this.notBefore = Date.now() + delay
      this.later(delay)
    } else {
      this.failures = 0
      this.notBefore = 0
    }
    if (outcome === 'offline' || outcome === 'error') void registerBackgroundSync()
    this.onOutcome(outcome)
    return outcome
  }

  /** Sync after `delayMs`, or once the backoff is over if that is later. */
  private later(delayMs: number): void {
    if (this.stopped) return
    clearTimeout(this.timer)
    const wait = Math.max(delayMs, this.notBefore - Date.now())
    this.timer = setTimeout(() => void this.syncNow(), wait)
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
