import './styles.css'
import { render } from 'preact'
import { App } from './App'
import { registerServiceWorker } from './pwa/register'

const root = document.getElementById('app')
if (root === null) throw new Error('index.html has no #app element')

render(<App />, root)
registerServiceWorker()
