import { accountMail } from '@/i18n/messages'
import { isLocaleCode, LOCALES } from '@/i18n/locales'
import { settings } from '@/settings'
import { escapeHtml } from '@/shared/escapeHtml'

type Person = { name?: string | null; preferredLocale?: string | null }
type Kind = keyof typeof accountMail
type Text = (typeof accountMail)[Kind]['en']

const localeOf = (person: Person) => (isLocaleCode(person.preferredLocale) ? person.preferredLocale : 'en')

const render = (texts: Record<string, Text>, person: Person, url: string): string => {
  const locale = localeOf(person)
  const text = texts[locale]!
  const dir = LOCALES.find((l) => l.code === locale)?.rtl ? 'rtl' : 'ltr'
  return `<!doctype html><html lang="${locale}" dir="${dir}"><body>
<p>${escapeHtml(text.greeting(person.name ?? ''))}</p>
<p>${escapeHtml(text.body)}</p>
<p><a href="${escapeHtml(url)}">${escapeHtml(text.action)}</a></p>
<p>${escapeHtml(url)}</p>
</body></html>`
}

/** An account email: its subject and HTML in the person's language, around one link. */
const accountEmail = (kind: Kind, link: (token: string, person: Person) => string) => ({
  subject: (person: Person) => accountMail[kind][localeOf(person)].subject,
  html: (person: Person, token: string) => render(accountMail[kind], person, link(token, person)),
})

export const verificationLink = (token: string): string =>
  `${settings.serverUrl}/api/users/verify-email?token=${encodeURIComponent(token)}`

export const resetLink = (token: string): string =>
  `${settings.serverUrl}/admin/reset/${encodeURIComponent(token)}`

/** The learner site's page for accepting, in the invited person's language. */
export const invitationLink = (token: string, person: Person = {}): string =>
  `${settings.serverUrl}/learn/invitation?token=${encodeURIComponent(token)}&locale=${localeOf(person)}`

export const emailChangeLink = (token: string): string =>
  `${settings.serverUrl}/api/users/confirm-email?token=${encodeURIComponent(token)}`

export const verificationEmail = accountEmail('verify', verificationLink)
export const resetEmail = accountEmail('reset', resetLink)
export const inviteEmail = accountEmail('invite', invitationLink)
export const emailChangeEmail = accountEmail('emailChange', emailChangeLink)
/** Told to the old address; its link leads to choosing a new password. */
export const emailChangeNotice = accountEmail('emailChangeNotice', () => `${settings.serverUrl}/admin/forgot`)
