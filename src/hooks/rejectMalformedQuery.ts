import type { CollectionBeforeOperationHook, FlattenedField, PayloadRequest, Where } from 'payload'

import { NotFound, ValidationError } from 'payload'

import { referenceId } from '@/shared/referenceId'
import { isStorableDate } from '@/fields/validDate'

type Problem = { path: string; message: string }

/** What a `where` path leads to: a field (or the ID), or nothing this check can judge. */
type Target = { type: string; options?: string[]; hasMany?: boolean; number?: boolean; polymorphic?: boolean; inList?: boolean; keys?: string[] } | undefined

const ID: Target = { type: 'id', number: true }

/** Fields every version row has, besides the document's own under `version.`. */
const VERSION_FIELDS: Record<string, Target> = {
  parent: { type: 'relationship', number: true },
  latest: { type: 'checkbox' },
  autosave: { type: 'checkbox' },
  snapshot: { type: 'checkbox' },
  createdAt: { type: 'date' },
  updatedAt: { type: 'date' },
  publishedLocale: { type: 'text' },
}

const targetOf = (field: FlattenedField): NonNullable<Target> => ({
  type: field.type,
  polymorphic: (field.type === 'relationship' || field.type === 'upload') && Array.isArray(field.relationTo),
  options: 'options' in field && Array.isArray(field.options) ? field.options.map((o) => (typeof o === 'string' ? o : o.value)) : undefined,
  hasMany: 'hasMany' in field ? Boolean(field.hasMany) : false,
  number: field.type === 'number' || ((field.type === 'relationship' || field.type === 'upload') && typeof field.relationTo === 'string'),
})

/** Follows a dotted path through groups, tabs, arrays and single relationships to the field it names. */
const resolve = (req: PayloadRequest, fields: FlattenedField[], segments: string[], inList = false): Target => {
  const [head, ...rest] = segments
  if (head === 'id' || head === '_id') {
    return rest.length === 0 ? { ...ID!, inList } : undefined
  }
  const field = fields.find((f) => 'name' in f && f.name === head)
  if (!field) {
    return undefined
  }
  if (rest.length === 0) {
    return { ...targetOf(field), inList }
  }
  if (field.type === 'json' || field.type === 'richText') {
    // A path inside the stored JSON (`face.number`): PostgreSQL's adapter asks it with a JSON path.
    return { type: JSON_PATH, keys: rest, inList }
  }
  if ('flattenedFields' in field && Array.isArray(field.flattenedFields)) {
    return resolve(req, field.flattenedFields, rest, inList || field.type === 'array')
  }
  if ((field.type === 'relationship' || field.type === 'upload') && typeof field.relationTo === 'string') {
    const related = req.payload.collections[field.relationTo as keyof typeof req.payload.collections]?.config
    return related ? resolve(req, related.flattenedFields, rest, inList || Boolean(field.hasMany)) : undefined
  }
  if ((field.type === 'relationship' || field.type === 'upload') && Array.isArray(field.relationTo) && rest.length === 1) {
    // A polymorphic relationship is queried by the collection and the ID it names.
    return rest[0] === 'relationTo' ? { type: 'select', options: field.relationTo, inList } : rest[0] === 'value' ? { type: 'relationship', number: true, inList } : undefined
  }
  return undefined
}

const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'code'])
/** A path into a `json` or `richText` field's stored value. */
const JSON_PATH = 'json-path'
/**
 * What a condition inside stored JSON can be asked: PostgreSQL's adapter writes `contains` as a
 * JSON path operator that does not exist, and the ordered ones compare nothing it writes.
 */
const JSON_PATH_OPERATORS = new Set(['equals', 'not_equals', 'in', 'not_in', 'exists', 'like', 'not_like'])
/** Keys the adapter can put in a JSON path: names, not positions (`$.0` is not a path). */
const JSON_KEY = /^[A-Za-z_]\w{0,63}$/
/** The characters the adapter lets into a JSON path's value; `like` makes it a regular expression, where a `+` can be one that does not compile. */
const JSON_VALUE = /^[\w @.\-+:]*$/
const ORDERED_TYPES = new Set(['id', 'number', 'date', 'text', 'textarea', 'email', 'code', 'relationship', 'upload'])
const MAX_INT = 2_147_483_647

