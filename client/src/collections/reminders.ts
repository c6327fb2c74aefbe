// The four reminders as the client sees them: labels, defaults and record ids.
//
// Reminders are a synced collection ("reminders"), so editing one is a local write that syncs
// like a win and follows the person to their other devices. Each has one deterministic id,
// uuid5(REMINDER_NAMESPACE, "<user id>:<kind>"), computed here exactly as the server does in
// server/reminders/kinds.py, so a device can edit a reminder offline before it ever pulled it.
// The namespace, the kinds and their defaults come from contract.json, checked against that
// file by tests/api/test_collections_contract.py; the server's rows win as soon as they arrive.

import type { CollectionSpec, Fields, RecordRow } from '../db/types'
import { uuid5 } from '../lib/uuid5'
import contract from './contract.json'

export const REMINDERS = 'reminders'
export const REMINDER_NAMESPACE = contract.reminders.namespace

export const COLLECTION: CollectionSpec = { name: REMINDERS, indexKeys: {} }

export type ReminderKind = keyof typeof contract.reminders.kinds

/** A reminder as GET /api/v1/reminders describes it (next_fire_at is the server's). */
export interface ServerReminder {
  id: string
  kind: string
  enabled: boolean
  local_time: string
  weekdays: number[]
  next_fire_at: string | null
}

/** GET /api/v1/reminders and the pause endpoints answer with this. */
export interface Overview {
  paused_until: string | null
  reminders: ServerReminder[]
}

export interface ReminderSettings {
  kind: ReminderKind
  enabled: boolean
  /** "HH:MM", 24-hour, on the person's own wall clock. */
  localTime: string
  /** 0 = Monday … 6 = Sunday, sorted. */
  weekdays: number[]
}

interface KindInfo {
  label: string
  description: string
  defaults: ReminderSettings
}

/** In the server's order (the contract test checks it). */
export const KINDS = Object.keys(contract.reminders.kinds) as readonly ReminderKind[]

const COPY: Readonly<Record<ReminderKind, Pick<KindInfo, 'label' | 'description'>>> = {
  evening_recap: { label: 'Evening recap', description: 'A gentle look back at what went well today.' },
  morning_intention: { label: 'Morning intention', description: 'One small win you’d like to look back on later.' },
  mindful_pause: {
    label: 'Mindful pause',
    description: 'A breath in the afternoon, and a moment to notice something good.',
  },
  weekly_review: { label: 'Weekly review', description: 'Your week in small wins, once a week.' },
}

function defaultsOf(kind: ReminderKind): ReminderSettings {
  const d = contract.reminders.kinds[kind]
  return { kind, enabled: d.enabled, localTime: d.local_time, weekdays: d.weekdays }
}

export const KIND_INFO: Readonly<Record<ReminderKind, KindInfo>> = Object.fromEntries(
  KINDS.map((kind) => [kind, { ...COPY[kind], defaults: defaultsOf(kind) }]),
) as Record<ReminderKind, KindInfo>

export const WEEKDAY_NAMES: readonly string[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

export function reminderId(userId: string, kind: ReminderKind): Promise<string> {
  return uuid5(REMINDER_NAMESPACE, `${userId}:${kind}`)
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

export function isLocalTime(text: string): boolean {
  return TIME.test(text)
}

/** What a reminder looks like now: the stored record over the defaults (a field the record
 *  lacks or holds in an odd shape falls back to the default). */
export function settingsFrom(kind: ReminderKind, row: RecordRow | undefined): ReminderSettings {
  const d = KIND_INFO[kind].defaults
  const v = row?.values ?? {}
  const time = v['local_time']
  const days = v['weekdays']
  return {
    kind,
    enabled: typeof v['enabled'] === 'boolean' ? v['enabled'] : d.enabled,
    localTime: typeof time === 'string' && isLocalTime(time) ? time : d.localTime,
    weekdays: Array.isArray(days) ? days.filter((n): n is number => typeof n === 'number').sort((a, b) => a - b) : d.weekdays,
  }
}

export type ReminderChange = Partial<Pick<ReminderSettings, 'enabled' | 'localTime' | 'weekdays'>>

/**
 * The fields to write for `change`. A record the server has already sent gets only what
 * changed (per-field last-writer-wins keeps another device's edit to another field). One this
 * device has never received gets every field, because a creating write must be complete.
 */
export function fieldsFor(current: ReminderSettings, change: ReminderChange, known: boolean): Fields {
  const next = { ...current, ...change }
  const all: Record<string, Fields[string]> = {
    kind: next.kind,
    enabled: next.enabled,
    local_time: next.localTime,
    weekdays: [...new Set(next.weekdays)].sort((a, b) => a - b),
    deleted: false,
  }
  if (!known) return all
  const partial: Record<string, Fields[string]> = {}
  if (change.enabled !== undefined) partial['enabled'] = all['enabled'] ?? null
  if (change.localTime !== undefined) partial['local_time'] = all['local_time'] ?? null
  if (change.weekdays !== undefined) partial['weekdays'] = all['weekdays'] ?? null
  return partial
}

/** Toggle `day` in a sorted weekday list. */
export function toggleDay(days: readonly number[], day: number): number[] {
  return (days.includes(day) ? days.filter((d) => d !== day) : [...days, day]).sort((a, b) => a - b)
}
