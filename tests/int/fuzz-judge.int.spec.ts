import { describe, expect, it } from 'vitest'

import type { Case } from '../fuzz/cases'

import { judge } from '../fuzz/judge'

/**
 * The fuzz test's judge (tests/fuzz/judge.ts), shown to pass what the rule allows and to fail
 * what it forbids: no 5xx, and every 4xx with its real message and, for a field error, the path
 * of each field it concerns.
 */
const rest: Case = { label: 'probe', as: 'root', method: 'POST', path: '/api/courses', body: { title: 12345 } }
const graphql: Case = { label: 'probe', as: 'root', method: 'POST', path: '/api/graphql', graphql: { query: 'mutation { createCourse(data: {}) { id } }' } }
const restError = (status: number, error: Record<string, unknown>) => ({ status, body: JSON.stringify({ errors: [error] }) })
const graphqlError = (error: Record<string, unknown>) => ({ status: 200, body: JSON.stringify({ data: null, errors: [error] }) })
const TITLE = { collection: 'courses', errors: [{ path: 'title', message: 'This field is required.' }] }

describe('the fuzz judge', () => {
  it.each([
    ['a field error naming its field', rest, restError(400, { name: 'ValidationError', message: 'The following field is invalid: title', data: TITLE })],
    ['a refusal that is about no field', rest, restError(403, { name: 'Forbidden', message: 'You are not allowed to perform this action.' })],
    ['a body that is no JSON, without fields', rest, restError(400, { name: 'ValidationError', message: 'The request is not valid JSON: Unexpected token' })],
    ['a body that is no object, refused on the body itself', { ...rest, body: [1] }, restError(400, { name: 'ValidationError', message: 'The following field is invalid: ', data: { errors: [{ path: '', message: 'The request body must be a JSON object.' }] } })],
    ['an empty 404', { ...rest, method: 'GET', path: '/api/nothing' } as Case, { status: 404, body: '' }],
    ['a GraphQL field error naming its field', graphql, graphqlError({ message: 'The following field is invalid: title', extensions: { name: 'ValidationError', statusCode: 400, data: TITLE } })],
  ])('should pass %s', (_, request, answer) => {
    expect(judge(request, answer)).toBeUndefined()
  })

  it.each([
    ['a 500', rest, { status: 500, body: '{"errors":[{"message":"Something went wrong."}]}' }, /^answered 500/],
    ['a withheld message', rest, restError(400, { name: 'ValidationError', message: 'An unknown error occurred.' }), /without its real message/],
    ['a mangled name', rest, restError(400, { name: 'e', message: 'The following field is invalid: title', data: TITLE }), /mangled error name/],
    ['a field error without data', rest, restError(400, { name: 'ValidationError', message: 'The following field is invalid: title' }), /without data\.errors/],
    ['a field error with no entries', rest, restError(400, { name: 'ValidationError', message: 'The following fields are invalid:', data: { errors: [] } }), /without data\.errors/],
    ['an entry without a path', rest, restError(400, { name: 'ValidationError', message: 'The following field is invalid: title', data: { errors: [{ message: 'This field is required.' }] } }), /names no field/],
    ['an empty path for a field of an object body', rest, restError(400, { name: 'ValidationError', message: 'The following field is invalid: ', data: { errors: [{ path: '', message: 'Wrong.' }] } }), /names no field/],
    ['an entry without its message', rest, restError(400, { name: 'ValidationError', message: 'The following field is invalid: title', data: { errors: [{ path: 'title', message: 'Something went wrong.' }] } }), /no real message/],
    ['a GraphQL field error without data', graphql, graphqlError({ message: 'The following field is invalid: title', extensions: { name: 'ValidationError', statusCode: 400 } }), /^GraphQL a field error without data\.errors/],
  ])('should fail %s', (_, request, answer, reason) => {
    expect(judge(request, answer)).toMatch(reason)
  })
})
