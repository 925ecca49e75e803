import type { SelectionSetNode, ValidationContext, ValidationRule } from 'graphql'

import { GraphQLError, Kind } from 'graphql'

const depthOf = (
  selectionSet: SelectionSetNode | undefined,
  context: ValidationContext,
  visiting: Set<string>,
): number => {
  if (!selectionSet) {
    return 0
  }
  let deepest = 0
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection's own nesting is bounded by the schema; only data fields count.
      if (selection.name.value.startsWith('__')) {
        continue
      }
      deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, context, visiting))
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, context, visiting))
    } else {
      const name = selection.name.value
      const fragment = context.getFragment(name)
      if (fragment && !visiting.has(name)) {
        visiting.add(name)
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, context, visiting))
        visiting.delete(name)
      }
    }
  }
  return deepest
}

/**
 * Refuses operations nested deeper than `maxDepth` fields (fragments followed), so a
 * query cannot walk relationships back and forth to build an enormous answer.
 */
export const graphqlDepthLimit =
  (maxDepth: number): ValidationRule =>
  (context) => ({
    OperationDefinition(node) {
      const depth = depthOf(node.selectionSet, context, new Set())
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`This query is nested ${depth} levels deep; at most ${maxDepth} are allowed.`, { nodes: [node] }),
        )
      }
    },
  })
