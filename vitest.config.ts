import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: {
      '@payload-config': path.resolve(import.meta.dirname, 'payload.config.ts'),
      '@': path.resolve(import.meta.dirname, 'src'),
    },
  },
  test: {
    environment: 'node',
    include: ['tests/int/**/*.int.spec.ts'],
    globalSetup: ['tests/helpers/globalSetup.ts'],
    // The default report, plus a line per file taken up and word of what a quiet run waits on.
    reporters: ['default', './tests/helpers/progressReporter.ts'],
    // One database for the run; files run one after another, each with its own Payload.
    fileParallelism: false,
    pool: 'forks',
    // Long enough for a setup whose migration run is killed at its deadline and started again.
    hookTimeout: 480_000,
    testTimeout: 60_000,
  },
})
