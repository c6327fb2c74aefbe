// The device's sync bookkeeping, one row: client id, cursor, clock state, last status.
// Read and written inside the same transactions as the data it describes.

import type { LocalDB } from './database'
import type { Meta } from './types'

export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  // randomUUID needs a secure context; getRandomValues does not (e.g. a LAN address in dev).
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function freshMeta(): Meta {
  const clientId = uuid()
  return {
    clientId,
    cursor: 0,
    acked: 0,
    hlc: '',
    remoteHlc: '',
    offsetMs: 0,
    sync: { phase: 'idle', lastSyncAt: null, since: Date.now() },
    persistAsked: false,
  }
}

/** The meta row, created on first use. Call inside a 'rw' transaction that includes meta. */
export async function loadMeta(db: LocalDB): Promise<Meta> {
  const row = await db.meta.get('meta')
  if (row !== undefined) return row.value
  const meta = freshMeta()
  await db.meta.put({ key: 'meta', value: meta })
  return meta
}

export async function saveMeta(db: LocalDB, meta: Meta): Promise<void> {
  await db.meta.put({ key: 'meta', value: meta })
}

/** Read-only view for the UI (no row yet reads as a fresh, idle device). */
export async function peekMeta(db: LocalDB): Promise<Meta | null> {
  return (await db.meta.get('meta'))?.value ?? null
}
