import path from 'node:path'

import { clamdAnswers, clamdInstalled, type LocalClamd, startLocalClamd } from '@/services/scanner/localClamd'
import { settings } from '@/settings'

/**
 * Every upload is scanned, and refused (503) while no scanner answers. For the demo: use the
 * clamd that CLAMD_HOST/CLAMD_PORT name if it answers; otherwise start one of our own when
 * Debian's clamav-daemon is installed; otherwise say plainly that uploads wait for a scanner and
 * how to get one. Answers the clamd it started, to stop with the app.
 */
export const ensureScanner = async (log: (line: string) => void): Promise<LocalClamd | undefined> => {
  const { host, port } = settings.clamd
  if (await clamdAnswers(host, port)) {
    log(`Uploads are scanned by the clamd at ${host}:${port}.`)
    return undefined
  }
  const local = host === '127.0.0.1' || host === 'localhost'
  if (!local || !clamdInstalled()) {
    log(`Uploads are refused until a virus scanner answers at ${host}:${port} (CLAMD_HOST, CLAMD_PORT): install Debian's clamav-daemon (apt-get install clamav-daemon) and start the demo again, or point CLAMD_HOST and CLAMD_PORT at a running clamd.`)
    return undefined
  }
  log(`Starting a local clamd on 127.0.0.1:${port} for upload scanning …`)
  try {
    const clamd = await startLocalClamd({ dir: path.join(settings.dataDir, 'clamd'), port })
    log(
      clamd.signatures === 'system'
        ? `Uploads are scanned by a local clamd with freshclam's signatures.`
        : `Uploads are scanned by a local clamd that knows only the EICAR test signature (no downloaded signatures in /var/lib/clamav): run \`freshclam\` for real ones.`,
    )
    return clamd
  } catch (error) {
    log(`Uploads are refused: the local clamd did not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`)
    return undefined
  }
}
