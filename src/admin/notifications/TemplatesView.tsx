import type { AdminViewServerProps } from 'payload'

import { Button, Gutter, SetStepNav } from '@payloadcms/ui'
import React from 'react'

import { AdminFrame, firstParam, requireSignedIn } from '@/admin/AdminFrame'
import { NotAllowed } from '@/admin/analytics/NotAllowed'

import { brandingOf } from '@/domain/notifications/email/send'
import { previewMail } from '@/domain/notifications/email/preview'
import { NOTICE_KIND_NAMES, NOTICE_KINDS } from '@/domain/notifications/kinds'
import { isLocaleCode, LOCALES } from '@/i18n/locales'
import type { NoticeKind } from '@/i18n/notifications'
import { selectedTenant } from '@/tenancy/selectedTenant'

import { TEMPLATES_PATH, templatesURL } from './paths'
import '@/admin/payments/payments.css'

const REFUSAL = { notAllowed: 'Not allowed', notAllowedText: 'Notification templates are for the school’s staff.', logOut: 'Log out' }

/**
 * `/admin/notification-templates?kind=…&locale=…`: a notification mail as its people would get
 * it, in each language, with sample words and the school's branding (the one picked in the
 * tenant selector): subject, the HTML as a mail client shows it, and the plain-text part.
 */
export const TemplatesView = async ({ initPageResult, params, searchParams }: AdminViewServerProps) => {
  const { permissions, req } = initPageResult
  const { admin, routes } = req.payload.config
  requireSignedIn(req, TEMPLATES_PATH)
  // Users' `access.admin` is the staff rule; custom views are let through without it.
  if (!permissions.canAccessAdmin) {
    return <NotAllowed adminRoute={routes.admin} logoutRoute={admin.routes.logout} strings={REFUSAL} />
  }
  const asked = firstParam(searchParams?.kind)
  const kind: NoticeKind = NOTICE_KIND_NAMES.includes(asked as NoticeKind) ? (asked as NoticeKind) : 'grade-released'
  const askedLocale = firstParam(searchParams?.locale)
  const mailLocale = isLocaleCode(askedLocale) ? askedLocale : 'en'
  const tenant = selectedTenant(req)
  const branding = tenant ? await brandingOf(req.payload, tenant, mailLocale) : { name: 'Your school', color: null, logoUrl: null }
  const mail = previewMail(kind, mailLocale, branding)
  return (
    <AdminFrame initPageResult={initPageResult} params={params} searchParams={searchParams}>
      <Gutter className="revenue notification-templates">
        <SetStepNav nav={[{ label: 'Notification templates' }]} />
        <h1>Notification templates</h1>
        <p className="revenue__intro">
          Each notification mail as its people get it, in each language, with sample words. The school picked in the selector above gives its name, colour and logo.
          {NOTICE_KINDS[kind].critical ? ' This kind is critical: it is always sent, and carries no unsubscribe link.' : ''}
        </p>
        <form action={templatesURL(routes.admin)} className="revenue__range" method="get">
          <div className="field-type select">
            <label className="field-label" htmlFor="template-kind">
              Kind
            </label>
            <select defaultValue={kind} id="template-kind" name="kind">
              {NOTICE_KIND_NAMES.map((k) => (
                <option key={k} value={k}>
                  {k} ({NOTICE_KINDS[k].category})
                </option>
              ))}
            </select>
          </div>
          <div className="field-type select">
            <label className="field-label" htmlFor="template-locale">
              Language
            </label>
            <select defaultValue={mailLocale} id="template-locale" name="locale">
              {LOCALES.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
          <Button buttonStyle="secondary" id="template-show" margin={false} size="large" type="submit">
            Show
          </Button>
        </form>
        <h2 id="template-subject">{mail.subject}</h2>
        {/* The mail's own HTML, apart from the panel: no scripts, nothing shared with the page. */}
        <iframe sandbox="" srcDoc={mail.html} style={{ border: '1px solid var(--theme-elevation-150)', height: 520, width: '100%' }} title="HTML part" />
        <h3>Plain text</h3>
        <pre id="template-text" style={{ whiteSpace: 'pre-wrap' }}>
          {mail.text}
        </pre>
      </Gutter>
    </AdminFrame>
  )
}
