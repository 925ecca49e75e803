import type { ValidationRule } from 'graphql'

import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth'
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives'
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens'

type Limits = { maxDepth: number; maxAliases: number; maxDirectives: number; maxTokens: number }

type ArmorError = Parameters<NonNullable<NonNullable<Parameters<typeof maxAliasesRule>[0]>['onReject']>[number]>[1]

/** graphql-armor labels every refusal a syntax error; the query is well formed, only too big. */
const plainly = (error: ArmorError): ArmorError => {
  error.message = error.message.replace(/^Syntax Error: /, '')
  return error
}

/**
 * graphql-armor throws out of graphql-js's `validate` by default; report the refusal as
 * graphql-js's own rules do instead, so it reaches the client as an ordinary validation
 * error. The error is armor's own: a GraphQLError of the graphql-js copy the server uses.
 */
const reported: Pick<NonNullable<Parameters<typeof maxAliasesRule>[0]>, 'onReject' | 'propagateOnRejection'> = {
  propagateOnRejection: false,
  onReject: [(context, error) => context?.reportError(plainly(error))],
}

/**
 * Validation rules beside Payload's complexity budget: nesting depth (fragments followed,
 * introspection's `__schema` not counted), aliases (one field asked for under many names)
 * and directives per operation.
 */
export const graphqlValidationRules = ({ maxDepth, maxAliases, maxDirectives }: Limits): ValidationRule[] => [
  maxDepthRule({ n: maxDepth, flattenFragments: true, ignoreIntrospection: true, ...reported }),
  maxAliasesRule({ n: maxAliases, ...reported }),
  maxDirectivesRule({ n: maxDirectives, ...reported }),
]

/**
 * Why a GraphQL document is refused for its length, or undefined. Payload's handler parses
 * without a limit, so this runs first, on the raw text: the parser stops counting, and
 * building the document, at the first token past the limit. Syntax errors are left to
 * Payload, which reports them in its own way.
 */
export const tokenLimitRefusal = (query: string, { maxTokens }: Pick<Limits, 'maxTokens'>): string | undefined => {
  let refusal: string | undefined
  try {
    new MaxTokensParserWLexer(query, {
      n: maxTokens,
      onReject: [(_context, error) => (refusal = plainly(error).message)],
      propagateOnRejection: true,
    }).parseDocument()
  } catch {
    // A refusal or a syntax error; only the refusal is ours to answer.
  }
  return refusal
}
