import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import type { StoredEvent } from '@/domain/events/subscriber'

import { formatMoney } from '@/domain/payments/money'
import { DEFAULT_LOCALE, isLocaleCode, LOCALES, type LocaleCode } from '@/i18n/locales'
import { noticeWords, type NoticeParams } from '@/i18n/notifications'
import { sqlList } from '@/services/database/adapter'
import { jobsInsert } from '@/services/database/queueJobs'
import { sqlHandle } from '@/services/database/transactions'
import { requestMeta } from '@/shared/requestContext'

import { type Audience, type Link, NOTICE_KINDS, type NoticePlan, planFor } from './kinds'
import { BUILT_IN_EMAIL, columnOf } from './preferences'
import { NOTIFICATION_QUEUE } from './queue'

type SQL = ReturnType<typeof sql>

/** What the words and the link of a notification need, read in one statement. */
type Facts = {
  courseSlug: string | null
  courseTitles: Record<string, string> | null
  itemTitles: Record<string, string> | null
  schoolSlug: string | null
  timeZone: string | null
  schoolLocale: string | null
  named: string | null
}

const titlesOf = (table: string, id: SQL | number) =>
  sql`(select json_object_agg(t._locale, t.title) from ${sql.raw(`"${table}"`)} t where t._parent_id = ${id} and coalesce(t.title, '') <> '')`

const factsOf = async (req: PayloadRequest, event: StoredEvent, plan: NoticePlan): Promise<Facts> => {
  const db = await sqlHandle(req)
  const course = plan.course ?? 0
  const { rows } = await db.execute(sql`
    select
      (select slug from courses where id = ${course}) as "courseSlug",
      ${titlesOf('courses_locales', course)} as "courseTitles",
      ${plan.item ? titlesOf(plan.item.table, plan.item.id) : sql`null::json`} as "itemTitles",
      s.slug as "schoolSlug", s.timezone as "timeZone", s.default_locale as "schoolLocale",
      (select coalesce(nullif(name, ''), email) from users where id = ${plan.named ?? 0}) as named
    from (select 1) one left join tenants s on s.id = ${event.tenant ?? 0}`)
  return rows[0] as Facts
}

/** A title in `locale`, else in English, else in whatever language it has. */
const titleIn = (titles: Record<string, string> | null, locale: LocaleCode): string | undefined =>
  titles ? (titles[locale] ?? titles[DEFAULT_LOCALE] ?? Object.values(titles)[0]) : undefined

const TIME_PARTS: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }

const timeIn = (iso: string, locale: LocaleCode, timeZone: string | null): string => {
  try {
    return new Intl.DateTimeFormat(locale, { ...TIME_PARTS, timeZone: timeZone ?? 'UTC' }).format(new Date(iso))
  } catch {
    // A time zone the school mistyped: UTC, said so.
    return new Intl.DateTimeFormat(locale, { ...TIME_PARTS, timeZone: 'UTC' }).format(new Date(iso))
  }
}

/** Where the notification leads, as a path on this server (the learner site, or the admin panel for staff). */
export const linkOf = (link: Link, facts: Pick<Facts, 'courseSlug' | 'schoolSlug'>): string => {
  const school = facts.schoolSlug ? `?school=${encodeURIComponent(facts.schoolSlug)}` : ''
  switch (link.to) {
    case 'course':
      return `/learn/courses/${encodeURIComponent(facts.courseSlug ?? '')}${link.quiz ? `/quizzes/${link.quiz}` : ''}${school}`
    case 'certificate':
      return `/verify/${encodeURIComponent(link.serial)}`
    case 'order':
      return `/learn/orders/${encodeURIComponent(link.reference)}${school}`
    case 'admin':
      return `/admin/collections/${link.collection}/${link.id}`
  }
}

