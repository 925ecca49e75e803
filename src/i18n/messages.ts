import type { LocaleCode } from './locales'

type Mail = { subject: string; greeting: (name: string) => string; body: string; action: string }

/** Account emails in every content locale; a person reads them in their preferred one. */
export const accountMail: Record<'verify' | 'reset' | 'invite' | 'emailChange' | 'emailChangeNotice', Record<LocaleCode, Mail>> = {
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
      subject: 'You are invited to join a school',
      greeting: (name) => `Hello ${name},`,
      body: 'A school on Aqoon invites you to study with it. Open the invitation to accept it; if you are new there, you choose your password on the same page, then log in.',
      action: 'Open the invitation',
    },
    ar: {
      subject: 'دعوة للانضمام إلى مدرسة',
      greeting: (name) => `مرحبًا ${name}،`,
      body: 'تدعوك مدرسة على منصة أقون للدراسة فيها. افتح الدعوة لقبولها؛ إن كنت جديدًا فستختار كلمة مرورك في الصفحة نفسها، ثم تسجّل الدخول.',
      action: 'فتح الدعوة',
    },
    so: {
      subject: 'Waxaa lagugu martiqaaday dugsi',
      greeting: (name) => `Salaan ${name},`,
      body: 'Dugsi ku jira Aqoon ayaa kugu martiqaaday inaad wax la barato. Fur martiqaadka si aad u aqbasho; haddii aad cusub tahay, furahaaga sirta ah isla boggaas ayaad ku dooranaysaa, kadibna gal.',
      action: 'Fur martiqaadka',
    },
  },
  emailChange: {
    en: {
      subject: 'Confirm your new email address',
      greeting: (name) => `Hello ${name},`,
      body: 'Someone asked to use this address for an Aqoon account. It takes effect only when you confirm it. If it was not you, ignore this email.',
      action: 'Confirm this address',
    },
    ar: {
      subject: 'تأكيد عنوان بريدك الإلكتروني الجديد',
      greeting: (name) => `مرحبًا ${name}،`,
      body: 'طلب أحدهم استخدام هذا العنوان لحساب على أقون. لن يسري ذلك إلا بعد تأكيدك. إذا لم تكن أنت، فتجاهل هذه الرسالة.',
      action: 'تأكيد هذا العنوان',
    },
    so: {
      subject: 'Xaqiiji ciwaanka iimaylkaaga cusub',
      greeting: (name) => `Salaan ${name},`,
      body: 'Qof ayaa codsaday in ciwaankan loo isticmaalo akoon Aqoon ah. Wuxuu dhaqan galayaa oo keliya marka aad xaqiijiso. Haddii aadan adigu ahayn, iska indho tir iimaylkan.',
      action: 'Xaqiiji ciwaankan',
    },
  },
  emailChangeNotice: {
    en: {
      subject: 'Your email address is about to change',
      greeting: (name) => `Hello ${name},`,
      body: 'Someone asked to move your Aqoon account to another email address. Nothing changes until the new address confirms it. If it was not you, change your password now and tell your school.',
      action: 'Change my password',
    },
    ar: {
      subject: 'عنوان بريدك الإلكتروني على وشك التغيير',
      greeting: (name) => `مرحبًا ${name}،`,
      body: 'طلب أحدهم نقل حسابك على أقون إلى عنوان بريد آخر. لن يتغير شيء حتى يؤكد العنوان الجديد ذلك. إذا لم تكن أنت، فغيّر كلمة مرورك الآن وأبلغ مدرستك.',
      action: 'تغيير كلمة المرور',
    },
    so: {
      subject: 'Ciwaanka iimaylkaagu wuu isbeddelayaa',
      greeting: (name) => `Salaan ${name},`,
      body: 'Qof ayaa codsaday in akoonkaaga Aqoon loo wareejiyo ciwaan kale. Waxba isma beddelayaan ilaa ciwaanka cusub uu xaqiijiyo. Haddii aadan adigu ahayn, hadda beddel furahaaga sirta ah oo u sheeg dugsigaaga.',
      action: 'Beddel furahayga',
    },
  },
}
