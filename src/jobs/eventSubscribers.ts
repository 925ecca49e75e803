import type { Subscriber } from '@/domain/events/subscriber'

import { activitySubscriber } from '@/domain/analytics/activitySubscriber'
import { summarySubscriber } from '@/domain/ai/summaries/subscriber'
import { liveClassSubscriber } from '@/domain/live/subscriber'
import { notificationSubscriber } from '@/domain/notifications/subscriber'
import { webhookSubscriber } from '@/domain/webhooks/fanOut'

/** Everything that reacts to domain events. New features add a subscriber here, not hooks on other domains' collections. */
export const eventSubscribers: readonly Subscriber[] = [webhookSubscriber, notificationSubscriber, activitySubscriber, liveClassSubscriber, summarySubscriber]
