import type { CollectionAfterChangeHook, PayloadRequest, TypeWithID } from 'payload'

/** What a domain's event recorder is told of a write: the document after it, and before it (none on create). */
export type WriteSeen<T> = { req: PayloadRequest; doc: T; previous: T | undefined }

const emitters = new WeakSet<object>()

/**
 * An afterChange hook that hands each write to a domain's event recorder, in the write's own
 * transaction: the events commit, or roll back, with the change.
 */
export const emitEvents = <T extends TypeWithID>(recorder: (write: WriteSeen<T>) => Promise<void>): CollectionAfterChangeHook<T> => {
  const hook: CollectionAfterChangeHook<T> = async ({ req, doc, previousDoc, operation }) => {
    await recorder({ req, doc, previous: operation === 'create' ? undefined : (previousDoc as T) })
    return doc
  }
  emitters.add(hook)
  return hook
}

/** Whether a hook is one of the above: bench/events takes them out to time a write without its outbox row. */
export const emitsEvents = (hook: unknown): boolean => typeof hook === 'function' && emitters.has(hook)
