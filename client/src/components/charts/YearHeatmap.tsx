// A year of days with a win: the last 53 weeks up to today (across calendar years), one square
// per day, Monday at the top, shaded by how many wins it had. Two half-year bands scaled to the
// screen's width: no sideways scrolling on a phone, and squares still big enough to see. The
// table below says the same in words, month by month, for screen readers and anyone who
// prefers numbers.

import { WEEKS, type DayCell, type YearGrid } from './YearHeatmapData'

const CELL = 10
const GAP = 2
const STEP = CELL + GAP

function monthName(month: string, withYear: boolean): string {
  const options: Intl.DateTimeFormatOptions = { month: withYear ? 'long' : 'short', timeZone: 'UTC' }
  if (withYear) options.year = 'numeric'
  return new Intl.DateTimeFormat(undefined, options).format(new Date(`${month}-15T12:00:00Z`))
}

function daysText(n: number): string {
  return n === 1 ? '1 day' : `${n} days`
}

/** Half a year of weeks per band: two bands keep a day's square readable on a phone. */
const BAND = Math.ceil(WEEKS / 2)

function Band({ weeks }: { weeks: (DayCell | null)[][] }) {
  const days = weeks.flat().filter((cell): cell is DayCell => cell !== null)
  const from = days[0]?.day.slice(0, 7) ?? ''
  const to = days[days.length - 1]?.day.slice(0, 7) ?? ''
  const withWin = days.filter((cell) => cell.wins > 0).length
  return (
    <div class="heatmap__band">
      <svg
        class="heatmap__chart"
        viewBox={`0 0 ${BAND * STEP - GAP} ${7 * STEP - GAP}`}
        role="img"
        aria-label={`${monthName(from, true)} to ${monthName(to, true)}: a win on ${daysText(withWin)}.`}
      >
        {weeks.map((week, w) =>
          week.map((cell, d) =>
            cell === null ? null : (
              <rect
                key={cell.day}
                class={`heatmap__day heatmap__day--${cell.level}`}
                x={w * STEP}
                y={d * STEP}
                width={CELL}
                height={CELL}
                rx={2}
              >
                <title>{`${cell.day}: ${cell.wins === 1 ? '1 win' : `${cell.wins} wins`}`}</title>
              </rect>
            ),
          ),
        )}
      </svg>
      <div class="heatmap__ends" aria-hidden="true">
        <span>{monthName(from, false)}</span>
        <span>{monthName(to, false)}</span>
      </div>
    </div>
  )
}

export function YearHeatmap({ grid }: { grid: YearGrid }) {
  const first = grid.months[0]?.month ?? grid.first.slice(0, 7)
  const last = grid.months[grid.months.length - 1]?.month ?? grid.last.slice(0, 7)
  const summary =
    grid.daysWithWin === 0
      ? 'Your year fills in here as you log wins.'
      : `You logged a win on ${daysText(grid.daysWithWin)} from ${monthName(first, true)} to ${monthName(last, true)}.`
  return (
    <figure class="heatmap">
      <Band weeks={grid.weeks.slice(0, BAND)} />
      <Band weeks={grid.weeks.slice(BAND)} />
      <figcaption class="heatmap__summary">{summary}</figcaption>
      <table class="heatmap__table">
        <caption>Days with a win, month by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Days with a win</th>
          </tr>
        </thead>
        <tbody>
          {grid.months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{monthName(m.month, true)}</th>
              <td>{m.daysWithWin}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
