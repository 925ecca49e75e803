import type { TextFieldManyValidation } from 'payload'

import { EVENT_TYPES, isEventType } from '@/domain/events/catalog'

/** Every listed type is one the catalog knows, listed once. */
export const checkEventTypes: TextFieldManyValidation = (values) => {
  const list = values ?? []
  if (list.length === 0) {
    return 'Choose at least one event type.'
  }
  const unknown = list.filter((value) => !isEventType(value))
  if (unknown.length > 0) {
    return `Unknown event type ${unknown.map((value) => JSON.stringify(String(value).slice(0, 60))).join(', ')}; use ${EVENT_TYPES.join(', ')}.`
  }
  return new Set(list).size === list.length ? true : 'List each event type once.'
}