/** Operators each kind of field can be asked with; the database has no meaning for the others. */
const operatorFits = (operator: string, target: NonNullable<Target>): boolean => {
  if (target.polymorphic) {
    // Payload compares these only by `<field>.relationTo` and `<field>.value`.
    return operator === 'exists'
  }
  if (target.type === JSON_PATH) {
    return JSON_PATH_OPERATORS.has(operator)
  }
  switch (operator) {
    case 'like':
    case 'not_like':
      return TEXT_TYPES.has(target.type) && !target.hasMany
    case 'contains':
      return TEXT_TYPES.has(target.type) || Boolean(target.hasMany)
    case 'all':
      // PostgreSQL's adapter has no `all` (Payload: "TODO: support this").
      return false
    case 'near':
    case 'within':
    case 'intersects':
      return target.type === 'point'
    case 'greater_than':
    case 'greater_than_equal':
    case 'less_than':
    case 'less_than_equal':
      return ORDERED_TYPES.has(target.type) && !target.hasMany
    default:
      return true
  }
}

/** Types a list can be ordered by: scalars outside arrays and blocks (Payload's SQL for the rest fails). */
const SORTABLE_TYPES = new Set(['id', 'number', 'date', 'text', 'textarea', 'email', 'code', 'json', 'select', 'radio', 'checkbox', 'relationship', 'upload'])

const sortProblems = (req: PayloadRequest, fields: FlattenedField[], sort: unknown): Problem[] => {
  const entries = Array.isArray(sort) ? sort : typeof sort === 'string' ? sort.split(',') : [sort]
  return entries.flatMap((entry): Problem[] => {
    if (typeof entry !== 'string' || !/^-?[\w.]{1,200}$/.test(entry.trim())) {
      return [{ path: 'sort', message: 'Sort by field names, such as sort=title or sort=-createdAt.' }]
    }
    const path = entry.trim().replace(/^-/, '')
    const target = resolve(req, fields, path.replace(/__/g, '.').split('.'))
    if (target?.type === JSON_PATH) {
      // By a value inside stored JSON, named by its keys.
      return target.keys!.every((k) => JSON_KEY.test(k)) && !target.inList ? [] : [{ path: 'sort', message: `Lists cannot be sorted by "${path}".` }]
    }
    if (target && (target.inList || target.hasMany || target.polymorphic || !SORTABLE_TYPES.has(target.type))) {
      return [{ path: 'sort', message: `Lists cannot be sorted by "${path}".` }]
    }
    return []
  })
}

/** Why one value cannot be compared with the field, or undefined when it can. */
const valueProblem = (value: unknown, target: NonNullable<Target>, operator: string): string | undefined => {
  if (value === null || value === 'null') {
    return operator === 'equals' || operator === 'not_equals' ? undefined : 'null can only be compared with equals or not_equals.'
  }
  if (value instanceof Date) {
    // Only the Local API can pass one (Payload's admin panel does, for edit locks).
    return target.type === 'date' && isStorableDate(value) ? undefined : 'Give a date such as 2026-11-25, between the years 1 and 9999.'
  }
  if (typeof value === 'object') {
    return 'Give a value, not an object.'
  }
  const text = String(value)
  if (text.includes('\u0000')) {
    return 'Values cannot contain NUL characters.'
  }
  if (operator === 'exists') {
    return ['true', 'false'].includes(text) ? undefined : 'exists takes true or false.'
  }
  if (operator === 'near' || operator === 'within' || operator === 'intersects') {
    return undefined
  }
  if (target.number) {
    const number = Number(text)
    const whole = target.type !== 'number'
    if (text.trim() === '' || !Number.isFinite(number) || (whole && (!Number.isInteger(number) || Math.abs(number) > MAX_INT))) {
      return whole ? 'Give an ID: a whole number.' : 'Give a number.'
    }
    return undefined
  }
  if (target.type === JSON_PATH) {
    if (!JSON_VALUE.test(text) || ((operator === 'like' || operator === 'not_like') && text.includes('+'))) {
      return operator.endsWith('like') ? 'A pattern inside JSON may hold letters, digits, spaces and @ . - : only.' : 'Values inside JSON may hold letters, digits, spaces and @ . - + : only.'
    }
    return undefined
  }
  if (target.type === 'date') {
    return isStorableDate(text) ? undefined : 'Give a date such as 2026-11-25, between the years 1 and 9999.'
  }
  if (target.type === 'checkbox') {
    return ['true', 'false'].includes(text) ? undefined : 'Give true or false.'
  }
  if (target.options && !['like', 'not_like', 'contains'].includes(operator)) {
    return target.options.includes(text) ? undefined : `Give one of: ${target.options.join(', ')}.`
  }
  return undefined
}

const LIST_OPERATORS = new Set(['in', 'not_in', 'all'])

const valuesOf = (value: unknown, operator: string): unknown[] => {
  if (!LIST_OPERATORS.has(operator)) {
    return [value]
  }
  return Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value]
}

