import { randomInt } from 'node:crypto'

import { invalid } from '@/shared/domainError'
import { QUIZ_ATTEMPTS } from '@/shared/slugs'

import { matchesAnswer } from './answerMatching'

export const QUESTION_TYPES = ['single', 'multiple', 'true-false', 'short'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

/** When a student sees the correct answers and explanations of a graded attempt. */
export const REVIEW_POLICIES = ['after-attempt', 'after-last-attempt', 'score-only'] as const
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number]

/** A text in each of the quiz's languages, as Payload gives a localized field read in every locale. */
export type Localized = Record<string, string>

export type PaperQuestion = {
  id: string
  type: QuestionType
  points: number
  prompt: Localized
  explanation: Localized | null
  /** Choice questions' options, in the order this attempt shows them. */
  options: { id: string; text: Localized; correct: boolean }[]
  statementIsTrue: boolean
  accepted: Localized[]
  caseSensitive: boolean
}

/**
 * The questions of one attempt, in the order it shows them, with their answers: taken from
 * the quiz when the attempt starts, so an edit made meanwhile neither changes what the student
 * sees nor how they are graded. Kept on the attempt, readable by the course's staff alone.
 */
export type Paper = { passPercent: number; review: ReviewPolicy; questions: PaperQuestion[] }

/** A student's answers by question id: an option id, option ids, true or false, or a text. */
export type Answers = Record<string, string | string[] | boolean>

const DEFAULT_LOCALE = 'en'

/** A localized value as read with `locale: 'all'` (or a plain string, read in one locale). */
export const localizedOf = (value: unknown): Localized => {
  if (typeof value === 'string') {
    return { [DEFAULT_LOCALE]: value }
  }
  if (typeof value !== 'object' || value === null) {
    return {}
  }
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''))
}

/** The text in the reader's language, else the default language's, else any there is. */
export const textIn = (text: Localized | null | undefined, locale: string | undefined): string =>
  (text && ((locale && text[locale]) || text[DEFAULT_LOCALE] || Object.values(text)[0])) || ''

type QuestionSource = {
  id?: string | null
  type?: string | null
  points?: number | null
  prompt?: unknown
  explanation?: unknown
  options?: { id?: string | null; text?: unknown; correct?: boolean | null }[] | null
  statementIsTrue?: boolean | null
  acceptedAnswers?: { text?: unknown }[] | null
  caseSensitive?: boolean | null
}

export type QuizSource = {
  passPercent?: number | null
  review?: string | null
  shuffleQuestions?: boolean | null
  shuffleOptions?: boolean | null
  questions?: QuestionSource[] | null
}

/** Fisher–Yates with the system's random source: a student cannot predict the next order. */
const shuffled = <T>(items: readonly T[], random: (n: number) => number): T[] => {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = random(i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** The paper of a new attempt from the quiz read in every locale, shuffled as the quiz asks. */
export const buildPaper = (quiz: QuizSource, random: (n: number) => number = randomInt): Paper => {
  const questions: PaperQuestion[] = (quiz.questions ?? []).map((q) => {
    const type = (QUESTION_TYPES as readonly string[]).includes(q.type ?? '') ? (q.type as QuestionType) : 'single'
    const options = type === 'single' || type === 'multiple' ? (q.options ?? []).map((o) => ({ id: o.id ?? '', text: localizedOf(o.text), correct: o.correct === true })) : []
    const explanation = localizedOf(q.explanation)
    return {
      id: q.id ?? '',
      type,
      points: q.points ?? 0,
      prompt: localizedOf(q.prompt),
      explanation: Object.keys(explanation).length > 0 ? explanation : null,
      options: quiz.shuffleOptions ? shuffled(options, random) : options,
      statementIsTrue: q.statementIsTrue === true,
      accepted: type === 'short' ? (q.acceptedAnswers ?? []).map((a) => localizedOf(a.text)) : [],
      caseSensitive: q.caseSensitive === true,
    }
  })
  return {
    passPercent: quiz.passPercent ?? 50,
    review: (REVIEW_POLICIES as readonly string[]).includes(quiz.review ?? '') ? (quiz.review as ReviewPolicy) : 'after-attempt',
    questions: quiz.shuffleQuestions ? shuffled(questions, random) : questions,
  }
}

export type StudentQuestion = { id: string; number: number; type: QuestionType; points: number; prompt: string; options?: { id: string; text: string }[] }

/** The questions as the student sees them while answering: no correct flags, no accepted answers, no explanations. */
export const studentQuestions = (paper: Paper, locale: string | undefined): StudentQuestion[] =>
  paper.questions.map((q, index) => ({
    id: q.id,
    number: index + 1,
    type: q.type,
    points: q.points,
    prompt: textIn(q.prompt, locale),
    ...(q.options.length > 0 ? { options: q.options.map((o) => ({ id: o.id, text: textIn(o.text, locale) })) } : {}),
  }))

const MAX_TEXT_ANSWER = 500

/**
 * A student's answers checked against the paper: every key a question of it, every value the
 * kind its question takes. Unanswered questions are simply left out.
 */
export const checkAnswers = (paper: Paper, input: unknown): Answers => {
  if (input === undefined || input === null) {
    return {}
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw invalid('Send the answers as an object: {"<question id>": answer}.', { field: 'answers', collection: QUIZ_ATTEMPTS })
  }
  const byId = new Map(paper.questions.map((q, index) => [q.id, { q, number: index + 1 }]))
  const answers: Answers = {}
  for (const [id, value] of Object.entries(input as Record<string, unknown>)) {
    const found = byId.get(id)
    if (!found) {
      throw invalid(`"${id.slice(0, 40)}" is not a question of this attempt.`, { field: 'answers', collection: QUIZ_ATTEMPTS })
    }
    const { q, number } = found
    const wrong = (what: string): never => {
      throw invalid(`Question ${number} takes ${what}.`, { field: 'answers', collection: QUIZ_ATTEMPTS })
    }
    if (value === null) {
      continue
    }
    const optionIds = new Set(q.options.map((o) => o.id))
    switch (q.type) {
      case 'single':
        if (typeof value !== 'string' || !optionIds.has(value)) {
          wrong('the id of one of its options')
        }
        break
      case 'multiple':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !optionIds.has(v)) || new Set(value).size !== value.length) {
          wrong('a list of the ids of its options, each once')
        }
        break
      case 'true-false':
        if (typeof value !== 'boolean') {
          wrong('true or false')
        }
        break
      case 'short':
        if (typeof value !== 'string' || value.length > MAX_TEXT_ANSWER) {
          wrong(`a text of at most ${MAX_TEXT_ANSWER} characters`)
        }
        break
    }
    answers[id] = value as string | string[] | boolean
  }
  return answers
}

