'use client'

import React from 'react'

import { ActionButton } from '@/admin/ActionButton'

/** "Replay" on a delivery's page: send it again now, with the same message id. */
export const ReplayButton: React.FC = () => <ActionButton collection="webhook-deliveries" action="replay" label="Replay" id="replay-delivery" />
