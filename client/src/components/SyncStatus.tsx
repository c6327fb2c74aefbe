// The quiet line under the box: saved on this device / all synced / offline with N waiting /
// please sign in again / syncing. data-* attributes let browser tests read it exactly.

import { useSyncStatus } from '../sync/store'

export function SyncStatusLine() {
  const status = useSyncStatus()
  return (
    <p id="sync-status" class={`sync-status sync-status--${status.kind}`} role="status" data-kind={status.kind} data-waiting={status.waiting}>
      {status.text}
    </p>
  )
}
