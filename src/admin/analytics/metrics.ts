import type { CourseAnalytics } from '@/domain/analytics/courseAnalytics'

import type { Formatters } from './format'
import type { AnalyticsStrings } from './strings'

export type Metric = {
  /** Also the cell's test id: `metric-<key>`. */
  key: string
  label: (strings: AnalyticsStrings) => string
  value: (analytics: CourseAnalytics, format: Formatters) => string
}

const enrolled: Metric = { key: 'enrolled', label: (s) => s.enrolled, value: (a, f) => f.count(a.enrolled) }
const pending: Metric = { key: 'pending', label: (s) => s.pending, value: (a, f) => f.count(a.pending) }
const rest: Metric[] = [
  { key: 'active', label: (s) => s.active, value: (a, f) => f.count(a.active) },
  { key: 'completed', label: (s) => s.completed, value: (a, f) => f.count(a.completed) },
  { key: 'completionRate', label: (s) => s.completionRate, value: (a, f) => f.percent(a.completionRate) },
  { key: 'averageProgress', label: (s) => s.averageProgress, value: (a, f) => f.percent(a.averageProgress) },
  { key: 'submissionRate', label: (s) => s.submissionRate, value: (a, f) => f.percent(a.submissionRate) },
  { key: 'averageGrade', label: (s) => s.averageGrade, value: (a, f) => f.percent(a.averageGradePercent) },
  { key: 'atRisk', label: (s) => s.atRisk, value: (a, f) => f.count(a.studentsAtRisk.length) },
]

/** The overview's columns. */
export const OVERVIEW_METRICS: Metric[] = [enrolled, ...rest]

/** A course's own page also counts pending requests, which matter to whoever approves them. */
export const COURSE_METRICS: Metric[] = [enrolled, pending, ...rest]
