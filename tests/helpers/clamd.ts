import { type ChildProcess, spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

/** The EICAR test file: every scanner must flag it; it harms nothing. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*')

export type Clamd = { port: number; stop: () => Promise<void> }

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

const ping = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    let reply = ''
    socket.setTimeout(1_000, () => socket.destroy())
    socket.on('connect', () => socket.write('zPING\0'))
    socket.on('data', (chunk) => (reply += chunk.toString()))
    socket.on('close', () => resolve(reply.includes('PONG')))
    socket.on('error', () => resolve(false))
  })

/**
 * A real clamd (Debian's clamav-daemon) on a free loopback port, with a signature
 * database of our own holding EICAR: its hash (.hdb) and its body (.ndb, which also finds
 * it inside larger files). freshclam's download is not needed, nor possible offline.
 */
export const startClamd = async ({ port: wanted }: { port?: number } = {}): Promise<Clamd> => {
  const dir = path.resolve('.data/test/clamd')
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 })
  fs.chmodSync(dir, 0o755)
  const md5 = crypto.createHash('md5').update(EICAR).digest('hex')
  fs.writeFileSync(path.join(dir, 'aqoon-test.hdb'), `${md5}:${EICAR.length}:Aqoon-Test-EICAR\n`)
  fs.writeFileSync(path.join(dir, 'aqoon-test.ndb'), `Aqoon-Test-EICAR-Body:0:*:${Buffer.from('EICAR-STANDARD-ANTIVIRUS-TEST-FILE').toString('hex')}\n`)
  // A restart can take the port back, for an app whose settings already name it.
  const port = wanted ?? (await freePort())
  const conf = path.join(dir, 'clamd.conf')
  fs.writeFileSync(
    conf,
    [`DatabaseDirectory ${dir}`, `TCPSocket ${port}`, 'TCPAddr 127.0.0.1', 'Foreground yes', 'User root', 'LogTime no', 'StreamMaxLength 30M'].join('\n') + '\n',
  )
  const child: ChildProcess = spawn('clamd', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const deadline = Date.now() + 60_000
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`clamd did not start:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}
