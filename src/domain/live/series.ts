import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import type { LiveClass } from '@/payload-types'

import { sqlList } from '@/services/database/adapter'
import { readingIn, sqlHandle } from '@/services/database/transactions'
import { conflict, DomainError } from '@/shared/domainError'
import { referenceId } from '@/shared/referenceId'
import { LIVE_CLASSES, TENANTS } from '@/shared/slugs'
import { sameTimeDaysLater } from '@/shared/zonedTime'

/** The longest weekly series made at once: half a year. */
export const MAX_WEEKS = 26

declare module 'payload' {
  interface RequestContext {
    /** An occurrence being made for a series: it makes no series of its own. */
    seriesOccurrence?: boolean
  }
}

/**
 * A weekly series: the class scheduled and its next `weeks - 1` occurrences, each a class of its
 * own (its own meeting, registrations, links and attendance), at the same time of day in the
 * school's time zone, so each can be moved or cancelled alone. Made in the scheduling person's
 * transaction, by the same rules (a host free for each week): if any week cannot be held, none is
 * made, and the answer says which week and why.
 */
export const scheduleSeries = async (req: PayloadRequest, first: LiveClass, weeks: number): Promise<number[]> => {
  const db = await sqlHandle(req)
  await db.execute(sql`update live_classes set series = ${String(first.id)} where id = ${first.id}`)
  const school = referenceId(first.tenant)!
  const { timezone } = await req.payload.findByID({ collection: TENANTS, id: school, depth: 0, select: { timezone: true }, overrideAccess: true, req })
  // Every language the first was written in goes to each week.
  const texts = await req.payload.findByID({ collection: LIVE_CLASSES, id: first.id, depth: 0, locale: 'all', select: { title: true, agenda: true }, overrideAccess: true, req: await readingIn(req, 'all') })
  const locales = Object.keys((texts.title ?? {}) as unknown as Record<string, string>)
  const made: number[] = []
  const before = req.context.seriesOccurrence
  req.context.seriesOccurrence = true
  try {
    for (let week = 1; week < weeks; week++) {
      const startsAt = sameTimeDaysLater(first.startsAt, week * 7, timezone ?? 'UTC')
      const textIn = (locale: string) => ({ title: (texts.title as unknown as Record<string, string>)[locale], agenda: ((texts.agenda ?? {}) as unknown as Record<string, string | undefined>)[locale] ?? null })
      try {
        const occurrence = await req.payload.create({
          collection: LIVE_CLASSES,
          data: { tenant: school, course: referenceId(first.course)!, host: referenceId(first.host)!, startsAt, durationMinutes: first.durationMinutes, graceMinutes: first.graceMinutes, ...textIn(locales[0] ?? 'en') },
          locale: (locales[0] ?? 'en') as 'en',
          depth: 0,
          overrideAccess: false,
          user: req.user,
          req: await readingIn(req, locales[0] ?? 'en'),
        })
        for (const locale of locales.slice(1)) {
          await req.payload.update({ collection: LIVE_CLASSES, id: occurrence.id, data: textIn(locale), locale: locale as 'en', depth: 0, overrideAccess: false, user: req.user, req: await readingIn(req, locale) })
        }
        made.push(occurrence.id)
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'conflict') {
          throw conflict(`Week ${week + 1} of the series (${startsAt.slice(0, 10)}): ${error.message}`)
        }
        throw error
      }
    }
  } finally {
    req.context.seriesOccurrence = before
  }
  // The series is the system's to write (people's writes cannot set it).
  await db.execute(sql`update live_classes set series = ${String(first.id)} where id = any(${sqlList(made)}::int[])`)
  return made
}
