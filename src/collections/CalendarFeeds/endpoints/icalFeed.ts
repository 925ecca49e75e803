import type { Endpoint } from 'payload'

import { calendarOfFeed } from '@/domain/live/calendarFeeds'

/**
 * `GET /api/calendar-feeds/ical/<token>.ics`: the feed's calendar, for calendar clients that
 * subscribe to it without signing in; the token in the address is the key. An unknown or
 * revoked token answers 404, like a feed that never was.
 */
export const icalFeed: Endpoint = {
  path: '/ical/:token',
  method: 'get',
  handler: async (req) => {
    const raw = typeof req.routeParams?.token === 'string' ? req.routeParams.token : ''
    const calendar = await calendarOfFeed(req, raw.replace(/\.ics$/, ''))
    if (calendar === undefined) {
      return Response.json({ errors: [{ message: 'No such calendar feed: it may have been revoked.' }] }, { status: 404 })
    }
    return new Response(calendar, {
      headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'inline; filename="classes.ics"', 'Cache-Control': 'private, max-age=300', 'X-Robots-Tag': 'noindex' },
    })
  },
}
