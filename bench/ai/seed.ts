import crypto from 'node:crypto'
import { jwtSign } from 'payload'
import type pg from 'pg'

import { insert, nextId, resetSequence } from '../shared/sql'

/** Seconds a session lasts: the users collection's `tokenExpiration`. */
const SESSION_SECONDS = 7200

/**
 * A super-admin signed in, written with SQL as Payload's login leaves it (a session row, a token
 * naming it, signed with the key Payload derives from PAYLOAD_SECRET): the bench makes the school
 * and its course through the API with it, without a password's PBKDF2 or the login rate limit.
 */
export const seedOperator = async (db: pg.Client, payloadSecret: string): Promise<string> => {
  const now = new Date()
  const key = crypto.createHash('sha256').update(payloadSecret).digest('hex').slice(0, 32)
  const id = await nextId(db, 'users')
  const email = 'operator@bench-ai.aqoon.test'
  const sid = crypto.randomUUID()
  await insert(
    db,
    'users',
    [['id', 'int4'], ['name', 'text'], ['email', 'text'], ['preferred_locale', 'enum_users_preferred_locale'], ['kind', 'enum_users_kind'], ['platform_role', 'enum_users_platform_role'], ['_verified', 'bool'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz']],
    [[id, 'Bench operator', email, 'en', 'person', 'super-admin', true, now.toISOString(), now.toISOString()]],
  )
  await resetSequence(db, 'users')
  await insert(db, 'users_sessions', [['_order', 'int4'], ['_parent_id', 'int4'], ['id', 'text'], ['created_at', 'timestamptz'], ['expires_at', 'timestamptz']], [[1, id, sid, now.toISOString(), new Date(now.getTime() + SESSION_SECONDS * 1000).toISOString()]])
  const { token } = await jwtSign({ fieldsToSign: { id, collection: 'users', email, sid }, secret: key, tokenExpiration: SESSION_SECONDS })
  return token
}

const WORDS = 'fraction numerator denominator common multiple divisor simplify decimal percentage ratio proportion equivalent improper mixed number add subtract multiply divide reciprocal whole part'.split(' ')

/** A lesson's words: a few paragraphs on one topic of arithmetic, different per lesson. */
export const lessonText = (index: number): string =>
  Array.from({ length: 12 }, (_, s) => `Step ${s + 1} of topic ${index + 1}: the ${WORDS[(index + s) % WORDS.length]} and the ${WORDS[(index * 3 + s) % WORDS.length]} work together when you ${WORDS[(index + 2 * s) % WORDS.length]}.`).join(' ')

/** Questions students ask, each naming words some lessons hold. */
export const question = (student: number, turn: number): string =>
  `How do I use the ${WORDS[(student + turn) % WORDS.length]} when I ${WORDS[(student * 7 + turn) % WORDS.length]} a ${WORDS[(turn * 5 + 3) % WORDS.length]}?`
