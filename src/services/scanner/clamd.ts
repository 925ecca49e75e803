import net from 'node:net'

import { settings } from '@/settings'

export type ScanResult = { clean: true } | { clean: false; signature: string }

/** clamd could not be asked: callers fail closed (refuse, or hold the file back). */
export class ScannerUnavailable extends Error {
  constructor(reason: string) {
    super(`The virus scanner is unavailable: ${reason}`)
    this.name = 'ScannerUnavailable'
  }
}

const CHUNK = 64 * 1024

/**
 * Scans bytes with clamd over TCP (`zINSTREAM`): the file goes in length-prefixed chunks,
 * clamd answers `stream: OK` or `stream: <signature> FOUND`. Anything else (no answer in
 * time, a refused connection, an error reply) is `ScannerUnavailable`, never "clean".
 */
export const scanBuffer = (data: Buffer, { host = settings.clamd.host, port = settings.clamd.port, timeoutMs = settings.clamd.timeoutMs } = {}): Promise<ScanResult> =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host, port })
    const replies: Buffer[] = []
    let settled = false
    const finish = (outcome: () => void) => {
      if (!settled) {
        settled = true
        socket.destroy()
        outcome()
      }
    }
    socket.setTimeout(timeoutMs, () => finish(() => reject(new ScannerUnavailable(`no answer within ${timeoutMs} ms`))))
    socket.on('error', (error) => finish(() => reject(new ScannerUnavailable(error.message))))
    socket.on('connect', () => {
      socket.write('zINSTREAM\0')
      for (let offset = 0; offset < data.length; offset += CHUNK) {
        const chunk = data.subarray(offset, offset + CHUNK)
        const size = Buffer.alloc(4)
        size.writeUInt32BE(chunk.length)
        socket.write(size)
        socket.write(chunk)
      }
      socket.write(Buffer.alloc(4))
    })
    socket.on('data', (chunk) => replies.push(chunk))
    socket.on('end', () => {
      const reply = Buffer.concat(replies).toString('utf8').replace(/\0/g, '').trim()
      const found = /^stream: (.+) FOUND$/.exec(reply)
      if (reply === 'stream: OK') {
        finish(() => resolve({ clean: true }))
      } else if (found) {
        finish(() => resolve({ clean: false, signature: found[1]! }))
      } else {
        finish(() => reject(new ScannerUnavailable(reply ? `clamd answered "${reply}"` : 'clamd closed without an answer')))
      }
    })
  })
