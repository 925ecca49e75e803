/** The API methods the stand-in answers, as they end Google's URLs (`models/{model}:generateContent`). */
export type GeminiAction = 'generateContent' | 'streamGenerateContent' | 'countTokens'

/** Which requests a fault is for: the next `times` of them (1 by default), of one model or method if given. */
export type FaultMatch = {
  /** `gemini-2.5-flash` or `models/gemini-2.5-flash`; any model when left out. */
  model?: string
  action?: GeminiAction
  /** @default 1 */
  times?: number
}

type Rule<T> = T & { model?: string; action?: GeminiAction; left: number }

const bareModel = (model: string): string => model.replace(/^models\//, '')

/** A list of a test's faults of one kind, each used up one matching request at a time, first added first. */
export const createFaultRules = <T extends object>() => {
  const rules: Rule<T>[] = []
  return {
    add: ({ times = 1, model, action, ...rest }: FaultMatch & T) => {
      rules.push({ ...(rest as unknown as T), model: model === undefined ? undefined : bareModel(model), action, left: times })
    },
    /** The first rule matching the request, one use of it taken. */
    take: (model: string, action: GeminiAction): T | undefined => {
      const index = rules.findIndex((rule) => (rule.model === undefined || rule.model === bareModel(model)) && (rule.action === undefined || rule.action === action))
      const rule = rules[index]
      if (rule) {
        rule.left -= 1
        if (rule.left <= 0) {
          rules.splice(index, 1)
        }
      }
      return rule
    },
    clear: () => {
      rules.length = 0
    },
  }
}
