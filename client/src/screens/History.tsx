// History: every win, newest first, under a heading per day. Pages of 50 come from this
// device's database as the end of the list scrolls into view, and search runs on the device
// (text, note and tags, any case), so all of it works offline. The filters (tag, starred,
// goal, value) live in the address (?tag=run&starred=1), so a tapped tag on any win lands here.

import { useEffect, useRef, useState } from 'preact/hooks'
import { navigate, PATHS, useSearch } from '../router'
import type { User } from '../session'
import { useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { friendlyDay } from '../lib/days'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { useToday } from '../lib/today'
import { WinList } from '../components/WinList'
import { allTags, historyPage, type Win, type WinFilter } from '../collections/wins'
import { allGoals } from '../collections/goals'
import { allValues } from '../collections/values'

/** ?tag=..&starred=1&goal=..&value=.. → the filter (unknown keys ignored). */
export function filterFrom(search: string): WinFilter {
  const params = new URLSearchParams(search)
  return {
    tag: params.get('tag') || null,
    starred: params.get('starred') === '1',
    goalId: params.get('goal') || null,
    valueId: params.get('value') || null,
  }
}

export function historyPath(filter: WinFilter): string {
  const params = new URLSearchParams()
  if (filter.tag !== null) params.set('tag', filter.tag)
  if (filter.starred) params.set('starred', '1')
  if (filter.goalId !== null) params.set('goal', filter.goalId)
  if (filter.valueId !== null) params.set('value', filter.valueId)
  const query = params.toString()
  return query === '' ? PATHS.history : `${PATHS.history}?${query}`
}

const PAGE = 50

export function History({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const today = useToday(user)
  const [query, setQuery] = useState('')
  const search = useSearch()
  const filter = filterFrom(search)
  const tag = filter.tag
  const setFilter = (change: Partial<WinFilter>) => navigate(historyPath({ ...filter, ...change }), { replace: true })
  const [limit, setLimit] = useState(PAGE)
  useEffect(() => setLimit(PAGE), [query, search])

  const page = useRecords(historyPage(query, filter, limit), [query, search, limit], null)
  const tags = useRecords(allTags, [], [])
  const goals = useRecords(allGoals, [], [])
  const values = useRecords(allValues, [], [])
  const filtered = search !== '' && historyPath(filter) !== PATHS.history

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="History" heading="Your wins">
        <p class="page__subtitle">
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
        <div class="filters" role="search">
          <div class="field">
            <label for="history-search">Search your wins</label>
            <input id="history-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="history-tag">Tag</label>
            <select id="history-tag" value={tag ?? ''} onChange={(e) => setFilter({ tag: e.currentTarget.value || null })}>
              <option value="">All tags</option>
              {tag !== null && !tags.includes(tag) && <option value={tag}>{tag}</option>}
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          {goals.length > 0 && (
            <div class="field">
              <label for="history-goal">Goal</label>
              <select id="history-goal" value={filter.goalId ?? ''} onChange={(e) => setFilter({ goalId: e.currentTarget.value || null })}>
                <option value="">All goals</option>
                {goals.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.title}
                  </option>
                ))}
              </select>
            </div>
          )}
          {values.length > 0 && (
            <div class="field">
              <label for="history-value">Value</label>
              <select id="history-value" value={filter.valueId ?? ''} onChange={(e) => setFilter({ valueId: e.currentTarget.value || null })}>
                <option value="">All values</option>
                {values.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <label class="filters__check">
            <input type="checkbox" checked={filter.starred} onChange={(e) => setFilter({ starred: e.currentTarget.checked })} />
            Starred only
          </label>
          {filtered && (
            <button type="button" class="link-button" onClick={() => navigate(PATHS.history, { replace: true })}>
              Clear filters
            </button>
          )}
        </div>
        {page !== null && page.wins.length === 0 && (
          <p class="empty">{query || filtered ? 'No wins match that — try another word or filter.' : 'Your wins will gather here, day by day.'}</p>
        )}
        {page !== null && groupByDay(page.wins).map(([day, wins]) => (
          <section key={day} class="day" aria-labelledby={`day-${day}`}>
            <h2 id={`day-${day}`}>{friendlyDay(day, today)}</h2>
            <WinList wins={wins} timeZone={user.time_zone} label={friendlyDay(day, today)} />
          </section>
        ))}
        {page?.more === true && <MoreSentinel onVisible={() => setLimit((n) => n + PAGE)} />}
      </Page>
    </>
  )
}

/** Loads the next page when it scrolls into view (and offers a button, for keyboards). */
function MoreSentinel({ onVisible }: { onVisible: () => void }) {
  const element = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const target = element.current
    if (target === null || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onVisible()
    }, { rootMargin: '400px' })
    observer.observe(target)
    return () => observer.disconnect()
  }, [onVisible])
  return (
    <div ref={element} class="more">
      <button type="button" class="button button--quiet" onClick={onVisible}>
        Show earlier wins
      </button>
    </div>
  )
}

function groupByDay(wins: readonly Win[]): [string, Win[]][] {
  const days = new Map<string, Win[]>()
  for (const win of wins) {
    const list = days.get(win.day)
    if (list === undefined) days.set(win.day, [win])
    else list.push(win)
  }
  return [...days]
}
