import crypto from 'node:crypto'
import type pg from 'pg'

import { lexicalParagraph } from '@/fields/lexicalParagraph'

import { seedCourses, seedSchools } from '../catalog/seed'
import { seedCertificates } from '../certificates/seed'
import { openCourses, seedStudents } from '../events/seed'
import { insert, nextId, resetSequence } from '../shared/sql'
import { passwordHash } from './password'

/** Courses of each school with an outline and an assignment: the ones students learn in. */
const LEARNING_COURSES = 10
const SECTIONS = 5
const LESSONS_PER_SECTION = 6
/** Active enrollments per student, all in learning courses of their school. */
const ENROLLMENTS_PER_STUDENT = 3
/** What a hand-in may count to: the field's own maximum, so a long run does not run out of attempts. */
export const MAX_ATTEMPTS = 100
const LOCALES = ['en', 'ar', 'so'] as const
const DAY_MS = 86_400_000

export type Locale = (typeof LOCALES)[number]

export type LearningCourse = { id: number; slug: string; enrollment: number; assignment: number; lessons: string[] }

export type SeededStudent = {
  id: number
  email: string
  tenant: number
  school: string
  locale: Locale
  courses: LearningCourse[]
}

/** `tenantIds`: the schools in bench:catalog's order (its `bench-01`, `bench-02`, …). */
export type Seeded = { students: SeededStudent[]; serials: string[]; password: string; tenantIds: number[] }

type Outline = { id: number; slug: string; lessons: string[]; assignment: number }

/** A Payload array row id: 24 hex digits, as Payload makes them. */
const rowId = (): string => crypto.randomBytes(12).toString('hex')

const WORDS: Record<Locale, { section: string; lesson: string; body: string; assignment: string }> = {
  en: { section: 'Section', lesson: 'Lesson', body: 'Read the notes, work through the examples and try the exercises before moving on.', assignment: 'Written reflection' },
  ar: { section: 'القسم', lesson: 'الدرس', body: 'اقرأ الملاحظات وتابع الأمثلة وجرّب التمارين قبل الانتقال إلى الدرس التالي.', assignment: 'تأمل مكتوب' },
  so: { section: 'Qaybta', lesson: 'Casharka', body: 'Akhri qoraallada, raac tusaalooyinka oo isku day layliyada ka hor intaadan u gudbin.', assignment: 'Milicsi qoraal ah' },
}

/**
 * Gives each of `courses` an outline (5 sections of 6 text lessons, titles and a one-paragraph
 * body in the three languages, no drip delay) and one published text assignment that counts
 * towards completion: never graded here, so no enrollment completes and no certificate is issued
 * during the run (the worker's work is the events of lesson completions and hand-ins).
 */
