import type { ServerProps } from 'payload'

import { Button } from '@payloadcms/ui'
import { formatAdminURL } from 'payload/shared'
import React from 'react'

import { ORDER_STATUSES } from '@/domain/payments/status'
import { ORDERS } from '@/shared/slugs'

import { paymentsStrings } from './strings'
import './payments.css'

/** The status filter as Payload's own filter builder writes it, so "Filters" shows it and can extend it. */
const STATUS_PARAM = 'where[or][0][and][0][status][equals]'

/**
 * One-click views of the order list by status (orders awaiting approval first, as they wait for
 * someone); everything else (provider, course, created date) is in Payload's "Filters".
 */
export const OrderFilters = ({ i18n, payload, searchParams }: ServerProps) => {
  const strings = paymentsStrings(i18n.language)
  const list = formatAdminURL({ adminRoute: payload.config.routes.admin, path: `/collections/${ORDERS}` })
  const current = searchParams?.[STATUS_PARAM]
  const statuses = ['awaiting-approval', ...ORDER_STATUSES.filter((status) => status !== 'awaiting-approval')] as const
  return (
    <nav aria-label={strings.quickFilters} className="order-filters">
      <span>{strings.quickFilters}:</span>
      <Button buttonStyle={current === undefined ? 'primary' : 'pill'} el="link" id="orders-all" margin={false} size="small" to={list}>
        {strings.allOrders}
      </Button>
      {statuses.map((status) => (
        <Button
          buttonStyle={current === status ? 'primary' : 'pill'}
          el="link"
          id={`orders-${status}`}
          key={status}
          margin={false}
          size="small"
          to={`${list}?${encodeURIComponent(STATUS_PARAM)}=${status}`}
        >
          {strings.status(status)}
        </Button>
      ))}
    </nav>
  )
}
