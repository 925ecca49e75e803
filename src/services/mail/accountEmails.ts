import { accountMail } from '@/i18n/messages'
import { isLocaleCode, LOCALES } from '@/i18n/locales'
import { settings } from '@/settings'

type Person = { name?: string | null; preferredLocale?: string | null }

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const localeOf = (person: Person) => (isLocaleCode(person.preferredLocale) ? person.preferredLocale : 'en')

const render = (kind: 'verify' | 'reset' | 'invite', person: Person, url: string): string => {
  const locale = localeOf(person)
  const text = accountMail[kind][locale]
  const dir = LOCALES.find((l) => l.code === locale)?.rtl ? 'rtl' : 'ltr'
  return `<!doctype html><html lang="${locale}" dir="${dir}"><body>
<p>${escapeHtml(text.greeting(person.name ?? ''))}</p>
<p>${escapeHtml(text.body)}</p>
<p><a href="${escapeHtml(url)}">${escapeHtml(text.action)}</a></p>
<p>${escapeHtml(url)}</p>
</body></html>`
}

export const verificationLink = (token: string): string =>
  `${settings.serverUrl}/api/users/verify-email?token=${encodeURIComponent(token)}`

export const resetLink = (token: string): string =>
  `${settings.serverUrl}/admin/reset/${encodeURIComponent(token)}`

export const verificationEmail = {
  subject: (person: Person) => accountMail.verify[localeOf(person)].subject,
  html: (person: Person, token: string) => render('verify', person, verificationLink(token)),
}

export const resetEmail = {
  subject: (person: Person) => accountMail.reset[localeOf(person)].subject,
  html: (person: Person, token: string) => render('reset', person, resetLink(token)),
}

export const inviteEmail = {
  subject: (person: Person) => accountMail.invite[localeOf(person)].subject,
  html: (person: Person, token: string) => render('invite', person, resetLink(token)),
}
