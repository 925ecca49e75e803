import type { Endpoint, PayloadRequest } from 'payload'

import { reconfirmAddress } from '@/domain/notifications/email/send'
import { readUnsubscribeToken, unsubscribe } from '@/domain/notifications/unsubscribe'
import { requirePerson } from '@/http/requestHelpers'
import { CATEGORY_LABELS } from '@/domain/notifications/preferences'
import { isLocaleCode, LOCALES, type LocaleCode } from '@/i18n/locales'
import { unsubscribeWords } from '@/i18n/notifications'
import { USERS } from '@/shared/slugs'
import { escapeHtml } from '@/shared/escapeHtml'

const page = (locale: LocaleCode, status: number, body: string): Response => {
  const words = unsubscribeWords[locale]
  const dir = LOCALES.find((l) => l.code === locale)?.rtl ? 'rtl' : 'ltr'
  return new Response(`<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>${escapeHtml(words.title)}</title></head><body style="font-family:Arial,sans-serif;max-width:520px;margin:48px auto;padding:0 16px">${body}</body></html>`, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
  })
}

/** The token's person and category, and the language to answer in (the person's own). */
const tokenOf = async (req: PayloadRequest) => {
  const token = req.searchParams.get('token') ?? ''
  const named = readUnsubscribeToken(req.payload.secret, token)
  const person = named ? await req.payload.findByID({ collection: USERS, id: named.person, depth: 0, overrideAccess: true, disableErrors: true, select: { preferredLocale: true }, req }) : null
  const locale: LocaleCode = isLocaleCode(person?.preferredLocale) ? person.preferredLocale : 'en'
  return { token, named: named && person ? named : null, locale }
}

/**
 * `GET /api/notification-preferences/unsubscribe?token=…`: what a click on a mail's link opens.
 * It asks and changes nothing: link scanners and previews follow GET links (RFC 8058).
 */
export const unsubscribePage: Endpoint = {
  path: '/unsubscribe',
  method: 'get',
  handler: async (req) => {
    const { token, named, locale } = await tokenOf(req)
    const words = unsubscribeWords[locale]
    if (!named) {
      return page(locale, 404, `<h1>${escapeHtml(words.title)}</h1><p>${escapeHtml(words.invalid)}</p>`)
    }
    return page(
      locale,
      200,
      `<h1>${escapeHtml(words.question)}</h1><p>${escapeHtml(CATEGORY_LABELS[named.category])}</p><form method="post" action="?token=${encodeURIComponent(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(words.button)}</button></form>`,
    )
  },
}

/**
 * `POST /api/notification-preferences/unsubscribe?token=…`: one-click unsubscribe (RFC 8058),
 * as a mail client sends it (`List-Unsubscribe=One-Click`, no cookies), or the page's button.
 * The category's mail is turned off for the token's person. 404 for a token not made here.
 */
export const unsubscribeEndpoint: Endpoint = {
  path: '/unsubscribe',
  method: 'post',
  handler: async (req) => {
    const { named, locale } = await tokenOf(req)
    const words = unsubscribeWords[locale]
    if (!named) {
      return page(locale, 404, `<h1>${escapeHtml(words.title)}</h1><p>${escapeHtml(words.invalid)}</p>`)
    }
    await unsubscribe(req, named.person, named.category)
    return page(locale, 200, `<h1>${escapeHtml(words.title)}</h1><p>${escapeHtml(words.done)}</p>`)
  },
}

/**
 * `POST /api/notification-preferences/confirm-address`: the signed-in person says their mailbox
 * works again after bounces stopped their notification mail. A mail is sent at once; if their
 * server takes it, mail starts again (`200 {status: "confirmed"}`), else `409` with its answer.
 */
export const confirmAddressEndpoint: Endpoint = {
  path: '/confirm-address',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'confirm your address')
    const status = await reconfirmAddress(req, { id: person.id, email: String(person.email ?? '') })
    return Response.json({ status }, { headers: { 'Cache-Control': 'no-store' } })
  },
}
