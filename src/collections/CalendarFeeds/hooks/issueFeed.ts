import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import type { CalendarFeed } from '@/payload-types'

import { type FeedData, feedUrl, issueFeed as issue, reviseFeed } from '@/domain/live/calendarFeeds'

declare module 'payload' {
  interface RequestContext {
    /** A new feed's token, between its hashing and the answer that shows its address once. */
    issuedFeedToken?: string
  }
}

/** On create: the feed is the asker's, with a fresh token (only its hash kept); on update: revoking is for good. */
export const issueFeed: CollectionBeforeChangeHook<CalendarFeed> = async ({ data, originalDoc, operation, req }) => {
  if (operation === 'update') {
    return reviseFeed(data as FeedData, originalDoc as FeedData) as Partial<CalendarFeed>
  }
  const issued = await issue(req, data as FeedData)
  req.context.issuedFeedToken = issued.token
  return issued.data as Partial<CalendarFeed>
}

/** The feed's address is in the create answer and nowhere else, ever. */
export const showFeedOnce: CollectionAfterChangeHook<CalendarFeed> = ({ doc, operation, req }) => {
  if (operation === 'create' && req.context.issuedFeedToken !== undefined) {
    const url = feedUrl(req.context.issuedFeedToken)
    delete req.context.issuedFeedToken
    return { ...doc, url }
  }
  return doc
}
