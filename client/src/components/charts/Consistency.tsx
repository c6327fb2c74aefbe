// The gentle consistency view: seven dots, filled on days with a win. Other days are a faint
// ring (a day, not a failure: no cross, no red), and the words count only what happened.

import { activeDaysLine, weekDayLabels } from './data'

const W = 280
const H = 48

export function Consistency({ monday, perDay, longestRun }: { monday: string; perDay: readonly number[]; longestRun: number }) {
  const labels = weekDayLabels(monday)
  const slot = W / 7
  const active = perDay.filter((n) => n > 0).length
  const withWins = labels.filter((_, i) => (perDay[i] ?? 0) > 0).map((l) => l.name)
  return (
    <figure class="chart">
      <figcaption class="chart__title">{activeDaysLine(active)}</figcaption>
      <svg class="chart__svg" viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
        {labels.map((label, i) => {
          const x = i * slot + slot / 2
          const filled = (perDay[i] ?? 0) > 0
          return (
            <g key={label.day}>
              <circle class={filled ? 'chart__day chart__day--win' : 'chart__day'} cx={x} cy={16} r={filled ? 10 : 6} />
              <text class="chart__label" x={x} y={H - 4} text-anchor="middle">
                {label.short.slice(0, 3)}
              </text>
            </g>
          )
        })}
      </svg>
      {withWins.length > 0 && <p class="visually-hidden">Days with a win: {withWins.join(', ')}.</p>}
      {longestRun >= 2 && <p class="chart__note">Your longest run: {longestRun} days in a row.</p>}
    </figure>
  )
}
