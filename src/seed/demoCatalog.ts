import type { Payload } from 'payload'

import type { Course } from '@/payload-types'

import { CATEGORIES, COURSES, ENROLLMENTS, TAGS, USERS } from '@/shared/slugs'
import { lexicalParagraph } from '@/fields/lexicalParagraph'

import { seedDemoCoursework } from './demoCoursework'

type Text = { en: string; ar: string; so: string }
type LessonSpec = { title: Text; body: Text; required?: boolean; releaseAfterDays?: number }
type CourseSpec = {
  slug: string
  title: Text
  summary: Text
  category: string
  tags: string[]
  level: Course['level']
  language: Course['language']
  policy: Course['enrollmentPolicy']
  price?: { amount: number; currency: string }
  hours: number
  sections: { title: Text; lessons: LessonSpec[] }[]
}

const CATEGORIES_SPEC: { slug: string; name: Text; parent?: string }[] = [
  { slug: 'technology', name: { en: 'Technology', ar: 'التقنية', so: 'Tignoolajiyada' } },
  { slug: 'programming', name: { en: 'Programming', ar: 'البرمجة', so: 'Barnaamij-samaynta' }, parent: 'technology' },
  { slug: 'languages', name: { en: 'Languages', ar: 'اللغات', so: 'Luqadaha' } },
  { slug: 'health', name: { en: 'Health', ar: 'الصحة', so: 'Caafimaadka' } },
]

const TAGS_SPEC: { slug: string; name: Text }[] = [
  { slug: 'beginner-friendly', name: { en: 'Beginner friendly', ar: 'مناسب للمبتدئين', so: 'Ku habboon bilowga' } },
  { slug: 'self-paced', name: { en: 'Self-paced', ar: 'بالسرعة الذاتية', so: 'Xawaarahaaga' } },
  { slug: 'certificate', name: { en: 'Certificate', ar: 'شهادة', so: 'Shahaado' } },
]

const lesson = (en: string, ar: string, so: string, extra: Partial<LessonSpec> = {}): LessonSpec => ({
  title: { en, ar, so },
  body: { en: `${en}: read the notes and try the exercise.`, ar: `${ar}: اقرأ الملاحظات وجرّب التمرين.`, so: `${so}: akhri qoraalka oo isku day layliga.` },
  ...extra,
})

const COURSES_SPEC: CourseSpec[] = [
  {
    slug: 'intro-programming',
    title: { en: 'Introduction to programming', ar: 'مقدمة في البرمجة', so: 'Hordhaca barnaamij-samaynta' },
    summary: {
      en: 'Write your first programs in Python, step by step.',
      ar: 'اكتب برامجك الأولى بلغة بايثون خطوة بخطوة.',
      so: 'Qor barnaamijyadaada ugu horreeya ee Python, tallaabo tallaabo.',
    },
    category: 'programming',
    tags: ['beginner-friendly', 'certificate'],
    level: 'beginner',
    language: 'en',
    policy: 'open',
    hours: 12,
    sections: [
      {
        title: { en: 'Getting started', ar: 'البداية', so: 'Bilowga' },
        lessons: [lesson('What is a program?', 'ما هو البرنامج؟', 'Waa maxay barnaamij?'), lesson('Variables', 'المتغيرات', 'Doorsoomayaasha')],
      },
      {
        title: { en: 'Control flow', ar: 'التحكم في التدفق', so: 'Socodka go’aannada' },
        lessons: [
          lesson('Conditions', 'الشروط', 'Shuruudaha'),
          lesson('Loops', 'الحلقات', 'Wareegyada', { releaseAfterDays: 7 }),
          lesson('Further reading', 'قراءات إضافية', 'Akhris dheeraad ah', { required: false }),
        ],
      },
    ],
  },
  {
    slug: 'arabic-for-beginners',
    title: { en: 'Arabic for beginners', ar: 'اللغة العربية للمبتدئين', so: 'Carabiga bilowga' },
    summary: {
      en: 'Read and write the Arabic alphabet and everyday phrases.',
      ar: 'تعلّم قراءة الحروف العربية وكتابتها والعبارات اليومية.',
      so: 'Baro akhriska iyo qorista xarfaha Carabiga iyo weedhaha maalinlaha ah.',
    },
    category: 'languages',
    tags: ['beginner-friendly', 'self-paced'],
    level: 'beginner',
    language: 'ar',
    policy: 'approval',
    hours: 20,
    sections: [
      {
        title: { en: 'The alphabet', ar: 'الحروف الهجائية', so: 'Alifbeetada' },
        lessons: [lesson('Letters and sounds', 'الحروف والأصوات', 'Xarfaha iyo codadka'), lesson('Joining letters', 'وصل الحروف', 'Isku xirka xarfaha')],
      },
    ],
  },
  {
    slug: 'community-health',
    title: { en: 'Community health basics', ar: 'أساسيات صحة المجتمع', so: 'Aasaaska caafimaadka bulshada' },
    summary: {
      en: 'Hygiene, nutrition and first aid for community health workers.',
      ar: 'النظافة والتغذية والإسعافات الأولية للعاملين في صحة المجتمع.',
      so: 'Nadaafadda, nafaqada iyo gargaarka degdegga ah ee shaqaalaha caafimaadka bulshada.',
    },
    category: 'health',
    tags: ['certificate'],
    level: 'intermediate',
    language: 'so',
    policy: 'paid',
    price: { amount: 2500, currency: 'USD' },
    hours: 8,
    sections: [
      {
        title: { en: 'Prevention', ar: 'الوقاية', so: 'Ka hortagga' },
        lessons: [lesson('Clean water', 'المياه النظيفة', 'Biyo nadiif ah'), lesson('Nutrition', 'التغذية', 'Nafaqada')],
      },
    ],
  },
]

