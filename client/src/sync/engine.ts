// One sync run: push the outbox in batches and pull pages until the server has nothing more,
// each round trip applied in one transaction (apply.ts). Safe to run anywhere IndexedDB and
// fetch exist: a tab, or the service worker's Background Sync handler (no DOM here).
//
// Every failure leaves the outbox as it was: a write is only dropped once the server has
// acknowledged it. What went wrong is kept in meta.sync.phase, which every tab watches.

import { ApiError, OfflineError } from '../api'
import type { LocalDB } from '../db/database'
import { loadMeta, saveMeta, uuid } from '../db/meta'
import type { SyncPhase } from '../db/types'
import { applyResponse } from './apply'
import { PULL_LIMIT, PUSH_BATCH, SCHEMA_VERSION, type SyncRequest, type Transport } from './protocol'

export type Outcome = 'synced' | 'offline' | 'needs-sign-in' | 'update-required' | 'error'

/** A run's outcome, and how long the server asked us to stay away (503/429 Retry-After). */
export interface SyncRun {
  readonly outcome: Outcome
  readonly retryAfterS: number | null
}

/** Enough rounds for 10,000 waiting writes and 25,000 changed records in one run. */
const MAX_ROUNDS = 150

export async function runSync(db: LocalDB, transport: Transport): Promise<Outcome> {
  return (await syncRun(db, transport)).outcome
}

export async function syncRun(db: LocalDB, transport: Transport): Promise<SyncRun> {
  await setPhase(db, 'syncing')
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const meta = await db.transaction('rw', db.meta, () => loadMeta(db))
      const batch = await db.outbox.where('id').above(meta.acked).limit(PUSH_BATCH).toArray()
      const request: SyncRequest = {
        client_id: meta.clientId,
        schema_version: SCHEMA_VERSION,
        cursor: meta.cursor,
        acked: meta.acked,
        mutations: batch.map((entry) => ({
          id: entry.id ?? 0,
          collection: entry.collection,
          record_id: entry.record_id,
          fields: entry.fields,
          hlc: entry.hlc,
        })),
        limit: PULL_LIMIT,
      }
      const sentAt = Date.now()
      const response = await transport(request)
      const applied = await applyResponse(db, response, { sentAt, receivedAt: Date.now() })
      if (!response.has_more && applied.waiting === 0) break
    }
    await setPhase(db, 'idle')
    return { outcome: 'synced', retryAfterS: null }
  } catch (error) {
    const outcome = classify(error)
    if (error instanceof ApiError && error.status === 404) await newClientId(db)
    await setPhase(db, outcome === 'synced' ? 'idle' : outcome)
    if (outcome === 'error') console.warn('Sync failed; will retry.', error)
    return { outcome, retryAfterS: serverAskedToWait(error) }
  }
}

/** Retry-After of a "busy, come back later" answer (the server sheds load with 503). */
function serverAskedToWait(error: unknown): number | null {
  if (!(error instanceof ApiError) || (error.status !== 503 && error.status !== 429)) return null
  return error.retryAfter
}

function classify(error: unknown): Outcome {
  if (error instanceof OfflineError) return 'offline'
  if (error instanceof ApiError) {
    if (error.status === 401) return 'needs-sign-in'
    if (error.status === 426) return 'update-required'
  }
  return 'error' // 5xx, 409, a bug: retried with backoff
}

async function setPhase(db: LocalDB, phase: SyncPhase): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const meta = await loadMeta(db)
    await saveMeta(db, { ...meta, sync: { ...meta.sync, phase, since: Date.now() } })
  })
}

/** The server says this device id belongs to another account (a copied profile): take a new
 *  one. The outbox keeps its ids; the server starts the new client at 0, so all are new. */
async function newClientId(db: LocalDB): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const meta = await loadMeta(db)
    await saveMeta(db, { ...meta, clientId: uuid() })
  })
}
