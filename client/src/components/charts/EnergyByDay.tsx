// Average energy per day (1–5) as dots joined where neighbouring days both have one. Days
// without energy noted are left blank: not a zero, not a gap to fill.

import { ChartTable } from './ChartTable'
import { energyWords, energyY, weekDayLabels } from './data'

const W = 280
const H = 84
const PAD = 10
const PLOT = 64 // the dots live in 0..PLOT; labels below

export function EnergyByDay({ monday, energy }: { monday: string; energy: readonly (number | null)[] }) {
  if (energy.every((e) => e === null)) return null
  const labels = weekDayLabels(monday)
  const slot = W / 7
  const points = energy.map((e, i) => (e === null ? null : { x: i * slot + slot / 2, y: energyY(e, PLOT, PAD) }))
  return (
    <figure class="chart">
      <figcaption class="chart__title">Energy by day</figcaption>
      <svg class="chart__svg" viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
        {points.map((p, i) => {
          const next = points[i + 1]
          return p && next ? <line key={`l${i}`} class="chart__line" x1={p.x} y1={p.y} x2={next.x} y2={next.y} /> : null
        })}
        {points.map((p, i) => (p ? <circle key={`c${i}`} class="chart__dot" cx={p.x} cy={p.y} r={5} /> : null))}
        {labels.map((label, i) => (
          <text key={label.day} class="chart__label" x={i * slot + slot / 2} y={H - 4} text-anchor="middle">
            {label.short.slice(0, 3)}
          </text>
        ))}
      </svg>
      <ChartTable
        caption="Energy by day, 1 to 5"
        head={['Day', 'Energy']}
        rows={labels.map((label, i) => [label.name, energyWords(energy[i] ?? null)])}
      />
    </figure>
  )
}
