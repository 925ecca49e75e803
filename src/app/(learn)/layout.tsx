import React from 'react'

import './learn.css'

export const metadata = { title: 'Aqoon' }

/** The learner site: a small reference front end over Aqoon's public API. */
const LearnLayout = ({ children }: { children: React.ReactNode }) => (
  <html lang="en">
    <body>{children}</body>
  </html>
)

export default LearnLayout