/** Collects what is wrong with a `where`, naming each offending path. */
const checkWhere = (req: PayloadRequest, fields: FlattenedField[], where: unknown, problems: Problem[], prefix = 'where'): void => {
  if (typeof where !== 'object' || where === null || Array.isArray(where)) {
    problems.push({ path: prefix, message: 'A where must be an object of fields and operators.' })
    return
  }
  for (const [key, constraint] of Object.entries(where)) {
    const path = `${prefix}.${key}`
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(constraint)) {
        problems.push({ path, message: `"${key}" takes a list of conditions.` })
        continue
      }
      constraint.forEach((inner, i) => checkWhere(req, fields, inner, problems, `${path}.${i}`))
      continue
    }
    if (typeof constraint !== 'object' || constraint === null || Array.isArray(constraint)) {
      problems.push({ path, message: `Give "${key}" an operator, such as where[${key}][equals]=…` })
      continue
    }
    const segments = key.replace(/__/g, '.').split('.')
    // Version queries name the document's fields under `version.`, beside the version's own.
    const target =
      resolve(req, fields, segments) ??
      (segments[0] === 'version' ? resolve(req, fields, segments.slice(1)) : segments.length === 1 ? VERSION_FIELDS[segments[0]!] : undefined)
    for (const [operator, value] of Object.entries(constraint as Record<string, unknown>)) {
      if (!target) {
        // A path this check cannot follow (blocks, polymorphic relationships): Payload judges it.
        continue
      }
      const badKey = target.keys?.find((k) => !JSON_KEY.test(k))
      if (badKey !== undefined) {
        problems.push({ path, message: `Name the keys inside "${segments[0]}" by their names (letters, digits and _), not "${badKey}".` })
        break
      }
      if (!operatorFits(operator, target)) {
        problems.push({ path: `${path}.${operator}`, message: `"${operator}" cannot be used with "${key}".` })
        continue
      }
      if (target.type === JSON_PATH && target.inList) {
        // The adapter names the list item's column without its table: where the document has a column of that name too, PostgreSQL refuses it.
        problems.push({ path, message: `Conditions inside JSON can be asked of a document's own fields, not of its list items' ("${segments[0]}").` })
        break
      }
      if (target.type === JSON_PATH && LIST_OPERATORS.has(operator) && !Array.isArray(value)) {
        // The adapter splits no text here: it would ask the JSON path for an operator that does not exist.
        problems.push({ path: `${path}.${operator}`, message: `Inside JSON, give ${operator} a list: where[${key}][${operator}][0]=…&where[${key}][${operator}][1]=…` })
        continue
      }
      const nestedQuery = operator === 'contains' && target.hasMany && typeof value === 'object' && value !== null && !Array.isArray(value)
      if (nestedQuery) {
        continue
      }
      for (const item of valuesOf(value, operator)) {
        const problem = valueProblem(item, target, operator)
        if (problem) {
          problems.push({ path: `${path}.${operator}`, message: `${key}: ${problem}` })
          break
        }
      }
    }
  }
}

/**
 * Queries that are not trusted code's (REST, GraphQL, and our endpoints acting for a person),
 * checked before they reach the database: operators that fit the field, values that fit its
 * type (dates in range, options that exist, IDs that are whole numbers, no NUL characters),
 * and nested `and`/`or` lists. What the database would answer with a 500 is a 400 naming the
 * offending parameter. Paging is checked at the edge (src/http/paging.ts), where it is the
 * client's own.
 */
export const rejectMalformedQuery: CollectionBeforeOperationHook = ({ args, collection, operation, overrideAccess, req }) => {
  if (overrideAccess || !['read', 'count', 'update', 'delete', 'readDistinct'].includes(operation)) {
    return args
  }
  const { where, depth, sort, id } = args as { where?: Where; depth?: unknown; sort?: unknown; id?: unknown }
  // An ID that cannot exist (not a whole number in the keys' range) names nothing: 404, as for one that does not.
  if (id !== undefined && referenceId(id) === null) {
    throw new NotFound(req.t)
  }
  const problems: Problem[] = []
  if (where !== undefined) {
    checkWhere(req, collection.flattenedFields, where, problems)
  }
  if (sort !== undefined && sort !== '') {
    problems.push(...sortProblems(req, collection.flattenedFields, sort))
  }
  if (depth !== undefined && !(typeof depth === 'number' && Number.isInteger(depth) && depth >= 0 && depth <= 10)) {
    problems.push({ path: 'depth', message: 'depth is a whole number from 0 to 10.' })
  }
  if (problems.length > 0) {
    throw new ValidationError({ collection: collection.slug, errors: problems })
  }
  return args
}
