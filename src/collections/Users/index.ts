import type { CollectionConfig } from 'payload'

import { validations } from 'payload'

import { recordMembershipEvents } from '@/domain/identity/events'
import { emitEvents } from '@/hooks/emitEvents'
import { nobody } from '@/access/nobody'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { PLATFORM_ROLES } from '@/domain/identity/roles'
import { USERS } from '@/shared/slugs'
import { localeField } from '@/fields/localeField'
import { resetEmail, verificationEmail } from '@/services/mail/accountEmails'

import { readEmail, readUsers } from './access/read'
import { apiKeyStrategy } from './apiKeyStrategy'
import { sessionStrategy } from './sessionStrategy'
import { createUsers, deleteUsers, superAdminField, unlockUsers, updateUsers, usesAdminPanel } from './access/write'
import { confirmEmail } from './endpoints/confirmEmail'
import { learning } from './endpoints/learning'
import { register } from './endpoints/register'
import { verifyEmail } from './endpoints/verifyEmail'
import { verifyEmailLink } from './endpoints/verifyEmailLink'
import {
  auditLogin,
  auditLogout,
  auditMembershipChanges,
  auditPasswordChange,
  auditPasswordReset,
  notePasswordChange,
  rememberLoginAttempt,
} from './hooks/auditAuthEvents'
import { endSessionsOnLostMembership, endSessionsOnPasswordChange } from './hooks/endSessionsOnChange'
import { deferEmailChanges, guardCredentials, mailEmailChange } from './hooks/guardCredentials'
import { guardDeletion } from './hooks/guardDeletion'
import { guardMemberships } from './hooks/guardMemberships'
import { guardUnlock } from './hooks/guardUnlock'
import { limitAuthAttempts } from './hooks/limitAuthAttempts'
import { makeFirstUserSuperAdmin } from './hooks/makeFirstUserSuperAdmin'
import { meForApiKeys } from './hooks/meForApiKeys'
import { refusePlatformRole } from './hooks/refusePlatformRole'
import { refuseIntegrationLogin } from './hooks/refuseIntegrationLogin'
import { refuseSuspendedLogin } from './hooks/refuseSuspendedLogin'
import { noteResetToken, verifyByPasswordReset } from './hooks/verifyByPasswordReset'

/**
 * Everyone who signs in: platform operators, tenant staff and students. Tenant
 * memberships (the `tenants` array with roles) are added by the multi-tenant plugin.
 */
export const Users: CollectionConfig = {
  slug: USERS,
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'email', 'tenants'],
  },
  auth: {
    // The signed-in user as every request reads it (and `me` answers without `?depth`): their
    // memberships name schools by id, which is all the access rules read. Payload's default of 2
    // read every school they belong to again, with its domains and locales, on every request.
    depth: 0,
    tokenExpiration: 7200,
    maxLoginAttempts: 5,
    lockTime: 10 * 60 * 1000,
    useSessions: true,
    // Ours in place of Payload's own JWT strategy (taken out at init), which it runs with the person
    // read by one statement.
    strategies: [apiKeyStrategy, sessionStrategy],
    verify: {
      generateEmailSubject: ({ user }) => verificationEmail.subject(user),
      generateEmailHTML: ({ token, user }) => verificationEmail.html(user, token),
    },
    forgotPassword: {
      generateEmailSubject: (args) => resetEmail.subject(args?.user ?? {}),
      generateEmailHTML: (args) => resetEmail.html(args?.user ?? {}, args?.token ?? ''),
    },
  },
  access: {
    admin: usesAdminPanel,
    read: readUsers,
    create: createUsers,
    update: updateUsers,
    delete: deleteUsers,
    unlock: unlockUsers,
  },
  endpoints: [register, verifyEmail, verifyEmailLink, confirmEmail, learning],
  hooks: {
    beforeOperation: [limitAuthAttempts, rememberLoginAttempt, refusePlatformRole, guardCredentials, guardUnlock, noteResetToken],
    beforeValidate: [verifyByPasswordReset],
    beforeLogin: [refuseIntegrationLogin, refuseSuspendedLogin],
    afterLogin: [auditLogin],
    afterLogout: [auditLogout],
    me: [meForApiKeys],
    afterOperation: [auditPasswordReset],
    beforeChange: [makeFirstUserSuperAdmin, guardMemberships, deferEmailChanges, notePasswordChange],
    afterChange: [emitEvents(recordMembershipEvents), auditMembershipChanges, endSessionsOnPasswordChange, auditPasswordChange, endSessionsOnLostMembership, mailEmailChange],
    beforeDelete: [guardDeletion],
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 120 },
    // Merged into Payload's own email field: only the owner and their schools' staff read it.
    {
      name: 'email',
      type: 'email',
      access: { read: readEmail },
      validate: (value, args) =>
        typeof value === 'string' && value.length > 254
          ? 'Use an email address of at most 254 characters.'
          : validations.email(value, args),
    },
    {
      name: 'pendingEmail',
      type: 'email',
      access: { read: readEmail, create: nobody, update: nobody },
      admin: { position: 'sidebar', readOnly: true, description: 'A new address waiting for its owner to confirm it; until then the account keeps its address.' },
    },
    { name: 'emailChangeTokenHash', type: 'text', index: true, hidden: true, access: { read: nobody, create: nobody, update: nobody } },
    { name: 'emailChangeExpiresAt', type: 'date', hidden: true, access: { read: nobody, create: nobody, update: nobody } },
    // Merged into Payload's own field, writable by any logged-in user: an address is verified by
    // its owner's link (or a super-admin), never by the school that typed it in.
    { name: '_verified', type: 'checkbox', access: { read: readEmail, create: superAdminField, update: superAdminField } },
    localeField({ name: 'preferredLocale' }),
    {
      name: 'googleSub',
      type: 'text',
      unique: true,
      index: true,
      maxLength: 255,
      // Set by Google sign-in only; shown to the person and the platform.
      access: { read: ({ req, doc }) => isSuperAdmin(req.user) || doc?.id === req.user?.id, create: () => false, update: () => false },
      admin: { position: 'sidebar', readOnly: true, description: 'Linked Google account.' },
    },
    {
      name: 'kind',
      type: 'select',
      defaultValue: 'person',
      options: [
        { label: 'Person', value: 'person' },
        { label: 'Integration (API key)', value: 'integration' },
      ],
      // Only the system makes integration identities, when an API key is issued.
      access: { create: superAdminField, update: () => false },
      admin: { position: 'sidebar', readOnly: true },
    },
    {
      name: 'platformRole',
      type: 'select',
      options: PLATFORM_ROLES.map((role) => ({ label: 'Super-admin', value: role })),
      access: { create: superAdminField, update: superAdminField },
      admin: { position: 'sidebar', description: 'Super-admins manage every school.' },
    },
  ],
}
