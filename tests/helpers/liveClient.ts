import WebSocket from 'ws'

export type LiveMessage = { type: string; unread?: number; notification?: { id: number; title: string; kind: string; tenant: number }; catchUp?: boolean; count?: number; truncated?: boolean; school?: string }

export type LiveClient = {
  socket: WebSocket
  messages: LiveMessage[]
  /** The first message (already received or arriving) matching `match`, or an error at the deadline. */
  next: (match: (message: LiveMessage) => boolean, timeoutMs?: number) => Promise<LiveMessage>
  close: () => Promise<void>
}

/** A WebSocket client of the live notifications endpoint, keeping what it hears; rejects with the HTTP status of a refusal. */
export const connectLive = (origin: string, { school, token, cookie, from, after }: { school: string; token?: string; cookie?: string; from?: string; after?: number }): Promise<LiveClient> =>
  new Promise((resolve, reject) => {
    const url = new URL('/api/notifications/live', origin.replace(/^http/, 'ws'))
    url.searchParams.set('school', school)
    if (after !== undefined) {
      url.searchParams.set('after', String(after))
    }
    const headers: Record<string, string> = {}
    if (token) {
      headers.authorization = `JWT ${token}`
    }
    if (cookie) {
      headers.cookie = cookie
    }
    const socket = new WebSocket(url, { headers, ...(from ? { origin: from } : {}) })
    const messages: LiveMessage[] = []
    const waiters = new Set<() => void>()
    socket.on('message', (data) => {
      messages.push(JSON.parse(String(data)) as LiveMessage)
      waiters.forEach((wake) => wake())
    })
    socket.once('unexpected-response', (_request, response) => reject(Object.assign(new Error(`refused: ${response.statusCode}`), { status: response.statusCode })))
    socket.once('error', reject)
    socket.once('open', () =>
      resolve({
        socket,
        messages,
        next: (match, timeoutMs = 10_000) =>
          new Promise((found, fail) => {
            const check = () => {
              const message = messages.find(match)
              if (message) {
                waiters.delete(check)
                clearTimeout(timer)
                found(message)
              }
            }
            const timer = setTimeout(() => {
              waiters.delete(check)
              fail(new Error(`no matching message within ${timeoutMs} ms; heard: ${JSON.stringify(messages)}`))
            }, timeoutMs)
            waiters.add(check)
            check()
          }),
        close: () =>
          new Promise((closed) => {
            if (socket.readyState === WebSocket.CLOSED) {
              closed()
              return
            }
            socket.once('close', () => closed())
            socket.close()
          }),
      }),
    )
  })

/** The status a refused connection was answered with. */
export const refusedWith = async (attempt: Promise<LiveClient>): Promise<number> =>
  attempt.then(
    async (client) => {
      await client.close()
      return 101
    },
    (error: { status?: number }) => error.status ?? 0,
  )
