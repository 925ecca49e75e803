import crypto from 'node:crypto'

import { calculateJwkThumbprint, exportJWK, type JWK, jwtVerify, SignJWT, createLocalJWKSet, type JWTPayload } from 'jose'

import { payloadSecret } from '@/secret'
import { settings } from '@/settings'

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

type SigningKey = { privateKey: crypto.KeyObject; publicJwk: JWK & { kid: string } }

let cached: SigningKey | undefined

/**
 * The key that signs certificate credentials: CERTIFICATE_SIGNING_KEY when given, else
 * derived from PAYLOAD_SECRET (HKDF), so every process of one install signs with the
 * same key without another secret to manage.
 */
const signingKey = async (): Promise<SigningKey> => {
  if (cached) {
    return cached
  }
  const privateKey = settings.certificateSigningKey
    ? crypto.createPrivateKey(settings.certificateSigningKey.replace(/\\n/g, '\n'))
    : crypto.createPrivateKey({
        key: Buffer.concat([
          ED25519_PKCS8_PREFIX,
          Buffer.from(crypto.hkdfSync('sha256', payloadSecret(), 'aqoon', 'certificate signing key v1', 32)),
        ]),
        format: 'der',
        type: 'pkcs8',
      })
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('CERTIFICATE_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM.')
  }
  const jwk = await exportJWK(crypto.createPublicKey(privateKey))
  const kid = await calculateJwkThumbprint(jwk)
  cached = { privateKey, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } }
  return cached
}

/** The public half, as published at /.well-known/jwks.json. */
export const publicJwks = async (): Promise<{ keys: JWK[] }> => ({ keys: [(await signingKey()).publicJwk] })

/** A compact JWS (a JWT) over the claims, signed with EdDSA. */
export const signClaims = async (claims: JWTPayload): Promise<string> => {
  const { privateKey, publicJwk } = await signingKey()
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: publicJwk.kid, typ: 'JWT' }).sign(privateKey)
}

/** Checks a credential against our published keys, as a third party would with the JWKS. */
export const verifyCredential = async (jws: string): Promise<JWTPayload> => {
  const { payload } = await jwtVerify(jws, createLocalJWKSet(await publicJwks()), { algorithms: ['EdDSA'] })
  return payload
}
