import { type FormObject, type FormValue, listOf } from './formBody'

/** The `error` member of Stripe's error answers, as the SDK reads it to pick its error class. */
export type StripeErrorBody = {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error' | (string & {})
  code?: string
  message: string
  param?: string
  doc_url?: string
}

/** An answer other than 200, thrown by a handler and written out by the server. */
export class StripeFault extends Error {
  constructor(
    readonly status: number,
    readonly error: StripeErrorBody,
  ) {
    super(error.message)
  }
}

export const invalidRequest = (message: string, param?: string, code?: string): StripeFault =>
  new StripeFault(400, {
    type: 'invalid_request_error',
    message,
    ...(param === undefined ? {} : { param }),
    ...(code === undefined ? {} : { code, doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}` }),
  })

export const missingParam = (param: string): StripeFault => invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing')

export const noSuch = (objectName: string, id: string, param: string): StripeFault =>
  new StripeFault(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    message: `No such ${objectName}: '${id}'`,
    param,
  })

/** `line_items` + `0` → `line_items[0]`, the way Stripe names a nested parameter in its errors. */
export const child = (path: string, key: string): string => (path ? `${path}[${key}]` : key)

/**
 * Readers for one level of form parameters. Each takes the parameter's full name for the
 * error it answers with, as Stripe names `line_items[0][price_data][currency]`.
 */
export const params = (value: FormValue | undefined, path = '') => {
  if (value !== undefined && value !== '' && typeof value === 'string') {
    throw invalidRequest(`Invalid object`, path)
  }
  const object: FormObject = typeof value === 'object' ? value : {}
  const reader = {
    object,
    path,
    has: (key: string) => object[key] !== undefined,
    /** Stripe refuses what it does not know; `known` are the names the SDK's params type lists. */
    onlyKnown: (known: readonly string[]) => {
      const unknown = Object.keys(object).find((key) => !known.includes(key))
      if (unknown !== undefined) {
        throw invalidRequest(`Received unknown parameter: ${child(path, unknown)}`, child(path, unknown), 'parameter_unknown')
      }
      return reader
    },
    string: (key: string): string | undefined => {
      const found = object[key]
      if (found !== undefined && typeof found !== 'string') {
        throw invalidRequest(`Invalid string: {...}`, child(path, key))
      }
      return found === '' ? undefined : found
    },
    requiredString: (key: string): string => {
      const found = reader.string(key)
      if (found === undefined) {
        throw missingParam(child(path, key))
      }
      return found
    },
    integer: (key: string, { min }: { min?: number } = {}): number | undefined => {
      const found = reader.string(key)
      if (found === undefined) {
        return undefined
      }
      if (!/^-?\d+$/.test(found) || !Number.isSafeInteger(Number(found))) {
        throw invalidRequest(`Invalid integer: ${found}`, child(path, key), 'parameter_invalid_integer')
      }
      const number = Number(found)
      if (min !== undefined && number < min) {
        throw invalidRequest(`${min === 0 ? 'Invalid non-negative integer' : `This value must be greater than or equal to ${min}.`}`, child(path, key), 'parameter_invalid_integer')
      }
      return number
    },
    number: (key: string): number | undefined => {
      const found = reader.string(key)
      if (found === undefined) {
        return undefined
      }
      if (!/^-?\d+(\.\d+)?$/.test(found)) {
        throw invalidRequest(`Invalid decimal: ${found}`, child(path, key))
      }
      return Number(found)
    },
    boolean: (key: string): boolean | undefined => {
      const found = reader.string(key)
      if (found === undefined) {
        return undefined
      }
      if (found !== 'true' && found !== 'false') {
        throw invalidRequest(`Invalid boolean: ${found}`, child(path, key))
      }
      return found === 'true'
    },
    oneOf: <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
      const found = reader.string(key)
      if (found !== undefined && !(allowed as readonly string[]).includes(found)) {
        throw invalidRequest(`Invalid ${key}: must be one of ${allowed.join(', ')}`, child(path, key))
      }
      return found as T | undefined
    },
    /** A nested hash; undefined when absent, an empty reader when sent as `key=` (emptied). */
    nested: (key: string) => (object[key] === undefined ? undefined : params(object[key], child(path, key))),
    list: (key: string): FormValue[] | undefined => {
      const found = object[key]
      if (found === undefined || found === '') {
        return found === '' ? [] : undefined
      }
      const list = listOf(found)
      if (!list) {
        throw invalidRequest(`Invalid array`, child(path, key))
      }
      return list
    },
    /** Stripe's metadata: up to 50 keys of up to 40 characters, values of up to 500; `key=` leaves a key out. */
    metadata: (key = 'metadata'): Record<string, string> | undefined => {
      const found = object[key]
      if (found === undefined) {
        return undefined
      }
      if (found === '') {
        return {}
      }
      if (typeof found === 'string') {
        throw invalidRequest(`Invalid hash`, child(path, key))
      }
      const entries = Object.entries(found)
      if (entries.length > 50) {
        throw invalidRequest(`Invalid hash: metadata can have up to 50 keys, but you passed in ${entries.length} keys.`, child(path, key))
      }
      const metadata: Record<string, string> = {}
      for (const [name, value] of entries) {
        if (typeof value !== 'string') {
          throw invalidRequest(`Invalid string: {...}`, child(child(path, key), name))
        }
        if (name.length > 40) {
          throw invalidRequest(`Metadata keys can have up to 40 characters, but you passed in a key that is ${name.length} characters.`, child(child(path, key), name))
        }
        if (value.length > 500) {
          throw invalidRequest(`Metadata values can have up to 500 characters, but you passed in a value that is ${value.length} characters.`, child(child(path, key), name))
        }
        metadata[name] = value
      }
      return metadata
    },
  }
  return reader
}

export type Params = ReturnType<typeof params>
