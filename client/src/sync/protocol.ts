// The wire shapes of POST /api/v1/sync (docs/sync.md is the reference).

import type { Fields } from '../db/types'

export const SCHEMA_VERSION = 1
export const PUSH_BATCH = 100
export const PULL_LIMIT = 500

export interface Mutation {
  id: number
  collection: string
  record_id: string
  fields: Fields
  hlc: string
}

export interface SyncRequest {
  client_id: string
  schema_version: number
  cursor: number
  /** The highest `acked` applied here: the server forgets rejections up to it (heard). */
  acked: number
  mutations: Mutation[]
  limit: number
}

export interface Rejection {
  id: number
  collection: string
  record_id: string
  error: string
  message: string
  fields?: Readonly<Record<string, unknown>>
}

export interface Change {
  collection: string
  record_id: string
  server_seq: number
  hlc: string
  fields: Fields
}

export interface SyncResponse {
  acked: number
  rejected: Rejection[]
  changes: Change[]
  cursor: number
  has_more: boolean
  reset?: boolean
  server_time_ms: number
}

/** Sends one request; throws ApiError / OfflineError like api.ts. Injected for tests. */
export type Transport = (request: SyncRequest) => Promise<SyncResponse>
