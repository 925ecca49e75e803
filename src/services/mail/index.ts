import type { EmailAdapter } from 'payload'

import { nodemailerAdapter } from '@payloadcms/email-nodemailer'

import { settings } from '@/settings'

/**
 * SMTP through nodemailer when SMTP_HOST is set. Without it Payload prints mail to
 * the log, which suits the demo and nothing else.
 */
export const mailAdapter = (): Promise<EmailAdapter> | undefined => {
  const { smtp } = settings
  if (!smtp.host) {
    return undefined
  }
  return nodemailerAdapter({
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
    },
  })
}
