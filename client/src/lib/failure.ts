// Turn what a form submission threw into words for the person: a general message for the
// role="alert" region and per-field messages from the server's {"fields": {...}}.

import { ApiError, type FieldErrors, OfflineError } from '../api'

export interface Failure {
  message: string
  fields: FieldErrors
}

export const OFFLINE_MESSAGE = "You seem to be offline. Please try again once you're connected."
const FALLBACK_MESSAGE = 'Something went wrong on our side. Please try again in a moment.'
const CHECK_FIELDS_MESSAGE = 'Please check the highlighted fields.'

/** `byCode` gives kinder words for known error codes, e.g. {too_many_attempts: '…'}. */
export function describeFailure(error: unknown, byCode: Readonly<Record<string, string>> = {}): Failure {
  if (error instanceof OfflineError) return { message: OFFLINE_MESSAGE, fields: {} }
  if (!(error instanceof ApiError)) return { message: FALLBACK_MESSAGE, fields: {} }
  const known = byCode[error.code]
  if (known !== undefined) return { message: known, fields: error.fields }
  if (Object.keys(error.fields).length > 0) return { message: CHECK_FIELDS_MESSAGE, fields: error.fields }
  if (error.status >= 500) return { message: FALLBACK_MESSAGE, fields: {} }
  return { message: error.message, fields: {} }
}

/** A failure found before asking the server (an empty field, a short password). */
export function localFailure(fields: Record<string, string[]>): Failure | null {
  return Object.keys(fields).length > 0 ? { message: CHECK_FIELDS_MESSAGE, fields } : null
}
