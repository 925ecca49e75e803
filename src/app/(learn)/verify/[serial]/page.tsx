import config from '@payload-config'
import { getPayload } from 'payload'
import React from 'react'

import { isLocaleCode } from '@/i18n/locales'
import { direction } from '@/learn/context'
import { certificateText, formatIssueDate } from '@/domain/certificates/certificateText'
import { findVerification } from '@/domain/certificates/verification'

export const dynamic = 'force-dynamic'

export const metadata = { title: 'Certificate verification · Aqoon', robots: { index: false } }

type Props = { params: Promise<{ serial: string }> }

/**
 * The page a certificate's QR code opens: valid or revoked, and the facts printed on the
 * certificate, in the certificate's language. Nothing more personal is shown.
 */
const VerifyPage = async ({ params }: Props) => {
  const { serial } = await params
  const payload = await getPayload({ config })
  let typed = serial
  try {
    typed = decodeURIComponent(serial)
  } catch {
    // A malformed escape is simply not a serial: the lookup answers "no certificate".
  }
  const found = await findVerification(payload, typed)
  if (!found) {
    return (
      <main className="learn-page verify" data-status="unknown">
        <h1>{certificateText.en.notFound}</h1>
      </main>
    )
  }
  const locale = isLocaleCode(found.locale) ? found.locale : 'en'
  const t = certificateText[locale]
  return (
    <main className="learn-page verify" lang={locale} dir={direction(locale)} data-status={found.status}>
      <p className={`verify-status verify-${found.status}`} role="status">
        {found.valid ? `✓ ${t.valid}` : `✗ ${t.revoked}`}
      </p>
      <h1>{t.heading}</h1>
      <dl className="verify-facts">
        <dt>{t.holder}</dt>
        <dd data-field="holder"><bdi>{found.holderName}</bdi></dd>
        <dt>{t.course}</dt>
        <dd data-field="course"><bdi>{found.course}</bdi></dd>
        <dt>{t.school}</dt>
        <dd data-field="school"><bdi>{found.school}</bdi></dd>
        <dt>{t.issued}</dt>
        <dd data-field="issued">{formatIssueDate(found.issuedAt, locale)}</dd>
        <dt>{t.serial}</dt>
        <dd data-field="serial"><bdi>{found.serial}</bdi></dd>
        {found.revokedAt && (
          <>
            <dt>{t.revoked}</dt>
            <dd data-field="revoked">
              {formatIssueDate(found.revokedAt, locale)}
              {found.revokedReason ? `: ${found.revokedReason}` : ''}
            </dd>
          </>
        )}
      </dl>
      <p className="muted">
        {t.signature} <a href={found.jwks}>{found.jwks}</a>.{' '}
        <a href={`/api/certificates/verify/${found.serial}`}>JSON</a>
      </p>
    </main>
  )
}

export default VerifyPage
