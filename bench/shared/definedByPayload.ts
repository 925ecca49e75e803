import type { Runtime } from 'node:inspector'

import fs from 'node:fs'
import { Session } from 'node:inspector/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { getPayload } from 'payload'

/** Any function of a config, whatever its signature. */
export type AnyFunction = (...args: never[]) => unknown

const PROBE_KEY = 'aqoon.bench.definedByPayload'

/** Payload's core package as V8 names its modules: the file URL of its real folder. */
const payloadPackageUrl = (): string => {
  const entry = fileURLToPath(import.meta.resolve('payload'))
  return `${pathToFileURL(fs.realpathSync(path.resolve(path.dirname(entry), '..'))).href}/`
}

/** The script a function's source is in (a bound function's: its target's), or undefined. */
const scriptOf = async (inspector: Session, objectId: string, scripts: Map<string, string>, hops = 0): Promise<string | undefined> => {
  const { internalProperties = [] } = await inspector.post('Runtime.getProperties', { objectId, ownProperties: true })
  const internal = (name: string): Runtime.RemoteObject | undefined => internalProperties.find((property) => property.name === name)?.value
  const location = internal('[[FunctionLocation]]')?.value as { scriptId?: string } | undefined
  if (location?.scriptId) {
    return scripts.get(location.scriptId)
  }
  const target = internal('[[TargetFunction]]')?.objectId
  return target && hops < 5 ? scriptOf(inspector, target, scripts, hops + 1) : undefined
}

/**
 * Which of `functions` Payload's core package wrote: its defaults, its own collections' hooks,
 * the hooks of the fields it adds (email, API key, upload URLs), its endpoints. A sanitized config
 * keeps them side by side with the app's and its plugins', and many are closures made while
 * sanitizing, so neither their identity nor their name tells them apart; where their source is
 * does. V8's inspector answers that: briefly, before Payload starts, and in this process only.
 * A function whose source cannot be found counts as not Payload's.
 */
export const definedByPayload = async (functions: Iterable<AnyFunction>): Promise<Set<AnyFunction>> => {
  const asked = new Set(functions)
  // One of Payload's and one of ours, to check the answer by.
  const known = { payloads: getPayload as AnyFunction, ours: definedByPayload as AnyFunction }
  const list = [...asked, known.payloads, known.ours]
  const scripts = new Map<string, string>()
  const inspector = new Session()
  inspector.connect()
  inspector.on('Debugger.scriptParsed', ({ params }) => {
    scripts.set(params.scriptId, params.url)
  })
  const global = globalThis as unknown as Record<symbol, unknown>
  global[Symbol.for(PROBE_KEY)] = list
  try {
    // Enabling the debugger reports every script already loaded (scriptParsed) before it answers.
    await inspector.post('Debugger.enable')
    const { result } = await inspector.post('Runtime.evaluate', { expression: `globalThis[Symbol.for(${JSON.stringify(PROBE_KEY)})]` })
    if (!result.objectId) {
      throw new Error('The inspector did not hand back the functions to locate.')
    }
    const { result: elements } = await inspector.post('Runtime.getProperties', { objectId: result.objectId, ownProperties: true })
    const payloadUrl = payloadPackageUrl()
    const own = new Set<AnyFunction>()
    for (const element of elements) {
      const fn = /^\d+$/.test(element.name) ? list[Number(element.name)] : undefined
      const objectId = element.value?.objectId
      if (fn && objectId && (await scriptOf(inspector, objectId, scripts))?.startsWith(payloadUrl)) {
        own.add(fn)
      }
    }
    // A wrong answer here would quietly keep the app's hooks, or drop Payload's: refuse to go on.
    if (!own.has(known.payloads) || own.has(known.ours)) {
      throw new Error(`Could not tell Payload's functions from others (Payload's package: ${payloadUrl}).`)
    }
    return new Set([...own].filter((fn) => asked.has(fn)))
  } finally {
    delete global[Symbol.for(PROBE_KEY)]
    await inspector.post('Debugger.disable').catch(() => undefined)
    inspector.disconnect()
  }
}
