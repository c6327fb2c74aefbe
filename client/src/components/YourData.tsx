// "Your data": take everything with you (JSON, CSV, Markdown) and bring wins in from Small
// Wins, Day One or Daylio. Downloads are plain links (the server streams them); an import is
// all or nothing and answers with a report of what was mapped, skipped and worth knowing.

import { useState } from 'preact/hooks'
import { postForm } from '../api'
import { describeFailure } from '../lib/failure'
import { useOnline } from '../sync/live'
import { syncNow } from '../sync/store'

export interface ImportReport {
  source: string
  found: number
  added: number
  already_here: number
  mapped: string[]
  skipped: string[]
  warnings: string[]
}

const EXPORTS = [
  { kind: 'json', label: 'Everything (JSON)', hint: 'Wins, intentions, reflections, reminders and settings — it imports back.' },
  { kind: 'csv', label: 'Wins (CSV)', hint: 'For a spreadsheet.' },
  { kind: 'markdown', label: 'Journal (Markdown)', hint: 'A section per day, easy to read anywhere.' },
] as const

export function YourData() {
  const online = useOnline()
  const [file, setFile] = useState<File | null>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)

  async function bringIn(event: Event) {
    event.preventDefault()
    if (file === null || busy) return
    setBusy(true)
    setProblem(null)
    setReport(null)
    try {
      const form = new FormData()
      form.append('file', file)
      setReport(await postForm<ImportReport>('/api/v1/data/import', form))
      void syncNow() // bring the new wins to this device
    } catch (error) {
      setProblem(describeFailure(error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="card your-data" aria-labelledby="your-data-heading">
      <h2 id="your-data-heading">Your data</h2>
      <h3>Take it with you</h3>
      <ul class="your-data__exports">
        {EXPORTS.map((item) => (
          <li key={item.kind}>
            <a href={`/api/v1/data/export/${item.kind}`} download>
              {item.label}
            </a>
            <span class="field__hint"> — {item.hint}</span>
          </li>
        ))}
      </ul>
      <h3>Bring wins in</h3>
      <form onSubmit={(event) => void bringIn(event)}>
        <div class="field">
          <label for="import-file">A Small Wins export, a Day One export (ZIP or JSON) or a Daylio CSV</label>
          <input
            id="import-file"
            type="file"
            accept=".json,.zip,.csv,application/json,application/zip,text/csv"
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
        </div>
        {!online && <p class="notice">Importing needs a connection. Your wins here are safe meanwhile.</p>}
        {problem !== null && (
          <p class="form-alert" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="button button--primary" disabled={file === null || busy || !online}>
          {busy ? 'Bringing them in…' : 'Import'}
        </button>
      </form>
      {report !== null && <ImportSummary report={report} />}
    </section>
  )
}

function ImportSummary({ report }: { report: ImportReport }) {
  const added = report.added === 1 ? '1 new entry' : `${report.added} new entries`
  return (
    <div class="import-report" role="status">
      <p>
        From {report.source}: {added} welcomed in
        {report.already_here > 0 ? `, ${report.already_here} already here` : ''}.
      </p>
      {report.mapped.length > 0 && (
        <>
          <h4>How it came in</h4>
          <ul>
            {report.mapped.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {report.skipped.length > 0 && (
        <>
          <h4>Left out</h4>
          <ul>
            {report.skipped.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {report.warnings.length > 0 && (
        <>
          <h4>Good to know</h4>
          <ul>
            {report.warnings.map((line, index) => (
              <li key={`${index}-${line}`}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
