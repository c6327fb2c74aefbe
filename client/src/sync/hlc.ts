// Hybrid logical clock stamps, the same packed format as the server (server/core/clock.py):
// "<millis, 15 digits>-<counter, 5 digits>-<node>", whose text order is the stamp order.
//
// Why: the server keeps, per field, the write with the newest stamp. Device clocks stall, jump
// back and drift, so "newest" cannot be the wall clock alone; a pure counter would ignore real
// time. A stamp is the largest time this device has seen (its own clock or a stamp received),
// plus a counter for events within one millisecond, plus the device id to break ties.
//
// The device clock is corrected by the offset to the server's clock (server_time_ms in every
// sync answer), so a phone set a day ahead stops producing stamps the server refuses.

export interface Stamp {
  millis: number
  counter: number
  node: string
}

const MAX_MILLIS = 10 ** 15 - 1
const MAX_COUNTER = 99_999
const PACKED = /^([0-9]{15})-([0-9]{5})-([0-9a-z]{1,32})$/
/** Below this, an offset is network jitter, not a wrong clock: keep the device's own time. */
const OFFSET_THRESHOLD_MS = 2_000

export function pack(stamp: Stamp): string {
  return `${String(stamp.millis).padStart(15, '0')}-${String(stamp.counter).padStart(5, '0')}-${stamp.node}`
}

export function parse(text: string): Stamp | null {
  const match = PACKED.exec(text)
  if (match === null) return null
  return { millis: Number(match[1]), counter: Number(match[2]), node: match[3] ?? '' }
}

/** A node id from a client id: lower-case uuid without dashes is 32 chars of [0-9a-f]. */
export function nodeFor(clientId: string): string {
  return clientId.replace(/-/g, '').toLowerCase().slice(0, 32)
}

function next(millis: number, counter: number, node: string): Stamp {
  // 100,000 events in one millisecond: borrow the next millisecond rather than fail a write.
  if (counter > MAX_COUNTER) return { millis: millis + 1, counter: 0, node }
  return { millis: Math.min(millis, MAX_MILLIS), counter, node }
}

/** Stamp a local write: strictly after `last`, even when the clock stalled or went back. */
export function send(last: Stamp, nowMs: number): Stamp {
  const millis = Math.max(Math.floor(nowMs), last.millis)
  return next(millis, millis === last.millis ? last.counter + 1 : 0, last.node)
}

/** Merge a stamp from elsewhere: the result sorts after both, keeping this device's node. */
export function receive(last: Stamp, remote: Stamp, nowMs: number): Stamp {
  const now = Math.floor(nowMs)
  const millis = Math.max(now, last.millis, remote.millis)
  let counter = 0
  if (millis === last.millis && millis === remote.millis) counter = Math.max(last.counter, remote.counter) + 1
  else if (millis === last.millis) counter = last.counter + 1
  else if (millis === remote.millis) counter = remote.counter + 1
  return next(millis, counter, last.node)
}

/**
 * After the server refused stamps as "clock_ahead": go back to the corrected time, but never
 * below a stamp the server has accepted (`floor`), so our own later writes still win over
 * our earlier ones.
 */
export function rewind(node: string, correctedNowMs: number, floor: Stamp | null): Stamp {
  const start: Stamp = { millis: Math.floor(correctedNowMs), counter: 0, node }
  return floor === null || compare(floor, start) < 0 ? start : { ...floor, node }
}

export function compare(a: Stamp, b: Stamp): number {
  const x = pack(a)
  const y = pack(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Server time minus device time, measured around one request; 0 when within jitter. */
export function measureOffset(sentAtMs: number, receivedAtMs: number, serverTimeMs: number): number {
  const offset = Math.round(serverTimeMs - (sentAtMs + receivedAtMs) / 2)
  return Math.abs(offset) < OFFSET_THRESHOLD_MS ? 0 : offset
}
