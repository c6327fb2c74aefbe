// Preferences that follow the person to every device: one record per person, synced as
// "preferences". Its id is uuid5(PREFERENCES_NAMESPACE, "<user id>"), computed here exactly as
// the server's server/preferences/schemas.py does, so a device can change a preference offline
// before it ever pulled the record. Time zone and "my day starts at" are not here: the server
// applies them at once (reminders), so they change through PATCH /api/v1/auth/me.

import type { LocalDB } from '../db/database'
import { isLive, type CollectionSpec, type Fields } from '../db/types'
import { uuid5 } from '../lib/uuid5'
import contract from './contract.json'

export const PREFERENCES = 'preferences'
/** Fixed forever: changing it would give every person a second preferences record. */
export const PREFERENCES_NAMESPACE = contract.preferences.namespace

export const COLLECTION: CollectionSpec = { name: PREFERENCES, indexKeys: {} }

export type Resurfacing = 'all' | 'starred' | 'off'
export const RESURFACING = contract.preferences.resurfacing as readonly Resurfacing[]
export const DEFAULT_RESURFACING = contract.preferences.default_resurfacing as Resurfacing

export interface Preferences {
  resurfacing: Resurfacing
  /** Written on this device and not yet acknowledged by the server. */
  pending: boolean
}

export function preferencesId(userId: string): Promise<string> {
  return uuid5(PREFERENCES_NAMESPACE, userId)
}

function isResurfacing(value: unknown): value is Resurfacing {
  return typeof value === 'string' && (RESURFACING as readonly string[]).includes(value)
}

/** The person's preferences on this device (defaults until a record exists). */
export function preferencesOf(id: string) {
  return async (db: LocalDB): Promise<Preferences> => {
    const row = await db.records.get([PREFERENCES, id])
    const live = row !== undefined && isLive(row)
    const value = live ? row.values['resurfacing'] : undefined
    return {
      resurfacing: isResurfacing(value) ? value : DEFAULT_RESURFACING,
      pending: row?.pending ?? false,
    }
  }
}

/** Every field, every time: there is one user field, and a creating write must be whole. */
export function resurfacingFields(resurfacing: Resurfacing): Fields {
  return { resurfacing, deleted: false }
}
