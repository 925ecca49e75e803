import type { CollectionBeforeOperationHook, Field } from 'payload'

import { ValidationError } from 'payload'
import { fieldAffectsData, fieldHasSubFields, tabHasName } from 'payload/shared'

import { isStorableDate } from '@/fields/validDate'

type Problem = { path: string; message: string }

/** Keys Payload itself accepts on writes besides declared fields. */
const SYSTEM_KEYS = new Set([
  'id',
  'createdAt',
  'updatedAt',
  '_status',
  'password',
  'confirm-password',
  'file',
])

/** Fields that hold data at this level, looking through rows, collapsibles and unnamed tabs. */
const dataFields = (fields: Field[]): Map<string, Field> => {
  const found = new Map<string, Field>()
  for (const field of fields) {
    if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if (tabHasName(tab)) {
          found.set(tab.name, { type: 'group', name: tab.name, fields: tab.fields } as Field)
        } else {
          dataFields(tab.fields).forEach((f, name) => found.set(name, f))
        }
      }
    } else if (fieldAffectsData(field)) {
      found.set(field.name, field)
    } else if (fieldHasSubFields(field)) {
      dataFields(field.fields).forEach((f, name) => found.set(name, f))
    }
  }
  return found
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isId = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isInteger(value)) ||
  (typeof value === 'string' && value.length > 0) ||
  (isPlainObject(value) && 'id' in value)

/** A polymorphic relationship names its collection too: `{ relationTo, value }`. */
const isPolymorphicId = (value: unknown): boolean => isPlainObject(value) && typeof value.relationTo === 'string' && 'value' in value

/** What one scalar value of a field must look like, or undefined when anything goes. */
const scalarCheck = (field: Field): ((value: unknown) => boolean) | undefined => {
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
    case 'select':
    case 'radio':
      return (value) => typeof value === 'string'
    case 'date':
      return isStorableDate
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value)
    case 'checkbox':
      return (value) => typeof value === 'boolean'
    case 'relationship':
    case 'upload':
      return Array.isArray(field.relationTo) ? isPolymorphicId : isId
    default:
      return undefined
  }
}

const expected: Partial<Record<Field['type'], string>> = {
  date: 'a date between the years 1 and 9999, such as 2026-11-25',
  number: 'a number',
  checkbox: 'true or false',
  relationship: 'an ID',
  upload: 'an ID',
  array: 'a list',
  group: 'an object',
}

/** Whether a value holds a NUL character anywhere: PostgreSQL stores no such text (not even in JSON). */
const holdsNul = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') {
    return value.includes('\u0000')
  }
  if (depth > 64 || typeof value !== 'object' || value === null) {
    return false
  }
  return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || holdsNul(inner, depth + 1))
}

const checkValue = (field: Field, value: unknown, path: string, problems: Problem[]): void => {
  if (value === null || value === undefined) {
    return
  }
  if (holdsNul(value)) {
    problems.push({ path, message: `"${path}" cannot contain NUL characters.` })
    return
  }
  const wrong = (): void => {
    problems.push({ path, message: `Expected ${expected[field.type] ?? 'text'} for "${path}".` })
  }

  if (field.type === 'array') {
    if (!Array.isArray(value)) {
      return wrong()
    }
    value.forEach((row, i) => {
      if (!isPlainObject(row)) {
        problems.push({ path: `${path}.${i}`, message: `Expected an object for "${path}.${i}".` })
        return
      }
      checkObject(field.fields, row, `${path}.${i}`, problems)
    })
    return
  }
  if (field.type === 'group') {
    if (!isPlainObject(value)) {
      return wrong()
    }
    checkObject(field.fields, value, path, problems)
    return
  }
  const check = scalarCheck(field)
  if (!check) {
    return
  }
  const many = 'hasMany' in field && field.hasMany === true
  if (many) {
    if (!Array.isArray(value) || !value.every(check)) {
      problems.push({ path, message: `Expected a list for "${path}".` })
    }
    return
  }
  if (!check(value)) {
    wrong()
  }
}

const checkObject = (
  fields: Field[],
  data: Record<string, unknown>,
  prefix: string,
  problems: Problem[],
): void => {
  const known = dataFields(fields)
  for (const [key, value] of Object.entries(data)) {
    const path = prefix ? `${prefix}.${key}` : key
    const field = known.get(key)
    if (!field) {
      // Array rows carry their own id; top-level system keys are Payload's.
      if (key === 'id' || (!prefix && SYSTEM_KEYS.has(key))) {
        continue
      }
      problems.push({ path, message: `Unknown field "${path}".` })
      continue
    }
    checkValue(field, value, path, problems)
  }
}

/**
 * Payload silently drops unknown keys and stores a number given for a text field.
 * Aqoon answers both with a 400 naming the field, before anything is written.
 */
export const rejectMalformedInput: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  if (operation !== 'create' && operation !== 'update') {
    return args
  }
  const data: unknown = args.data
  if (data === undefined) {
    // A body Payload could not read as data (text, a form without fields): nothing to write with.
    const duplicating = (args as { duplicateFromID?: unknown }).duplicateFromID !== undefined
    if (req.payloadAPI !== 'local' && !duplicating) {
      throw new ValidationError({ collection: collection.slug, errors: [{ path: '', message: 'The request body must be a JSON object (or a form with its fields in "_payload").' }] })
    }
    return args
  }
  if (!isPlainObject(data)) {
    throw new ValidationError({
      collection: collection.slug,
      errors: [{ path: '', message: 'The request body must be a JSON object.' }],
    })
  }
  const problems: Problem[] = []
  checkObject(collection.fields, data, '', problems)
  if (problems.length > 0) {
    throw new ValidationError({ collection: collection.slug, errors: problems })
  }
  return args
}
