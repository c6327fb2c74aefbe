// Wins per day as seven small bars. A day without a win has no bar and no mark: just its name.

import { ChartTable } from './ChartTable'
import { barHeights, weekDayLabels, winsLine } from './data'

const W = 280
const H = 96
const BAR_TOP = 16 // room for the count above the tallest bar
const BASE = 76

export function WinsPerDay({ monday, perDay }: { monday: string; perDay: readonly number[] }) {
  const labels = weekDayLabels(monday)
  const heights = barHeights(perDay, BASE - BAR_TOP)
  const slot = W / 7
  return (
    <figure class="chart">
      <figcaption class="chart__title">Wins each day</figcaption>
      <svg class="chart__svg" viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
        {labels.map((label, i) => {
          const x = i * slot + slot / 2
          const h = heights[i] ?? 0
          const count = perDay[i] ?? 0
          return (
            <g key={label.day}>
              {h > 0 && <rect class="chart__bar" x={x - 12} y={BASE - h} width={24} height={h} rx={4} />}
              {count > 0 && (
                <text class="chart__value" x={x} y={BASE - h - 4} text-anchor="middle">
                  {count}
                </text>
              )}
              <text class="chart__label" x={x} y={H - 4} text-anchor="middle">
                {label.short.slice(0, 3)}
              </text>
            </g>
          )
        })}
        <line class="chart__base" x1={0} x2={W} y1={BASE + 0.5} y2={BASE + 0.5} />
      </svg>
      <ChartTable
        caption="Wins each day"
        head={['Day', 'Wins']}
        rows={labels.map((label, i) => [label.name, winsLine(perDay[i] ?? 0)])}
      />
    </figure>
  )
}
