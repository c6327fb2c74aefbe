// The week's themes: the person's own words that came back. New ones and steady ones (and
// ones returning after a while) in separate lists; each is a button that shows its wins.

import { useState } from 'preact/hooks'
import { winsOfTheme, type Theme, type ThemeKind } from '../collections/summaries'
import { useRecords } from '../sync/store'

const GROUPS: readonly { kind: ThemeKind; title: string }[] = [
  { kind: 'new', title: 'New this week' },
  { kind: 'steady', title: 'Steady' },
  { kind: 'returning', title: 'Coming back' },
]

function ThemeWins({ theme }: { theme: Theme }) {
  const wins = useRecords(winsOfTheme(theme.winIds), [theme.winIds.join(',')], null)
  if (wins === null) return null
  if (wins.length === 0) return <p class="theme__wins">These wins aren’t on this device any more.</p>
  return (
    <ul class="theme__wins" aria-label={`Wins about “${theme.label}”`}>
      {wins.map((win) => (
        <li key={win.id}>{win.text}</li>
      ))}
    </ul>
  )
}

export function WeekThemes({ themes }: { themes: readonly Theme[] }) {
  const [open, setOpen] = useState<string | null>(null)
  if (themes.length === 0) return null
  return (
    <section class="week__section" aria-labelledby="week-themes">
      <h2 id="week-themes">Themes in your words</h2>
      {GROUPS.map(({ kind, title }) => {
        const group = themes.filter((t) => t.kind === kind)
        if (group.length === 0) return null
        return (
          <div key={kind} class="themes">
            <h3 class="themes__title">{title}</h3>
            <ul class="themes__list">
              {group.map((theme) => {
                const id = `theme-${kind}-${theme.key}`.replace(/[^\w-]/g, '_')
                const expanded = open === theme.key
                return (
                  <li key={theme.key} class="theme">
                    <button
                      type="button"
                      class="theme__chip"
                      aria-expanded={expanded}
                      aria-controls={id}
                      onClick={() => setOpen(expanded ? null : theme.key)}
                    >
                      {theme.label} <span class="theme__count">· {theme.wins} wins</span>
                    </button>
                    <div id={id} hidden={!expanded}>
                      {expanded && <ThemeWins theme={theme} />}
                    </div>
                  </li>
                )
              })}
            </ul>
          </div>
        )
      })}
    </section>
  )
}
