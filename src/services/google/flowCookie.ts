import crypto from 'node:crypto'

import type { Pending } from './oidc'

export const FLOW_COOKIE = 'aqoon-google'
const MAX_AGE_SECONDS = 600

export type Flow = Pending & { tenantId: number | null; returnTo: string; exp: number }

const sign = (body: string, secret: string): string => crypto.createHmac('sha256', secret).update(body).digest('base64url')

/** What the start of a sign-in remembers for its callback, signed so it cannot be altered. */
export const sealFlow = (flow: Omit<Flow, 'exp'>, secret: string): string => {
  const body = Buffer.from(JSON.stringify({ ...flow, exp: Date.now() + MAX_AGE_SECONDS * 1000 })).toString('base64url')
  return `${body}.${sign(body, secret)}`
}

/** The remembered flow, or undefined when missing, altered or expired. */
export const openFlow = (value: string | undefined, secret: string): Flow | undefined => {
  const [body, mac] = (value ?? '').split('.')
  if (!body || !mac) {
    return undefined
  }
  const expected = Buffer.from(sign(body, secret))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    return undefined
  }
  const flow = JSON.parse(Buffer.from(body, 'base64url').toString()) as Flow
  return flow.exp > Date.now() ? flow : undefined
}

export const flowCookie = (value: string, secure: boolean): string =>
  `${FLOW_COOKIE}=${value}; Path=/api/auth/google; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_SECONDS}${secure ? '; Secure' : ''}`

export const clearedFlowCookie = (secure: boolean): string =>
  `${FLOW_COOKIE}=; Path=/api/auth/google; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`
