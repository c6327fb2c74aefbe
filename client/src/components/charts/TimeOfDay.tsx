// When the week's wins happened: four horizontal bars, morning to night.

import { ChartTable } from './ChartTable'
import { barHeights, timeOfDayRows, winsLine } from './data'

const W = 280
const ROW = 24
const LABEL = 84
const BAR = W - LABEL - 28

export function TimeOfDay({ counts }: { counts: Readonly<Record<string, number>> }) {
  const rows = timeOfDayRows(counts)
  if (rows.every((r) => r.count === 0)) return null
  const widths = barHeights(
    rows.map((r) => r.count),
    BAR,
  )
  return (
    <figure class="chart">
      <figcaption class="chart__title">Time of day</figcaption>
      <svg class="chart__svg" viewBox={`0 0 ${W} ${ROW * rows.length}`} aria-hidden="true" focusable="false">
        {rows.map((row, i) => {
          const y = i * ROW
          const w = widths[i] ?? 0
          return (
            <g key={row.key}>
              <text class="chart__label" x={0} y={y + 16}>
                {row.label}
              </text>
              {w > 0 && <rect class="chart__bar" x={LABEL} y={y + 5} width={w} height={14} rx={4} />}
              {row.count > 0 && (
                <text class="chart__value" x={LABEL + w + 6} y={y + 16}>
                  {row.count}
                </text>
              )}
            </g>
          )
        })}
      </svg>
      <ChartTable
        caption="Wins by time of day"
        head={['Time of day', 'Wins']}
        rows={rows.map((r) => [r.label, winsLine(r.count)])}
      />
    </figure>
  )
}
