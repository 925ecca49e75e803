'use client'

import React from 'react'

import { ActionButton } from '@/admin/ActionButton'

/** "Send again" on a notification email's page: queue it to be sent now. */
export const ResendButton: React.FC = () => <ActionButton collection="notification-emails" action="resend" label="Send again" id="resend-notification-email" />
