import type { GeminiMessage } from '@/services/gemini'

import type { Passage } from './retrieval'
import type { TutorFlag } from './flags'

const LANGUAGE: Record<string, string> = { en: 'English', ar: 'Arabic', so: 'Somali' }

export type TutorContext = {
  courseTitle: string
  locale: string
  passages: Passage[]
  /** Titles of the graded work the student still has open: the tutor must not answer it for them. */
  openWork: string[]
  flags: TutorFlag[]
}

/**
 * The tutor's instructions: answer from the course's own passages (cited by number), in the
 * student's language, guiding rather than solving, never answering open graded work. Holds the
 * asking student's course and nothing of anyone else's.
 */
export const tutorSystemPrompt = ({ courseTitle, locale, passages, openWork, flags }: TutorContext): string => {
  const lines = [
    `You are the tutor of the course "${courseTitle}". Answer in ${LANGUAGE[locale] ?? 'English'}.`,
    'Guide the student to understand: explain ideas, give hints and ask questions back. Do not hand over finished answers to exercises.',
    'Base your answer on the course passages below and cite them as [1], [2]. If they do not cover the question, say so briefly and suggest asking the instructor.',
  ]
  if (openWork.length > 0) {
    lines.push(`These graded tasks are still open for this student; never give or confirm their answers, only explain the ideas behind them: ${openWork.map((t) => `"${t}"`).join(', ')}.`)
  }
  if (flags.includes('self-harm') || flags.includes('abuse')) {
    lines.push('The student may be unsafe. Answer with care: tell them they deserve support, and urge them to talk now to someone they trust, a teacher at their school, or local emergency services.')
  }
  if (flags.includes('cheating')) {
    lines.push('The student asked for answers to graded work: decline kindly and offer to help them understand instead.')
  }
  lines.push('', 'Course passages:')
  passages.forEach((p, i) => lines.push(`[${i + 1}] ${p.kind === 'summary' ? 'Summary of a live class, ' : ''}${p.title}: ${p.text}`))
  if (passages.length === 0) {
    lines.push('(none found for this question)')
  }
  return lines.join('\n')
}

/** The conversation so far (oldest first) and the new question, as Gemini's turns. */
export const tutorMessages = (history: { role: 'student' | 'tutor'; text: string }[], question: string): GeminiMessage[] => [
  ...history.map((m) => ({ role: m.role === 'student' ? ('user' as const) : ('model' as const), text: m.text })),
  { role: 'user', text: question },
]
