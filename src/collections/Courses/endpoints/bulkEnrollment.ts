import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { adminTenants } from '@/domain/identity/staff'
import { relationId } from '@/shared/relationId'
import { bulkEnroll } from '@/domain/enrollment/bulkEnroll'
import { readableCourse, requirePerson, routeId } from '@/http/requestHelpers'

const MAX_BYTES = 1_000_000

/** The sheet as text: a `text/csv` body, or a `file` field of a multipart form. */
const sheetText = async (request: Request): Promise<string> => {
  const type = request.headers.get('content-type') ?? ''
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > MAX_BYTES) {
    throw new APIError('Upload at most 1 MB.', 413)
  }
  let text: string
  if (type.startsWith('multipart/form-data')) {
    const form = await request.formData().catch(() => undefined)
    const file = form?.get('file')
    if (!file || typeof file === 'string') {
      throw new APIError('Send the CSV file in a form field named "file".', 400)
    }
    text = await file.text()
  } else if (type.startsWith('text/csv') || type.startsWith('text/plain')) {
    text = await request.text()
  } else {
    throw new APIError('Send a CSV file: Content-Type text/csv, or multipart/form-data with a "file" field.', 415)
  }
  if (Buffer.byteLength(text) > MAX_BYTES) {
    throw new APIError('Upload at most 1 MB.', 413)
  }
  return text
}

/**
 * `POST /api/courses/:id/enrollments/bulk`: a tenant-admin enrolls a list of people from a CSV
 * sheet: members of the school at once, anyone else by an emailed invitation. Answers with one
 * line of report per row.
 */
export const bulkEnrollment: Endpoint = {
  path: '/:id/enrollments/bulk',
  method: 'post',
  handler: async (req) => {
    requirePerson(req, 'enroll people')
    const id = routeId(req, 'id', 'course')
    const course = await readableCourse(req, id)
    const tenant = relationId(course.tenant)
    if (!isSuperAdmin(req.user) && !(await adminTenants(req)).includes(tenant ?? -1)) {
      throw new APIError('Only the school\'s admins can enroll people in bulk.', 403)
    }
    if (course.archived) {
      throw new APIError('This course is archived and takes no new enrollments.', 409)
    }
    const rows = await bulkEnroll(req, course, await sheetText(req as unknown as Request))
    const count = (result: string) => rows.filter((r) => r.result === result).length
    return Response.json({
      summary: {
        rows: rows.length,
        enrolled: count('enrolled'),
        alreadyEnrolled: count('already-enrolled'),
        invited: count('invited'),
        alreadyInvited: count('already-invited'),
        failed: count('failed'),
      },
      rows,
    })
  },
}
