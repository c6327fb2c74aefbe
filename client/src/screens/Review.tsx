// Review: where the weekly reminder leads. The weekly reflection (summaries of the week) is a
// later piece of work; until then this screen says so kindly and points at History.

import { PATHS } from '../router'
import { AppHeader } from '../components/AppHeader'
import { Link } from '../components/Link'
import { Page } from '../components/Page'

export function Review({ onSignedOut }: { onSignedOut: () => void }) {
  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Weekly review" heading="Your week in small wins">
        <p>A weekly reflection is on its way — soon this page will gather your week for you.</p>
        <p>
          Until then, <Link href={PATHS.history}>your history</Link> holds every win, day by day.
        </p>
        <p>
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
      </Page>
    </>
  )
}
