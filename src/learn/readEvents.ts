/** One server-sent event: its name (`message` when it has none) and its data, parsed as JSON when it is. */
export type ServerEvent = { event: string; data: unknown }

const parseBlock = (block: string): ServerEvent | null => {
  let event = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    // A line starting with a colon is a comment (a keep-alive).
    if (line === '' || line.startsWith(':')) {
      continue
    }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') {
      event = value
    } else if (field === 'data') {
      data.push(value)
    }
  }
  if (data.length === 0) {
    return null
  }
  const text = data.join('\n')
  try {
    return { event, data: JSON.parse(text) as unknown }
  } catch {
    return { event, data: text }
  }
}

/**
 * Reads a `text/event-stream` body as it arrives and hands each event to `onEvent`, in order.
 * An event ends with a blank line; one cut off by a chunk's end waits for the next chunk.
 */
export const readEvents = async (body: ReadableStream<Uint8Array>, onEvent: (event: ServerEvent) => void): Promise<void> => {
  const reader = body.getReader()
  // Streaming decode: a character split between two chunks is put back together.
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) {
      break
    }
    buffer = (buffer + decoder.decode(value, { stream: true })).replace(/\r\n/g, '\n')
    let end = buffer.indexOf('\n\n')
    while (end !== -1) {
      const parsed = parseBlock(buffer.slice(0, end))
      buffer = buffer.slice(end + 2)
      if (parsed) {
        onEvent(parsed)
      }
      end = buffer.indexOf('\n\n')
    }
  }
  const last = parseBlock((buffer + decoder.decode()).replace(/\r\n/g, '\n'))
  if (last) {
    onEvent(last)
  }
}
