import type { PayloadRequest } from 'payload'

import { conflict, DomainError, invalid, tooLarge } from '@/shared/domainError'
import type { Course, Invitation } from '@/payload-types'

import { APIError, ValidationError } from 'payload'
import { z } from 'zod'

import { listMemberships } from '@/domain/identity/memberships'
import { ENROLLMENTS, USERS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { isLocaleCode } from '@/i18n/locales'
import { inTransaction } from '@/services/database/transactions'
import { type InvitationMail, inviteToSchool } from '@/domain/identity/inviteToSchool'

import { CsvSyntaxError, parseCsv } from './csv'
import { enrollMember } from './enrollMember'

export const BULK_MAX_ROWS = 5_000

export type RowResult = {
  line: number
  email: string
  result: 'enrolled' | 'already-enrolled' | 'invited' | 'already-invited' | 'failed'
  message?: string
}

const Row = z.object({
  email: z.email('Not a valid email address.').max(254),
  name: z.string().trim().max(120, 'Use at most 120 characters for the name.').optional(),
  locale: z.string().trim().optional().refine((v) => !v || isLocaleCode(v), 'Use en, ar or so as the locale.'),
})

const notASheet = (message: string) => invalid(message, { field: 'file', collection: ENROLLMENTS })

/** The sheet's rows; text that is not CSV is the uploader's mistake (400), named by its line. */
const sheetRows = (text: string) => {
  try {
    return parseCsv(text)
  } catch (error) {
    throw error instanceof CsvSyntaxError ? notASheet(error.message) : error
  }
}

/** Reads the uploaded sheet: a header row naming `email` (and optionally `name`, `locale`). */
export const readSheet = (text: string): { line: number; email: string; name?: string; locale?: string; problem?: string }[] => {
  const [header, ...rows] = sheetRows(text)
  const columns = header?.fields.map((f) => f.trim().toLowerCase()) ?? []
  if (!columns.includes('email')) {
    throw notASheet('The first row must name the columns, including "email".')
  }
  if (rows.length > BULK_MAX_ROWS) {
    throw tooLarge(`Upload at most ${BULK_MAX_ROWS} rows at a time.`)
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

/** One row in its own transaction: a failing row rolls back alone. */
const enrollRow = async (
  req: PayloadRequest,
  course: Course,
  tenant: number,
  row: { email: string; name?: string; locale?: string },
): Promise<{ result: RowResult['result']; mail?: InvitationMail }> =>
  inTransaction(req, async () => {
    const account = (await req.payload.find({ collection: USERS, where: { email: { equals: row.email } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]
    const here = listMemberships(account).find((m) => m.tenantId === tenant)
    if (!here) {
      // Not a member (with or without an account elsewhere): an invitation, answered alike.
      return inviteToSchool({ req, tenant, email: row.email, name: row.name, locale: row.locale as Invitation['locale'], course: course.id })
    }
    if (here.suspended) {
      throw conflict("This person's membership of the school is suspended.")
    }
    return { result: await enrollMember({ req, userId: account!.id, courseId: course.id, source: 'bulk' }) }
  })

/**
 * Enrolls every row of the sheet in the course. Members of the school are enrolled at once;
 * everyone else is invited by email and joins (and is enrolled) only by accepting, so the
 * report reads the same whether or not an address has an account. Uploading the same sheet
 * again enrolls and invites nobody twice.
 */
export const bulkEnroll = async (req: PayloadRequest, course: Course, text: string): Promise<RowResult[]> => {
  const tenant = relationId(course.tenant)!
  const results: RowResult[] = []
  const seen = new Set<string>()
  for (const row of readSheet(text)) {
    if (row.problem) {
      results.push({ line: row.line, email: row.email, result: 'failed', message: row.problem })
      continue
    }
    if (seen.has(row.email)) {
      results.push({ line: row.line, email: row.email, result: 'failed', message: 'This email appears earlier in the file.' })
      continue
    }
    seen.add(row.email)
    try {
      const outcome = await enrollRow(req, course, tenant, row)
      results.push({ line: row.line, email: row.email, result: outcome.result })
      if (outcome.mail) {
        // Only after the row is committed: an invitation mail must never name a row that is not there.
        await req.payload.sendEmail(outcome.mail)
      }
    } catch (error) {
      const message =
        error instanceof ValidationError
          ? (error.data.errors.map((e) => e.message).join(' ') || error.message)
          : error instanceof APIError || error instanceof DomainError
            ? error.message
            : 'This row could not be applied.'
      if (!(error instanceof APIError || error instanceof DomainError)) {
        req.payload.logger.error({ err: error, msg: `bulk enrollment: row ${row.line} failed` })
      }
      results.push({ line: row.line, email: row.email, result: 'failed', message })
    }
  }
  return results
}
