import type { Payload } from 'payload'

import net from 'node:net'
import type { AddressInfo } from 'node:net'

import { afterAll, beforeAll, expect, it } from 'vitest'

import { mailAdapter } from '@/services/mail'

import { type Mailbox, startMailbox } from '../helpers/mailbox'

const saved = { host: process.env.SMTP_HOST, port: process.env.SMTP_PORT, timeout: process.env.SMTP_TIMEOUT_MS }
let mailbox: Mailbox
const silent: net.Socket[] = []
let mute: net.Server

beforeAll(async () => {
  mailbox = await startMailbox()
  // A server that takes connections and never says a word (not even the SMTP greeting).
  mute = net.createServer((socket) => silent.push(socket))
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve))
})

afterAll(async () => {
  Object.assign(process.env, { SMTP_HOST: saved.host, SMTP_PORT: saved.port })
  if (saved.timeout === undefined) {
    delete process.env.SMTP_TIMEOUT_MS
  } else {
    process.env.SMTP_TIMEOUT_MS = saved.timeout
  }
  silent.forEach((socket) => socket.destroy())
  await new Promise((resolve) => mute.close(resolve))
  await mailbox.close()
})

/** The app's mail transport as configured by these SMTP settings (read when it is made). */
const sender = async (port: number, timeoutMs: string) => {
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_TIMEOUT_MS: timeoutMs })
  const adapter = await mailAdapter()!
  return adapter({ payload: {} as Payload })
}

it('should fail a send whose SMTP server stops answering after the message once SMTP_TIMEOUT_MS has passed', async () => {
  const { held, release } = mailbox.hold()
  try {
    const { sendEmail } = await sender(mailbox.port, '400')
    const sending = sendEmail({ to: 'stalled@aqoon.test', subject: 'Stalled', text: 'The server never answers this.' })
    await held
    // Unbounded by SMTP_TIMEOUT_MS, nodemailer's own limit would leave this waiting ten minutes, past the test's deadline.
    await expect(sending).rejects.toMatchObject({ code: 'ETIMEDOUT' })
  } finally {
    release()
  }
})

it('should fail a send to a server that never greets, and still send through one that answers', async () => {
  const quiet = await sender((mute.address() as AddressInfo).port, '400')
  await expect(quiet.sendEmail({ to: 'nobody@aqoon.test', subject: 'Unheard', text: 'No greeting came.' })).rejects.toMatchObject({ code: 'ETIMEDOUT' })

  const { sendEmail } = await sender(mailbox.port, '400')
  await sendEmail({ to: 'heard@aqoon.test', subject: 'Heard', text: 'Answered at once.' })
  expect((await mailbox.waitFor((mail) => mail.to.includes('heard@aqoon.test'))).subject).toBe('Heard')
  // nodemailer's own greeting limit (30 s) would outlast this test's deadline.
}, 15_000)
