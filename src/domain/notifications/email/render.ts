import { isLocaleCode, LOCALES, type LocaleCode } from '@/i18n/locales'
import { mailFrame } from '@/i18n/notifications'
import { settings } from '@/settings'
import { escapeHtml } from '@/shared/escapeHtml'

/** How a school looks in its mail: its name in the reader's language, its colour and logo. */
export type Branding = { name: string; color: string | null; logoUrl: string | null }

export type MailItem = { subject: string; body: string | null; link: string | null }

export type RenderedMail = { subject: string; html: string; text: string }

/** A path on this server made absolute; an absolute link kept (only http(s)). */
const absolute = (link: string | null): string | null => (link ? (/^https?:\/\//.test(link) ? link : `${settings.serverUrl}${link.startsWith('/') ? '' : '/'}${link}`) : null)

const COLOR = /^#[0-9a-fA-F]{6}$/

const frame = ({ locale, branding, content, text, unsubscribe }: { locale: LocaleCode; branding: Branding; content: string; text: string; unsubscribe: string | null }) => {
  const words = mailFrame[locale]
  const rtl = LOCALES.find((l) => l.code === locale)?.rtl ?? false
  const dir = rtl ? 'rtl' : 'ltr'
  const align = rtl ? 'right' : 'left'
  const color = branding.color && COLOR.test(branding.color) ? branding.color : '#1f4e79'
  const manage = `${settings.serverUrl}/learn/notifications`
  const header = branding.logoUrl
    ? `<img src="${escapeHtml(branding.logoUrl)}" alt="${escapeHtml(branding.name)}" height="40" style="height:40px">`
    : `<strong style="font-size:18px;color:${color}">${escapeHtml(branding.name)}</strong>`
  const html = `<!doctype html>
<html lang="${locale}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(branding.name)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,'Noto Sans Arabic',sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" dir="${dir}" style="background:#f4f5f7"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-top:4px solid ${color};text-align:${align}">
<tr><td style="padding:20px 24px 0">${header}</td></tr>
<tr><td style="padding:16px 24px;color:#1d2330;font-size:15px;line-height:1.5">${content}</td></tr>
<tr><td style="padding:16px 24px 24px;color:#6b7280;font-size:12px;line-height:1.5">
<p style="margin:0 0 8px">${escapeHtml(words.why(branding.name))}</p>
<p style="margin:0"><a href="${escapeHtml(manage)}" style="color:#6b7280">${escapeHtml(words.manage)}</a>${unsubscribe ? ` · <a href="${escapeHtml(unsubscribe)}" style="color:#6b7280">${escapeHtml(words.unsubscribe)}</a>` : ''}</p>
</td></tr></table></td></tr></table>
</body></html>`
  const plain = `${text}\n\n--\n${words.why(branding.name)}\n${words.manage}: ${manage}${unsubscribe ? `\n${words.unsubscribe}: ${unsubscribe}` : ''}\n`
  return { html, text: plain }
}

const button = (href: string, label: string, color: string | null) =>
  `<p style="margin:20px 0 0"><a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 18px;background:${color && COLOR.test(color) ? color : '#1f4e79'};color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(label)}</a></p>`

/** One notification as a mail: its title as the subject, its words, a button to where it leads. */
export const renderNotificationMail = ({ locale: raw, branding, item, unsubscribe }: { locale: string; branding: Branding; item: MailItem; unsubscribe: string | null }): RenderedMail => {
  const locale = isLocaleCode(raw) ? raw : 'en'
  const link = absolute(item.link)
  const content = `<h1 style="margin:0 0 12px;font-size:20px">${escapeHtml(item.subject)}</h1>${item.body ? `<p style="margin:0">${escapeHtml(item.body)}</p>` : ''}${link ? button(link, mailFrame[locale].open, branding.color) : ''}`
  const text = `${item.subject}\n\n${item.body ?? ''}${link ? `\n\n${mailFrame[locale].open}: ${link}` : ''}`
  return { subject: item.subject, ...frame({ locale, branding, content, text, unsubscribe }) }
}

/** What happened since the last digest, in one mail: each notification's title, words and link. */
export const renderDigestMail = ({ locale: raw, branding, items, frequency, unsubscribe }: { locale: string; branding: Branding; items: MailItem[]; frequency: 'daily' | 'weekly'; unsubscribe: string | null }): RenderedMail => {
  const locale = isLocaleCode(raw) ? raw : 'en'
  const words = mailFrame[locale]
  const entries = items.map((item) => ({ ...item, link: absolute(item.link) }))
  const content = `<h1 style="margin:0 0 12px;font-size:20px">${escapeHtml(words.digestIntro(frequency))}</h1>${entries
    .map((item) => `<div style="margin:0 0 14px"><strong>${item.link ? `<a href="${escapeHtml(item.link)}" style="color:#1d2330">${escapeHtml(item.subject)}</a>` : escapeHtml(item.subject)}</strong>${item.body ? `<br>${escapeHtml(item.body)}` : ''}</div>`)
    .join('')}`
  const text = `${words.digestIntro(frequency)}\n\n${entries.map((item) => `* ${item.subject}${item.body ? `\n  ${item.body}` : ''}${item.link ? `\n  ${item.link}` : ''}`).join('\n\n')}`
  return { subject: words.digestSubject(items.length, frequency), ...frame({ locale, branding, content, text, unsubscribe }) }
}
