// Helpers for unit tests (fake-indexeddb in Node): a fresh database and a fake server answer.
import 'fake-indexeddb/auto'
import { INDEX_KEYS } from '../collections'
import { LocalDB } from '../db/database'
import type { SyncResponse } from './protocol'

let counter = 0

export function freshDB(): LocalDB {
  counter += 1
  return new LocalDB(`test-${counter}-${Math.random().toString(36).slice(2)}`, INDEX_KEYS)
}

export function answer(partial: Partial<SyncResponse> = {}): SyncResponse {
  return { acked: 0, rejected: [], changes: [], cursor: 0, has_more: false, server_time_ms: Date.now(), ...partial }
}

export const T = { sentAt: Date.now(), receivedAt: Date.now() }

export const RECORD = '0b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6b'
export const OTHER = '1b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6c'

export function win(text: string) {
  return { text, happened_at: '2026-11-23T10:00:00.000Z', local_day: '2026-11-23', tags: [], energy: null, note: null, starred: false, goal_id: null, deleted: false }
}
