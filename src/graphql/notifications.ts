import type { GraphQLExtension, PayloadRequest } from 'payload'

import { markRead, unreadCount } from '@/domain/notifications/inbox'
import { readRequest } from '@/http/notificationRequests'
import { requirePerson } from '@/http/requestHelpers'

const person = (req: PayloadRequest) => requirePerson(req, 'read your notifications').id

/** `unreadNotificationCount`: what `GET /api/notifications/unread-count` answers. */
export const notificationQueries: GraphQLExtension = (graphQL) => ({
  unreadNotificationCount: {
    type: new graphQL.GraphQLNonNull(graphQL.GraphQLInt),
    resolve: async (_root: unknown, _args: unknown, context: { req: PayloadRequest }) => unreadCount(context.req, person(context.req)),
  },
})

/** `markNotificationsRead(ids | all)`: what `POST /api/notifications/read` does. */
export const notificationMutations: GraphQLExtension = (graphQL) => {
  const { GraphQLBoolean, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType } = graphQL
  const Marked = new GraphQLObjectType({
    name: 'NotificationsMarkedRead',
    fields: { marked: { type: new GraphQLNonNull(GraphQLInt) }, unread: { type: new GraphQLNonNull(GraphQLInt) } },
  })
  return {
    markNotificationsRead: {
      type: new GraphQLNonNull(Marked),
      args: { ids: { type: new GraphQLList(new GraphQLNonNull(GraphQLInt)) }, all: { type: GraphQLBoolean } },
      resolve: async (_root: unknown, args: { ids?: number[] | null; all?: boolean | null }, context: { req: PayloadRequest }) => {
        const who = person(context.req)
        return markRead(context.req, who, readRequest({ ids: args.ids ?? undefined, all: args.all ?? undefined }))
      },
    },
  }
}
