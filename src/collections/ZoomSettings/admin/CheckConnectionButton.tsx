'use client'

import React from 'react'

import { ActionButton } from '@/admin/ActionButton'

/** "Check connection" on a school's Zoom settings: asks Zoom now and shows what it said. */
export const CheckConnectionButton: React.FC = () => <ActionButton collection="zoom-settings" action="check" label="Check connection" id="check-zoom-connection" />
