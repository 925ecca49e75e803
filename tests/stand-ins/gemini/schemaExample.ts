/**
 * Values for Gemini's structured output, from either schema dialect the API takes:
 * `responseJsonSchema` (JSON Schema: lower-case types, `$ref`/`$defs`, type lists with 'null')
 * and `responseSchema` (Google's OpenAPI subset: upper-case types, `nullable`).
 */
type Schema = Record<string, unknown>

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Follows a local `$ref` (`#/$defs/Question`, `#/definitions/Question`) against the root schema. */
const resolve = (schema: unknown, root: unknown): Schema => {
  let current = isObject(schema) ? schema : {}
  for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops += 1) {
    const target = current.$ref
      .replace(/^#\/?/, '')
      .split('/')
      .filter(Boolean)
      .reduce<unknown>((node, key) => (isObject(node) ? node[key.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined), root)
    current = isObject(target) ? target : {}
  }
  const options = current.anyOf ?? current.oneOf
  if (Array.isArray(options) && options.length > 0) {
    const chosen = options.find((option) => !(isObject(option) && String(option.type).toLowerCase() === 'null')) ?? options[0]
    return resolve(chosen, root)
  }
  return current
}

/** The schema's type in lower case; the first that is not 'null' when it lists several. */
const typeOf = (schema: Schema): string | undefined => {
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((type): type is string => typeof type === 'string').map((type) => type.toLowerCase())
  const type = types.find((candidate) => candidate !== 'null') ?? types[0]
  if (type) {
    return type
  }
  if (isObject(schema.properties)) {
    return 'object'
  }
  return schema.items === undefined ? undefined : 'array'
}

const STRING_FORMATS: Record<string, string> = {
  'date-time': '1970-01-01T00:00:00Z',
  date: '1970-01-01',
  time: '00:00:00',
  email: 'x@example.com',
  uri: 'https://example.com/x',
  url: 'https://example.com/x',
  uuid: '00000000-0000-4000-8000-000000000000',
}

const numberFrom = (schema: Schema, integer: boolean): number => {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : undefined
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : undefined
  const value = minimum !== undefined && minimum > 0 ? minimum : maximum !== undefined && maximum < 0 ? maximum : 0
  return integer ? Math.ceil(value) : value
}

const requiredKeys = (schema: Schema): string[] => (Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : [])

/**
 * A minimal value meeting the schema: objects with their required properties (all of them when
 * none are marked required), arrays with one item (or `minItems`), strings 'x', numbers 0 (or
 * the minimum), enums their first value. No schema at all gives `{}`.
 */
export const exampleOf = (schema: unknown, root: unknown = schema): unknown => {
  if (schema === undefined) {
    return {}
  }
  const resolved = resolve(schema, root)
  if ('const' in resolved) {
    return resolved.const
  }
  if (Array.isArray(resolved.enum) && resolved.enum.length > 0) {
    return resolved.enum[0]
  }
  switch (typeOf(resolved)) {
    case 'object': {
      const properties = isObject(resolved.properties) ? resolved.properties : {}
      const required = requiredKeys(resolved)
      const keys = required.length > 0 ? [...Object.keys(properties).filter((key) => required.includes(key)), ...required.filter((key) => !(key in properties))] : Object.keys(properties)
      return Object.fromEntries(keys.map((key) => [key, properties[key] === undefined ? 'x' : exampleOf(properties[key], root)]))
    }
    case 'array': {
      const count = Math.max(1, typeof resolved.minItems === 'number' ? resolved.minItems : Number(resolved.minItems ?? 0) || 0)
      if (Array.isArray(resolved.prefixItems)) {
        return resolved.prefixItems.map((item) => exampleOf(item, root))
      }
      return Array.from({ length: count }, () => exampleOf(resolved.items ?? {}, root))
    }
    case 'string': {
      const format = typeof resolved.format === 'string' ? STRING_FORMATS[resolved.format] : undefined
      const minLength = Number(resolved.minLength ?? 0) || 0
      return format ?? 'x'.repeat(Math.max(1, minLength))
    }
    case 'integer':
      return numberFrom(resolved, true)
    case 'number':
      return numberFrom(resolved, false)
    case 'boolean':
      return false
    case 'null':
      return null
    default:
      return 'x'
  }
}

/**
 * The same value with every other item (the 2nd, 4th, ...) of each array of objects missing its
 * required properties; such an array gets a second item when it has one. What a model that
 * drifts from the schema sends, for tests of the validation after it.
 */
export const breakArrayItems = (value: unknown, schema: unknown, root: unknown = schema): unknown => {
  const resolved = resolve(schema, root)
  if (Array.isArray(value)) {
    const itemSchema = resolve(resolved.items ?? {}, root)
    const items = value.map((item) => breakArrayItems(item, itemSchema, root))
    const required = typeOf(itemSchema) === 'object' ? requiredKeys(itemSchema) : []
    if (required.length === 0) {
      return items
    }
    if (items.length === 1) {
      items.push(structuredClone(items[0]))
    }
    return items.map((item, index) => (index % 2 === 1 && isObject(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => !required.includes(key))) : item))
  }
  if (isObject(value)) {
    const properties = isObject(resolved.properties) ? resolved.properties : {}
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, properties[key] === undefined ? item : breakArrayItems(item, properties[key], root)]))
  }
  return value
}
