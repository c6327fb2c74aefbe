// The weekly review: /week (the latest summarised week on this device) and /week/2026-W47.
// Everything comes from this device's database (summaries arrive through sync), so it opens
// offline. Starred highlights first, then themes, then the week at a glance, then the three
// questions. Comparison is only ever with the person's own usual.

import type { User } from '../session'
import { summarisedWeeks, summaryOfWeek, type WeekSummary } from '../collections/summaries'
import { useRecords } from '../sync/store'
import { useToday } from '../lib/today'
import { isWeek, shiftWeek, weekOf, weekRange, weekStart } from '../lib/weeks'
import { followLink, PATHS } from '../router'
import { AppHeader } from '../components/AppHeader'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { WeekCounts, type NameOf } from '../components/WeekCounts'
import { ShareButton } from '../components/ShareButton'
import { allGoals } from '../collections/goals'
import { allValues } from '../collections/values'
import { WeekQuestions } from '../components/WeekQuestions'
import { WeekThemes } from '../components/WeekThemes'
import { Consistency } from '../components/charts/Consistency'
import { EnergyByDay } from '../components/charts/EnergyByDay'
import { TimeOfDay } from '../components/charts/TimeOfDay'
import { WinsPerDay } from '../components/charts/WinsPerDay'
import { activeDaysLine, comparisonLine, winsLine } from '../components/charts/data'

export const weekPath = (week: string) => `${PATHS.review}/${week}`

/** The week a path asks for: its own, or (for /week) null meaning "the latest". */
function askedWeek(path: string): string | null {
  const rest = path.slice(PATHS.review.length + 1)
  return rest === '' ? null : rest
}

/** Goal titles and value names on this device, for the counts (ids in the summary). */
function useNames(): NameOf {
  const goals = useRecords(allGoals, [], [])
  const values = useRecords(allValues, [], [])
  return (kind, id) =>
    kind === 'goal' ? (goals.find((g) => g.id === id)?.title ?? null) : (values.find((v) => v.id === id)?.name ?? null)
}

function Summary({ summary, week }: { summary: WeekSummary; week: string }) {
  const nameOf = useNames()
  const compared = comparisonLine(summary.trend)
  if (summary.wins === 0) {
    return <p class="week__lead">A quiet week — rest counts too. Whatever comes next, small wins are welcome.</p>
  }
  return (
    <>
      <p class="week__lead">
        {winsLine(summary.wins)}, {activeDaysLine(summary.activeDays).replace(/^A win/, 'a win')}.{' '}
        {compared}
      </p>
      <ShareButton target={{ kind: 'week', week }} what="this week" />
      {summary.highlights.length > 0 && (
        <section class="week__section" aria-labelledby="week-highlights">
          <h2 id="week-highlights">Your highlights</h2>
          <ul class="highlights">
            {summary.highlights.map((h) => (
              <li key={h.id} class="highlight">
                <span aria-hidden="true" class="highlight__star">
                  ★
                </span>{' '}
                {h.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <WeekThemes themes={summary.themes} />
      <section class="week__section" aria-labelledby="week-glance">
        <h2 id="week-glance">The week at a glance</h2>
        <div class="charts">
          <Consistency monday={summary.start} perDay={summary.perDay} longestRun={summary.longestRun} />
          <WinsPerDay monday={summary.start} perDay={summary.perDay} />
          <EnergyByDay monday={summary.start} energy={summary.energyByDay} />
          <TimeOfDay counts={summary.timeOfDay} />
        </div>
      </section>
      <WeekCounts perTag={summary.perTag} perGoal={summary.perGoal} perValue={summary.perValue} nameOf={nameOf} />
    </>
  )
}

export function Week({ user, path, onSignedOut }: { user: User; path: string; onSignedOut: () => void }) {
  const today = useToday(user)
  const thisWeek = weekOf(today)
  const weeks = useRecords(summarisedWeeks, [], null)
  const asked = askedWeek(path)
  const week = asked ?? weeks?.[0]?.week ?? thisWeek
  const valid = isWeek(week)
  const summary = useRecords(valid ? summaryOfWeek(week) : async () => null, [week], undefined)
  const loading = weeks === null || summary === undefined

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Weekly review" heading="Your week in small wins">
        {!valid ? (
          <p>
            That doesn’t look like a week we know. <Link href={PATHS.review}>Open your latest week</Link>.
          </p>
        ) : (
          <>
            <p class="week__range" aria-live="polite">
              {weekRange(week)}
            </p>
            <nav class="week__nav" aria-label="Weeks">
              <Link href={weekPath(shiftWeek(week, -1))}>
                <span aria-hidden="true">←</span> Previous week
              </Link>
              {week < thisWeek && (
                <Link href={weekPath(shiftWeek(week, 1))}>
                  Next week <span aria-hidden="true">→</span>
                </Link>
              )}
            </nav>
            {loading ? null : summary !== null ? (
              <Summary summary={summary} week={week} />
            ) : week >= thisWeek ? (
              <p class="week__lead">Your week’s reflection will be ready when your week ends. Until then, every win you log is part of it.</p>
            ) : (
              <p class="week__lead">
                There’s no reflection for this week on this device. <Link href={PATHS.history}>Your history</Link> holds
                every win, day by day.
              </p>
            )}
            {week <= thisWeek && weekStart(week) !== null && <WeekQuestions user={user} week={week} />}
          </>
        )}
        {weeks !== null && weeks.length > 0 && (
          <section class="week__section" aria-labelledby="week-past">
            <h2 id="week-past">Your weeks</h2>
            <ul class="past-weeks">
              {weeks.map((w) => (
                <li key={w.week}>
                  <a
                    href={weekPath(w.week)}
                    aria-current={w.week === week ? 'page' : undefined}
                    onClick={followLink}
                  >
                    {weekRange(w.week)}
                  </a>{' '}
                  <span class="past-weeks__n">{winsLine(w.wins)}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <p>
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
      </Page>
    </>
  )
}