export type Outcome = 'correct' | 'partial' | 'incorrect' | 'unanswered'
export type QuestionResult = { question: string; points: number; awarded: number; outcome: Outcome }
export type Grade = { score: number; maxScore: number; percent: number; passed: boolean; results: QuestionResult[] }

const round2 = (value: number): number => Math.round(value * 100) / 100

/** The points one answer earns. Several-answer questions give partial credit: right picks less wrong picks, over the right options, never below zero. */
const award = (q: PaperQuestion, answer: Answers[string] | undefined): { awarded: number; outcome: Outcome } => {
  if (answer === undefined || (Array.isArray(answer) && answer.length === 0) || answer === '') {
    return { awarded: 0, outcome: 'unanswered' }
  }
  const all = (right: boolean) => ({ awarded: right ? q.points : 0, outcome: (right ? 'correct' : 'incorrect') as Outcome })
  switch (q.type) {
    case 'single':
      return all(q.options.some((o) => o.correct && o.id === answer))
    case 'true-false':
      return all(answer === q.statementIsTrue)
    case 'short':
      return all(typeof answer === 'string' && matchesAnswer(answer, q.accepted.flatMap((a) => Object.values(a)), q.caseSensitive))
    case 'multiple': {
      const picked = new Set(answer as string[])
      const right = q.options.filter((o) => o.correct)
      const hits = right.filter((o) => picked.has(o.id)).length
      const misses = q.options.filter((o) => !o.correct && picked.has(o.id)).length
      const share = right.length === 0 ? 0 : Math.max(0, (hits - misses) / right.length)
      const awarded = round2(q.points * share)
      return { awarded, outcome: share === 1 ? 'correct' : share > 0 ? 'partial' : 'incorrect' }
    }
  }
}

/** The grade of an attempt: each question's points, the total, the percentage and whether it reaches the pass mark. */
export const gradePaper = (paper: Paper, answers: Answers): Grade => {
  const results = paper.questions.map((q) => ({ question: q.id, points: q.points, ...award(q, answers[q.id]) }))
  const score = round2(results.reduce((sum, r) => sum + r.awarded, 0))
  const maxScore = round2(paper.questions.reduce((sum, q) => sum + q.points, 0))
  const percent = maxScore === 0 ? 0 : round2((score * 100) / maxScore)
  return { score, maxScore, percent, passed: maxScore > 0 && percent >= paper.passPercent, results }
}

export type ReviewedQuestion = StudentQuestion & {
  answer: Answers[string] | null
  awarded: number
  outcome: Outcome
  /** With the key only: the right option ids, true or false, or the accepted answers. */
  correct?: string[] | boolean
  explanation?: string | null
}

/** A graded attempt as its student reviews it: their answers and points, and the key and explanations when `withKey`. */
export const reviewPaper = (paper: Paper, answers: Answers, grade: Pick<Grade, 'results'>, locale: string | undefined, withKey: boolean): ReviewedQuestion[] => {
  const results = new Map(grade.results.map((r) => [r.question, r]))
  return studentQuestions(paper, locale).map((shown, index) => {
    const q = paper.questions[index]!
    const result = results.get(q.id)
    const key = !withKey
      ? {}
      : {
          correct: q.type === 'true-false' ? q.statementIsTrue : q.type === 'short' ? q.accepted.map((a) => textIn(a, locale)) : q.options.filter((o) => o.correct).map((o) => o.id),
          explanation: q.explanation ? textIn(q.explanation, locale) : null,
        }
    return { ...shown, answer: answers[q.id] ?? null, awarded: result?.awarded ?? 0, outcome: result?.outcome ?? 'unanswered', ...key }
  })
}
