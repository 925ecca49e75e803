import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

/** The EICAR test file: every scanner must flag it; it harms nothing. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*')

/** Where Debian's freshclam keeps the signatures it downloads. */
const SYSTEM_SIGNATURES = '/var/lib/clamav'

export type LocalClamd = {
  port: number
  /** `system`: freshclam's downloaded signatures; `eicar-only`: only the EICAR test signature. */
  signatures: 'system' | 'eicar-only'
  stop: () => Promise<void>
}

/** Whether a clamd answers PING at host:port. */
export const clamdAnswers = (host: string, port: number, timeoutMs = 1_000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port })
    let reply = ''
    socket.setTimeout(timeoutMs, () => socket.destroy())
    socket.on('connect', () => socket.write('zPING\0'))
    socket.on('data', (chunk) => (reply += chunk.toString()))
    socket.on('close', () => resolve(reply.includes('PONG')))
    socket.on('error', () => resolve(false))
  })

/** Whether the clamd program is installed (Debian's clamav-daemon). */
export const clamdInstalled = (): boolean => spawnSync('clamd', ['--version'], { stdio: 'ignore' }).status === 0

const hasSystemSignatures = (): boolean => {
  try {
    return fs.readdirSync(SYSTEM_SIGNATURES).some((name) => /\.(cvd|cld|cud)$/.test(name))
  } catch {
    return false
  }
}

/** A signature database of our own holding EICAR: its hash (.hdb) and its body (.ndb, which also finds it inside larger files). */
const writeEicarSignatures = (dir: string): void => {
  const md5 = crypto.createHash('md5').update(EICAR).digest('hex')
  fs.writeFileSync(path.join(dir, 'aqoon-test.hdb'), `${md5}:${EICAR.length}:Aqoon-Test-EICAR\n`)
  fs.writeFileSync(path.join(dir, 'aqoon-test.ndb'), `Aqoon-Test-EICAR-Body:0:*:${Buffer.from('EICAR-STANDARD-ANTIVIRUS-TEST-FILE').toString('hex')}\n`)
}

/**
 * Starts a clamd of its own on 127.0.0.1:`port`, its configuration in `dir`: with freshclam's
 * signatures when the machine has them (and `useSystemSignatures`), otherwise with the EICAR test
 * signature alone, so the scanning path works without a download (the demo says which).
 * Resolves once it answers PING; loading the full signatures takes a minute or so.
 */
export const startLocalClamd = async ({ dir, port, useSystemSignatures = true }: { dir: string; port: number; useSystemSignatures?: boolean }): Promise<LocalClamd> => {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 })
  // clamd may read as another user than the one that made the folder.
  fs.chmodSync(dir, 0o755)
  const signatures = useSystemSignatures && hasSystemSignatures() ? 'system' : 'eicar-only'
  if (signatures === 'eicar-only') {
    writeEicarSignatures(dir)
  }
  const conf = path.join(dir, 'clamd.conf')
  const lines = [
    `DatabaseDirectory ${signatures === 'system' ? SYSTEM_SIGNATURES : dir}`,
    `TCPSocket ${port}`,
    'TCPAddr 127.0.0.1',
    'Foreground yes',
    'LogTime no',
    'StreamMaxLength 30M',
    // Run as root, clamd would switch to its packaged user; stay who we are.
    ...(process.getuid?.() === 0 ? ['User root'] : []),
  ]
  fs.writeFileSync(conf, `${lines.join('\n')}\n`)
  const child: ChildProcess = spawn('clamd', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const deadline = Date.now() + 180_000
  while (!(await clamdAnswers('127.0.0.1', port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`clamd did not start:\n${output.slice(-2000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    port,
    signatures,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}
