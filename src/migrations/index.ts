import * as migration_20261125_120617_initial from './20261125_120617_initial';
import * as migration_20261125_125104_audit_logs from './20261125_125104_audit_logs';
import * as migration_20261125_131056_api_keys from './20261125_131056_api_keys';
import * as migration_20261125_132258_google_sign_in from './20261125_132258_google_sign_in';
import * as migration_20261125_134944_membership_suspension from './20261125_134944_membership_suspension';
import * as migration_20261125_135234_categories_and_tags from './20261125_135234_categories_and_tags';
import * as migration_20261125_143444_courses_and_enrollments from './20261125_143444_courses_and_enrollments';
import * as migration_20261125_151325_enrollment_expiry from './20261125_151325_enrollment_expiry';
import * as migration_20261125_151615_enrollment_title from './20261125_151615_enrollment_title';
import * as migration_20261125_152000_catalog_versions from './20261125_152000_catalog_versions';
import * as migration_20261125_154500_course_search_vectors from './20261125_154500_course_search_vectors';
import * as migration_20261125_161203_assignments_and_submissions from './20261125_161203_assignments_and_submissions';
import * as migration_20261125_163434_submission_files from './20261125_163434_submission_files';
import * as migration_20261125_171103_certificates from './20261125_171103_certificates';
import * as migration_20261125_185224_media_original_name from './20261125_185224_media_original_name';
import * as migration_20261202_102105_accounts_and_invitations from './20261202_102105_accounts_and_invitations';
import * as migration_20261202_104430_media_visibility from './20261202_104430_media_visibility';
import * as migration_20261202_141556_events_and_webhooks from './20261202_141556_events_and_webhooks';
import * as migration_20261202_144317_notifications_and_activity from './20261202_144317_notifications_and_activity';
import * as migration_20261202_145600_webhook_event_types_as_text from './20261202_145600_webhook_event_types_as_text';
import * as migration_20261202_180000_event_cursors from './20261202_180000_event_cursors';
import * as migration_20261203_070000_event_request_ids from './20261203_070000_event_request_ids';
import * as migration_20261203_120000_catalog_search_keys from './20261203_120000_catalog_search_keys';
import * as migration_20261203_130000_admin_list_indexes from './20261203_130000_admin_list_indexes';
import * as migration_20261203_164058_payments from './20261203_164058_payments';
import * as migration_20261203_164951_payment_proofs from './20261203_164951_payment_proofs';
import * as migration_20261203_171932_seat_plans from './20261203_171932_seat_plans';
import * as migration_20261203_213440_stripe_connect_state from './20261203_213440_stripe_connect_state';
import * as migration_20261204_150103_zoom_settings from './20261204_150103_zoom_settings';
import * as migration_20261204_151655_zoom_connection from './20261204_151655_zoom_connection';
import * as migration_20261204_153954_live_classes from './20261204_153954_live_classes';
import * as migration_20261204_183052_live_attendance from './20261204_183052_live_attendance';
import * as migration_20261204_184656_live_class_series from './20261204_184656_live_class_series';
import * as migration_20261204_212857_live_recordings from './20261204_212857_live_recordings';
import * as migration_20261205_002436_quizzes from './20261205_002436_quizzes';
import * as migration_20261205_011329_ai_budgets_and_tutor from './20261205_011329_ai_budgets_and_tutor';
import * as migration_20261205_014200_lesson_search_and_settle from './20261205_014200_lesson_search_and_settle';
import * as migration_20261205_035753_recording_summaries_and_generated_quizzes from './20261205_035753_recording_summaries_and_generated_quizzes';
import * as migration_20261205_044446_summary_queued_state from './20261205_044446_summary_queued_state';
import * as migration_20261205_065629_notifications from './20261205_065629_notifications';
import * as migration_20261205_071039_notification_mail from './20261205_071039_notification_mail';
import * as migration_20261205_075340_notification_reminders from './20261205_075340_notification_reminders';
import * as migration_20261206_141428_audit_changed_fields_inline from './20261206_141428_audit_changed_fields_inline';

