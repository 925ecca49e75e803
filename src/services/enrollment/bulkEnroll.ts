import type { PayloadRequest } from 'payload'

import type { Course, User } from '@/payload-types'

import crypto from 'node:crypto'
import { APIError, ValidationError } from 'payload'
import { z } from 'zod'

import { listMemberships } from '@/access/memberships'
import { ENROLLMENTS, USERS } from '@/collections/slugs'
import { ISSUING_INVITATIONS } from '@/collections/Users/hooks/limitAuthAttempts'
import { relationId } from '@/fields/relationId'
import { isLocaleCode } from '@/i18n/locales'
import { inTransaction } from '@/services/database/transactions'
import { inviteEmail } from '@/services/mail/accountEmails'

import { parseCsv } from './csv'

export const BULK_MAX_ROWS = 5_000

export type RowResult = {
  line: number
  email: string
  result: 'enrolled' | 'already-enrolled' | 'failed'
  accountCreated: boolean
  message?: string
}

const Row = z.object({
  email: z.email('Not a valid email address.').max(254),
  name: z.string().trim().max(120, 'Use at most 120 characters for the name.').optional(),
  locale: z.string().trim().optional().refine((v) => !v || isLocaleCode(v), 'Use en, ar or so as the locale.'),
})

/** Reads the uploaded sheet: a header row naming `email` (and optionally `name`, `locale`). */
export const readSheet = (text: string): { line: number; email: string; name?: string; locale?: string; problem?: string }[] => {
  const [header, ...rows] = parseCsv(text)
  const columns = header?.fields.map((f) => f.trim().toLowerCase()) ?? []
  if (!columns.includes('email')) {
    throw new ValidationError({ collection: ENROLLMENTS, errors: [{ path: 'file', message: 'The first row must name the columns, including "email".' }] })
  }
  if (rows.length > BULK_MAX_ROWS) {
    throw new APIError(`Upload at most ${BULK_MAX_ROWS} rows at a time.`, 413)
  }
  return rows.map(({ line, fields }) => {
    const cell = (name: string) => {
      const index = columns.indexOf(name)
      const value = index >= 0 ? fields[index]?.trim() : undefined
      return value === '' ? undefined : value
    }
    const parsed = Row.safeParse({ email: (cell('email') ?? '').toLowerCase(), name: cell('name'), locale: cell('locale') })
    return parsed.success
      ? { line, ...parsed.data }
      : { line, email: cell('email') ?? '', problem: parsed.error.issues.map((i) => i.message).join(' ') }
  })
}

type Invite = { user: Pick<User, 'email' | 'name' | 'preferredLocale'>; token: string }

/** One row in its own transaction: a failing row rolls back alone. */
const enrollRow = async (
  req: PayloadRequest,
  course: Course,
  tenant: number,
  row: { email: string; name?: string; locale?: string },
): Promise<{ result: RowResult['result']; accountCreated: boolean; invite?: Invite }> =>
  inTransaction(req, async () => {
    const found = await req.payload.find({ collection: USERS, where: { email: { equals: row.email } }, limit: 1, depth: 0, overrideAccess: true, req })
    let user = found.docs[0]
    let invite: Invite | undefined
    if (!user) {
      user = await req.payload.create({
        collection: USERS,
        data: {
          email: row.email,
          name: row.name ?? row.email.split('@')[0]!,
          // Never told to anyone: the person chooses their own through the invitation.
          password: crypto.randomBytes(32).toString('base64url'),
          preferredLocale: (row.locale as User['preferredLocale']) ?? undefined,
          tenants: [{ tenant, roles: ['student'] }],
          _verified: true,
        },
        disableVerificationEmail: true,
        overrideAccess: true,
        req,
      })
      req.context[ISSUING_INVITATIONS] = true
      const token = await req.payload
        .forgotPassword({ collection: USERS, data: { email: row.email }, disableEmail: true, req })
        .finally(() => {
          req.context[ISSUING_INVITATIONS] = false
        })
      invite = { user, token: String(token) }
    } else {
      const memberships = listMemberships(user)
      const here = memberships.find((m) => m.tenantId === tenant)
      if (here?.suspended) {
        throw new APIError('This person\'s membership of the school is suspended.', 409)
      }
      if (!here) {
        await req.payload.update({
          collection: USERS,
          id: user.id,
          data: { tenants: [...(user.tenants ?? []), { tenant, roles: ['student'] }] },
          overrideAccess: true,
          req,
        })
      }
    }
    const existing = (
      await req.payload.find({
        collection: ENROLLMENTS,
        where: { and: [{ user: { equals: user.id } }, { course: { equals: course.id } }] },
        limit: 1,
        depth: 0,
        overrideAccess: true,
        req,
      })
    ).docs[0]
    if (existing && ['active', 'pending', 'completed'].includes(existing.status)) {
      return { result: 'already-enrolled', accountCreated: false }
    }
    if (existing) {
      await req.payload.update({ collection: ENROLLMENTS, id: existing.id, data: { status: 'active', source: 'bulk' }, overrideAccess: true, req })
    } else {
      await req.payload.create({ collection: ENROLLMENTS, data: { user: user.id, course: course.id, status: 'active', source: 'bulk' }, overrideAccess: true, req })
    }
    return { result: 'enrolled', accountCreated: invite !== undefined, invite }
  })

/**
 * Enrolls every row of the sheet in the course: missing people get an account in the
 * school and an invitation email; people already enrolled are left as they are, so
 * uploading the same sheet again changes nothing.
 */
export const bulkEnroll = async (req: PayloadRequest, course: Course, text: string): Promise<RowResult[]> => {
  const tenant = relationId(course.tenant)!
  const results: RowResult[] = []
  const seen = new Set<string>()
  for (const row of readSheet(text)) {
    if (row.problem) {
      results.push({ line: row.line, email: row.email, result: 'failed', accountCreated: false, message: row.problem })
      continue
    }
    if (seen.has(row.email)) {
      results.push({ line: row.line, email: row.email, result: 'failed', accountCreated: false, message: 'This email appears earlier in the file.' })
      continue
    }
    seen.add(row.email)
    try {
      const outcome = await enrollRow(req, course, tenant, row)
      results.push({ line: row.line, email: row.email, result: outcome.result, accountCreated: outcome.accountCreated })
      if (outcome.invite) {
        // Only after the row is committed: an invitation must never name an account that is not there.
        const { user, token } = outcome.invite
        await req.payload.sendEmail({ to: user.email, subject: inviteEmail.subject(user), html: inviteEmail.html(user, token) })
      }
    } catch (error) {
      const message =
        error instanceof ValidationError
          ? (error.data.errors.map((e) => e.message).join(' ') || error.message)
          : error instanceof APIError
            ? error.message
            : 'This row could not be applied.'
      if (!(error instanceof APIError)) {
        req.payload.logger.error({ err: error, msg: `bulk enrollment: row ${row.line} failed` })
      }
      results.push({ line: row.line, email: row.email, result: 'failed', accountCreated: false, message })
    }
  }
  return results
}