const seedOutlines = async (db: pg.Client, courses: { id: number; tenant: number; slug: string }[]): Promise<Outline[]> => {
  const now = new Date().toISOString()
  const sections: unknown[][] = []
  const sectionTitles: unknown[][] = []
  const lessons: unknown[][] = []
  const lessonTexts: unknown[][] = []
  const assignments: unknown[][] = []
  const assignmentTitles: unknown[][] = []
  const outlines: Outline[] = []
  let assignmentId = await nextId(db, 'assignments')
  for (const course of courses) {
    const ids: string[] = []
    for (let s = 0; s < SECTIONS; s++) {
      const section = rowId()
      sections.push([s + 1, course.id, section])
      for (const locale of LOCALES) {
        sectionTitles.push([`${WORDS[locale].section} ${s + 1}`, locale, section])
      }
      for (let l = 0; l < LESSONS_PER_SECTION; l++) {
        const lesson = rowId()
        const n = s * LESSONS_PER_SECTION + l + 1
        ids.push(lesson)
        lessons.push([l + 1, section, lesson, 'text', true])
        for (const locale of LOCALES) {
          lessonTexts.push([`${WORDS[locale].lesson} ${n}`, JSON.stringify(lexicalParagraph(`${WORDS[locale].lesson} ${n}. ${WORDS[locale].body}`)), locale, lesson])
        }
      }
    }
    const assignment = assignmentId++
    assignments.push([assignment, course.tenant, course.id, '2030-12-31T00:00:00.000Z', 'cutoff', 10, 6, MAX_ATTEMPTS, 'text', true, 'published', now, now])
    for (const locale of LOCALES) {
      assignmentTitles.push([WORDS[locale].assignment, locale, assignment])
    }
    outlines.push({ id: course.id, slug: course.slug, lessons: ids, assignment })
  }
  await insert(db, 'courses_sections', [['_order', 'int4'], ['_parent_id', 'int4'], ['id', 'text']], sections)
  await insert(db, 'courses_sections_locales', [['title', 'text'], ['_locale', '_locales'], ['_parent_id', 'text']], sectionTitles)
  await insert(db, 'courses_sections_lessons', [['_order', 'int4'], ['_parent_id', 'text'], ['id', 'text'], ['type', 'enum_courses_sections_lessons_type'], ['required', 'bool']], lessons)
  await insert(db, 'courses_sections_lessons_locales', [['title', 'text'], ['body', 'jsonb'], ['_locale', '_locales'], ['_parent_id', 'text']], lessonTexts)
  await insert(db, 'assignments', [
    ['id', 'int4'], ['tenant_id', 'int4'], ['course_id', 'int4'], ['due_at', 'timestamptz'], ['late_policy', 'enum_assignments_late_policy'],
    ['max_points', 'numeric'], ['pass_mark', 'numeric'], ['max_attempts', 'numeric'], ['submission_type', 'enum_assignments_submission_type'],
    ['required_for_completion', 'bool'], ['_status', 'enum_assignments_status'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz'],
  ], assignments)
  await insert(db, 'assignments_locales', [['title', 'text'], ['_locale', '_locales'], ['_parent_id', 'int4']], assignmentTitles)
  await resetSequence(db, 'assignments')
  return outlines
}

/**
 * bench:catalog's 20 schools with `coursesPerSchool` published courses each; in every school the
 * first 10 open courses get an outline and an assignment. `students` students (spread over the
 * schools in turn, one membership each, role student, all with `password`), each actively
 * enrolled in 3 of their school's learning courses (30 days ago, nothing done yet) and with one
 * completed enrollment in another open course, which carries a certificate (bench:certificates'
 * seed: signed credential, one in fifty revoked).
 */
export const seedLoad = async (db: pg.Client, { students: count, coursesPerSchool, issuer }: { students: number; coursesPerSchool: number; issuer: string }): Promise<Seeded> => {
  const catalog = await seedSchools(db)
  await seedCourses(db, catalog, 0, coursesPerSchool)
  const schools = await openCourses(db, catalog.tenantIds)
  const short = schools.find((school) => school.courses.length <= LEARNING_COURSES)
  if (short) {
    throw new Error(`School ${short.slug} has ${short.courses.length} open courses; ${LEARNING_COURSES + 1} or more are needed (raise BENCH_COURSES).`)
  }
  const { rows: slugs } = await db.query<{ id: number; tenant: number; slug: string }>(
    'select id, tenant_id as tenant, slug from courses where id = any($1)',
    [schools.flatMap((school) => school.courses.slice(0, LEARNING_COURSES))],
  )
  const outlines = new Map((await seedOutlines(db, slugs)).map((outline) => [outline.id, outline]))

  const seeded = await seedStudents(db, schools, count, 'load')
  const password = 'Load-pass-1'
  const { salt, hash } = passwordHash(password)
  await db.query(
    `update users set salt = $1, hash = $2, preferred_locale = (array['en','ar','so'])[1 + id % 3]::enum_users_preferred_locale where id = any($3)`,
    [salt, hash, seeded.map((student) => student.id)],
  )
  const { rows: people } = await db.query<{ id: number; email: string; locale: Locale }>(
    'select id, email, preferred_locale as locale from users where id = any($1) order by id',
    [seeded.map((student) => student.id)],
  )

  const activated = new Date(Date.now() - 30 * DAY_MS).toISOString()
  let enrollmentId = await nextId(db, 'enrollments')
  const enrollments: unknown[][] = []
  const students: SeededStudent[] = []
  for (const [i, person] of people.entries()) {
    const school = schools.find((s) => s.tenant === seeded[i]!.tenant)!
    // The n-th student of a school takes learning courses n, n+3 and n+6 (of 10): distinct, and spread.
    const nth = Math.floor(i / schools.length)
    const courses = Array.from({ length: ENROLLMENTS_PER_STUDENT }, (_, k) => outlines.get(school.courses[(nth + k * 3) % LEARNING_COURSES]!)!)
    const learning: LearningCourse[] = []
    for (const course of courses) {
      const id = enrollmentId++
      enrollments.push([id, school.tenant, `${person.email} — course ${course.id}`, person.id, course.id, 'active', 'self', 0, activated, activated, null, activated, activated])
      learning.push({ id: course.id, slug: course.slug, enrollment: id, assignment: course.assignment, lessons: course.lessons })
    }
    const finished = school.courses[LEARNING_COURSES + (nth % (school.courses.length - LEARNING_COURSES))]!
    enrollments.push([enrollmentId++, school.tenant, `${person.email} — course ${finished}`, person.id, finished, 'completed', 'self', 100, activated, activated, new Date().toISOString(), activated, activated])
    students.push({ id: person.id, email: person.email, tenant: school.tenant, school: school.slug, locale: person.locale, courses: learning })
  }
  await insert(db, 'enrollments', [
    ['id', 'int4'], ['tenant_id', 'int4'], ['title', 'text'], ['user_id', 'int4'], ['course_id', 'int4'], ['status', 'enum_enrollments_status'],
    ['source', 'enum_enrollments_source'], ['progress', 'numeric'], ['requested_at', 'timestamptz'], ['activated_at', 'timestamptz'],
    ['completed_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz'],
  ], enrollments)
  await resetSequence(db, 'enrollments')

  const certificates = await seedCertificates(db, students.length, issuer)
  return { students, serials: certificates.map((certificate) => certificate.serial), password, tenantIds: catalog.tenantIds }
}
