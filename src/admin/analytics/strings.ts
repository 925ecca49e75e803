import type { AtRiskCause } from '@/domain/analytics/courseAnalytics'

/** The analytics view's words in the admin panel's languages (see `adminI18n`). */
const STRINGS = {
  en: {
    nav: 'Analytics',
    navGroup: 'Reports',
    title: 'Progress analytics',
    intro: 'Courses you teach or whose school you administer.',
    course: 'Course',
    enrolled: 'Enrolled',
    pending: 'Pending',
    active: 'Active',
    completed: 'Completed',
    completionRate: 'Completion rate',
    averageProgress: 'Average progress',
    submissionRate: 'Submission rate',
    averageGrade: 'Average grade',
    atRisk: 'At risk',
    noCourses: 'There are no courses whose analytics you may see.',
    page: (page: number, pages: number) => `Page ${page} of ${pages}`,
    previous: 'Previous',
    next: 'Next',
    allCourses: 'All courses',
    studentsAtRisk: 'Students at risk',
    atRiskAfter: 'At risk after (days without activity)',
    show: 'Show',
    badDays: 'Enter a whole number of days from 1 to 365.',
    noneAtRisk: 'No student is at risk.',
    student: 'Student',
    email: 'Email',
    lastActivity: 'Last activity',
    reasons: 'Reasons',
    never: 'never',
    gradebook: 'Download the gradebook (CSV)',
    viewAnalytics: 'View analytics',
    notAllowed: 'Not allowed',
    notAllowedText: "Progress analytics are for a course's instructors and the school's admins.",
    notFound: 'No such course.',
    logOut: 'Log out',
    progress: 'Progress',
    status: 'Status',
    started: 'Started',
    completedOn: 'Completed on',
    noEnrollments: 'No course of this person is yours to see.',
    noSuchPerson: 'No such person.',
    progressOf: (name: string) => `${name}: progress across courses`,
    statusLabel: (status: string): string => status,
    cause: (cause: AtRiskCause): string =>
      cause.kind === 'no-activity'
        ? 'no activity yet'
        : cause.kind === 'inactive'
          ? `no activity for ${cause.days} days`
          : `overdue: ${cause.assignments.join(', ')}`,
  },
  ar: {
    nav: 'التحليلات',
    navGroup: 'التقارير',
    title: 'تحليلات التقدم',
    intro: 'الدورات التي تدرّسها أو التي تدير مدرستها.',
    course: 'الدورة',
    enrolled: 'المسجّلون',
    pending: 'قيد الانتظار',
    active: 'النشطون',
    completed: 'المكملون',
    completionRate: 'نسبة الإكمال',
    averageProgress: 'متوسط التقدم',
    submissionRate: 'نسبة التسليم',
    averageGrade: 'متوسط الدرجات',
    atRisk: 'معرّضون للخطر',
    noCourses: 'لا توجد دورات يمكنك الاطلاع على تحليلاتها.',
    page: (page: number, pages: number) => `الصفحة ${page} من ${pages}`,
    previous: 'السابق',
    next: 'التالي',
    allCourses: 'كل الدورات',
    studentsAtRisk: 'الطلاب المعرّضون للخطر',
    atRiskAfter: 'معرّض للخطر بعد (أيام دون نشاط)',
    show: 'عرض',
    badDays: 'أدخل عددًا صحيحًا من الأيام بين 1 و365.',
    noneAtRisk: 'لا يوجد طالب معرّض للخطر.',
    student: 'الطالب',
    email: 'البريد الإلكتروني',
    lastActivity: 'آخر نشاط',
    reasons: 'الأسباب',
    never: 'لا يوجد',
    gradebook: 'تنزيل سجل الدرجات (CSV)',
    viewAnalytics: 'عرض التحليلات',
    notAllowed: 'غير مسموح',
    notAllowedText: 'تحليلات التقدم متاحة لمدرّسي الدورة ومسؤولي المدرسة فقط.',
    notFound: 'لا توجد دورة بهذا المعرّف.',
    logOut: 'تسجيل الخروج',
    progress: 'التقدم',
    status: 'الحالة',
    started: 'البداية',
    completedOn: 'تاريخ الإكمال',
    noEnrollments: 'لا توجد دورات لهذا الشخص يمكنك الاطلاع عليها.',
    noSuchPerson: 'لا يوجد شخص بهذا المعرّف.',
    progressOf: (name: string) => `${name}: التقدم في الدورات`,
    statusLabel: (status: string): string =>
      ({ pending: 'قيد الانتظار', active: 'نشط', completed: 'مكتمل', cancelled: 'ملغى', expired: 'منتهٍ' })[status] ?? status,
    cause: (cause: AtRiskCause): string =>
      cause.kind === 'no-activity'
        ? 'لا نشاط بعد'
        : cause.kind === 'inactive'
          ? `لا نشاط منذ ${cause.days} يوم`
          : `واجبات متأخرة: ${cause.assignments.join('، ')}`,
  },
}

export type AnalyticsStrings = (typeof STRINGS)['en']

/** Words for the admin panel's language; English for any language without its own. */
export const analyticsStrings = (language: string): AnalyticsStrings => (language === 'ar' ? STRINGS.ar : STRINGS.en)
