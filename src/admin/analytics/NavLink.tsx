'use client'

import { Link, NavGroup } from '@payloadcms/ui'
import { usePathname } from 'next/navigation'
import React from 'react'

type Props = { group: string; href: string; id: string; label: string }

/**
 * A link in the admin nav that looks and marks itself active like Payload's own
 * collection links (same classes), in a group of its own.
 */
export const NavLink: React.FC<Props> = ({ group, href, id, label }) => {
  const pathname = usePathname()
  const active = pathname === href || pathname.startsWith(`${href}/`)
  return (
    <NavGroup label={group}>
      <Link className="nav__link" href={href} id={id} prefetch={false}>
        {active ? <div className="nav__link-indicator" /> : null}
        <span className="nav__link-label">{label}</span>
      </Link>
    </NavGroup>
  )
}
