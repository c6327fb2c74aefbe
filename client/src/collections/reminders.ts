// The four reminders as the client sees them: labels, defaults and record ids.
//
// Reminders are a synced collection ("reminders"), so editing one is a local write that syncs
// like a win and follows the person to their other devices. Each has one deterministic id,
// uuid5(REMINDER_NAMESPACE, "<user id>:<kind>"), computed here exactly as the server does in
// server/reminders/kinds.py, so a device can edit a reminder offline before it ever pulled it.
// The defaults mirror the same file; the server's rows win as soon as they arrive.

import type { Fields, RecordRow } from '../db/types'
import { uuid5 } from '../lib/uuid5'

export const REMINDERS = 'reminders'
export const REMINDER_NAMESPACE = '5b1f3c1e-8c52-4d4e-9a57-3f0c2f6a0d41'

export type ReminderKind = 'evening_recap' | 'morning_intention' | 'mindful_pause' | 'weekly_review'

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

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]

export const KINDS: readonly ReminderKind[] = ['evening_recap', 'morning_intention', 'mindful_pause', 'weekly_review']

export const KIND_INFO: Readonly<Record<ReminderKind, KindInfo>> = {
  evening_recap: {
    label: 'Evening recap',
    description: 'A gentle look back at what went well today.',
    defaults: { kind: 'evening_recap', enabled: true, localTime: '21:00', weekdays: EVERY_DAY },
  },
  morning_intention: {
    label: 'Morning intention',
    description: 'One small win you’d like to look back on later.',
    defaults: { kind: 'morning_intention', enabled: false, localTime: '08:00', weekdays: EVERY_DAY },
  },
  mindful_pause: {
    label: 'Mindful pause',
    description: 'A breath in the afternoon, and a moment to notice something good.',
    defaults: { kind: 'mindful_pause', enabled: false, localTime: '17:30', weekdays: [0, 1, 2, 3, 4] },
  },
  weekly_review: {
    label: 'Weekly review',
    description: 'Your week in small wins, once a week.',
    defaults: { kind: 'weekly_review', enabled: true, localTime: '18:00', weekdays: [6] },
  },
}

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
