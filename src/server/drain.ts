import type http from 'node:http'

/**
 * Stops taking connections, closes the idle ones and waits for the requests in flight to be
 * answered; whatever is still open after `graceMs` is cut. Answers whether anything was cut.
 */
export const drainServer = (server: http.Server, graceMs: number): Promise<{ cut: boolean }> =>
  new Promise((resolve) => {
    let cut = false
    const timer = setTimeout(() => {
      cut = true
      server.closeAllConnections()
    }, graceMs)
    server.close(() => {
      clearTimeout(timer)
      resolve({ cut })
    })
    // A keep-alive connection between requests would otherwise hold the close open until it times out.
    server.closeIdleConnections()
  })
