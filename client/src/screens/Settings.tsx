// Settings: your days (time zone, day start), looking back, reminders, installing the app,
// your data, and the account. What lives on this device (looking back) works offline; what
// the server keeps says kindly that it needs a connection.

import type { User } from '../session'
import { PATHS } from '../router'
import { AccountSettings } from '../components/AccountSettings'
import { AppHeader } from '../components/AppHeader'
import { DaySettings } from '../components/DaySettings'
import { InstallHelp } from '../components/InstallHelp'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { ResurfacingChoice } from '../components/ResurfacingChoice'

interface Props {
  user: User
  onUserChanged: (user: User) => void
  onSignedOut: () => void
}

export function Settings({ user, onUserChanged, onSignedOut }: Props) {
  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Settings">
        <p class="page__subtitle">
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
        <DaySettings user={user} onSaved={onUserChanged} />
        <ResurfacingChoice userId={user.id} />
        <section class="card" aria-labelledby="reminders-link-heading">
          <h2 id="reminders-link-heading">Reminders</h2>
          <p>
            When and how Small Wins nudges you: <Link href={PATHS.reminders}>your reminders</Link>.
          </p>
        </section>
        <InstallHelp />
        {/* YOUR DATA: export and import (issue 11) go in this section; nothing here yet. */}
        <section class="card" id="your-data" aria-labelledby="your-data-heading">
          <h2 id="your-data-heading">Your data: export and import</h2>
          <p class="field__hint">Taking your wins with you, and bringing an old journal in, will live here.</p>
        </section>
        <AccountSettings user={user} onChanged={onUserChanged} onSignedOut={onSignedOut} />
      </Page>
    </>
  )
}
