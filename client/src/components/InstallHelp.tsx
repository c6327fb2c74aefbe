// How to put Small Wins on the home screen. iOS has no install prompt, so it gets the steps;
// elsewhere the browser's own menu does it. Once installed, this says so instead.

function installed(): boolean {
  const standalone = (navigator as Navigator & { standalone?: boolean }).standalone === true
  return standalone || window.matchMedia?.('(display-mode: standalone)').matches === true
}

export function InstallHelp() {
  return (
    <section class="card" aria-labelledby="install-heading">
      <h2 id="install-heading">Small Wins on your home screen</h2>
      {installed() ? (
        <p>You’re using the installed app. It opens straight to Today, even offline.</p>
      ) : (
        <>
          <p>Installed, Small Wins opens like any app and works offline.</p>
          <ul class="install-steps">
            <li>
              <strong>iPhone or iPad (Safari):</strong> tap Share, then “Add to Home Screen”.
            </li>
            <li>
              <strong>Android (Chrome):</strong> open the ⋮ menu, then “Install app” or “Add to Home screen”.
            </li>
            <li>
              <strong>Computer (Chrome or Edge):</strong> use the install icon at the right of the address bar.
            </li>
          </ul>
        </>
      )}
    </section>
  )
}
