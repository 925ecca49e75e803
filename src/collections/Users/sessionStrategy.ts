import type { AuthStrategy, Field, Payload } from 'payload'

import { JWTAuthentication } from 'payload'

import { signedInUser } from '@/domain/identity/signedInUser'
import { USERS } from '@/shared/slugs'

/** What Payload's JWT strategy passes to `findByID`, and nothing more: any other option means another read. */
const STRATEGY_READ = new Set(['id', 'collection', 'depth', 'fallbackLocale', 'locale', 'overrideAccess', 'req'])

type Nested = { hooks?: { beforeRead?: unknown[]; afterRead?: unknown[] }; virtual?: unknown; localized?: boolean; fields?: Nested[]; tabs?: Nested[]; blocks?: Nested[] }

/** True if no field changes a value on its way out (a read hook, a virtual or localized field): our SQL carries columns as stored. */
const storedAsRead = (fields: readonly Field[]): boolean =>
  (fields as readonly Nested[]).every(
    (field) =>
      !field.hooks?.beforeRead?.length &&
      !field.hooks?.afterRead?.length &&
      !field.virtual &&
      !field.localized &&
      storedAsRead((field.fields ?? []) as Field[]) &&
      storedAsRead((field.tabs ?? []) as Field[]) &&
      storedAsRead((field.blocks ?? []) as Field[]),
  )

/**
 * Whether `users` reads as its rows: no read hooks, no field that changes on read, no trash or
 * versions. If a change to the collection breaks that, Payload's own read is used again.
 */
const readsAsStored = (payload: Payload): boolean => {
  const config = payload.collections[USERS]?.config
  return Boolean(config && !config.hooks.beforeRead.length && !config.hooks.afterRead.length && !config.trash && !config.versions && storedAsRead(config.fields))
}

const views = new WeakMap<Payload, Payload>()

/**
 * Payload as its JWT strategy sees it, but reading the signed-in person with one statement of our
 * own (`signedInUser`) instead of its Local API. Everything else it inherits from the instance
 * (whose methods are bound to it, so nothing written through the view reaches it).
 */
const withOwnUserRead = (payload: Payload): Payload => {
  let view = views.get(payload)
  if (!view) {
    const plain = readsAsStored(payload)
    view = Object.create(payload) as Payload
    view.findByID = (async (options: Parameters<Payload['findByID']>[0]) => {
      const ours = plain && options.collection === USERS && options.overrideAccess === true && options.depth === 0 && options.req && Object.keys(options).every((key) => STRATEGY_READ.has(key))
      if (!ours) {
        return payload.findByID(options)
      }
      const id = Number(options.id)
      // Ids are PostgreSQL integers; anything else names nobody (Payload's read throws NotFound, which its strategy takes as nobody).
      if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) {
        return null
      }
      try {
        return await signedInUser(options.req as Parameters<typeof signedInUser>[0], id)
      } catch (error) {
        // Payload's strategy takes any error as "nobody"; say why first, or a broken read would pass for signed-out people.
        payload.logger.error({ err: error }, 'Reading the signed-in person failed.')
        throw error
      }
    }) as Payload['findByID']
    views.set(payload, view)
  }
  return view
}

/**
 * Payload's own JWT strategy (the token's extraction with its CSRF rules, the signature, the auth
 * version, `_verified`, the session named by the token), with the person read by us, under the
 * same name, so `req.user` is what Payload's would have made.
 */
export const sessionStrategy: AuthStrategy = {
  name: 'local-jwt',
  authenticate: (args) => JWTAuthentication({ ...args, payload: withOwnUserRead(args.payload) }),
}

/**
 * Takes Payload's built-in JWT strategy out of the chain (at init): ours is it, and where ours
 * finds nobody, running it again would verify the token and read the person a second time.
 */
export const withoutPayloadsJwtStrategy = (payload: Payload): void => {
  payload.authStrategies = payload.authStrategies.filter((strategy) => strategy.name !== sessionStrategy.name || strategy.authenticate === sessionStrategy.authenticate)
}
