import type { PayloadRequest } from 'payload'

import { conflict, notFound } from '@/shared/domainError'
import type { Certificate } from '@/payload-types'


import { CERTIFICATE_FILES, CERTIFICATES, COURSES, ENROLLMENTS, MEDIA, TENANTS, USERS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { DEFAULT_LOCALE, isLocaleCode, type LocaleCode } from '@/i18n/locales'
import { inTransaction, LOCKS, lockFor, readingIn } from '@/services/database/transactions'
import { renderPdf } from '@/services/pdf/chromium'
import { readStoredFile } from '@/services/storage/readStoredFile'
import { settings } from '@/settings'

import { certificateHtml } from './certificateHtml'
import { newSerial } from './serial'
import { signClaims } from './signingKey'
import { verificationUrl } from './verification'

type Args = {
  req: PayloadRequest
  enrollmentId: number
  /** The certificate this one replaces (a re-issue). */
  replaces?: number
}

/** Logos as data: URLs by stored file name: a stored name never gets other bytes (names are generated). */
const logoCache = new Map<string, string>()
const LOGO_CACHE_ENTRIES = 100

/** The school's logo as a data: URL, when it has one (the PDF renders offline). Read from storage once per file. */
const logoDataUrl = async (req: PayloadRequest, logo: unknown): Promise<string | undefined> => {
  const id = relationId(logo)
  if (id === undefined) {
    return undefined
  }
  const media = await req.payload.findByID({ collection: MEDIA, id, depth: 0, select: { filename: true, mimeType: true }, overrideAccess: true, disableErrors: true, req })
  if (!media?.filename || !media.mimeType?.startsWith('image/')) {
    return undefined
  }
  const known = logoCache.get(media.filename)
  if (known) {
    return known
  }
  const data = await readStoredFile(MEDIA, media.filename)
  if (!data) {
    // A certificate without the school's logo would be wrong for good; the job retries instead.
    throw new Error(`The school's logo (${media.filename}) could not be read from storage.`)
  }
  const url = `data:${media.mimeType};base64,${data.toString('base64')}`
  if (logoCache.size >= LOGO_CACHE_ENTRIES) {
    logoCache.delete(logoCache.keys().next().value!)
  }
  logoCache.set(media.filename, url)
  return url
}

/**
 * Issues the certificate of a completed enrollment: snapshot of the holder's name and the
 * course title in the course's language, a signed credential, and a PDF. Idempotent: under
 * the enrollment's lock, an existing valid certificate is returned instead of a second one.
 * Returns undefined when the course gives no certificates.
 */
export const issueCertificate = async ({ req, enrollmentId, replaces }: Args): Promise<{ certificate: Certificate; created: boolean } | undefined> =>
  inTransaction(req, async () => {
    await lockFor(req, LOCKS.certificateIssue, enrollmentId)
    const existing = await req.payload.find({
      collection: CERTIFICATES,
      where: { and: [{ enrollment: { equals: enrollmentId } }, { status: { equals: 'valid' } }] },
      limit: 1,
      pagination: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
    if (existing.docs[0]) {
      return { certificate: existing.docs[0], created: false }
    }
    const enrollment = await req.payload.findByID({ collection: ENROLLMENTS, id: enrollmentId, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (!enrollment) {
      throw notFound('No such enrollment.')
    }
    if (enrollment.status !== 'completed') {
      throw conflict('Only a completed enrollment earns a certificate.')
    }
    const courseId = relationId(enrollment.course)!
    // Every translation at once: which one the certificate uses depends on the course's language.
    const course = await req.payload.findByID({
      collection: COURSES,
      id: courseId,
      depth: 0,
      locale: 'all',
      select: { title: true, tenant: true, language: true, issuesCertificate: true },
      overrideAccess: true,
      req: await readingIn(req, 'all'),
    })
    if (course.issuesCertificate === false) {
      return undefined
    }
    const locale: LocaleCode = isLocaleCode(course.language) ? course.language : DEFAULT_LOCALE
    const titles = course.title as unknown as Partial<Record<LocaleCode, string>>
    const courseTitle = titles[locale] || titles[DEFAULT_LOCALE] || ''
    const tenantId = relationId(course.tenant)!
    const tenant = await req.payload.findByID({ collection: TENANTS, id: tenantId, depth: 0, locale, overrideAccess: true, req: await readingIn(req, locale) })
    const holderId = relationId(enrollment.user)!
    const holder = await req.payload.findByID({ collection: USERS, id: holderId, depth: 0, select: { name: true }, overrideAccess: true, req })

    const serial = newSerial()
    const issuedAt = new Date().toISOString()
    const facts = {
      serial,
      holderName: holder.name,
      courseTitle,
      schoolName: tenant.branding?.displayName || tenant.name,
      locale,
      issuedAt,
    }
    const credential = await signClaims({
      iss: settings.serverUrl,
      sub: serial,
      jti: serial,
      iat: Math.floor(Date.parse(issuedAt) / 1000),
      certificate: facts,
    })
    const pdf = await renderPdf(
      await certificateHtml({
        ...facts,
        timeZone: tenant.timezone,
        verifyUrl: verificationUrl(serial),
        colour: tenant.branding?.primaryColor ?? '',
        logo: await logoDataUrl(req, tenant.branding?.logo),
      }),
    )
    const file = await req.payload.create({
      collection: CERTIFICATE_FILES,
      data: { holder: holderId, course: courseId, tenant: tenantId },
      file: { data: pdf, mimetype: 'application/pdf', name: `certificate-${serial}.pdf`, size: pdf.length },
      overrideAccess: true,
      req,
    })
    const certificate = await req.payload.create({
      collection: CERTIFICATES,
      data: {
        ...facts,
        title: `${serial} — ${facts.holderName} — ${facts.courseTitle}`.slice(0, 300),
        status: 'valid',
        holder: holderId,
        enrollment: enrollmentId,
        course: courseId,
        tenant: tenantId,
        file: file.id,
        replaces: replaces ?? null,
        credential,
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
    return { certificate, created: true }
  })
