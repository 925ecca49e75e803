import type { DefaultServerCellComponentProps } from 'payload'

import React from 'react'

/**
 * A list column stored as a JSON array of names (an audit entry's changed fields), read as
 * "status, paidAt" rather than Payload's JSON cell (`["status","paidAt"]`).
 */
export const NamesCell = ({ cellData }: DefaultServerCellComponentProps) => {
  if (!Array.isArray(cellData)) {
    return null
  }
  return <span className="names-cell">{cellData.filter((name): name is string => typeof name === 'string').join(', ')}</span>
}
