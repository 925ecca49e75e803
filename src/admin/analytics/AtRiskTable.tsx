import type { AtRisk } from '@/domain/analytics/courseAnalytics'

import { Link } from '@payloadcms/ui'
import React from 'react'

import type { Formatters } from './format'
import type { AnalyticsStrings } from './strings'

import { studentAnalyticsURL } from './paths'

type Props = { students: AtRisk[]; strings: AnalyticsStrings; format: Formatters; adminRoute: string }

/** The students at risk of one course, each with why. */
export const AtRiskTable: React.FC<Props> = ({ students, strings, format, adminRoute }) =>
  students.length === 0 ? (
    <p className="analytics__empty">{strings.noneAtRisk}</p>
  ) : (
    <div className="table">
      <table data-testid="students-at-risk">
        <thead>
          <tr>
            <th scope="col">{strings.student}</th>
            <th scope="col">{strings.email}</th>
            <th scope="col">{strings.lastActivity}</th>
            <th scope="col">{strings.reasons}</th>
          </tr>
        </thead>
        <tbody>
          {students.map((student) => (
            <tr key={student.id}>
              <th scope="row">
                <Link href={studentAnalyticsURL(adminRoute, student.id)}>{student.name}</Link>
              </th>
              {/* Addresses are left to right even in an Arabic page. */}
              <td dir="ltr">{student.email}</td>
              <td>{student.lastActivityAt ? format.date(student.lastActivityAt) : strings.never}</td>
              <td>
                <ul className="analytics__reasons">
                  {student.causes.map((cause) => (
                    <li key={cause.kind}>{strings.cause(cause)}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
