// History: every win, newest first, under a heading per day. Pages of 50 come from this
// device's database as the end of the list scrolls into view, and search runs on the device
// (text, note and tags, any case), so all of it works offline.

import { useEffect, useRef, useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { friendlyDay } from '../lib/days'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { useToday } from '../lib/today'
import { ShareButton } from '../components/ShareButton'
import { WinList } from '../components/WinList'
import { allTags, historyPage, type Win } from '../collections/wins'

const PAGE = 50

export function History({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const today = useToday(user)
  const [query, setQuery] = useState('')
  const [tag, setTag] = useState<string | null>(null)
  const [limit, setLimit] = useState(PAGE)
  useEffect(() => setLimit(PAGE), [query, tag])

  const page = useRecords(historyPage(query, tag, limit), [query, tag, limit], null)
  const tags = useRecords(allTags, [], [])

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="History" heading="Your wins">
        <p class="page__subtitle">
          <Link href={PATHS.today}>Back to Today</Link> · <Link href={PATHS.shares}>Shared links and your data</Link>
        </p>
        <div class="filters" role="search">
          <div class="field">
            <label for="history-search">Search your wins</label>
            <input id="history-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="history-tag">Tag</label>
            <select id="history-tag" value={tag ?? ''} onChange={(e) => setTag(e.currentTarget.value || null)}>
              <option value="">All tags</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
        </div>
        {page !== null && page.wins.length === 0 && (
          <p class="empty">{query || tag ? 'No wins match that — try another word.' : 'Your wins will gather here, day by day.'}</p>
        )}
        {page !== null && groupByDay(page.wins).map(([day, wins]) => (
          <section key={day} class="day" aria-labelledby={`day-${day}`}>
            <div class="day__header">
              <h2 id={`day-${day}`}>{friendlyDay(day, today)}</h2>
              <ShareButton target={{ kind: 'day', day }} what={`${friendlyDay(day, today)}’s wins`} compact />
            </div>
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
