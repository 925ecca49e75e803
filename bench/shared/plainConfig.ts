import type { Access, Config, SanitizedConfig } from 'payload'

import { validations } from 'payload'

import { type AnyFunction, definedByPayload } from './definedByPayload'

/** How many distinct functions of the app's were taken out, by kind (for the plain server's log). */
export type Stripped = Record<string, number>

type Node = Record<string, unknown>

export type LogLevel = Extract<NonNullable<Config['logger']>, { options: unknown }>['options']['level']

/** One place in the config holding a function, and how to take the app's out of it. */
type Slot = { kind: string; fn: AnyFunction; drop: () => void }

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null

const isFunction = (value: unknown): value is AnyFunction => typeof value === 'function'

/** Reads open to everyone, so a load generator needs no token. */
const openRead: Access = () => true

/** Payload's default for every other operation (its `defaultAccess`, which it does not export). */
const signedIn: Access = ({ req }) => Boolean(req.user)

/** Payload's default for unlocking (its `defaultUnlockAccess`, not exported either): a user of the admin collection. */
const unlockBySignedInAdmin: Access = ({ req }) => Boolean(req.user) && req.user?.collection === req.payload.config.admin.user

/**
 * What Payload puts in an operation's place when a config names none (globals have only read and
 * update of these). The others (admin, readVersions, readDrafts) are left absent, as Payload
 * leaves them, which it reads as "signed in".
 */
const DEFAULT_ACCESS: Record<string, Access> = { read: openRead, create: signedIn, update: signedIn, delete: signedIn, unlock: unlockBySignedInAdmin }

/** The functions put in the app's place, which the final check must not mistake for the app's. */
const installed = new Set<AnyFunction>(Object.values(DEFAULT_ACCESS))

/** The validation Payload gives a field that declares none (as its field sanitizer writes it). */
const payloadValidation = (field: Node): AnyFunction => {
  const byType = validations[field.type as keyof typeof validations] as ((value: unknown, options: unknown) => unknown) | undefined
  const validate = field.virtual || !byType ? () => true : (value: unknown, options: Node) => byType(value, { ...field, ...options })
  installed.add(validate)
  return validate
}

/** Each function of each list in `hooks` (a collection's, a global's, a field's, the root's). */
const hookSlots = (kind: string, hooks: unknown, out: Slot[]): void => {
  for (const value of isNode(hooks) ? Object.values(hooks) : []) {
    const list: unknown[] = Array.isArray(value) ? value : []
    for (const fn of list.filter(isFunction)) {
      out.push({ kind, fn, drop: () => void list.splice(list.indexOf(fn), 1) })
    }
  }
}

const accessSlots = (kind: string, access: unknown, out: Slot[], replacement: (operation: string) => Access | undefined): void => {
  if (!isNode(access)) {
    return
  }
  for (const [operation, fn] of Object.entries(access)) {
    if (isFunction(fn)) {
      const drop = (): void => {
        const next = replacement(operation)
        if (next) {
          access[operation] = next
        } else {
          delete access[operation]
        }
      }
      out.push({ kind, fn, drop })
    }
  }
}

/** Functions held under `keys` of `node`, removed outright when they are the app's. */
const propertySlots = (kind: string, node: unknown, keys: string[], out: Slot[]): void => {
  for (const key of keys) {
    const fn = isNode(node) ? node[key] : undefined
    if (isNode(node) && isFunction(fn)) {
      out.push({ kind, fn, drop: () => delete node[key] })
    }
  }
}

/** Items of `list` whose `key` is a function (endpoints' handlers, auth strategies), removed whole. */
const itemSlots = (kind: string, value: unknown, key: string, out: Slot[]): void => {
  const list: unknown[] = Array.isArray(value) ? value : []
  for (const item of list) {
    const fn = isNode(item) ? item[key] : undefined
    if (isFunction(fn)) {
      out.push({ kind, fn, drop: () => void list.splice(list.indexOf(item), 1) })
    }
  }
}

/**
 * Every field, however nested (groups, arrays, rows, tabs, blocks), in both the field tree and
 * its flattened copy: Payload runs hooks, validation and field access from the tree and looks
 * `where` paths up in the flattened fields. They share most objects; each is visited once.
 */
const fieldSlots = (fields: unknown, seen: WeakSet<object>, out: Slot[]): void => {
  for (const field of Array.isArray(fields) ? fields : []) {
    if (!isNode(field) || seen.has(field)) {
      continue
    }
    seen.add(field)
    hookSlots('field hooks', field.hooks, out)
    accessSlots('field access rules', field.access, out, () => undefined)
    if (isFunction(field.validate)) {
      out.push({ kind: 'field validations', fn: field.validate, drop: () => void (field.validate = payloadValidation(field)) })
    }
    // The multi-tenant plugin's tenant field filters its options and defaults to a cookie's tenant.
    propertySlots('field filterOptions and defaultValue functions', field, ['filterOptions', 'defaultValue'], out)
    for (const key of ['fields', 'flattenedFields', 'tabs', 'blocks', 'blockReferences']) {
      fieldSlots(field[key], seen, out)
    }
  }
}

