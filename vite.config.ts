import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const clientRoot = fileURLToPath(new URL('./client', import.meta.url))
const outDir = fileURLToPath(new URL('./dist/client', import.meta.url))
/** Where `npm run dev` finds the Fastify server (scripts/dev.ts sets KENLABOUR_API_PORT). */
const apiPort = Number(process.env.KENLABOUR_API_PORT ?? process.env.PORT ?? 3000)

/**
 * The client: React pages under client/, built to dist/client and served by Fastify
 * (server/http/client-files.ts). In development (`npm run dev`), Vite serves the pages with hot reload and
 * forwards /api and the /collab websocket to the Fastify server.
 */
export default defineConfig({
  root: clientRoot,
  publicDir: join(clientRoot, 'public'),
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // tldraw is one large library loaded only by the board route; the warning would fire on it alone.
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // React is shared by every page and by tldraw: one long-cached chunk, downloaded once.
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    strictPort: false,
    proxy: {
      // The Host header is kept (no changeOrigin), so the server's same-origin check sees the page's origin.
      '/api': { target: `http://127.0.0.1:${apiPort}` },
      '/collab': { target: `ws://127.0.0.1:${apiPort}`, ws: true },
    },
  },
  preview: { port: 4173 },
})

const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|wasm)$/

/**
 * Writes `.br` and `.gz` beside every compressible file of the build, once, so the server sends
 * compressed bytes (@fastify/static `preCompressed`) without compressing on each request.
 * Fonts and images are already compressed and are left alone.
 */
function precompress(): Plugin {
  let buildDir = outDir
  return {
    name: 'kenlabour:precompress',
    apply: 'build',
    configResolved(config) {
      // The build may be written elsewhere (scripts/client-build.ts builds beside dist/client, then swaps).
      buildDir = resolve(config.root, config.build.outDir)
    },
    async closeBundle() {
      const files = await listFiles(buildDir)
      await Promise.all(
        files
          .filter((file) => COMPRESSIBLE.test(file))
          .map(async (file) => {
            const info = await stat(file)
            if (info.size < 1024) return
            const bytes = await readFile(file)
            const [br, gz] = await Promise.all([
              brotliAsync(bytes, {
                params: {
                  // Quality 9, not 11: on tldraw's 1.7 MB chunk, 11 takes 15 s for 8 % fewer bytes, and a
                  // first `npm start` must serve within a minute.
                  [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
                  [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
                },
              }),
              gzipAsync(bytes, { level: 9 }),
            ])
            await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)])
          }),
      )
    },
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}
