import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An HTTP server for a stand-in on 127.0.0.1 at a free port. `serve` hands it every request
 * with its body read whole as text; a handler that throws is logged under `name` and left to
 * `failed` to answer (or drop) the request.
 */
export const startLoopbackServer = async ({ name }: { name: string }) => {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const serve = ({
    handle,
    failed,
  }: {
    handle: (req: http.IncomingMessage, res: http.ServerResponse, text: string) => Promise<void>
    failed: (res: http.ServerResponse) => void
  }) => {
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
          console.error(`[${name}]`, error)
          failed(res)
        })
      })
    })
  }

  /** Drops open connections (keep-alive ones too) and stops listening. */
  const close = async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  }

  return { baseUrl, serve, close }
}
