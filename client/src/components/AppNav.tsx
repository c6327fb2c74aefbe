// The small navigation under the header of every signed-in screen: one tap from anywhere to
// each ritual. Plain links (keyboard reachable, work without a reload); the current screen is
// marked with aria-current. Week, Goals and Settings are other features' screens.

import { followLink, usePath } from '../router'

const ITEMS: readonly (readonly [string, string])[] = [
  ['/today', 'Today'],
  ['/recap', 'Recap'],
  ['/week', 'Week'],
  ['/history', 'History'],
  ['/goals', 'Goals'],
  ['/settings', 'Settings'],
]

export function AppNav() {
  const path = usePath()
  return (
    <nav class="app-nav" aria-label="Main">
      <ul class="app-nav__list">
        {ITEMS.map(([href, label]) => (
          <li key={href}>
            <a href={href} class="app-nav__link" aria-current={path === href ? 'page' : undefined} onClick={followLink}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
