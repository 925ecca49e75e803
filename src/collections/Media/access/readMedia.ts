import type { Access, PayloadRequest, Where } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships } from '@/domain/identity/memberships'
import { staffTenants } from '@/domain/identity/staff'
import { releasedAt } from '@/collections/Enrollments/viewerEnrollment'
import { LEARNING } from '@/domain/enrollment/status'
import { COURSES, ENROLLMENTS } from '@/shared/slugs'
import { referenceId } from '@/shared/referenceId'
import { readingIn } from '@/services/database/transactions'
import { mediaNamedBy } from '@/domain/media/mediaVisibility'
import { suspendedTenantIds } from '@/domain/tenancy/tenantStatus'

declare module 'payload' {
  interface RequestContext {
    /** The lesson files the requester may read, found once per request. */
    lessonFiles?: number[]
  }
}

type Lesson = { file?: unknown; body?: unknown; releaseAfterDays?: number | null }

/**
 * The files of the lessons the requester may study now: lessons of courses they are learning
 * (active or completed enrollment) whose drip delay has passed, the lesson's file and the
 * images in its text. Cached on the request.
 */
const lessonFilesOf = async (req: PayloadRequest): Promise<number[]> => {
  const cached = req.context.lessonFiles
  if (cached) {
    return cached
  }
  let ids: number[] = []
  if (req.user?.collection === 'users') {
    // A suspended membership, or one of a suspended school, opens nothing.
    const schools = (await activeMemberships(req)).map((m) => m.tenantId)
    const enrollments = await req.payload.find({
      collection: ENROLLMENTS,
      where: { and: [{ user: { equals: req.user.id } }, { status: { in: [...LEARNING] } }, { tenant: { in: schools } }] },
      select: { course: true, activatedAt: true },
      pagination: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
    const started = new Map(enrollments.docs.map((e) => [referenceId(e.course), e]))
    const courses = started.size
      ? await req.payload.find({
          collection: COURSES,
          where: { id: { in: [...started.keys()] } },
          select: { sections: true },
          locale: 'all',
          pagination: false,
          depth: 0,
          overrideAccess: true,
          req: await readingIn(req, 'all'),
        })
      : { docs: [] }
    const now = new Date()
    ids = courses.docs.flatMap((course) =>
      (course.sections ?? []).flatMap((section) =>
        ((section.lessons ?? []) as Lesson[])
          .filter((lesson) => releasedAt(started.get(course.id)!, lesson.releaseAfterDays) <= now)
          .flatMap((lesson) => mediaNamedBy(lesson.file, lesson.body)),
      ),
    )
  }
  req.context.lessonFiles = ids
  return ids
}

/**
 * A file is readable by whoever may read a document that uses it, where it is used: anyone the
 * school's public files (its logo, covers and images of published courses: the `public` flag the
 * system keeps), a student the files of lessons they may study now, and the school's staff all
 * of its files. Nothing of a suspended school is public.
 */
export const readMedia: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const suspended = [...(await suspendedTenantIds(req.payload))]
  const publicFiles: Where = {
    and: [{ public: { equals: true } }, ...(suspended.length > 0 ? [{ tenant: { not_in: suspended } }] : [])],
  }
  const staffOf = await staffTenants(req)
  const lessonFiles = await lessonFilesOf(req)
  return anyOf([
    publicFiles,
    ...(staffOf.length > 0 ? [{ tenant: { in: staffOf } }] : []),
    ...(lessonFiles.length > 0 ? [{ id: { in: lessonFiles } }] : []),
  ])
}
