import type { LocaleCode } from './locales'

type Mail = { subject: string; greeting: (name: string) => string; body: string; action: string }

/** Account emails in every content locale; a person reads them in their preferred one. */
export const accountMail: Record<'verify' | 'reset' | 'invite', Record<LocaleCode, Mail>> = {
  verify: {
    en: {
      subject: 'Confirm your email address',
      greeting: (name) => `Hello ${name},`,
      body: 'Please confirm your email address to finish setting up your account.',
      action: 'Confirm my email',
    },
    ar: {
      subject: 'تأكيد عنوان بريدك الإلكتروني',
      greeting: (name) => `مرحبًا ${name}،`,
      body: 'يرجى تأكيد عنوان بريدك الإلكتروني لإكمال إعداد حسابك.',
      action: 'تأكيد بريدي الإلكتروني',
    },
    so: {
      subject: 'Xaqiiji ciwaanka iimaylkaaga',
      greeting: (name) => `Salaan ${name},`,
      body: 'Fadlan xaqiiji ciwaanka iimaylkaaga si aad u dhammaystirto akoonkaaga.',
      action: 'Xaqiiji iimaylkayga',
    },
  },
  reset: {
    en: {
      subject: 'Reset your password',
      greeting: (name) => `Hello ${name},`,
      body: 'Someone asked to reset the password of your account. If it was not you, ignore this email.',
      action: 'Choose a new password',
    },
    ar: {
      subject: 'إعادة تعيين كلمة المرور',
      greeting: (name) => `مرحبًا ${name}،`,
      body: 'طلب أحدهم إعادة تعيين كلمة مرور حسابك. إذا لم تكن أنت، فتجاهل هذه الرسالة.',
      action: 'اختيار كلمة مرور جديدة',
    },
    so: {
      subject: 'Dib u deji furahaaga sirta ah',
      greeting: (name) => `Salaan ${name},`,
      body: 'Qof ayaa codsaday in dib loo dejiyo furaha sirta ah ee akoonkaaga. Haddii aadan adigu ahayn, iska indho tir iimaylkan.',
      action: 'Dooro fure cusub',
    },
  },
  invite: {
    en: {
      subject: 'You have been enrolled',
      greeting: (name) => `Hello ${name},`,
      body: 'Your school has created an account for you and enrolled you in a course. Choose a password to start learning.',
      action: 'Choose my password',
    },
    ar: {
      subject: 'تم تسجيلك في دورة',
      greeting: (name) => `مرحبًا ${name}،`,
      body: 'أنشأت مدرستك حسابًا لك وسجّلتك في دورة. اختر كلمة مرور لتبدأ التعلّم.',
      action: 'اختيار كلمة المرور',
    },
    so: {
      subject: 'Waa lagu diiwaangeliyay',
      greeting: (name) => `Salaan ${name},`,
      body: 'Dugsigaagu wuxuu kuu sameeyay akoon wuxuuna kaa diiwaangeliyay koorso. Dooro fure sir ah si aad u bilowdo waxbarashada.',
      action: 'Dooro furahayga',
    },
  },
}
