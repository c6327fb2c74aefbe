// Apply one sync answer to the device, in ONE transaction, so a crash or a closed tab leaves
// either the state before the answer or the state after it, never a mix:
//
//  1. Acknowledged writes (id <= acked) are done. They stay layered on top until the pull has
//     no more pages, so a win never flickers back to an older value between pages; then they go.
//  2. Refused writes move to `rejected` and stay on screen, marked. A "clock_ahead" refusal is
//     re-stamped once with the corrected clock and queued again.
//  3. `reset`: the server lost our cursor (a restored backup). Forget every server copy; the
//     pull restarts at 0 and the outbox is kept.
//  4. Changed records become the new server copy (`base`); their stamps advance our clock.
//  5. Every touched record is recomposed: base + refused + unsent writes.
//  6. Cursor, clock and offset are saved with it all.

import type { LocalDB } from '../db/database'
import { compose } from '../db/compose'
import { loadMeta, saveMeta } from '../db/meta'
import type { OutboxEntry, RecordRow, RejectedEntry } from '../db/types'
import { measureOffset, nodeFor, pack, parse, receive, rewind, send, type Stamp } from './hlc'
import type { SyncResponse } from './protocol'

export interface Timing {
  sentAt: number
  receivedAt: number
}

export interface Applied {
  /** Unsent writes still waiting (excludes acknowledged ones kept for display). */
  waiting: number
  restamped: number
}

type Key = string
const keyOf = (collection: string, id: string): Key => `${collection}\u0000${id}`

export async function applyResponse(db: LocalDB, response: SyncResponse, timing: Timing): Promise<Applied> {
  return db.transaction('rw', [db.records, db.outbox, db.rejected, db.meta], async () => {
    const meta = await loadMeta(db)
    const offsetMs = measureOffset(timing.sentAt, timing.receivedAt, response.server_time_ms)
    const now = timing.receivedAt + offsetMs
    const node = nodeFor(meta.clientId)
    let clock: Stamp = parse(meta.hlc) ?? { millis: 0, counter: 0, node }
    let remote = parse(meta.remoteHlc)
    const acked = Math.max(meta.acked, response.acked)
    const touched = new Map<Key, [string, string]>()
    const touch = (collection: string, id: string) => touched.set(keyOf(collection, id), [collection, id])

    // 2. Refusals. Repeated ones (the server repeats until it knows we heard) find no entry.
    const retry: OutboxEntry[] = []
    for (const refusal of response.rejected) {
      const entry = await db.outbox.get(refusal.id)
      if (entry === undefined) continue
      await db.outbox.delete(refusal.id)
      touch(entry.collection, entry.record_id)
      if (refusal.error === 'clock_ahead' && entry.restamped !== true) {
        retry.push(entry)
        continue
      }
      const kept: RejectedEntry = {
        id: refusal.id,
        collection: entry.collection,
        record_id: entry.record_id,
        fields: entry.fields,
        hlc: entry.hlc,
        error: refusal.error,
        message: refusal.message,
        ...(refusal.fields !== undefined ? { field_errors: refusal.fields } : {}),
      }
      await db.rejected.put(kept)
    }

    // 3. Reset: every server copy is suspect; what the server still has comes back in the pull.
    if (response.reset === true) {
      await db.records.toCollection().modify((row: RecordRow) => {
        row.base = null
        row.seq = 0
        row.hlc = ''
        touch(row.collection, row.id)
      })
    }

    // 4. The server's rows become the base.
    const bases = new Map<Key, Pick<RecordRow, 'base' | 'seq' | 'hlc'>>()
    for (const change of response.changes) {
      bases.set(keyOf(change.collection, change.record_id), {
        base: change.fields,
        seq: change.server_seq,
        hlc: change.hlc,
      })
      touch(change.collection, change.record_id)
      const stamp = parse(change.hlc)
      if (stamp !== null) {
        clock = receive(clock, stamp, now)
        if (remote === null || pack(stamp) > pack(remote)) remote = stamp
      }
    }

    // 1. Acknowledged writes leave once the pull is complete (see the module comment).
    if (!response.has_more) {
      const done = await db.outbox.where('id').belowOrEqual(acked).toArray()
      for (const entry of done) touch(entry.collection, entry.record_id)
      await db.outbox.where('id').belowOrEqual(acked).delete()
    }

    // 2b. Re-stamp clock-ahead refusals with the corrected clock, in their original order.
    if (retry.length > 0) {
      clock = rewind(node, now, remote)
      for (const entry of retry) {
        clock = send(clock, now)
        const { id: _old, ...rest } = entry
        await db.outbox.add({ ...rest, hlc: pack(clock), restamped: true })
      }
    }

    await recompose(db, touched, bases)
    const waiting = await db.outbox.where('id').above(acked).count()
    await saveMeta(db, {
      ...meta,
      cursor: response.cursor,
      acked,
      hlc: pack(clock),
      remoteHlc: remote === null ? '' : pack(remote),
      offsetMs,
      sync: { ...meta.sync, lastSyncAt: Date.now() },
    })
    return { waiting, restamped: retry.length }
  })
}

/** 5. Recompose touched records from their layers (loaded in bulk: pages hold 500 rows). */
async function recompose(
  db: LocalDB,
  touched: Map<Key, [string, string]>,
  bases: Map<Key, Pick<RecordRow, 'base' | 'seq' | 'hlc'>>,
): Promise<void> {
  if (touched.size === 0) return
  const keys = [...touched.values()]
  const rows = await db.records.bulkGet(keys)
  const outbox = group(await db.outbox.toArray())
  const rejected = group(await db.rejected.toArray())
  const puts: RecordRow[] = []
  const deletes: [string, string][] = []
  keys.forEach(([collection, id], index) => {
    const key = keyOf(collection, id)
    const row = rows[index]
    const server = bases.get(key)
    const keepOld = server === undefined || (row !== undefined && row.base !== null && row.seq > server.seq)
    const layers = keepOld
      ? { base: row?.base ?? null, seq: row?.seq ?? 0, hlc: row?.hlc ?? '' }
      : server
    const next = compose({
      collection,
      id,
      ...layers,
      rejected: rejected.get(key) ?? [],
      outbox: outbox.get(key) ?? [],
    }, db.indexKeys[collection])
    if (next === null) deletes.push([collection, id])
    else puts.push(next)
  })
  if (puts.length > 0) await db.records.bulkPut(puts)
  if (deletes.length > 0) await db.records.bulkDelete(deletes)
}

function group<T extends { collection: string; record_id: string }>(entries: T[]): Map<Key, T[]> {
  const map = new Map<Key, T[]>()
  for (const entry of entries) {
    const key = keyOf(entry.collection, entry.record_id)
    const list = map.get(key)
    if (list === undefined) map.set(key, [entry])
    else list.push(entry)
  }
  return map
}
