// The quiet status line's words, from what every tab can see: the phase the last sync run
// left in meta, how many records still wait, and whether the browser thinks it is online.

import type { SyncState } from '../db/types'

export type StatusKind = 'syncing' | 'synced' | 'saved' | 'offline' | 'needs-sign-in' | 'update-required'

export interface SyncStatus {
  kind: StatusKind
  /** Records with writes the server has not acknowledged. */
  waiting: number
  text: string
}

/** A "syncing" older than this was left by a tab that closed mid-run. */
const STALE_SYNCING_MS = 60_000

export interface Waiting {
  records: number
  /** Every waiting record is a win (so the words can say "wins"). */
  onlyWins: boolean
}

export function describeStatus(sync: SyncState | null, waiting: Waiting, online: boolean, now: number): SyncStatus {
  const n = waiting.records
  const things = waiting.onlyWins ? (n === 1 ? 'win' : 'wins') : n === 1 ? 'change' : 'changes'
  const status = (kind: StatusKind, text: string): SyncStatus => ({ kind, waiting: n, text })
  const phase = sync?.phase ?? 'idle'
  if (phase === 'needs-sign-in') return status('needs-sign-in', 'Please sign in again to sync. Your wins are safe on this device.')
  if (phase === 'update-required') return status('update-required', 'Please reload to get the newest Small Wins, then we can sync.')
  if (!online || phase === 'offline') {
    return n > 0
      ? status('offline', `Offline — ${n} ${things} waiting to sync. They're safe on this device.`)
      : status('offline', 'Offline — everything is saved on this device.')
  }
  if (phase === 'syncing' && now - (sync?.since ?? 0) < STALE_SYNCING_MS) return status('syncing', 'Syncing…')
  if (n > 0) return status('saved', 'Saved on this device.')
  if (sync?.lastSyncAt == null) return status('saved', 'Saved on this device.')
  return status('synced', 'All synced.')
}
