/** What the AI is used for; each has its own budget and is told apart in the ledger. */
export const AI_FEATURES = ['tutor', 'summaries', 'quiz-generation'] as const
export type AiFeature = (typeof AI_FEATURES)[number]

/** How a metered call ended, as the ledger records it. */
export const AI_OUTCOMES = ['ok', 'refused', 'failed', 'cancelled', 'timeout', 'rate-limited'] as const
export type AiOutcome = (typeof AI_OUTCOMES)[number]

/** The budgets and limits that apply when a school has set none of its own. */
export const AI_DEFAULTS = {
  monthlyTokens: 2_000_000,
  personDailyTokens: 100_000,
  personRequestsPerMinute: 10,
  schoolRequestsPerMinute: 600,
} as const
