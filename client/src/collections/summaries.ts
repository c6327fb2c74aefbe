// Weekly summaries: written only by the server's weekly job (a device's write is rejected),
// pulled and cached like every record so a week's review opens offline. The record id is
// uuid5(SUMMARY_NAMESPACE, "<user id>:<ISO week>"), so /week/2026-W47 finds its summary locally.
// The shape of `data` is server/core/summary.py's to_dict (docs/weekly.md); it is read
// defensively here, so a summary from an older or newer server still shows what it can.

import { Dexie } from 'dexie'
import type { LocalDB } from '../db/database'
import { isLive, type CollectionSpec, type RecordRow } from '../db/types'
import { uuid5 } from '../lib/uuid5'
import contract from './contract.json'
import { toWin, WINS, type Win } from './wins'

export const SUMMARIES = 'summaries'
/** Fixed forever: the server names summaries with it (server/summaries/store.py). */
export const SUMMARY_NAMESPACE = contract.summaries.namespace

export const COLLECTION: CollectionSpec = { name: SUMMARIES, indexKeys: { day: 'week_start' } }

export function summaryId(userId: string, week: string): Promise<string> {
  return uuid5(SUMMARY_NAMESPACE, `${userId}:${week}`)
}

export type Trend = 'more' | 'a_little_more' | 'usual' | 'a_little_less' | 'less' | 'no_history'
export type ThemeKind = 'new' | 'steady' | 'returning'

export interface Theme {
  key: string
  label: string
  kind: ThemeKind
  wins: number
  days: number
  winIds: string[]
}

export interface WeekSummary {
  week: string
  start: string
  wins: number
  activeDays: number
  /** Monday … Sunday. */
  perDay: number[]
  perTag: [string, number][]
  perGoal: [string, number][]
  perValue: [string, number][]
  /** Average energy 1–5 per day, null on days without any. */
  energyByDay: (number | null)[]
  timeOfDay: Record<string, number>
  highlights: { id: string; text: string }[]
  themes: Theme[]
  longestRun: number
  trend: Trend
}

type Json = Record<string, unknown>

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {})

function seven<T>(values: unknown[], read: (v: unknown) => T): T[] {
  return Array.from({ length: 7 }, (_, i) => read(values[i]))
}

function pairs(v: unknown): [string, number][] {
  return list(v)
    .map((item) => list(item))
    .filter((item) => typeof item[0] === 'string' && num(item[1]) > 0)
    .map((item) => [str(item[0]), num(item[1])])
}

const TRENDS: readonly Trend[] = ['more', 'a_little_more', 'usual', 'a_little_less', 'less', 'no_history']
const KINDS: readonly ThemeKind[] = ['new', 'steady', 'returning']

/** The typed view of a summary record, or null when it holds no summary at all. */
export function toSummary(row: RecordRow): WeekSummary | null {
  const week = row.values['week']
  const data = obj(row.values['data'] as unknown)
  if (typeof week !== 'string' || Object.keys(data).length === 0) return null
  const trend = str(obj(data['compared'])['trend'])
  return {
    week,
    start: str(data['start']) || str(row.values['week_start']),
    wins: num(data['wins']),
    activeDays: num(data['active_days']),
    perDay: seven(list(data['per_day']), num),
    perTag: pairs(data['per_tag']),
    perGoal: pairs(data['per_goal']),
    perValue: pairs(data['per_value']),
    energyByDay: seven(list(data['energy_by_day']), (v) => (typeof v === 'number' ? v : null)),
    timeOfDay: Object.fromEntries(Object.entries(obj(data['time_of_day'])).map(([k, v]) => [k, num(v)])),
    highlights: list(data['highlights'])
      .map(obj)
      .filter((h) => typeof h['id'] === 'string' && typeof h['text'] === 'string')
      .map((h) => ({ id: str(h['id']), text: str(h['text']) })),
    themes: list(data['themes'])
      .map(obj)
      .filter((t) => typeof t['label'] === 'string')
      .map((t) => ({
        key: str(t['key']) || str(t['label']),
        label: str(t['label']),
        kind: KINDS.includes(t['kind'] as ThemeKind) ? (t['kind'] as ThemeKind) : 'new',
        wins: num(t['wins']),
        days: num(t['days']),
        winIds: list(t['win_ids']).filter((id): id is string => typeof id === 'string'),
      })),
    longestRun: num(data['longest_run']),
    trend: TRENDS.includes(trend as Trend) ? (trend as Trend) : 'no_history',
  }
}

async function allSummaries(db: LocalDB): Promise<WeekSummary[]> {
  const rows = await db.records
    .where('[collection+day]')
    .between([SUMMARIES, Dexie.minKey], [SUMMARIES, Dexie.maxKey])
    .toArray()
  return rows
    .filter(isLive)
    .map(toSummary)
    .filter((s): s is WeekSummary => s !== null)
}

/** The summary of `week` on this device, or null (undefined while loading, for useRecords). */
export function summaryOfWeek(week: string) {
  return async (db: LocalDB): Promise<WeekSummary | null> =>
    (await allSummaries(db)).find((s) => s.week === week) ?? null
}

export interface PastWeek {
  week: string
  wins: number
}

/** Every summarised week on this device, newest first (the list of past weeks, and /week). */
export async function summarisedWeeks(db: LocalDB): Promise<PastWeek[]> {
  return (await allSummaries(db))
    .map((s) => ({ week: s.week, wins: s.wins }))
    .sort((a, b) => (a.week < b.week ? 1 : a.week > b.week ? -1 : 0))
}

/** The wins a theme was found in, oldest first, as this device has them now (a win deleted
 *  since the summary is simply not listed). */
export function winsOfTheme(winIds: readonly string[]) {
  return async (db: LocalDB): Promise<Win[]> => {
    const rows = await db.records.bulkGet(winIds.map((id) => [WINS, id]))
    return rows
      .filter((row): row is RecordRow => row !== undefined && isLive(row))
      .map(toWin)
      .sort((a, b) => (a.happenedAt < b.happenedAt ? -1 : 1))
  }
}
