import type { LocaleCode } from '@/i18n/locales'

type CertificateText = {
  heading: string
  certifies: string
  completed: string
  issued: string
  serial: string
  verify: string
  valid: string
  revoked: string
  notFound: string
  holder: string
  course: string
  school: string
  signature: string
}

/** Certificate and verification wording in every content locale; the course's language decides. */
export const certificateText: Record<LocaleCode, CertificateText> = {
  en: {
    heading: 'Certificate of Completion',
    certifies: 'This certifies that',
    completed: 'has successfully completed the course',
    issued: 'Issued on',
    serial: 'Serial',
    verify: 'Verify this certificate at',
    valid: 'Valid certificate',
    revoked: 'This certificate has been revoked',
    notFound: 'No certificate has this serial.',
    holder: 'Holder',
    course: 'Course',
    school: 'Issued by',
    signature: 'Signed credential (JWS, Ed25519); public key at',
  },
  ar: {
    heading: 'شهادة إتمام',
    certifies: 'تشهد هذه الوثيقة بأن',
    completed: 'قد أتمّ بنجاح الدورة',
    issued: 'تاريخ الإصدار',
    serial: 'الرقم التسلسلي',
    verify: 'تحقق من هذه الشهادة على',
    valid: 'شهادة صالحة',
    revoked: 'تم إلغاء هذه الشهادة',
    notFound: 'لا توجد شهادة بهذا الرقم التسلسلي.',
    holder: 'حامل الشهادة',
    course: 'الدورة',
    school: 'الجهة المانحة',
    signature: 'بيانات موقعة (JWS، Ed25519)؛ المفتاح العام على',
  },
  so: {
    heading: 'Shahaadada Dhammaystirka',
    certifies: 'Waxaa la caddeynayaa in',
    completed: 'uu si guul leh u dhammaystiray koorsada',
    issued: 'La bixiyay',
    serial: 'Lambarka taxanaha',
    verify: 'Ka hubi shahaadadan',
    valid: 'Shahaado ansax ah',
    revoked: 'Shahaadadan waa la laalay',
    notFound: 'Ma jiro shahaado leh lambarkan.',
    holder: 'Qofka haysta',
    course: 'Koorsada',
    school: 'Waxaa bixiyay',
    signature: 'Xog saxiixan (JWS, Ed25519); furaha guud',
  },
}

/** A date as people of the locale write it, in the school's time zone. */
export const formatIssueDate = (iso: string, locale: LocaleCode, timeZone = 'UTC'): string =>
  new Intl.DateTimeFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, { dateStyle: 'long', timeZone }).format(new Date(iso))
