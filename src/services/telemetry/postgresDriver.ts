import type { PostgresAdapterArgs } from '@payloadcms/db-postgres'

import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions'
import pg from 'pg'

import { settings } from '@/settings'

import { tracer } from './tracer'

type Query = (...args: unknown[]) => unknown

const textOf = (config: unknown): string | undefined => {
  if (typeof config === 'string') {
    return config
  }
  if (typeof config !== 'object' || config === null) {
    return undefined
  }
  const { text, submit, callback } = config as { text?: unknown; submit?: unknown; callback?: unknown }
  // Streams (cursors) and callbacks inside the config end on their own terms: left untraced.
  return typeof text === 'string' && typeof submit !== 'function' && typeof callback !== 'function' ? text : undefined
}

/** A query as a child span of the request or job it runs for: its SQL (values are bound, never in it), and its SQLSTATE when it fails. */
const traced = (client: pg.Client, query: Query, args: unknown[]): unknown => {
  const text = textOf(args[0])
  // Only queries made for a traced request or job: the worker's polling would otherwise start a trace each.
  if (text === undefined || !trace.getActiveSpan()?.isRecording()) {
    return query(...args)
  }
  const operation = /^\s*([a-z]+)/i.exec(text)?.[1]?.toUpperCase()
  const span = tracer().startSpan(operation ?? DB_SYSTEM_NAME_VALUE_POSTGRESQL, {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
      [ATTR_DB_QUERY_TEXT]: text,
      ...(operation ? { [ATTR_DB_OPERATION_NAME]: operation } : {}),
      ...(client.database ? { [ATTR_DB_NAMESPACE]: client.database } : {}),
      [ATTR_SERVER_ADDRESS]: client.host,
      [ATTR_SERVER_PORT]: client.port,
    },
  })
  const end = (error?: unknown) => {
    if (error) {
      // The code only: a message can quote the values it refused.
      const code = (error as { code?: unknown }).code
      span.setStatus({ code: SpanStatusCode.ERROR })
      span.setAttribute(ATTR_ERROR_TYPE, typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown')
      if (typeof code === 'string') {
        span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, code)
      }
    }
    span.end()
  }
  const last = args.at(-1)
  if (typeof last === 'function') {
    return query(...args.slice(0, -1), (error: unknown, result: unknown) => {
      end(error)
      last(error, result)
    })
  }
  const answer = query(...args) as Promise<unknown>
  answer.then(() => end(), end)
  return answer
}

class TracedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config)
    const query = this.query.bind(this) as Query
    // node-postgres declares a dozen overloads of `query`; one wrapper serves them all.
    this.query = ((...args: unknown[]) => traced(this, query, args)) as pg.Client['query']
  }
}

class TracedPool extends pg.Pool {
  constructor(config?: pg.PoolConfig) {
    super({ ...config, Client: TracedClient })
    const connect = this.connect.bind(this) as (callback?: unknown) => unknown
    // A client freed by one request is handed to the next waiting callback in the freeing
    // request's context; bound to the caller's, its queries stay under the caller's span.
    this.connect = ((callback?: unknown) =>
      connect(typeof callback === 'function' ? context.bind(context.active(), callback) : callback)) as pg.Pool['connect']
  }
}

/**
 * node-postgres for Payload's adapter (its `pg` option) when traces are on: the same module, with
 * a pool whose clients make a span of each query. Unset (the adapter's own) when traces are off.
 */
export const tracedPostgresDriver = (): PostgresAdapterArgs['pg'] =>
  // The adapter types `pg` with its own copy of @types/pg; the module at run time is this one.
  settings.traces.endpoint ? ({ ...pg, Pool: TracedPool } as unknown as PostgresAdapterArgs['pg']) : undefined
