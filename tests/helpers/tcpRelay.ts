import net from 'node:net'

export type TcpRelay = {
  /** `target` with its host and port replaced by the relay's. */
  url: string
  /** Drops every connection and refuses new ones, as a server that went away. */
  cut: () => void
  restore: () => void
  close: () => Promise<void>
}

/** A TCP relay on 127.0.0.1 to the server `target` names (PostgreSQL, Redis), that can be cut and restored. */
export const startTcpRelay = async (target: URL, defaultPort: number): Promise<TcpRelay> => {
  const sockets = new Set<net.Socket>()
  let cut = false
  const dropAll = () => {
    for (const socket of sockets) {
      socket.destroy()
    }
  }
  const server = net.createServer((client) => {
    if (cut) {
      client.destroy()
      return
    }
    const upstream = net.connect(Number(target.port || defaultPort), target.hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => undefined)
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = new URL(target)
  url.hostname = '127.0.0.1'
  url.port = String((server.address() as net.AddressInfo).port)
  return {
    url: url.toString(),
    cut: () => {
      cut = true
      dropAll()
    },
    restore: () => {
      cut = false
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut = true
        dropAll()
        server.close(() => resolve())
      }),
  }
}
