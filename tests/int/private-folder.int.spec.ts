import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

import { folderPostgresCannotEnter } from '@/services/database/embeddedPostgres'

const privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'aqoon-private-'))
fs.chmodSync(privateFolder, 0o700)

afterAll(() => {
  fs.rmSync(privateFolder, { recursive: true, force: true })
})

describe('a clone in a private folder', () => {
  it('should name the folder the postgres user may not enter, and none on the way to a folder it may', () => {
    const inside = path.join(privateFolder, 'aqoon', '.data')
    expect(folderPostgresCannotEnter([inside])).toBe(privateFolder)
    const open = fs.mkdtempSync(path.join(os.tmpdir(), 'aqoon-open-'))
    fs.chmodSync(open, 0o755)
    try {
      expect(folderPostgresCannotEnter([path.join(open, '.data')])).toBeUndefined()
    } finally {
      fs.rmSync(open, { recursive: true, force: true })
    }
  })

  // Run as root (as CI and many servers do), the embedded PostgreSQL runs as `postgres`; as any
  // other user it runs as that user, who may enter their own folders, and nothing stops it.
  it(`should ${process.getuid?.() === 0 ? 'stop `npm run demo` at once with the reason and what to do, not a crash' : 'not stand in the way of its own user'}`, async () => {
    if (process.getuid?.() !== 0) {
      expect(folderPostgresCannotEnter([privateFolder])).toBeUndefined()
      return
    }
    const clone = path.join(privateFolder, 'aqoon')
    expect(spawnSync('git', ['clone', '-q', '--no-hardlinks', process.cwd(), clone]).status).toBe(0)
    // The packages as installed here (their real folder is reachable): what cannot be reached is the clone's own data folder.
    fs.symlinkSync(path.resolve('node_modules'), path.join(clone, 'node_modules'))
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '3127', EMBEDDED_PG_PORT: '54399' }
    for (const key of ['DATABASE_URI', 'AQOON_DATA_DIR', 'PAYLOAD_SECRET', 'NODE_ENV']) {
      delete env[key]
    }
    const demo = spawn('npm', ['run', 'demo'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    demo.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    demo.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const [code] = (await once(demo, 'exit')) as [number | null]
    expect(code).toBe(1)
    expect(output).toContain(`may not enter ${privateFolder} (mode 700)`)
    expect(output).toContain('Clone Aqoon into a folder other users may enter')
    expect(output).not.toMatch(/EACCES|Unhandled|\n\s+at /)
    // It stopped before building or starting anything.
    expect(fs.existsSync(path.join(clone, '.next'))).toBe(false)
    expect(fs.existsSync(path.join(clone, '.data', 'postgres-54399'))).toBe(false)
  }, 120_000)
})
