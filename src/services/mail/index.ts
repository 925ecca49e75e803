import type { EmailAdapter } from 'payload'

import { nodemailerAdapter } from '@payloadcms/email-nodemailer'

import { metrics } from '@/services/metrics/registry'
import { settings } from '@/settings'

/** Counts what the SMTP server took and what failed (aqoon_mail_total). */
const counted =
  (adapter: EmailAdapter): EmailAdapter =>
  (args) => {
    const initialized = adapter(args)
    return {
      ...initialized,
      sendEmail: async (message) => {
        try {
          const sent: unknown = await initialized.sendEmail(message)
          metrics().mail.inc({ outcome: 'sent' })
          return sent
        } catch (error) {
          metrics().mail.inc({ outcome: 'failed' })
          throw error
        }
      },
    }
  }

const DKIM_HEADERS = 'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Unsubscribe:List-Unsubscribe-Post:List-Id'

/**
 * SMTP through nodemailer when SMTP_HOST is set. Without it Payload prints mail to
 * the log, which suits the demo and nothing else.
 */
export const mailAdapter = (): Promise<EmailAdapter> | undefined => {
  const { smtp } = settings
  if (!smtp.host) {
    return undefined
  }
  const adapter = nodemailerAdapter({
    defaultFromAddress: settings.mailFromAddress,
    defaultFromName: settings.mailFromName,
    skipVerify: true,
    transportOptions: {
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
      // Local SMTP servers in development and tests present no trusted certificate.
      ignoreTLS: !smtp.secure && (smtp.host === '127.0.0.1' || smtp.host === 'localhost'),
      // A server that stops answering fails the send in bounded time; the job tries again later.
      connectionTimeout: Math.min(30_000, smtp.timeoutMs),
      greetingTimeout: Math.min(30_000, smtp.timeoutMs),
      socketTimeout: smtp.timeoutMs,
      // Signed over the one-click unsubscribe headers too (RFC 8058 asks it of mail that has them).
      ...(settings.dkim ? { dkim: { ...settings.dkim, headerFieldNames: DKIM_HEADERS } } : {}),
    },
  })
  return adapter.then(counted)
}
