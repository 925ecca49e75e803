/** Collection slugs, declared once and reused in configs and tests. */
export const TENANTS = 'tenants'
export const USERS = 'users'
export const MEDIA = 'media'
export const AUDIT_LOGS = 'audit-logs'
export const API_KEYS = 'api-keys'
export const CATEGORIES = 'categories'
export const TAGS = 'tags'
export const COURSES = 'courses'
export const ENROLLMENTS = 'enrollments'
export const ASSIGNMENTS = 'assignments'
export const SUBMISSIONS = 'submissions'
export const SUBMISSION_FILES = 'submission-files'
export const CERTIFICATES = 'certificates'
export const CERTIFICATE_FILES = 'certificate-files'
export const INVITATIONS = 'invitations'

/** Collections that hold uploaded files; each is kept in S3 when a bucket is configured. */
export const UPLOAD_COLLECTIONS: readonly string[] = [MEDIA, SUBMISSION_FILES, CERTIFICATE_FILES]
export const DOMAIN_EVENTS = 'domain-events'
export const EVENT_RECEIPTS = 'event-receipts'
export const WEBHOOK_ENDPOINTS = 'webhook-endpoints'
export const WEBHOOK_DELIVERIES = 'webhook-deliveries'
export const COURSE_ACTIVITY = 'course-activity'
