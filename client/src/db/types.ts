// The shapes stored in IndexedDB. Nothing here knows what a win is: a record is a collection
// name, an id and a bag of fields, so later collections (reminders, goals) reuse all of it.
// Each collection says which of its fields feed the generic indexes (src/collections/).

export type FieldValue = string | number | boolean | null | readonly string[] | readonly number[]
export type Fields = Readonly<Record<string, FieldValue>>

/** One record as the UI sees it: the server's copy with this device's unsent writes on top. */
export interface RecordRow {
  collection: string
  id: string
  /** What the UI shows: `base` + rejected writes + outbox writes, oldest first. */
  values: Fields
  /** The server's fields as last pulled, or null for a record the server has not sent yet. */
  base: Fields | null
  /** The server's `server_seq` and record stamp for `base` (0 and '' while base is null). */
  seq: number
  hlc: string
  /** Unsent writes exist for this record (drives the "saved on this device" hint). */
  pending: boolean
  /** Set while a write to this record was refused by the server: why, in words. */
  problem: string | null
  // Index keys copied out of `values`, for collections that have them (wins do).
  day?: string
  at?: number
}

/** The fields of a collection copied into the `day` and `at` index keys, if any (e.g. wins:
 *  day from local_day, at from happened_at). IndexedDB indexes top-level properties only. */
export interface IndexKeys {
  /** A field holding a "YYYY-MM-DD" day. */
  day?: string
  /** A field holding an ISO 8601 instant; indexed as epoch millis. */
  at?: string
}

/** What the generic store needs to know about a collection (src/collections/index.ts lists them). */
export interface CollectionSpec {
  name: string
  indexKeys: IndexKeys
}

export type IndexKeysByCollection = Readonly<Record<string, IndexKeys>>

/** A record that is not a tombstone. Queries leave tombstones out with this (never inline). */
export function isLive(row: RecordRow): boolean {
  return row.values['deleted'] !== true
}

/** A write waiting for the server. `id` is the per-client mutation counter (auto-increment,
 *  never reused by IndexedDB, so it is strictly increasing as the protocol asks). */
export interface OutboxEntry {
  id?: number
  collection: string
  record_id: string
  fields: Fields
  hlc: string
  /** Already re-stamped once after a "clock_ahead" refusal: a second refusal sticks. */
  restamped?: boolean
}

/** A write the server refused for good. Kept so the person can see it and decide. */
export interface RejectedEntry {
  id: number
  collection: string
  record_id: string
  fields: Fields
  hlc: string
  error: string
  message: string
  field_errors?: Readonly<Record<string, unknown>>
}

export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'needs-sign-in' | 'update-required' | 'error'

export interface SyncState {
  phase: SyncPhase
  /** Date.now() of the last sync that reached the server, or null if none yet. */
  lastSyncAt: number | null
  /** Date.now() when `phase` was written (a "syncing" left by a closed tab goes stale). */
  since: number
}

export interface Meta {
  clientId: string
  cursor: number
  /** Outbox entries with id <= this are acknowledged but kept until the pull completes. */
  acked: number
  /** The last stamp this device issued or saw, packed. */
  hlc: string
  /** The newest stamp seen from the server: the clock never rewinds below it. */
  remoteHlc: string
  /** Server time minus device time, from the last answer (0 when the clock looks right). */
  offsetMs: number
  sync: SyncState
  persistAsked: boolean
  /** Journal ids of the latest applied writes (see sync/journal.ts); absent in older rows. */
  journaled?: string[]
}
