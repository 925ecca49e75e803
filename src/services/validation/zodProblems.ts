import type { CollectionSlug } from 'payload'
import type { z } from 'zod'

import { ValidationError } from 'payload'

/**
 * A zod refusal in Payload's error shape, one entry per problem with the path it concerns;
 * keys nobody asked for are named as unknown `noun`s ("field", "parameter"). A query parameter is
 * named whole (`tags`, not `tags.0`): that is what the caller wrote in the URL.
 */
export const validationErrorFrom = (collection: CollectionSlug, error: z.ZodError, noun: 'field' | 'parameter' = 'field'): ValidationError =>
  new ValidationError({
    collection,
    errors: error.issues.map((issue) => ({
      path: (noun === 'parameter' ? String(issue.path[0] ?? '') : issue.path.join('.')) || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : ''),
      message: issue.code === 'unrecognized_keys' ? `Unknown ${noun} "${issue.keys.join('", "')}".` : issue.message,
    })),
  })
