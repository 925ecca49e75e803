import type { Endpoint } from 'payload'

import { APIError } from 'payload'
import { z } from 'zod'

import { USERS } from '@/shared/slugs'
import { LOCALES } from '@/i18n/locales'
import { validationErrorFrom } from '@/services/validation/zodProblems'
import { requestTenant } from '@/tenancy/resolveTenant'

import { enforceAuthRateLimit } from '../hooks/limitAuthAttempts'

const Registration = z.strictObject({
  name: z.string().trim().min(1, 'Enter your name.').max(120, 'Use at most 120 characters.'),
  email: z.email('Enter a valid email address.').max(254),
  password: z.string().min(8, 'Use at least 8 characters.').max(256, 'Use at most 256 characters.'),
  preferredLocale: z.enum(LOCALES.map((l) => l.code)).optional(),
})

/**
 * `POST /api/users/register`: self-registration as a student of the tenant this
 * request is for, where that tenant's registration is open. A verification email follows.
 */
export const register: Endpoint = {
  path: '/register',
  method: 'post',
  handler: async (req) => {
    await enforceAuthRateLimit(req, 'register')
    const resolution = await requestTenant(req)
    if (resolution.kind !== 'tenant') {
      throw new APIError('Register on a school\'s own address, or send X-Tenant: <slug>.', 400)
    }
    const { tenant } = resolution
    if (tenant.registration !== 'open') {
      throw new APIError(`${tenant.name} does not accept self-registration. Ask the school for an invitation.`, 403)
    }
    const body: unknown = await req.json?.().catch(() => undefined)
    const parsed = Registration.safeParse(body)
    if (!parsed.success) {
      throw validationErrorFrom(USERS, parsed.error)
    }
    const user = await req.payload.create({
      collection: USERS,
      data: {
        ...parsed.data,
        preferredLocale: parsed.data.preferredLocale ?? tenant.defaultLocale,
        tenants: [{ tenant: tenant.id, roles: ['student'] }],
      },
      // The system acts here, inside the tenant the request resolved to.
      overrideAccess: true,
      req,
    })
    return Response.json(
      {
        message: 'Registered. Check your email to verify your address before logging in.',
        doc: { id: user.id, name: user.name, email: user.email },
      },
      { status: 201 },
    )
  },
}
