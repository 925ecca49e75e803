import type { APIRequestContext, Page } from '@playwright/test'

import { expect, test } from '@playwright/test'
import crypto from 'node:crypto'

import { lexicalParagraph } from '@/fields/lexicalParagraph'

import { bearer, tokenOf } from './apiSession'
import { type FixturePerson, type Fixtures, readFixtures, TUTOR_STAND_IN } from './fixtures'
import { logIntoLearnerSite } from './learnerSession'

let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

type CourseDoc = { id: number; slug: string; sections: { lessons: { id: string; title: string }[] }[] }

const ADDING = 'جمع الكسور'
const DECIMALS = 'الأعداد العشرية'

/**
 * A course of north written in Arabic, taught by north's instructor, with the tutor as asked and
 * two lessons, one about adding fractions; north's student actively enrolled (over the API: not
 * under test here).
 */
const arabicCourse = async (request: APIRequestContext, { tutorEnabled }: { tutorEnabled: boolean }): Promise<CourseDoc> => {
  const { north, password } = fixtures
  const admin = bearer(await tokenOf(request, north.admin, password))
  const suffix = crypto.randomBytes(3).toString('hex')
  const created = await request.post('/api/courses?locale=ar', {
    headers: admin,
    data: {
      title: `الكسور للمبتدئين ${suffix}`,
      slug: `fractions-ar-${suffix}`,
      language: 'ar',
      tenant: north.tenant.id,
      instructors: [north.instructor.id],
      tutorEnabled,
      sections: [
        {
          title: 'الكسور',
          lessons: [
            { title: ADDING, body: lexicalParagraph('لجمع الكسور ذات المقامات المختلفة نكتبها بمقام مشترك ثم نجمع البسوط.') },
            { title: DECIMALS, body: lexicalParagraph('العدد العشري يُكتب بفاصلة تفصل الجزء الصحيح عن الجزء العشري.') },
          ],
        },
      ],
      _status: 'published',
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  const course = ((await created.json()) as { doc: CourseDoc }).doc
  const enrolled = await request.post('/api/enrollments', { headers: admin, data: { tenant: north.tenant.id, user: north.student.id, course: course.id, status: 'active', source: 'staff' } })
  expect(enrolled.status(), await enrolled.text()).toBe(201)
  return course
}

/** Signs in on north's learner site (in English, as its login page opens) and lands on `next`. */
const logIn = (page: Page, person: FixturePerson, next: string) => logIntoLearnerSite(page, { school: fixtures.north.tenant.slug, person, password: fixtures.password, next })

const inArabic = (path: string) => `${path}?school=${fixtures.north.tenant.slug}&locale=ar`

test.describe('the learner site in Arabic', () => {
  test('should stream the tutor’s Arabic answer right to left, cite the lesson, and keep the conversation', async ({ page, browser, request }) => {
    const { north } = fixtures
    const course = await arabicCourse(request, { tutorEnabled: true })
    const adding = course.sections[0]!.lessons[0]!

    // The enrolled student finds the tutor on the course's page.
    await logIn(page, north.student, `/learn/courses/${course.slug}`)
    await page.goto(inArabic(`/learn/courses/${course.slug}`))
    await page.getByRole('link', { name: 'اسأل المعلّم الذكي' }).click()
    await expect(page).toHaveURL((url) => url.pathname === `/learn/courses/${course.slug}/tutor` && url.searchParams.get('locale') === 'ar')
    const learnPage = page.locator('.learn-page')
    await expect(learnPage).toHaveAttribute('dir', 'rtl')
    await expect(learnPage).toHaveAttribute('lang', 'ar')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('المعلّم الذكي')
    await expect(page.getByText('لا أسئلة بعد: اطرح سؤالك الأول.')).toBeVisible()

    // Asks in Arabic: no second question while the answer is on its way, then the answer written in.
    const question = 'كيف أجمع الكسور ذات المقامات المختلفة؟'
    const box = page.getByRole('textbox', { name: 'سؤالك' })
    await box.fill(question)
    const ask = page.getByRole('button', { name: 'اسأل', exact: true })
    await ask.click()
    await expect(ask).toBeDisabled()
    const messages = page.getByTestId('tutor-message')
    const answer = page.locator('[data-testid="tutor-message"][data-role="tutor"]')
    await expect(answer.locator('p[dir="auto"]')).toHaveText(TUTOR_STAND_IN.arabicAnswer)
    await expect(ask).toBeEnabled()
    await expect(box).toHaveValue('')
    await expect(messages).toHaveCount(2)
    await expect(messages.first()).toHaveAttribute('data-role', 'student')
    await expect(messages.first()).toContainText(question)
    // The lesson that answers it is cited, and not the one that does not.
    await expect(answer.getByTestId('citations')).toContainText('المصادر من الدورة')
    await expect(answer.getByTestId('citations').getByRole('link')).toHaveText([ADDING])
    await expect(page.locator('main').getByRole('alert')).toHaveCount(0)

    // Kept: after a reload the conversation is there, in order, with the citation.
    await page.reload()
    await expect(messages).toHaveCount(2)
    await expect(messages.nth(0)).toHaveAttribute('data-role', 'student')
    await expect(messages.nth(0).locator('p[dir="auto"]')).toHaveText(question)
    await expect(messages.nth(1)).toHaveAttribute('data-role', 'tutor')
    await expect(messages.nth(1).locator('p[dir="auto"]')).toHaveText(TUTOR_STAND_IN.arabicAnswer)
    // The citation leads to the lesson on the course's page.
    await messages.nth(1).getByRole('link', { name: ADDING }).click()
    await expect(page).toHaveURL((url) => url.pathname === `/learn/courses/${course.slug}` && url.hash === `#lesson-${adding.id}`)
    await expect(page.locator(`#lesson-${adding.id}`)).toContainText('نكتبها بمقام مشترك')

    // A student of the school outside the course is offered no tutor, and refused in Arabic when they go to it.
    const other = await browser.newContext({ baseURL: new URL(page.url()).origin })
    const outsider = await other.newPage()
    await logIn(outsider, north.otherStudent, `/learn/courses/${course.slug}`)
    await outsider.goto(inArabic(`/learn/courses/${course.slug}`))
    await expect(outsider.getByRole('heading', { level: 1 })).toContainText('الكسور للمبتدئين')
    await expect(outsider.getByTestId('tutor-link')).toHaveCount(0)
    await outsider.goto(inArabic(`/learn/courses/${course.slug}/tutor`))
    await outsider.getByRole('textbox', { name: 'سؤالك' }).fill('ما هو الكسر؟')
    await outsider.getByRole('button', { name: 'اسأل', exact: true }).click()
    await expect(outsider.locator('main').getByRole('alert')).toHaveText('يجيب المعلّم الذكي الطلاب المسجّلين حاليًا في هذه الدورة فقط.')
    await expect(outsider.getByTestId('tutor-message')).toHaveCount(0)
    // The question stays in the box, to ask again.
    await expect(outsider.getByRole('textbox', { name: 'سؤالك' })).toHaveValue('ما هو الكسر؟')
    await other.close()
  })

  test('should take a quiz in Arabic: save, resume, hand in, and see the score and review', async ({ page, request }) => {
    const { north, password } = fixtures
    const course = await arabicCourse(request, { tutorEnabled: false })
    // The course's instructor writes the quiz in Arabic and publishes it.
    const instructor = bearer(await tokenOf(request, north.instructor, password))
    const made = await request.post('/api/quizzes?locale=ar', {
      headers: instructor,
      data: {
        course: course.id,
        title: 'اختبار الكسور',
        maxAttempts: 2,
        passPercent: 60,
        review: 'after-attempt',
        questions: [
          { type: 'single', prompt: 'أيّ الكسرين أكبر؟', points: 2, options: [{ text: 'النصف', correct: true }, { text: 'الربع' }, { text: 'هما متساويان' }], explanation: 'النصف ضعف الربع.' },
          { type: 'short', prompt: 'ماذا نسمّي العدد المكتوب أسفل خط الكسر؟', points: 1, acceptedAnswers: [{ text: 'المقام' }] },
        ],
        _status: 'published',
      },
    })
    expect(made.status(), await made.text()).toBe(201)
    const quiz = ((await made.json()) as { doc: { id: number } }).doc

    // The student finds it on the course's page, in Arabic, right to left.
    await logIn(page, north.student, `/learn/courses/${course.slug}`)
    await page.goto(inArabic(`/learn/courses/${course.slug}`))
    const listed = page.getByTestId('quiz').filter({ hasText: 'اختبار الكسور' })
    await expect(listed).toContainText('عدد الأسئلة: 2 · بلا حد زمني · المحاولات: 0 من 2')
    await listed.getByRole('link', { name: 'اختبار الكسور' }).click()
    await expect(page).toHaveURL((url) => url.pathname === `/learn/courses/${course.slug}/quizzes/${quiz.id}`)
    await expect(page.locator('.learn-page')).toHaveAttribute('dir', 'rtl')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('اختبار الكسور')

    // Starts, answers both questions and saves.
    await page.getByRole('button', { name: 'ابدأ الاختبار' }).click()
    await expect(page.getByTestId('quiz-question')).toHaveCount(2)
    await expect(page.getByTestId('quiz-question').first()).toContainText('السؤال 1 (النقاط: 2)')
    await page.getByRole('radio', { name: 'النصف' }).check()
    // With a diacritic the key does not have: Arabic answers are matched without them.
    await page.getByRole('textbox', { name: 'إجابتك' }).fill('المَقام')
    await page.getByRole('button', { name: 'احفظ الإجابات' }).click()
    await expect(page.locator('main').getByRole('status')).toHaveText('حُفظت الإجابات.')

    // Back later: the attempt is resumed with the saved answers.
    await page.reload()
    await expect(page.getByTestId('quiz-attempt-row')).toHaveText('المحاولة 1 · قيد الإجراء')
    await page.getByRole('button', { name: 'تابع محاولتك' }).click()
    await expect(page.getByRole('radio', { name: 'النصف' })).toBeChecked()
    await expect(page.getByRole('radio', { name: 'الربع' })).not.toBeChecked()
    await expect(page.getByRole('textbox', { name: 'إجابتك' })).toHaveValue('المَقام')

    // Hands in: graded at once, with the key, as the quiz's review policy allows.
    await page.getByRole('button', { name: 'سلّم الاختبار' }).click()
    await expect(page.getByTestId('quiz-score')).toHaveText('الدرجة: 3 من 3 (100٪)')
    await expect(page.getByTestId('quiz-passed')).toHaveText('ناجح')
    const reviewed = page.getByTestId('reviewed-question')
    await expect(reviewed).toHaveCount(2)
    await expect(reviewed.nth(0)).toHaveAttribute('data-outcome', 'correct')
    await expect(reviewed.nth(0)).toContainText('النقاط: 2 من 2')
    await expect(reviewed.nth(0)).toContainText('الشرح: النصف ضعف الربع.')
    await expect(reviewed.nth(1)).toHaveAttribute('data-outcome', 'correct')
    await expect(reviewed.nth(1).getByTestId('correct-answer')).toHaveText('الإجابة الصحيحة: المقام')

    // The grade is the server's.
    const student = bearer(await tokenOf(request, north.student, password))
    const attempts = (await (await request.get(`/api/quiz-attempts?where[quiz][equals]=${quiz.id}&depth=0`, { headers: student })).json()) as { docs: Record<string, unknown>[] }
    expect(attempts.docs).toHaveLength(1)
    expect(attempts.docs[0]).toMatchObject({ status: 'graded', closedBy: 'student', score: 3, maxScore: 3, percent: 100, passed: true })

    // The quiz's page counts the attempt and offers the one left.
    await page.getByRole('button', { name: 'محاولاتك' }).click()
    await expect(page.getByTestId('quiz-facts')).toHaveText('عدد الأسئلة: 2 · بلا حد زمني · المحاولات: 1 من 2')
    await expect(page.getByTestId('quiz-attempt-row')).toContainText('المحاولة 1 · الدرجة: 3 من 3 (100٪)')
    await expect(page.getByRole('button', { name: 'ابدأ الاختبار' })).toBeVisible()
    await page.getByRole('link', { name: 'العودة إلى الدورة' }).click()
    await expect(page.getByTestId('quiz').filter({ hasText: 'اختبار الكسور' })).toContainText('أفضل نتيجة: 100٪')
  })
})
