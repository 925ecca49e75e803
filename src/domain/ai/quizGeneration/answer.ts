import { z } from 'zod'

import { QUESTION_TYPES, type QuestionType } from '@/domain/coursework/quizzes/paper'
import { withoutControls } from '@/shared/withoutControls'

/** Gemini's structured output for generated questions (JSON Schema, as `responseJsonSchema` takes it). */
export const quizJsonSchema = (types: readonly QuestionType[]) => ({
  type: 'object',
  properties: {
    title: { type: 'string', description: 'A short title for the quiz.' },
    questions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string', enum: [...types], description: 'single: one right option; multiple: one or more right options; true-false: a statement; short: a word or number typed in.' },
          prompt: { type: 'string', description: 'The question, or for true-false the statement.' },
          options: { type: 'array', items: { type: 'string' }, description: 'single and multiple: two to six options. Empty for true-false and short.' },
          answers: { type: 'array', items: { type: 'string' }, description: 'single: the one right option, copied exactly; multiple: every right option, copied exactly; true-false: "true" or "false"; short: every accepted answer.' },
          explanation: { type: 'string', description: 'Why the answer is right, in one or two sentences.' },
          points: { type: 'integer', minimum: 1, maximum: 10 },
        },
        required: ['type', 'prompt', 'answers', 'explanation'],
      },
    },
  },
  required: ['title', 'questions'],
})

type Option = { text: string; correct: boolean }

/** A question as the quizzes collection takes it, in one language. */
export type GeneratedQuestion = {
  type: QuestionType
  prompt: string
  points: number
  explanation?: string
  options?: Option[]
  statementIsTrue?: boolean
  acceptedAnswers?: { text: string }[]
}

const text = (max: number) => z.string().transform(withoutControls).pipe(z.string().trim().min(1).max(max))
const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase()

const itemSchema = z
  .object({
    type: z.enum(QUESTION_TYPES),
    prompt: text(2000),
    options: z.array(text(500)).max(8).optional().default([]),
    answers: z.array(text(500)).min(1).max(8),
    explanation: z.string().transform(withoutControls).pipe(z.string().trim().max(2000)).optional(),
    points: z.number().int().min(1).max(10).optional(),
  })
  .superRefine((item, ctx) => {
    const choice = item.type === 'single' || item.type === 'multiple'
    if (choice) {
      const distinct = new Set(item.options.map((o) => o.toLocaleLowerCase()))
      if (item.options.length < 2 || distinct.size !== item.options.length) {
        ctx.addIssue({ code: 'custom', message: 'needs two or more different options' })
      } else if (item.answers.some((answer) => !item.options.some((option) => same(option, answer)))) {
        ctx.addIssue({ code: 'custom', message: 'an answer is not among its options' })
      } else if (item.type === 'single' && item.answers.length !== 1) {
        ctx.addIssue({ code: 'custom', message: 'a one-answer question needs exactly one answer' })
      }
    }
    if (item.type === 'short' && item.answers.some((answer) => answer.length > 200)) {
      ctx.addIssue({ code: 'custom', message: 'an accepted answer is longer than 200 characters' })
    }
    if (item.type === 'true-false' && (item.answers.length !== 1 || !/^(true|false)$/i.test(item.answers[0]!))) {
      ctx.addIssue({ code: 'custom', message: 'a true-false answer is "true" or "false"' })
    }
  })

const answerSchema = z.object({ title: z.string().transform(withoutControls).pipe(z.string().trim().max(200)).optional(), questions: z.array(z.unknown()) })

export type GeneratedQuiz = { title: string | undefined; questions: GeneratedQuestion[]; dropped: { index: number; reason: string }[] }

const toQuestion = (item: z.infer<typeof itemSchema>): GeneratedQuestion => {
  const base = { type: item.type, prompt: item.prompt, points: item.points ?? 1, ...(item.explanation ? { explanation: item.explanation } : {}) }
  switch (item.type) {
    case 'single':
    case 'multiple':
      return { ...base, options: item.options.map((option) => ({ text: option, correct: item.answers.some((answer) => same(option, answer)) })) }
    case 'true-false':
      return { ...base, statementIsTrue: /^true$/i.test(item.answers[0]!) }
    case 'short':
      return { ...base, acceptedAnswers: [...new Set(item.answers)].map((answer) => ({ text: answer })) }
  }
}

/**
 * The model's questions that can be used, as the quizzes collection takes them. Each item is
 * checked on its own: a choice question's right answers must be among its options (one for a
 * one-answer question), a true-false answer is true or false, a short answer has one; an item
 * of a type not asked for, or beyond the count asked for, is dropped too. What was dropped is
 * counted with why. Undefined when the answer is not JSON of the asked shape at all.
 */
export const readQuizAnswer = (textOfAnswer: string, { types, count }: { types: readonly QuestionType[]; count: number }): GeneratedQuiz | undefined => {
  let json: unknown
  try {
    json = JSON.parse(textOfAnswer)
  } catch {
    return undefined
  }
  const parsed = answerSchema.safeParse(json)
  if (!parsed.success) {
    return undefined
  }
  const questions: GeneratedQuestion[] = []
  const dropped: GeneratedQuiz['dropped'] = []
  parsed.data.questions.forEach((item, index) => {
    const checked = itemSchema.safeParse(item)
    if (!checked.success) {
      dropped.push({ index, reason: checked.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ') })
    } else if (!types.includes(checked.data.type)) {
      dropped.push({ index, reason: `a ${checked.data.type} question was not asked for` })
    } else if (questions.length >= count) {
      dropped.push({ index, reason: 'more questions than asked for' })
    } else {
      questions.push(toQuestion(checked.data))
    }
  })
  return { title: parsed.data.title || undefined, questions, dropped }
}
