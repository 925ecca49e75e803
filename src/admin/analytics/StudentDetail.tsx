import type { PayloadRequest } from 'payload'

import { statusOf } from '@/http/errorStatus'
import type { PersonLearning } from '@/domain/analytics/personLearning'

import { Link, SetStepNav } from '@payloadcms/ui'
import React from 'react'

import { personLearning } from '@/domain/analytics/personLearning'

import { formatters } from './format'
import { analyticsURL } from './paths'
import { analyticsStrings } from './strings'

type Props = { req: PayloadRequest; personId: string }

const load = async (req: PayloadRequest, personId: string): Promise<PersonLearning | 404> => {
  if (!/^\d{1,12}$/.test(personId)) {
    return 404
  }
  try {
    return await personLearning({ req, personId: Number(personId) })
  } catch (error) {
    if (statusOf(error) === 404) {
      return 404
    }
    throw error
  }
}

/** `/admin/analytics/students/<id>`: one person's progress across the courses the viewer looks after. */
export const StudentDetail = async ({ req, personId }: Props) => {
  const strings = analyticsStrings(req.i18n.language)
  const format = formatters(req.i18n.language)
  const adminRoute = req.payload.config.routes.admin
  const learning = await load(req, personId)
  const nav = [{ label: strings.nav, url: analyticsURL(adminRoute) }]
  if (learning === 404) {
    return (
      <>
        <SetStepNav nav={nav} />
        <h1>{strings.noSuchPerson}</h1>
      </>
    )
  }
  const name = learning.name ?? `#${learning.user}`
  return (
    <>
      <SetStepNav nav={[...nav, { label: name }]} />
      <h1>{strings.progressOf(name)}</h1>
      {learning.courses.length === 0 ? (
        <p className="analytics__empty">{strings.noEnrollments}</p>
      ) : (
        <div className="table">
          <table data-testid="student-courses">
            <thead>
              <tr>
                <th scope="col">{strings.course}</th>
                <th scope="col">{strings.status}</th>
                <th scope="col">{strings.progress}</th>
                <th scope="col">{strings.started}</th>
                <th scope="col">{strings.completedOn}</th>
              </tr>
            </thead>
            <tbody>
              {learning.courses.map((entry) => (
                <tr key={entry.course.id} data-course={entry.course.id}>
                  <th scope="row">
                    <Link href={analyticsURL(adminRoute, entry.course.id)}>{entry.course.title ?? `#${entry.course.id}`}</Link>
                  </th>
                  <td data-field="status">{strings.statusLabel(entry.status)}</td>
                  <td data-field="progress">
                    <progress max={100} value={entry.progress} /> {format.percent(entry.progress)}
                  </td>
                  <td>{entry.activatedAt ? format.date(entry.activatedAt) : '—'}</td>
                  <td>{entry.completedAt ? format.date(entry.completedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link href={analyticsURL(adminRoute)}>{strings.allCourses}</Link>
      </p>
    </>
  )
}
