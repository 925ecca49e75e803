/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracket notation for
 * nesting (`line_items[0][price_data][currency]=usd`, `metadata[order]=12`, `expand[]=x`), as
 * the SDK writes it for POST bodies and GET query strings alike. Every leaf is a string; an
 * empty one is Stripe's way of saying "unset" (`metadata[key]=`, `metadata=`).
 */
export type FormValue = string | FormObject
export type FormObject = { [key: string]: FormValue }

export class FormBodyError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message)
  }
}

// `__proto__` and friends would write onto Object.prototype through a plain object.
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor'])

const splitKey = (key: string): string[] | undefined => {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
  if (!match) {
    return undefined
  }
  return [match[1], ...[...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])]
}

/** The nested parameters of a form body; numbered keys stay keys (`'0'`, `'1'`): `listOf` reads them as a list. */
export const parseFormBody = (text: string): FormObject => {
  const root: FormObject = {}
  for (const [key, value] of new URLSearchParams(text)) {
    const segments = splitKey(key)
    if (!segments || segments.some((s) => FORBIDDEN.has(s))) {
      throw new FormBodyError(`Invalid parameter name: ${key}`, key)
    }
    let node: FormObject = root
    for (let i = 0; i < segments.length; i++) {
      const last = i === segments.length - 1
      // `expand[]=a&expand[]=b`: an empty index appends.
      const segment = segments[i] === '' ? String(Object.keys(node).length) : segments[i]
      const existing = node[segment]
      if (last) {
        if (typeof existing === 'object') {
          // `metadata=` with `metadata[a]=b` mixes a hash with a string.
          throw new FormBodyError(`Invalid hash: ${segments.slice(0, i + 1).join('.')}`, key)
        }
        node[segment] = value
      } else if (existing === undefined) {
        const child: FormObject = {}
        node[segment] = child
        node = child
      } else if (typeof existing === 'string') {
        throw new FormBodyError(`Invalid hash: ${segments.slice(0, i + 1).join('.')}`, key)
      } else {
        node = existing
      }
    }
  }
  return root
}

/** A parameter sent as `x[0]=..&x[1]=..` (or `x[]=..`), in index order; undefined when it is not a list. */
export const listOf = (value: FormValue | undefined): FormValue[] | undefined => {
  if (value === undefined || typeof value === 'string') {
    return undefined
  }
  const keys = Object.keys(value)
  if (!keys.every((k) => /^\d+$/.test(k))) {
    return undefined
  }
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k])
}

/** Parameters in a canonical form, so two requests can be compared for idempotency. */
export const canonical = (value: FormValue): string => {
  if (typeof value === 'string') {
    return JSON.stringify(value)
  }
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
    .join(',')}}`
}
