// One past win brought back on Today, with "Don't show this again" (a synced flag on the win:
// it stays in history, it just never comes back on its own).

import { mutate } from '../sync/store'
import { WINS, type Win } from '../collections/wins'

interface LookingBackWinProps {
  win: Win
  /** Called after the flag is saved on this device, so the parent can say so and move focus. */
  onDismissed: (win: Win) => void
}

export function LookingBackWin({ win, onDismissed }: LookingBackWinProps) {
  async function dismiss() {
    await mutate(WINS, win.id, { resurface: false })
    onDismissed(win)
  }
  return (
    <li class="lookback__win">
      <p class="lookback__text">
        {win.starred && (
          <span class="lookback__star" role="img" aria-label="Starred">
            ★
          </span>
        )}
        <span class="lookback__words">{win.text}</span>
      </p>
      {win.tags.length > 0 && <p class="lookback__tags">{win.tags.map((tag) => `#${tag}`).join(' ')}</p>}
      <button
        type="button"
        class="link-button lookback__dismiss"
        aria-label={`Don’t show this again: ${win.text}`}
        onClick={() => void dismiss()}
      >
        Don’t show this again
      </button>
    </li>
  )
}
