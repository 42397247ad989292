import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const packagesDir = fileURLToPath(new URL('packages/', import.meta.url))
const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

// Tests run against the TypeScript sources: no build needed first.
const alias = [
  { find: /^@colophon\/([a-z0-9-]+)\/edition$/, replacement: `${packagesDir}$1/src/lib/edition.ts` },
  { find: /^@colophon\/([a-z0-9-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
  { find: /^colophon$/, replacement: `${packagesDir}colophon/src/index.ts` },
]

export default defineConfig({
  resolve: { alias },
  test: {
    projects: packages.map((name) => ({
      extends: true,
      test: {
        name,
        root: `${packagesDir}${name}`,
        include: ['test/**/*.test.ts'],
      },
    })),
    globalSetup: [fileURLToPath(new URL('scripts/report-skips.ts', import.meta.url))],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
