import { expect } from 'vitest'

import type { Reach } from './reach'

import { expectNoSchemaError } from '../helpers/graphql'

/**
 * One exact answer: a status and, for a refusal, the error's name (and the field it concerns,
 * with the field's message where it is known, or the message where the name is Payload's
 * generic APIError). `holds` says whether a successful answer contains the attacked document.
 */
export type Expected = { status: number; error?: string; field?: string; fieldMessage?: string; message?: string; holds?: boolean }

export const FORBIDDEN: Expected = { status: 403, error: 'Forbidden' }
export const NOT_FOUND: Expected = { status: 404, error: 'NotFound' }
export const UNAUTHORIZED: Expected = { status: 401, error: 'UnauthorizedError' }
export const invalid = (field: string, fieldMessage?: string): Expected => ({ status: 400, error: 'ValidationError', field, fieldMessage })
export const refusedBy = (status: number, message: string): Expected => ({ status, error: 'APIError', message })
export const success = (status: 200 | 201, holds: boolean): Expected => ({ status, holds })

/** A list: refused when the rule denies, otherwise answered, with the document only if it is reached. */
export const listAnswer = (reach: Reach): Expected => (reach === 'denied' ? FORBIDDEN : success(200, reach === 'granted'))

/** A read by ID: a document the rule hides is not found. */
export const readAnswer = (reach: Reach): Expected => (reach === 'denied' ? FORBIDDEN : reach === 'hidden' ? NOT_FOUND : success(200, true))

/** A change or deletion by ID: Payload answers Forbidden for a document its `Where` hides, not NotFound. */
export const writeAnswer = (reach: Reach): Expected => {
  expect(reach, 'an attack by ID is only ever made on a document out of reach').not.toBe('granted')
  return FORBIDDEN
}

/** A change or deletion by `where`: the hidden document is simply not among those changed. */
export const bulkWriteAnswer = (reach: Reach): Expected => {
  expect(reach, 'an attack by where is only ever made on a document out of reach').not.toBe('granted')
  return reach === 'denied' ? FORBIDDEN : success(200, false)
}

type RestError = { name?: string; message?: string; data?: { errors?: { path: string; message: string }[] } }
type RestBody = { id?: unknown; doc?: { id?: unknown }; docs?: { id: unknown }[]; errors?: RestError[] }

/** Field paths without array row numbers: `sections.0.lessons.0.body` is `sections.lessons.body`. */
const fieldPath = (path: string): string => path.replace(/\.\d+(?=\.|$)/g, '')

/** A validation error names the expected field (and, where known, says the expected thing about it). */
const expectFieldError = (errors: { path: string; message?: string }[] | undefined, expected: Expected, shown: string): void => {
  const found = (errors ?? []).find((e) => fieldPath(e.path) === expected.field)
  expect(found, shown).toBeDefined()
  if (expected.fieldMessage) {
    expect(found?.message, shown).toBe(expected.fieldMessage)
  }
}

const idsIn = (body: RestBody): unknown[] => (body.docs ? body.docs.map((d) => d.id) : [body.doc?.id ?? body.id])

/** A REST answer is exactly the expected one; returns its body. */
export const expectRest = async (response: Response, expected: Expected, what: string, docId?: number): Promise<RestBody> => {
  const text = await response.text()
  const body = (text ? JSON.parse(text) : {}) as RestBody
  const shown = `${what}: ${response.status} ${text.slice(0, 300)}`
  if (expected.status >= 400) {
    const errors = body.errors ?? []
    expect([response.status, errors.map((e) => e.name)], shown).toEqual([expected.status, [expected.error]])
    if (expected.message) {
      expect(errors[0]?.message, shown).toBe(expected.message)
    }
    if (expected.field) {
      expectFieldError(errors[0]?.data?.errors, expected, shown)
    }
    return body
  }
  expect(response.status, shown).toBe(expected.status)
  // A bulk answer lists the documents it could not change under `errors`: none may fail.
  expect(body.errors ?? [], shown).toEqual([])
  if (docId !== undefined && expected.holds !== undefined) {
    expect(idsIn(body).includes(docId), shown).toBe(expected.holds)
  }
  return body
}

export type Gql = {
  data?: Record<string, unknown> | null
  errors?: { message: string; extensions?: { statusCode?: number; name?: string; data?: { errors?: { path: string; message?: string }[] } } }[]
}

/** A GraphQL answer for one operation (`field`) is exactly the expected one. */
export const expectGraphQL = (result: Gql, field: string, expected: Expected, what: string, docId?: number): void => {
  const shown = `${what}: ${JSON.stringify(result).slice(0, 400)}`
  expectNoSchemaError(result, what)
  const value = result.data?.[field] as { id?: unknown; docs?: { id: unknown }[] } | null | undefined
  if (expected.status >= 400) {
    const errors = result.errors ?? []
    expect(errors.map((e) => [e.extensions?.statusCode, e.extensions?.name]), shown).toEqual([[expected.status, expected.error]])
    if (expected.message) {
      expect(errors[0]?.message, shown).toBe(expected.message)
    }
    if (expected.field) {
      expectFieldError(errors[0]?.extensions?.data?.errors, expected, shown)
    }
    expect(value ?? null, shown).toBeNull()
    return
  }
  expect(result.errors, shown).toBeUndefined()
  expect(value, shown).toBeTruthy()
  if (docId !== undefined && expected.holds !== undefined) {
    const ids = value?.docs ? value.docs.map((d) => d.id) : [value?.id]
    expect(ids.includes(docId), shown).toBe(expected.holds)
  }
}