export const migrations = [
  {
    up: migration_20261125_120617_initial.up,
    down: migration_20261125_120617_initial.down,
    name: '20261125_120617_initial',
  },
  {
    up: migration_20261125_125104_audit_logs.up,
    down: migration_20261125_125104_audit_logs.down,
    name: '20261125_125104_audit_logs',
  },
  {
    up: migration_20261125_131056_api_keys.up,
    down: migration_20261125_131056_api_keys.down,
    name: '20261125_131056_api_keys',
  },
  {
    up: migration_20261125_132258_google_sign_in.up,
    down: migration_20261125_132258_google_sign_in.down,
    name: '20261125_132258_google_sign_in',
  },
  {
    up: migration_20261125_134944_membership_suspension.up,
    down: migration_20261125_134944_membership_suspension.down,
    name: '20261125_134944_membership_suspension',
  },
  {
    up: migration_20261125_135234_categories_and_tags.up,
    down: migration_20261125_135234_categories_and_tags.down,
    name: '20261125_135234_categories_and_tags',
  },
  {
    up: migration_20261125_143444_courses_and_enrollments.up,
    down: migration_20261125_143444_courses_and_enrollments.down,
    name: '20261125_143444_courses_and_enrollments',
  },
  {
    up: migration_20261125_151325_enrollment_expiry.up,
    down: migration_20261125_151325_enrollment_expiry.down,
    name: '20261125_151325_enrollment_expiry',
  },
  {
    up: migration_20261125_151615_enrollment_title.up,
    down: migration_20261125_151615_enrollment_title.down,
    name: '20261125_151615_enrollment_title',
  },
  {
    up: migration_20261125_152000_catalog_versions.up,
    down: migration_20261125_152000_catalog_versions.down,
    name: '20261125_152000_catalog_versions',
  },
  {
    up: migration_20261125_154500_course_search_vectors.up,
    down: migration_20261125_154500_course_search_vectors.down,
    name: '20261125_154500_course_search_vectors',
  },
  {
    up: migration_20261125_161203_assignments_and_submissions.up,
    down: migration_20261125_161203_assignments_and_submissions.down,
    name: '20261125_161203_assignments_and_submissions',
  },
  {
    up: migration_20261125_163434_submission_files.up,
    down: migration_20261125_163434_submission_files.down,
    name: '20261125_163434_submission_files',
  },
  {
    up: migration_20261125_171103_certificates.up,
    down: migration_20261125_171103_certificates.down,
    name: '20261125_171103_certificates',
  },
  {
    up: migration_20261125_185224_media_original_name.up,
    down: migration_20261125_185224_media_original_name.down,
    name: '20261125_185224_media_original_name',
  },
  {
    up: migration_20261202_102105_accounts_and_invitations.up,
    down: migration_20261202_102105_accounts_and_invitations.down,
    name: '20261202_102105_accounts_and_invitations',
  },
  {
    up: migration_20261202_104430_media_visibility.up,
    down: migration_20261202_104430_media_visibility.down,
    name: '20261202_104430_media_visibility',
  },
  {
    up: migration_20261202_141556_events_and_webhooks.up,
    down: migration_20261202_141556_events_and_webhooks.down,
    name: '20261202_141556_events_and_webhooks',
  },
  {
    up: migration_20261202_144317_notifications_and_activity.up,
    down: migration_20261202_144317_notifications_and_activity.down,
    name: '20261202_144317_notifications_and_activity',
  },
  {
    up: migration_20261202_145600_webhook_event_types_as_text.up,
    down: migration_20261202_145600_webhook_event_types_as_text.down,
    name: '20261202_145600_webhook_event_types_as_text',
  },
  {
    up: migration_20261202_180000_event_cursors.up,
    down: migration_20261202_180000_event_cursors.down,
    name: '20261202_180000_event_cursors',
  },
  {
    up: migration_20261203_070000_event_request_ids.up,
    down: migration_20261203_070000_event_request_ids.down,
    name: '20261203_070000_event_request_ids',
  },
  {
    up: migration_20261203_120000_catalog_search_keys.up,
    down: migration_20261203_120000_catalog_search_keys.down,
    name: '20261203_120000_catalog_search_keys',
  },
  {
    up: migration_20261203_130000_admin_list_indexes.up,
    down: migration_20261203_130000_admin_list_indexes.down,
    name: '20261203_130000_admin_list_indexes',
  },
  {
    up: migration_20261203_164058_payments.up,
    down: migration_20261203_164058_payments.down,
    name: '20261203_164058_payments',
  },
  {
    up: migration_20261203_164951_payment_proofs.up,
    down: migration_20261203_164951_payment_proofs.down,
    name: '20261203_164951_payment_proofs',
  },
  {
    up: migration_20261203_171932_seat_plans.up,
    down: migration_20261203_171932_seat_plans.down,
    name: '20261203_171932_seat_plans',
  },
  {
    up: migration_20261203_213440_stripe_connect_state.up,
    down: migration_20261203_213440_stripe_connect_state.down,
    name: '20261203_213440_stripe_connect_state',
  },
  {
    up: migration_20261204_150103_zoom_settings.up,
    down: migration_20261204_150103_zoom_settings.down,
    name: '20261204_150103_zoom_settings',
  },
  {
    up: migration_20261204_151655_zoom_connection.up,
    down: migration_20261204_151655_zoom_connection.down,
    name: '20261204_151655_zoom_connection',
  },
  {
    up: migration_20261204_153954_live_classes.up,
    down: migration_20261204_153954_live_classes.down,
    name: '20261204_153954_live_classes',
  },
  {
    up: migration_20261204_183052_live_attendance.up,
    down: migration_20261204_183052_live_attendance.down,
    name: '20261204_183052_live_attendance',
  },
  {
    up: migration_20261204_184656_live_class_series.up,
    down: migration_20261204_184656_live_class_series.down,
    name: '20261204_184656_live_class_series',
  },
  {
    up: migration_20261204_212857_live_recordings.up,
    down: migration_20261204_212857_live_recordings.down,
    name: '20261204_212857_live_recordings',
  },
  {
    up: migration_20261205_002436_quizzes.up,
    down: migration_20261205_002436_quizzes.down,
    name: '20261205_002436_quizzes',
  },
  {
    up: migration_20261205_011329_ai_budgets_and_tutor.up,
    down: migration_20261205_011329_ai_budgets_and_tutor.down,
    name: '20261205_011329_ai_budgets_and_tutor',
  },
  {
    up: migration_20261205_014200_lesson_search_and_settle.up,
    down: migration_20261205_014200_lesson_search_and_settle.down,
    name: '20261205_014200_lesson_search_and_settle',
  },
  {
    up: migration_20261205_035753_recording_summaries_and_generated_quizzes.up,
    down: migration_20261205_035753_recording_summaries_and_generated_quizzes.down,
    name: '20261205_035753_recording_summaries_and_generated_quizzes',
  },
  {
    up: migration_20261205_044446_summary_queued_state.up,
    down: migration_20261205_044446_summary_queued_state.down,
    name: '20261205_044446_summary_queued_state',
  },
  {
    up: migration_20261205_065629_notifications.up,
    down: migration_20261205_065629_notifications.down,
    name: '20261205_065629_notifications',
  },
  {
    up: migration_20261205_071039_notification_mail.up,
    down: migration_20261205_071039_notification_mail.down,
    name: '20261205_071039_notification_mail',
  },
  {
    up: migration_20261205_075340_notification_reminders.up,
    down: migration_20261205_075340_notification_reminders.down,
    name: '20261205_075340_notification_reminders',
  },
  {
    up: migration_20261206_141428_audit_changed_fields_inline.up,
    down: migration_20261206_141428_audit_changed_fields_inline.down,
    name: '20261206_141428_audit_changed_fields_inline',
  },
];
