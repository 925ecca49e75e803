import type { ServerProps } from 'payload'

import React from 'react'

import { NavLink } from '@/admin/analytics/NavLink'

import { templatesURL } from './paths'

/** "Notification templates" in the admin nav, beside the notification collections. */
export const TemplatesNavLink = ({ payload, permissions, user }: ServerProps) =>
  permissions?.canAccessAdmin && user ? <NavLink group="Notifications" href={templatesURL(payload.config.routes.admin)} id="nav-notification-templates" label="Notification templates" /> : null