/** The title and body in one language. */
const wordsIn = (plan: NoticePlan, facts: Facts, locale: LocaleCode): { title: string; body: string } => {
  const params: NoticeParams = {
    course: titleIn(facts.courseTitles, locale),
    item: titleIn(facts.itemTitles, locale),
    when: plan.when ? timeIn(plan.when, locale, facts.timeZone) : undefined,
    minutes: plan.minutes,
    percent: plan.percent,
    amount: plan.money ? formatMoney(plan.money.amount, plan.money.currency, locale) : undefined,
    reference: plan.reference,
    person: facts.named ?? undefined,
    flag: plan.flag,
    organisation: plan.organisation,
  }
  const words = noticeWords[plan.kind][locale]
  return { title: words.title(params).slice(0, 300), body: words.body(params).slice(0, 2000) }
}

/** The people an audience names, members of the event's school in good standing; never an API key's identity. */
const audienceQuery = (audience: Audience, tenant: number): SQL => {
  const member = sql`exists (select 1 from users_tenants m where m._parent_id = u.id and m.tenant_id = ${tenant} and not coalesce(m.suspended, false))`
  const person = sql`coalesce(u.kind, 'person') <> 'integration'`
  const roleIn = (role: string) =>
    sql`exists (select 1 from users_tenants m join users_tenants_roles r on r.parent_id = m.id where m._parent_id = u.id and m.tenant_id = ${tenant} and r.value = ${role} and not coalesce(m.suspended, false))`
  const columns = sql`u.id, u.email, u.preferred_locale`
  if ('person' in audience) {
    return sql`select ${columns} from users u where u.id = ${audience.person} and ${person} and ${member}`
  }
  if ('studentsOf' in audience) {
    const statuses = audience.finishedToo ? ['active', 'completed'] : ['active']
    // Those who have done the work are not reminded of it.
    const notDone = !audience.notDone
      ? sql`true`
      : 'assignment' in audience.notDone
        ? sql`not exists (select 1 from submissions s where s.assignment_id = ${audience.notDone.assignment} and s.student_id = u.id)`
        : sql`not exists (select 1 from quiz_attempts a where a.quiz_id = ${audience.notDone.quiz} and a.student_id = u.id and a.status = 'graded')`
    return sql`select ${columns} from enrollments e join users u on u.id = e.user_id
      where e.course_id = ${audience.studentsOf} and e.status = any(${sqlList(statuses)}::enum_enrollments_status[]) and ${person} and ${member} and ${notDone}`
  }
  if ('staffOf' in audience) {
    return sql`select ${columns} from users u where ${person} and (
      ${roleIn('tenant-admin')}
      or (${roleIn('instructor')} and exists (select 1 from courses_rels cr where cr.parent_id = ${audience.staffOf} and cr.path = 'instructors' and cr.users_id = u.id)))`
  }
  return sql`select ${columns} from users u where ${person} and ${roleIn('tenant-admin')}`
}

/** The next digest of a frequency, in SQL: 07:00 tomorrow (daily) or next Monday (weekly), in the school's time zone. */
const nextDigest = (frequency: 'daily' | 'weekly', timeZone: string): SQL => {
  const unit = frequency === 'daily' ? 'day' : 'week'
  const local = sql`(now() at time zone ${timeZone})`
  const at = sql`(date_trunc(${unit}, ${local}) + interval '7 hours')`
  return sql`((case when ${at} > ${local} then ${at} else ${at} + ${sql.raw(`interval '1 ${unit}'`)} end) at time zone ${timeZone})`
}

export type Notified = { person: number; notification: number }
export type Told = { shown: Notified[]; mailed: { queued: number; waiting: number } }

/**
 * Tells the people an event concerns, in its subscriber's transaction: in the app (unless they
 * hid the category) and by mail (at once, in their next digest, or not, as they or their
 * school chose; critical kinds in both, at once, whatever was chosen). The words are rendered
 * now, in each person's language (their own, else their school's, else English), once per
 * language however many are told, and kept as they were. Every row is written by one
 * statement. A person is told of an event once: a second run writes nothing.
 */
