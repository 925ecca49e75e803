import { courseStaffAndLearners, courseStaffOnly } from '@/access/courseMembers'

/** A class's recordings: the course's staff, and the students learning in the course now (not those who left). */
export const readRecordings = courseStaffAndLearners

/** The course's staff delete a recording (its file goes with it, and the delete is audited). */
export const deleteRecordings = courseStaffOnly
