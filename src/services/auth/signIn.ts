import type { PayloadRequest } from 'payload'

import type { User } from '@/payload-types'

import { getFieldsToSign, jwtSign } from 'payload'
import { addSessionToUser, generatePayloadCookie } from 'payload/shared'

import { USERS } from '@/shared/slugs'

/**
 * Signs a person in as Payload's password login does: a new session, a JWT naming
 * it, and the auth cookie; for sign-ins that prove identity some other way.
 */
export const signIn = async (req: PayloadRequest, user: User): Promise<{ token: string; exp: number; cookie: string }> => {
  const { payload } = req
  const collectionConfig = payload.collections[USERS].config
  const sessionUser = { ...user, collection: USERS } as unknown as Parameters<typeof addSessionToUser>[0]['user']
  const { sid } = await addSessionToUser({ collectionConfig, payload, req, user: sessionUser })
  const fieldsToSign = getFieldsToSign({ collectionConfig, email: user.email, sid, user: sessionUser as PayloadRequest['user'] })
  const { exp, token } = await jwtSign({ fieldsToSign, secret: payload.secret, tokenExpiration: collectionConfig.auth.tokenExpiration })
  const cookie = generatePayloadCookie({ collectionAuthConfig: collectionConfig.auth, cookiePrefix: payload.config.cookiePrefix, token })
  return { token, exp, cookie }
}
