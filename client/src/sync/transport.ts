import { api } from '../api'
import type { SyncRequest, SyncResponse, Transport } from './protocol'

/** The real transport: api.ts adds the CSRF token and turns failures into ApiError/OfflineError. */
export const httpTransport: Transport = (request: SyncRequest) =>
  api.post<SyncResponse>('/api/v1/sync', request)
