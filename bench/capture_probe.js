// Injected into every page by bench/capture_latency.py (an init script, so it runs before the
// app and is not subject to the page's CSP). Measures in the page with performance.now().
(() => {
  window.__tti = null
  const ready = () => {
    const box = document.getElementById('win-text')
    const list = document.querySelector('.wins, .empty')
    if (window.__tti === null && box !== null && document.activeElement === box && list !== null) {
      window.__tti = performance.now() // since navigation start (timeOrigin)
    }
  }
  document.addEventListener('focusin', ready, true)
  new MutationObserver(ready).observe(document, { subtree: true, childList: true })

  const bench = {
    latencies: [],
    stored: [],
    watchCaptures() {
      // Two times per capture: first shown (possibly from memory) and shown from its stored row.
      let pressed = null
      document.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && event.target.id === 'win-text') {
          pressed = { at: performance.now(), text: event.target.value.trim(), shown: null }
        }
      }, true)
      new MutationObserver(() => {
        if (pressed === null) return
        const button = [...document.querySelectorAll('.win__text')].find((b) => b.firstChild?.textContent === pressed.text)
        if (button === undefined) return
        const now = performance.now()
        if (pressed.shown === null) pressed.shown = now - pressed.at
        if (button.closest('li').dataset.echo === undefined) {
          bench.latencies.push(pressed.shown)
          bench.stored.push(now - pressed.at)
          pressed = null
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-echo'] })
    },
    async baseline(n, durable) {
      const input = document.createElement('input')
      const list = document.createElement('ul')
      document.body.append(input, list)
      const store = durable ? await openStore() : null
      const results = []
      for (let i = 0; i < n; i++) {
        const seen = new Promise((resolve) => {
          const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now()) })
          observer.observe(list, { childList: true })
        })
        const start = performance.now()
        input.value = `Baseline ${i}`
        const append = () => { const li = document.createElement('li'); li.textContent = input.value; list.append(li) }
        if (store === null) append()
        else await put(store, { id: i, text: input.value }).then(append)
        results.push((await seen) - start)
      }
      input.remove(); list.remove(); store?.close()
      return results
    },
    async seed(n) {
      const csrf = (await (await fetch('/api/v1/auth/csrf')).json()).csrf_token
      const client = crypto.randomUUID()
      const day = 86400000
      let id = 0
      for (let start = 0; start < n; start += 200) {
        const mutations = []
        for (let i = start; i < Math.min(n, start + 200); i++) {
          const at = new Date(Date.now() - (Math.floor(i / 10) + 1) * day) // 10 a day, before today
          mutations.push({
            id: ++id, collection: 'wins', record_id: crypto.randomUUID(),
            hlc: `${String(Date.now()).padStart(15, '0')}-${String(i).padStart(5, '0')}-seed`,
            fields: { text: `Seeded win ${i}`, happened_at: at.toISOString(), local_day: at.toISOString().slice(0, 10), tags: ['seed'] },
          })
        }
        const response = await fetch('/api/v1/sync', {
          method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          body: JSON.stringify({ client_id: client, schema_version: 1, cursor: 0, mutations, limit: 1 }),
        })
        if (!response.ok) throw new Error(`seed failed: ${response.status}`)
      }
    },
    async countRecords() {
      const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => n.startsWith('smallwins-user-'))
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open(names[0]); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error)
      })
      const count = await new Promise((resolve) => { const r = db.transaction('records').objectStore('records').count(); r.onsuccess = () => resolve(r.result) })
      db.close()
      return count
    },
  }
  function openStore() {
    return new Promise((resolve, reject) => {
      const r = indexedDB.open('bench-baseline', 1)
      r.onupgradeneeded = () => r.result.createObjectStore('items', { keyPath: 'id' })
      r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error)
    })
  }
  function put(store, item) {
    return new Promise((resolve, reject) => {
      const tx = store.transaction('items', 'readwrite'); tx.objectStore('items').put(item)
      tx.oncomplete = () => resolve(); tx.onerror = () => reject(tx.error)
    })
  }
  window.__bench = bench
})()
