// Writes x.br (brotli 11) and x.gz (gzip 9) beside each text file of the build, so the server
// sends them as they are (server/web.py) and no request pays for compression. Runs after
// `vite build`, once the service worker (dist/sw.js) exists too. Node's own zlib: no package.
//   node scripts/precompress.mjs [dist]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.webmanifest', '.json', '.txt'])
const MIN_BYTES = 512 // below this the headers outweigh the saving
const KEEP_IF_SMALLER_THAN = 0.9 // of the original; otherwise the plain file is as good

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else if (entry.isFile()) yield path
  }
}

const dist = process.argv[2] ?? 'dist'
let before = 0
let after = 0
for (const path of files(dist)) {
  if (!COMPRESSIBLE.has(extname(path))) continue
  const plain = readFileSync(path)
  if (plain.length < MIN_BYTES) continue
  const variants = {
    '.br': brotliCompressSync(plain, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
    '.gz': gzipSync(plain, { level: 9 }),
  }
  before += plain.length
  for (const [suffix, packed] of Object.entries(variants)) {
    if (packed.length < plain.length * KEEP_IF_SMALLER_THAN) writeFileSync(path + suffix, packed)
  }
  after += variants['.br'].length
}
console.log(`precompressed ${(before / 1024).toFixed(1)} KiB of text to ${(after / 1024).toFixed(1)} KiB (brotli)`)
