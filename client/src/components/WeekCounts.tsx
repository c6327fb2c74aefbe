// Wins per tag, per goal and per value, when the week has any. Goals and values are keyed by
// id in the summary: `nameOf` turns an id into its name once those collections exist on the
// client (the coordinator wires it in Week.tsx); until then an id shows as "a goal".

import { winsLine } from './charts/data'

export type NameOf = (kind: 'goal' | 'value', id: string) => string | null

interface Props {
  perTag: readonly [string, number][]
  perGoal: readonly [string, number][]
  perValue: readonly [string, number][]
  nameOf?: NameOf
}

function CountList({ title, items }: { title: string; items: readonly [string, number][] }) {
  if (items.length === 0) return null
  return (
    <div class="counts">
      <h3 class="counts__title">{title}</h3>
      <ul class="counts__list">
        {items.map(([name, count], i) => (
          <li key={`${name}-${i}`}>
            <span class="counts__name">{name}</span> <span class="counts__n">{winsLine(count)}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function WeekCounts({ perTag, perGoal, perValue, nameOf = () => null }: Props) {
  if (perTag.length + perGoal.length + perValue.length === 0) return null
  const named = (kind: 'goal' | 'value', items: readonly [string, number][]): [string, number][] =>
    items.map(([id, n], i) => [nameOf(kind, id) ?? `${kind === 'goal' ? 'A goal' : 'A value'} ${i + 1}`, n])
  return (
    <section class="week__section" aria-labelledby="week-counts">
      <h2 id="week-counts">Where your wins gathered</h2>
      <CountList title="Tags" items={perTag.map(([t, n]) => [`#${t}`, n])} />
      <CountList title="Goals" items={named('goal', perGoal)} />
      <CountList title="Values" items={named('value', perValue)} />
    </section>
  )
}