/** A collection's or a global's functions. */
const entitySlots = (entity: Node, seen: WeakSet<object>, out: Slot[]): void => {
  hookSlots('collection and global hooks', entity.hooks, out)
  accessSlots('access rules', entity.access, out, (operation) => DEFAULT_ACCESS[operation])
  itemSlots('endpoints', entity.endpoints, 'handler', out)
  const auth = isNode(entity.auth) ? entity.auth : undefined
  itemSlots('auth strategies', auth?.strategies, 'authenticate', out)
  propertySlots('auth email templates', auth?.verify, ['generateEmailHTML', 'generateEmailSubject'], out)
  propertySlots('auth email templates', auth?.forgotPassword, ['generateEmailHTML', 'generateEmailSubject'], out)
  const upload = isNode(entity.upload) ? entity.upload : undefined
  propertySlots('upload response headers', upload, ['modifyResponseHeaders'], out)
  const handlers: unknown[] = Array.isArray(upload?.handlers) ? upload.handlers : []
  for (const fn of handlers.filter(isFunction)) {
    out.push({ kind: 'upload handlers', fn, drop: () => void handlers.splice(handlers.indexOf(fn), 1) })
  }
  fieldSlots(entity.fields, seen, out)
  fieldSlots(entity.flattenedFields, seen, out)
}

/** Every place in the config where the app, or a plugin, may have put behaviour of its own. */
const slotsOf = (config: SanitizedConfig): Slot[] => {
  const out: Slot[] = []
  const seen = new WeakSet<object>()
  const root = config as unknown as Node
  itemSlots('root endpoints', root.endpoints, 'handler', out)
  hookSlots('root hooks', root.hooks, out)
  propertySlots('onInit', root, ['onInit'], out)
  // The tasks stay: the jobs table's enums list their slugs. Nothing queues or runs jobs here
  // (Payload's /api/payload-jobs/run would, for a signed-in user, as in any Payload app).
  propertySlots('jobs access and autoRun', root.jobs, ['shouldAutoRun', 'autoRun'], out)
  accessSlots('jobs access and autoRun', (root.jobs as Node | undefined)?.access, out, () => undefined)
  propertySlots('GraphQL validation rules, queries and mutations', root.graphQL, ['validationRules', 'queries', 'mutations'], out)
  for (const entity of [...config.collections, ...config.globals] as unknown as Node[]) {
    entitySlots(entity, seen, out)
  }
  fieldSlots(config.blocks, seen, out)
  return out
}

/**
 * Aqoon's built config (the sanitized one, after its plugins) made into a plain Payload app's:
 * the same collections, fields, locales, versions and database settings, so it reads the same
 * tables, and none of Aqoon's behaviour. Every function the app or a plugin put in the config
 * (collection, global and field hooks, access rules, endpoints, validations, auth strategies,
 * onInit, GraphQL extensions, the jobs' access) is taken out; what Payload wrote itself is kept
 * (definedByPayload). Where Payload needs a function, it gets Payload's default, except
 * reads, which are open to everyone. Aqoon's mail adapter, logger and debug mode go too.
 *
 * Changes `config` in place: Payload's sanitized config shares field objects between the field
 * tree, the flattened fields and the joins, and only a change made on the objects themselves
 * reaches all of them. The config module is loaded by the plain server's process for itself.
 */
export const plainConfig = async (config: SanitizedConfig, { logLevel = 'warn' }: { logLevel?: LogLevel } = {}): Promise<{ config: SanitizedConfig; stripped: Stripped }> => {
  const slots = slotsOf(config)
  const payloads = await definedByPayload(slots.map((slot) => slot.fn))
  const dropped = new Map<string, Set<AnyFunction>>()
  for (const slot of slots.filter(({ fn }) => !payloads.has(fn))) {
    slot.drop()
    dropped.set(slot.kind, (dropped.get(slot.kind) ?? new Set()).add(slot.fn))
  }
  const stripped: Stripped = Object.fromEntries([...dropped].map(([kind, fns]) => [kind, fns.size]))
  for (const entity of [...config.collections, ...config.globals]) {
    entity.access.read = openRead
  }
  // Autorun may be a list rather than a function: no queue runs in the plain server either way.
  delete config.jobs.autoRun
  // The sanitized type calls every option required (DeepRequired); Payload reads these as optional.
  const options = config as unknown as Pick<Config, 'email' | 'logger' | 'debug'>
  // Without an adapter Payload writes mail to its log (and says so once at start).
  options.email = undefined
  options.logger = { options: { level: logLevel } }
  options.debug = false

  const left = slotsOf(config).filter(({ fn }) => !payloads.has(fn) && !installed.has(fn))
  if (left.length > 0) {
    throw new Error(`The plain config still holds functions of the app's: ${[...new Set(left.map((slot) => slot.kind))].join(', ')}.`)
  }
  return { config, stripped }
}
