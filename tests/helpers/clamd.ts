import net from 'node:net'
import path from 'node:path'

import { EICAR, type LocalClamd, startLocalClamd } from '@/services/scanner/localClamd'

export { EICAR }

export type Clamd = Pick<LocalClamd, 'port' | 'stop'>

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

/**
 * A real clamd (Debian's clamav-daemon) on a free loopback port, with the EICAR signature
 * database the app's own local clamd uses when the machine has no downloaded signatures:
 * freshclam's download is not needed, nor possible offline. A restart can take the port back,
 * for an app whose settings already name it.
 */
export const startClamd = async ({ port }: { port?: number } = {}): Promise<Clamd> =>
  startLocalClamd({ dir: path.resolve('.data/test/clamd'), port: port ?? (await freePort()), useSystemSignatures: false })