export const notify = async (req: PayloadRequest, event: StoredEvent): Promise<Told> => {
  const plan = planFor(event)
  if (!plan || event.tenant === null) {
    return { shown: [], mailed: { queued: 0, waiting: 0 } }
  }
  const facts = await factsOf(req, event, plan)
  const schoolLocale = isLocaleCode(facts.schoolLocale) ? facts.schoolLocale : DEFAULT_LOCALE
  const rendered = LOCALES.map((l) => ({ locale: l.code, ...wordsIn(plan, facts, l.code) }))
  const { category, critical } = NOTICE_KINDS[plan.kind]
  const column = columnOf(category)
  const timeZone = facts.timeZone ?? 'UTC'
  const link = linkOf(plan.link, facts)
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    with audience as (${audienceQuery(plan.audience, event.tenant)}),
    words as (select * from unnest(${sqlList(rendered.map((r) => r.locale))}::text[], ${sqlList(rendered.map((r) => r.title))}::text[], ${sqlList(rendered.map((r) => r.body))}::text[]) as w(locale, title, body)),
    chosen as (
      select a.id, a.email, w.locale, w.title, w.body,
        ${critical} or coalesce(p.${sql.raw(`in_app_${column}`)}::text, 'shown') = 'shown' as shown,
        case when ${critical} then 'immediate' else coalesce(p.${sql.raw(`email_${column}`)}::text, t.${sql.raw(`notification_defaults_${column}`)}::text, ${BUILT_IN_EMAIL[category]}) end as frequency
      from audience a
      join words w on w.locale = case when a.preferred_locale::text = any(${sqlList(LOCALES.map((l) => l.code))}::text[]) then a.preferred_locale::text else ${schoolLocale} end
      left join notification_preferences p on p.person_id = a.id
      left join tenants t on t.id = ${event.tenant}
    ),
    shown as (
      insert into notifications (tenant_id, person_id, kind, category, critical, title, body, link, locale, event, updated_at, created_at)
      select ${event.tenant}, c.id, ${plan.kind}::enum_notifications_kind, ${category}::enum_notifications_category, ${critical}, c.title, c.body, ${link}, c.locale::enum_notifications_locale, ${event.id}, now(), now()
      from chosen c where c.shown order by c.id
      on conflict (event, person_id) do nothing
      returning id, person_id
    ),
    mailed as (
      insert into notification_emails (tenant_id, person_id, "to", event, kind, category, critical, locale, subject, body, link, frequency, state, due_at, attempts, updated_at, created_at)
      select ${event.tenant}, c.id, c.email, ${event.id}, ${plan.kind}::enum_notification_emails_kind, ${category}::enum_notification_emails_category, ${critical}, c.locale::enum_notification_emails_locale, c.title, c.body, ${link},
        c.frequency::enum_notification_emails_frequency, (case when c.frequency = 'immediate' then 'queued' else 'waiting' end)::enum_notification_emails_state,
        case c.frequency when 'daily' then ${nextDigest('daily', timeZone)} when 'weekly' then ${nextDigest('weekly', timeZone)} else now() end, 0, now(), now()
      from chosen c where c.frequency <> 'never' order by c.id
      on conflict (event, person_id) do nothing
      returning id, state
    ),
    jobs as (${jobsInsert({ task: 'sendNotification', queue: NOTIFICATION_QUEUE, meta: requestMeta(), inputs: sql`select jsonb_build_object('email', m.id) from mailed m where m.state = 'queued'` })})
    select 'shown' as what, id, person_id from shown
    union all select state::text, null, null from mailed`)
  const all = rows as { what: string; id: number | null; person_id: number | null }[]
  return {
    shown: all.filter((r) => r.what === 'shown').map((r) => ({ person: Number(r.person_id), notification: Number(r.id) })),
    mailed: { queued: all.filter((r) => r.what === 'queued').length, waiting: all.filter((r) => r.what === 'waiting').length },
  }
}
