/** Course levels, shared by the collection and the catalog's filters. */
export const COURSE_LEVELS = ['beginner', 'intermediate', 'advanced', 'all-levels'] as const
export const ENROLLMENT_POLICIES = ['open', 'approval', 'invite-only', 'paid'] as const
export const LESSON_TYPES = ['text', 'video', 'file', 'live'] as const
