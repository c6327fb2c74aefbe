// One screen: a `main` landmark with the screen's single h1, and the document title.
//
// When the screen changes in-app, focus moves to the heading so keyboard and screen-reader
// users start at the top of the new screen (a full page load would have done the same).

import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

let firstScreen = true

interface PageProps {
  title: string
  /** Shown in the h1 when it differs from the document title. */
  heading?: string
  children: ComponentChildren
}

export function Page({ title, heading = title, children }: PageProps) {
  const h1 = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${title} · Small Wins`
    if (firstScreen) firstScreen = false
    else h1.current?.focus()
  }, [title])
  return (
    <main class="page" id="main">
      <h1 ref={h1} tabIndex={-1}>
        {heading}
      </h1>
      {children}
    </main>
  )
}
