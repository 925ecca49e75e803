import type { QuizSource } from './paper'

export type Problem = { path: string; message: string }

/**
 * What makes a quiz's questions answerable: a choice question has at least two options, one
 * right answer (or at least one, when several may be chosen); a short answer has an accepted
 * answer. A published quiz has questions worth some points. Drafts may be unfinished.
 */
export const questionProblems = (quiz: QuizSource & { _status?: string | null }): Problem[] => {
  const problems: Problem[] = []
  const questions = quiz.questions ?? []
  questions.forEach((q, i) => {
    const at = `questions.${i}`
    const options = q.options ?? []
    const right = options.filter((o) => o.correct === true).length
    if (q.type === 'single' || q.type === 'multiple') {
      if (options.length < 2) {
        problems.push({ path: `${at}.options`, message: `Question ${i + 1}: give at least two options.` })
      } else if (q.type === 'single' && right !== 1) {
        problems.push({ path: `${at}.options`, message: `Question ${i + 1}: mark exactly one option as correct.` })
      } else if (q.type === 'multiple' && right === 0) {
        problems.push({ path: `${at}.options`, message: `Question ${i + 1}: mark at least one option as correct.` })
      }
    }
    if (q.type === 'short' && (q.acceptedAnswers ?? []).length === 0) {
      problems.push({ path: `${at}.acceptedAnswers`, message: `Question ${i + 1}: give at least one accepted answer.` })
    }
  })
  if (quiz._status === 'published' && totalPoints(quiz) <= 0) {
    problems.push({ path: 'questions', message: 'A published quiz has questions worth at least one point.' })
  }
  return problems
}

export const totalPoints = (quiz: QuizSource): number => (quiz.questions ?? []).reduce((sum, q) => sum + (q.points ?? 0), 0)