type Locale = keyof Text

const findBySlug = async (payload: Payload, collection: typeof CATEGORIES | typeof TAGS | typeof COURSES, tenant: number, slug: string) =>
  (
    await payload.find({
      collection,
      where: { and: [{ tenant: { equals: tenant } }, { slug: { equals: slug } }] },
      limit: 1,
      pagination: false,
      depth: 0,
      overrideAccess: true,
    })
  ).docs[0] as { id: number } | undefined

/** Creates an entry in English, then adds its other translations. */
const ensureTranslated = async (
  payload: Payload,
  collection: typeof CATEGORIES | typeof TAGS,
  tenant: number,
  slug: string,
  name: Text,
  extra: Record<string, unknown> = {},
): Promise<number> => {
  const existing = await findBySlug(payload, collection, tenant, slug)
  if (existing) {
    return existing.id
  }
  const doc = await payload.create({ collection, data: { tenant, slug, name: name.en, ...extra }, locale: 'en', overrideAccess: true } as never)
  const id = (doc as { id: number }).id
  for (const locale of ['ar', 'so'] as const) {
    await payload.update({ collection, id, data: { name: name[locale] }, locale, overrideAccess: true })
  }
  return id
}

/**
 * The demo school's catalog: nested categories, tags and three published courses
 * (open, approval, paid) in English, Arabic and Somali, with the first student
 * enrolled in the open course, its lessons studied and its assignment handed in. Running it again adds nothing twice.
 */
export const seedDemoCatalog = async (payload: Payload, tenant: number, instructorEmail: string, studentEmail: string): Promise<void> => {
  const categoryIds = new Map<string, number>()
  for (const spec of CATEGORIES_SPEC) {
    const parent = spec.parent ? categoryIds.get(spec.parent) : undefined
    categoryIds.set(spec.slug, await ensureTranslated(payload, CATEGORIES, tenant, spec.slug, spec.name, parent ? { parent } : {}))
  }
  const tagIds = new Map<string, number>()
  for (const spec of TAGS_SPEC) {
    tagIds.set(spec.slug, await ensureTranslated(payload, TAGS, tenant, spec.slug, spec.name))
  }
  const findUser = async (email: string) =>
    (await payload.find({ collection: USERS, where: { email: { equals: email } }, limit: 1, pagination: false, depth: 0, overrideAccess: true })).docs[0]
  const instructor = await findUser(instructorEmail)
  const student = await findUser(studentEmail)

  for (const spec of COURSES_SPEC) {
    if (await findBySlug(payload, COURSES, tenant, spec.slug)) {
      continue
    }
    const localized = (locale: Locale) => ({
      title: spec.title[locale],
      summary: spec.summary[locale],
      description: lexicalParagraph(spec.summary[locale]),
    })
    const course = await payload.create({
      collection: COURSES,
      locale: 'en',
      data: {
        tenant,
        slug: spec.slug,
        ...localized('en'),
        category: categoryIds.get(spec.category),
        tags: spec.tags.map((t) => tagIds.get(t)!),
        instructors: instructor ? [instructor.id] : [],
        level: spec.level,
        language: spec.language,
        estimatedHours: spec.hours,
        enrollmentPolicy: spec.policy,
        price: spec.price ?? {},
        startsAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        sections: spec.sections.map((section) => ({
          title: section.title.en,
          lessons: section.lessons.map((l) => ({
            title: l.title.en,
            type: 'text' as const,
            required: l.required ?? true,
            releaseAfterDays: l.releaseAfterDays,
            body: lexicalParagraph(l.body.en),
          })),
        })),
        _status: 'published',
      },
      overrideAccess: true,
    })
    // Other locales reuse the rows' IDs, so the translations land on the same lessons.
    for (const locale of ['ar', 'so'] as const) {
      await payload.update({
        collection: COURSES,
        id: course.id,
        locale,
        data: {
          ...localized(locale),
          sections: (course.sections ?? []).map((section, s) => ({
            id: section.id,
            title: spec.sections[s]!.title[locale],
            lessons: (section.lessons ?? []).map((row, l) => ({
              ...row,
              title: spec.sections[s]!.lessons[l]!.title[locale],
              body: lexicalParagraph(spec.sections[s]!.lessons[l]!.body[locale]),
            })),
          })),
        },
        overrideAccess: true,
      })
    }
    if (student && spec.policy === 'open') {
      const enrollment = await payload.create({
        collection: ENROLLMENTS,
        data: { user: student.id, course: course.id, status: 'active', source: 'staff' },
        overrideAccess: true,
      })
      await seedDemoCoursework(payload, tenant, course, student.id, enrollment.id)
    }
  }
}
