import type { Endpoint } from 'payload'

import type { CheckedUpload } from '@/services/uploads/checkUpload'

import { APIError, ValidationError } from 'payload'

import { ASSIGNMENTS, ENROLLMENTS, SUBMISSION_FILES, SUBMISSIONS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { storageName } from '@/services/uploads/checkUpload'
import { checkUploadWithAudit } from '@/services/uploads/checkUploadWithAudit'

import { type HandIn, readHandIn } from './readHandIn'

const DAY_MS = 86_400_000

const day = (iso: string): string => iso.slice(0, 10)

/**
 * `POST /api/assignments/:id/submit`, JSON `{"text": "…"}` or a multipart form with `text`
 * and `file` fields (as the assignment's submission type allows): an actively enrolled student
 * hands in an attempt while the assignment is open. Late work is flagged (and counted in
 * days) or refused after the cut-off; past the allowed attempts, 409.
 */
export const submit: Endpoint = {
  path: '/:id/submit',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'hand in work')
    const id = routeId(req, 'id', 'assignment')
    const { text, files } = await readHandIn(req as unknown as Request)
    // What the student cannot read (unpublished, another course, another school) does not exist for them.
    const assignment = await readableOr404(req, ASSIGNMENTS, id, 'assignment')
    if (assignment.submissionType === 'file' && text !== undefined) {
      throw new APIError('This assignment takes files, not text.', 400)
    }
    if (assignment.submissionType === 'text' && files.length > 0) {
      throw new APIError('This assignment takes text, not files.', 400)
    }
    if (text === undefined && files.length === 0) {
      throw new ValidationError({
        collection: SUBMISSIONS,
        errors: [{ path: assignment.submissionType === 'text' ? 'text' : 'file', message: 'Hand in your answer.' }],
      })
    }
    const courseId = relationId(assignment.course)!
    const enrolled = await req.payload.count({
      collection: ENROLLMENTS,
      where: { and: [{ user: { equals: person.id } }, { course: { equals: courseId } }, { status: { equals: 'active' } }] },
      overrideAccess: true,
      req,
    })
    if (enrolled.totalDocs === 0) {
      throw new APIError('Only students actively enrolled in the course can hand in work.', 403)
    }
    const now = new Date()
    if (assignment.opensAt && new Date(assignment.opensAt) > now) {
      throw new APIError(`This assignment opens on ${day(assignment.opensAt)}.`, 403)
    }
    if (assignment.cutoffAt && new Date(assignment.cutoffAt) <= now) {
      throw new APIError(`Submissions closed on ${day(assignment.cutoffAt)}.`, 403)
    }
    const lateMs = now.getTime() - new Date(assignment.dueAt).getTime()
    const tenant = relationId(assignment.tenant)!
    // Every file is checked (type, content, virus scan) before anything is written.
    const checked: ({ file: HandIn['files'][number] } & CheckedUpload)[] = []
    for (const file of files) {
      checked.push({
        file,
        ...(await checkUploadWithAudit({
          req,
          collection: SUBMISSIONS,
          tenants: [tenant],
          filename: file.name,
          data: file.data,
          allowed: assignment.allowedFileTypes ?? [],
          maxBytes: (assignment.maxFileSizeMb ?? 10) * 1_048_576,
        })),
      })
    }
    const doc = await inTransaction(req, async () => {
      // Attempts are counted and numbered under a lock: two clicks make two numbered attempts at most.
      await lockFor(req, LOCKS.submissionAttempts, id)
      const previous = await req.payload.count({
        collection: SUBMISSIONS,
        where: { and: [{ assignment: { equals: id } }, { student: { equals: person.id } }] },
        overrideAccess: true,
        req,
      })
      if (previous.totalDocs >= assignment.maxAttempts) {
        throw new APIError(`You have used all ${assignment.maxAttempts} attempt(s) of this assignment.`, 409)
      }
      const attempt = previous.totalDocs + 1
      const submission = await req.payload.create({
        collection: SUBMISSIONS,
        data: {
          title: `${person.email ?? person.id} — ${assignment.title} — attempt ${attempt}`.slice(0, 300),
          assignment: id,
          course: courseId,
          student: person.id,
          tenant,
          attempt,
          text: text ?? null,
          submittedAt: now.toISOString(),
          // One hand-in time: the student is shown it as `updatedAt` until the grade is released.
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          late: lateMs > 0,
          lateDays: lateMs > 0 ? Math.ceil(lateMs / DAY_MS) : 0,
          status: 'submitted',
        },
        depth: 0,
        overrideAccess: true,
        req,
      })
      for (const { file, extension, mimeType } of checked) {
        await req.payload.create({
          collection: SUBMISSION_FILES,
          // Stored under a generated name; the student's file name is kept as data only.
          data: { submission: submission.id, course: courseId, student: person.id, tenant, originalName: file.name.slice(0, 255) },
          file: { data: file.data, mimetype: mimeType, name: storageName({ extension }), size: file.data.length },
          overrideAccess: true,
          req,
        })
      }
      return submission
    })
    return Response.json({ message: doc.late ? 'Handed in late.' : 'Handed in.', doc, files: checked.length }, { status: 201 })
  },
}
