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
import { YourData } from '../components/YourData'

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
        <div id="your-data">
          <YourData />
        </div>
        <section class="card" aria-labelledby="shared-links-heading">
          <h2 id="shared-links-heading">Shared links</h2>
          <p class="field__hint">
            What you have shared with someone, and closing a link: <Link href={PATHS.shares}>your shared links</Link>.
          </p>
        </section>
        <AccountSettings user={user} onChanged={onUserChanged} onSignedOut={onSignedOut} />
      </Page>
    </>
  )
}
