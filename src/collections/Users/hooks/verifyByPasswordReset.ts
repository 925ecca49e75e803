import type { CollectionBeforeOperationHook, CollectionBeforeValidateHook } from 'payload'

import type { User } from '@/payload-types'

declare module 'payload' {
  interface RequestContext {
    /** The reset token sent, kept from before Payload clears it. */
    passwordResetToken?: string
  }
}


/** Notes which reset token this request spends, for verifyByPasswordReset. */
export const noteResetToken: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'resetPassword') {
    const token = (args.data as { token?: unknown } | undefined)?.token
    req.context.passwordResetToken = typeof token === 'string' && token ? token : undefined
  }
  return args
}

/**
 * Completing a password reset confirms the address: the reset link went to it, as a
 * verification link would have. Payload's reset keeps `_verified` as it was, so an
 * account someone else registered and never confirmed would stay unconfirmed after
 * its owner took it back, and Google sign-in would go on refusing it.
 *
 * Payload's reset runs beforeValidate on the stored account it found by the token and
 * writes that same object, ignoring what the hook returns: the change is made in place.
 */
export const verifyByPasswordReset: CollectionBeforeValidateHook<User> = ({ data, req }) => {
  const token = req.context.passwordResetToken
  const account = data as (Partial<User> & { resetPasswordToken?: string | null; _verificationToken?: string | null }) | undefined
  if (account && token && account.resetPasswordToken === token) {
    account._verified = true
    account._verificationToken = null
  }
  return data
}
