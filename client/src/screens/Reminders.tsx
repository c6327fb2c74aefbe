// Reminders: whether this device gets them, the four reminders (switch, time, days) and the
// pause. Settings are records of the synced "reminders" collection, edited on this device and
// synced like wins; the server seeds the four on GET /api/v1/reminders and answers when each
// will next arrive. Pausing is a server fact (see ReminderPause).

import { useEffect, useRef, useState } from 'preact/hooks'
import { api } from '../api'
import { KINDS, reminderId, REMINDERS, type Overview, type ReminderKind } from '../collections/reminders'
import { PATHS } from '../router'
import type { User } from '../session'
import { useOnline } from '../sync/live'
import { syncNow, useCollection } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { ReminderDevice } from '../components/ReminderDevice'
import { ReminderPause } from '../components/ReminderPause'
import { ReminderRow } from '../components/ReminderRow'
import { untilText, whenText } from '../lib/reminderText'
import { SyncStatusLine } from '../components/SyncStatus'
import { friendlyZone } from '../lib/zones'

type Ids = Readonly<Record<ReminderKind, string>>

function useReminderIds(userId: string): Ids | null {
  const [ids, setIds] = useState<Ids | null>(null)
  useEffect(() => {
    let live = true
    void Promise.all(KINDS.map((kind) => reminderId(userId, kind))).then((list) => {
      if (live) setIds(Object.fromEntries(KINDS.map((kind, i) => [kind, list[i] ?? ''])) as Ids)
    })
    return () => {
      live = false
    }
  }, [userId])
  return ids
}

/**
 * The server's overview, asked again whenever the local reminders have settled (nothing
 * waiting to sync) and changed, so "next time" always describes what the server has.
 */
function useOverview(ids: Ids | null) {
  const rows = useCollection(REMINDERS)
  const [overview, setOverview] = useState<Overview | null>(null)
  const pulled = useRef(false)
  const settled = rows.every((row) => !row.pending)
  const version = rows.map((row) => `${row.id}:${row.seq}`).join()
  useEffect(() => {
    if (!settled) return
    let live = true
    api
      .get<Overview>('/api/v1/reminders')
      .then((answer) => {
        if (!live) return
        setOverview(answer)
        // The server has just made any missing reminders: bring them to this device once.
        const missing = ids !== null && Object.values(ids).some((id) => !rows.some((row) => row.id === id))
        if (missing && !pulled.current) {
          pulled.current = true
          void syncNow()
        }
      })
      .catch(() => undefined) // offline: keep what we had; the settings still work
    return () => {
      live = false
    }
  }, [settled, version, ids])
  return { rows, overview, setOverview }
}

export function Reminders({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const ids = useReminderIds(user.id)
  const { rows, overview, setOverview } = useOverview(ids)
  const online = useOnline()
  const when = (iso: string) => whenText(iso, user.time_zone)
  const paused = overview?.paused_until != null
  const [subscribed, setSubscribed] = useState<boolean | null>(null)

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Reminders">
        <p class="page__subtitle">
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
        <ReminderDevice onSubscribed={setSubscribed} />
        <section class="card" aria-labelledby="reminders-heading">
          <h2 id="reminders-heading">Your reminders</h2>
          <p class="field__hint">
            These follow you to every device where reminders are on. Times are in {friendlyZone(user.time_zone)}.
          </p>
          {!online && <p class="notice">You’re offline. Changes are saved here and sync when you’re back.</p>}
          <SyncStatusLine />
          {/* Drawn at once with the defaults (ids come a moment later), so nothing shifts. */}
          <ul class="reminders">
            {KINDS.map((kind) => (
              <ReminderRow
                key={kind}
                kind={kind}
                id={ids?.[kind] ?? null}
                row={ids === null ? undefined : rows.find((row) => row.id === ids[kind])}
                server={overview?.reminders.find((r) => r.id === ids?.[kind]) ?? null}
                when={when}
                paused={paused}
                subscribed={subscribed}
              />
            ))}
          </ul>
        </section>
        <ReminderPause
          pausedUntil={overview?.paused_until ?? null}
          until={(iso) => untilText(iso, user.time_zone)}
          onChanged={setOverview}
        />
      </Page>
    </>
  )
}
