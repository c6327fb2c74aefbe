// A Share button that opens the ShareDialog for one thing: a win, a day or a weekly review
// (the review screen places <ShareButton target={{ kind: 'week', week }} what="this week" />).

import { useState } from 'preact/hooks'
import type { ShareTarget } from '../lib/shares'
import { ShareDialog } from './ShareDialog'

interface ShareButtonProps {
  target: ShareTarget
  what: string
  /** Icon-only in tight rows (a win's actions); the words stay for screen readers. */
  compact?: boolean
  describedBy?: string
}

export function ShareButton({ target, what, compact = false, describedBy }: ShareButtonProps) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        class={compact ? 'icon-button' : 'button button--quiet share-button'}
        aria-haspopup="dialog"
        aria-describedby={describedBy}
        onClick={() => setOpen(true)}
      >
        {compact ? (
          <>
            <span aria-hidden="true">↗</span>
            <span class="visually-hidden">Share {what}</span>
          </>
        ) : (
          `Share ${what}`
        )}
      </button>
      {open && <ShareDialog target={target} what={what} onClose={() => setOpen(false)} />}
    </>
  )
}
