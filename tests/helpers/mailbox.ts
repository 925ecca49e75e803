import { type ParsedMail, simpleParser } from 'mailparser'
import { EventEmitter } from 'node:events'
import { SMTPServer } from 'smtp-server'

export type Mail = {
  to: string[]
  subject: string
  html: string
  text: string
  attachments: { filename: string; contentType: string; content: Buffer }[]
  /** The message as it arrived (for DKIM checks), its headers (lower-case names), and the envelope's sender. */
  raw: Buffer
  headers: Map<string, unknown>
  envelopeFrom: string
}

export type Mailbox = {
  port: number
  received: Mail[]
  /** Resolves with the first mail (already received or arriving) matching `match`, or rejects at the deadline. */
  waitFor: (match: (mail: Mail) => boolean, timeoutMs?: number) => Promise<Mail>
  /**
   * Holds the next message after its data arrives, before answering it: `held` resolves once the
   * sender is waiting for the answer, `release` answers (and keeps the message).
   */
  hold: () => { held: Promise<void>; release: () => void }
  /** Answers 550 at RCPT for these addresses (a mailbox that does not exist). */
  refuse: (address: string) => void
  /** Takes mail for an address refused before. */
  accept: (address: string) => void
  /** Answers 451 at RCPT for these addresses (try again later) until accepted. */
  deferFor: (address: string) => void
  /** Answers 554 after the data of mail to these addresses (the message refused, not the mailbox). */
  refuseContentFor: (address: string) => void
  close: () => Promise<void>
}

type Hold = { arrived: () => void; released: Promise<void> }

const addresses = (parsed: ParsedMail): string[] => {
  const to = Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []
  return to.flatMap((group) => group.value.map((a) => (a.address ?? '').toLowerCase()))
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export const startMailbox = async (): Promise<Mailbox> => {
  const received: Mail[] = []
  const holds: Hold[] = []
  const refused = new Set<string>()
  const contentRefused = new Set<string>()
  const deferred = new Set<string>()
  const events = new EventEmitter()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (deferred.has(address.address.toLowerCase())) {
        callback(Object.assign(new Error('4.2.1 Mailbox busy, try again later'), { responseCode: 451 }))
        return
      }
      if (refused.has(address.address.toLowerCase())) {
        callback(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }))
        return
      }
      callback()
    },
    onData(stream, session, callback) {
      if (session.envelope.rcptTo.some((r) => contentRefused.has(r.address.toLowerCase()))) {
        stream.on('end', () => callback(Object.assign(new Error('5.7.1 Message refused as spam'), { responseCode: 554 })))
        stream.resume()
        return
      }
      const hold = holds.shift()
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      new Promise<Buffer>((resolve, reject) => {
        stream.on('end', () => resolve(Buffer.concat(chunks)))
        stream.on('error', reject)
      })
        .then(async (raw) => ({ raw, parsed: await simpleParser(raw) }))
        .then(async ({ raw, parsed }) => {
          if (hold) {
            hold.arrived()
            await hold.released
          }
          const mail = {
            to: addresses(parsed),
            subject: parsed.subject ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            text: parsed.text ?? '',
            attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })),
            raw,
            headers: parsed.headers as Map<string, unknown>,
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          }
          received.push(mail)
          events.emit('mail', mail)
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  const waitFor: Mailbox['waitFor'] = (match, timeoutMs = 10_000) => {
    const found = received.find(match)
    if (found) {
      return Promise.resolve(found)
    }
    return new Promise((resolve, reject) => {
      const onMail = (mail: Mail) => {
        if (match(mail)) {
          clearTimeout(timer)
          events.off('mail', onMail)
          resolve(mail)
        }
      }
      const timer = setTimeout(() => {
        events.off('mail', onMail)
        reject(new Error(`no matching mail within ${timeoutMs} ms; received: ${received.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ')}`))
      }, timeoutMs)
      events.on('mail', onMail)
    })
  }

  const hold: Mailbox['hold'] = () => {
    let arrived!: () => void
    let release!: () => void
    const held = new Promise<void>((resolve) => (arrived = resolve))
    holds.push({ arrived, released: new Promise<void>((resolve) => (release = resolve)) })
    return { held, release }
  }

  return { port, received, waitFor, hold, refuse: (address) => refused.add(address.toLowerCase()), accept: (address) => (refused.delete(address.toLowerCase()), deferred.delete(address.toLowerCase())),
    deferFor: (address) => deferred.add(address.toLowerCase()), refuseContentFor: (address) => contentRefused.add(address.toLowerCase()), close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** The first link in a mail's HTML that starts with `prefix`. */
export const linkIn = (mail: Mail, prefix: string): string => {
  const hrefs = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]?.replace(/&amp;/g, '&') ?? '')
  const link = hrefs.find((href) => href.startsWith(prefix))
  if (!link) {
    throw new Error(`no link starting with ${prefix} in mail "${mail.subject}"`)
  }
  return link
}
