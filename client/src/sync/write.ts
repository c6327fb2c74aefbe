// A local write: the record and its outbox entry land in ONE transaction, so there is never a
// change on screen that the sync engine does not know about, nor an outbox entry for a change
// that was lost. The stamp is issued in the same transaction, so two tabs writing at once
// still get strictly increasing stamps.
//
// `jid` is the journal id of the write (journal.ts): recorded in meta in the same transaction,
// so a journaled write replayed after a page close is applied exactly once.

import { nodeFor, pack, parse, send } from './hlc'
import type { LocalDB } from '../db/database'
import { withIndexKeys } from '../db/compose'
import { loadMeta, saveMeta } from '../db/meta'
import type { Fields, RecordRow } from '../db/types'

/** How many applied journal ids meta remembers: an entry outlives its commit by microseconds. */
export const JOURNALED_KEPT = 100

export async function writeMutation(
  db: LocalDB,
  collection: string,
  recordId: string,
  fields: Fields,
  nowMs: number = Date.now(),
  jid?: string,
): Promise<void> {
  await db.transaction('rw', [db.records, db.outbox, db.rejected, db.meta], async () => {
    const meta = await loadMeta(db)
    const journaled = meta.journaled ?? []
    if (jid !== undefined && journaled.includes(jid)) return // already applied (a replay)
    const last = parse(meta.hlc) ?? { millis: 0, counter: 0, node: nodeFor(meta.clientId) }
    const hlc = pack(send(last, nowMs + meta.offsetMs))
    const applied = jid === undefined ? journaled : [...journaled, jid].slice(-JOURNALED_KEPT)
    await saveMeta(db, { ...meta, hlc, journaled: applied })

    const existing = await db.records.get([collection, recordId])
    let outgoing = fields
    if (existing !== undefined && existing.problem !== null) {
      // A refused write is still on screen. Writing again means "try with this": send the whole
      // record as shown, so a refused create becomes a complete create again.
      outgoing = { ...existing.values, ...fields }
      await db.rejected.where('[collection+record_id]').equals([collection, recordId]).delete()
    }
    await db.outbox.add({ collection, record_id: recordId, fields: outgoing, hlc })

    // Same result as compose() over every layer: the newest write goes on top.
    const row: RecordRow =
      existing === undefined
        ? { collection, id: recordId, values: outgoing, base: null, seq: 0, hlc: '', pending: true, problem: null }
        : { ...existing, values: { ...existing.values, ...outgoing }, pending: true, problem: null }
    await db.records.put(withIndexKeys(row, db.indexKeys[collection]))
  })
}
