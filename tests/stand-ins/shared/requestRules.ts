/** Matches requests by method (any when left out) and path: exact pathname, or a RegExp on it. */
export type RequestMatch = { method?: string; path: string | RegExp }

/** A test's instruction (a fault, a delay) for the next `left` matching requests. */
export type RequestRule<T> = RequestMatch & T & { left: number }

const matches = (rule: RequestMatch, method: string, path: string) =>
  (!rule.method || rule.method.toUpperCase() === method) && (typeof rule.path === 'string' ? rule.path === path : rule.path.test(path))

/** The first rule matching, one use of it taken (and the rule dropped once used up). */
export const takeRule = <T>(rules: RequestRule<T>[], method: string, path: string): RequestRule<T> | undefined => {
  const index = rules.findIndex((rule) => matches(rule, method, path))
  const rule = rules[index]
  if (rule) {
    rule.left -= 1
    if (rule.left <= 0) {
      rules.splice(index, 1)
    }
  }
  return rule
}
