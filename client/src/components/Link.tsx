import type { ComponentChildren } from 'preact'
import { followLink } from '../router'

/** An in-app link: a real <a href> (so it works without JS tricks) routed without a reload. */
export function Link({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a href={href} onClick={followLink}>
      {children}
    </a>
  )
}
