import type { Course } from '@/payload-types'

import { callApi, type LearnContext } from './context'

type List<T> = { docs?: T[] }

/** The school's course with this slug, in the page's locale; null when there is none the reader may see. */
export const findCourse = async (context: LearnContext, slug: string): Promise<Course | null> => {
  // Slugs are unique within a school: ask for this school's course, not a namesake elsewhere.
  const school = await callApi<{ id: number }>(context, '/api/tenants/current')
  const where = new URLSearchParams({
    'where[slug][equals]': slug,
    'where[tenant][equals]': String(school.body?.id ?? 0),
    locale: context.locale,
    depth: '0',
    limit: '1',
  })
  return (await callApi<List<Course>>(context, `/api/courses?${where.toString()}`)).body?.docs?.[0] ?? null
}
