import type { User } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { freshIp } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { linkIn } from '../helpers/mailbox'
import { createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let open: School
let closed: School
const id = uniq()

type Errors = { errors: { message: string; data?: { errors?: { path: string }[] } }[] }

beforeAll(async () => {
  app = await bootApp()
  open = await createSchool(app.payload, `open-${id}`, { registration: 'open', defaultLocale: 'ar' })
  closed = await createSchool(app.payload, `closed-${id}`)
})

afterAll(() => app.close())

describe('password login', () => {
  it('should log in, answer me, refresh and log out', async () => {
    const login = await app.api.post('/api/users/login', { body: { email: open.student.email, password: open.student.password } })
    expect(login.status).toBe(200)
    const { token, user } = (await login.json()) as { token: string; user: User }
    expect(user.email).toBe(open.student.email)
    expect(login.headers.get('set-cookie')).toMatch(/payload-token=/)

    const me = (await (await app.api.get('/api/users/me', { token })).json()) as { user: User | null }
    expect(me.user?.id).toBe(open.student.id)

    const refresh = await app.api.post('/api/users/refresh-token', { token })
    expect(refresh.status).toBe(200)
    const refreshed = ((await refresh.json()) as { refreshedToken: string }).refreshedToken
    expect(refreshed).toBeTruthy()

    expect((await app.api.post('/api/users/logout', { token: refreshed })).status).toBe(200)
    // Sessions are on: a logged-out session's token no longer authenticates.
    const after = (await (await app.api.get('/api/users/me', { token: refreshed })).json()) as { user: User | null }
    expect(after.user).toBeNull()
  })

  it('should accept the email in any case', async () => {
    const response = await app.api.post('/api/users/login', { body: { email: open.instructor.email.toUpperCase(), password: open.instructor.password } })
    expect(response.status).toBe(200)
  })

  it('should lock an account after five failed attempts', async () => {
    const person = open.otherStudent
    for (let i = 0; i < 5; i += 1) {
      const wrong = await app.api.post('/api/users/login', { body: { email: person.email, password: 'wrong-password' } })
      expect(wrong.status).toBe(401)
    }
    const locked = await app.api.post('/api/users/login', { body: { email: person.email, password: person.password } })
    expect(locked.status).toBe(401)
    expect(((await locked.json()) as Errors).errors[0]?.message).toMatch(/locked/i)
  })
})

describe('self-registration', () => {
  it('should register a student into the resolved tenant, verify by the emailed link, then log in', async () => {
    const email = `learner-${id}@mail.example`
    const response = await app.api.post('/api/users/register', {
      tenant: open.tenant.slug,
      body: { name: 'Learner', email, password: 'Learner-pass-1' },
    })
    expect(response.status).toBe(201)
    const created = (await app.payload.find({ collection: 'users', where: { email: { equals: email } }, depth: 0, overrideAccess: true })).docs[0]
    expect(created?.tenants?.map((t) => [t.tenant, t.roles])).toEqual([[open.tenant.id, ['student']]])
    // The tenant's default locale (Arabic) becomes the person's.
    expect(created?.preferredLocale).toBe('ar')

    const before = await app.api.post('/api/users/login', { body: { email, password: 'Learner-pass-1' } })
    expect(before.status).toBe(403)
    expect(((await before.json()) as Errors).errors[0]?.message).toMatch(/verify/i)

    const mail = await app.mailbox.waitFor((m) => m.to.includes(email))
    expect(mail.subject).toBe('تأكيد عنوان بريدك الإلكتروني')
    const link = new URL(linkIn(mail, 'http://aqoon.test:3000/api/users/verify-email'))
    const verify = await app.api.get(link.pathname + link.search)
    expect(verify.status).toBe(303)
    expect(verify.headers.get('location')).toBe('/admin/login?verified=1')
    expect((await app.api.get(link.pathname + link.search)).status).toBe(400)

    const after = await app.api.post('/api/users/login', { body: { email, password: 'Learner-pass-1' } })
    expect(after.status).toBe(200)
  })

  it('should refuse registration where the tenant does not allow it', async () => {
    const email = `nope-${id}@mail.example`
    const response = await app.api.post('/api/users/register', { tenant: closed.tenant.slug, body: { name: 'Nope', email, password: 'Nope-pass-12' } })
    expect(response.status).toBe(403)
    expect(((await response.json()) as Errors).errors[0]?.message).toMatch(/does not accept self-registration/)
    expect((await app.payload.count({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true })).totalDocs).toBe(0)
  })

  it('should refuse registration without a tenant', async () => {
    const response = await app.api.post('/api/users/register', { body: { name: 'X', email: `x-${id}@mail.example`, password: 'Xx-pass-123' } })
    expect(response.status).toBe(400)
  })

  it('should name the fields of a bad registration and write nothing', async () => {
    const response = await app.api.post('/api/users/register', {
      tenant: open.tenant.slug,
      body: { name: '', email: 'not-an-email', password: 'short', role: 'tenant-admin' },
    })
    expect(response.status).toBe(400)
    const paths = ((await response.json()) as Errors).errors[0]?.data?.errors?.map((e) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['name', 'email', 'password', 'role']))
  })

  it('should refuse an email that is taken, naming the field', async () => {
    const response = await app.api.post('/api/users/register', {
      tenant: open.tenant.slug,
      body: { name: 'Dup', email: open.admin.email.toUpperCase(), password: 'Dup-pass-123' },
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as Errors
    expect(body.errors[0]?.data?.errors?.[0]?.path).toBe('email')
  })
})

describe('forgot and reset password', () => {
  it('should mail a reset link whose token sets a new password', async () => {
    const person = open.instructor
    const ip = freshIp()
    const forgot = await app.api.post('/api/users/forgot-password', { ip, body: { email: person.email } })
    expect(forgot.status).toBe(200)
    const mail = await app.mailbox.waitFor((m) => m.to.includes(person.email) && /password/i.test(m.subject))
    const link = linkIn(mail, 'http://aqoon.test:3000/admin/reset/')
    const token = decodeURIComponent(link.split('/admin/reset/')[1] ?? '')
    expect(token.length).toBeGreaterThan(10)

    const reset = await app.api.post('/api/users/reset-password', { body: { token, password: 'Brand-new-pass-2' } })
    expect(reset.status).toBe(200)
    expect((await app.api.post('/api/users/login', { body: { email: person.email, password: 'Brand-new-pass-2' } })).status).toBe(200)
    expect((await app.api.post('/api/users/login', { body: { email: person.email, password: person.password } })).status).toBe(401)
    // The token is spent.
    const again = await app.api.post('/api/users/reset-password', { body: { token, password: 'Again-pass-3' } })
    expect(again.status).toBe(403)
    expect(((await again.json()) as Errors).errors[0]?.message).toBe('Token is either invalid or has expired.')
    expect((await app.api.post('/api/users/login', { body: { email: person.email, password: 'Again-pass-3' } })).status).toBe(401)
  })
})
