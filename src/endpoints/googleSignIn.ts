import type { Endpoint, PayloadRequest } from 'payload'

import { APIError } from 'payload'
import { parseCookies } from 'payload/shared'

import { statusOf } from '@/http/errorStatus'
import { listMemberships } from '@/domain/identity/memberships'
import { TENANTS } from '@/shared/slugs'
import { safeReturnPath } from '@/http/safeReturnPath'
import { recordAudit } from '@/services/audit/recordAudit'
import { signIn } from '@/services/auth/signIn'
import { clearedFlowCookie, FLOW_COOKIE, flowCookie, openFlow, sealFlow } from '@/services/google/flowCookie'
import { findOrCreateGoogleUser } from '@/domain/identity/findOrCreateGoogleUser'
import { finishSignIn, googleEnabled, startSignIn } from '@/services/google/oidc'
import { settings } from '@/settings'
import { requestTenant } from '@/tenancy/resolveTenant'

const secure = () => settings.serverUrl.startsWith('https:')

const requireGoogle = () => {
  if (!googleEnabled()) {
    throw new APIError('Sign-in with Google is not configured on this server.', 404)
  }
}

/**
 * `GET /api/auth/google?returnTo=&login_hint=`: starts Google sign-in for the tenant
 * this request is for (authorization code with PKCE, state and nonce).
 */
export const startGoogleSignIn: Endpoint = {
  path: '/auth/google',
  method: 'get',
  handler: async (req) => {
    requireGoogle()
    const resolution = await requestTenant(req)
    const returnTo = safeReturnPath(req.searchParams.get('returnTo'), resolution)
    if (!returnTo) {
      throw new APIError('returnTo must be a path on this site or an address of this school.', 400)
    }
    const hint = req.searchParams.get('login_hint')?.slice(0, 254) || undefined
    const { url, pending } = await startSignIn(hint)
    const sealed = sealFlow({ ...pending, tenantId: resolution.kind === 'tenant' ? resolution.tenant.id : null, returnTo }, req.payload.secret)
    return new Response(null, { status: 302, headers: { Location: url, 'Set-Cookie': flowCookie(sealed, secure()), 'Cache-Control': 'no-store' } })
  },
}

const refuse = (req: PayloadRequest, message: string, status: number): never => {
  req.responseHeaders = new Headers({ 'Set-Cookie': clearedFlowCookie(secure()) })
  throw new APIError(message, status)
}

/**
 * `GET /api/auth/google/callback`: where Google sends the browser back. Signs the
 * person in as a password login would: the auth cookie and a session, and, for API
 * clients asking for JSON, the JWT.
 */
export const finishGoogleSignIn: Endpoint = {
  path: '/auth/google/callback',
  method: 'get',
  handler: async (req) => {
    requireGoogle()
    const flow = openFlow(parseCookies(req.headers).get(FLOW_COOKIE), req.payload.secret)
    if (!flow) {
      return refuse(req, 'This sign-in has expired or was tampered with. Start again.', 400)
    }
    if (req.searchParams.get('error')) {
      return refuse(req, 'Sign-in with Google was cancelled or refused.', 403)
    }
    let identity
    try {
      identity = await finishSignIn(new URL(req.url ?? '', settings.serverUrl), flow)
    } catch (error) {
      req.payload.logger.warn({ err: error, msg: 'Google sign-in could not be verified' })
      return refuse(req, 'Google sign-in could not be verified. Start again.', 400)
    }
    const tenant = flow.tenantId
      ? await req.payload.findByID({ collection: TENANTS, id: flow.tenantId, depth: 0, overrideAccess: true, disableErrors: true, req })
      : null
    const { user } = await findOrCreateGoogleUser({ req, identity, tenant }).catch((error: unknown) =>
      refuse(req, error instanceof Error ? error.message : 'Sign-in refused.', statusOf(error) ?? 403),
    )
    const { token, exp, cookie } = await signIn(req, user)
    await recordAudit({
      req,
      action: 'google-sign-in',
      collection: 'users',
      documentId: user.id,
      actor: { id: user.id, label: user.email },
      tenants: listMemberships(user).map((m) => m.tenantId),
    })
    const headers = new Headers({ 'Cache-Control': 'no-store' })
    headers.append('Set-Cookie', cookie)
    headers.append('Set-Cookie', clearedFlowCookie(secure()))
    if (req.headers.get('accept')?.includes('application/json')) {
      return Response.json({ message: 'Signed in with Google.', token, exp, user: { id: user.id, name: user.name, email: user.email } }, { headers })
    }
    headers.set('Location', flow.returnTo)
    return new Response(null, { status: 302, headers })
  },
}
