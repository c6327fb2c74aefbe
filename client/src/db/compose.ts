// What a record looks like on this device: the server's copy (`base`) with the writes the
// server has not taken yet laid on top, oldest first. Refused writes stay on top too, marked,
// so nothing a person typed vanishes without a word; dismissing them drops them.
//
// The server merges per field by newest stamp; here the unsent writes simply win, because they
// are this device's newest intent. Once acknowledged they are dropped and the server's copy
// (which includes the outcome of the merge) shows again.

import type { Fields, IndexKeys, OutboxEntry, RecordRow, RejectedEntry } from './types'

export interface Layers {
  collection: string
  id: string
  base: Fields | null
  seq: number
  hlc: string
  rejected: readonly RejectedEntry[]
  outbox: readonly OutboxEntry[]
}

/** The row to store, or null when nothing is left (no server copy, no writes). */
export function compose(layers: Layers, keys: IndexKeys | undefined): RecordRow | null {
  const { collection, id, base, seq, hlc, rejected, outbox } = layers
  if (base === null && rejected.length === 0 && outbox.length === 0) return null
  const values: Record<string, Fields[string]> = { ...(base ?? {}) }
  for (const entry of [...rejected].sort(byId)) Object.assign(values, entry.fields)
  for (const entry of [...outbox].sort(byId)) Object.assign(values, entry.fields)
  const last = rejected.at(-1)
  const row: RecordRow = {
    collection,
    id,
    values,
    base,
    seq,
    hlc,
    pending: outbox.length > 0,
    problem: last === undefined ? null : last.message,
  }
  return withIndexKeys(row, keys)
}

/** Copy the collection's indexed fields out of `values` (IndexedDB indexes top-level
 *  properties only). `keys` come from the collection's module; none means no index keys. */
export function withIndexKeys(row: RecordRow, keys: IndexKeys = {}): RecordRow {
  const { day: _day, at: _at, ...rest } = row
  const day = keys.day === undefined ? undefined : row.values[keys.day]
  const instant = keys.at === undefined ? undefined : row.values[keys.at]
  // Instants are indexed as epoch millis: the device writes "…000Z", the server "…+00:00",
  // and text order across the two spellings would be wrong.
  const at = typeof instant === 'string' ? Date.parse(instant) : NaN
  return {
    ...rest,
    ...(typeof day === 'string' ? { day } : {}),
    ...(Number.isFinite(at) ? { at } : {}),
  }
}

function byId(a: { id?: number }, b: { id?: number }): number {
  return (a.id ?? 0) - (b.id ?? 0)
}
