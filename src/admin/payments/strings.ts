import type { OrderStatus } from '@/domain/payments/status'

const en = {
  // Order actions
  approve: 'Approve transfer',
  approveConfirm: 'Approve this transfer? Only approve once the money is in the school’s account: the buyer is enrolled at once.',
  reject: 'Reject transfer',
  rejectTitle: 'Reject this transfer',
  rejectReason: 'Why? The buyer reads this.',
  rejectReasonMissing: 'Say why the transfer is rejected.',
  proof: 'Proof of transfer',
  noProof: 'No proof of transfer uploaded yet.',
  refund: 'Refund',
  refundTitle: 'Refund this order',
  refundAmount: (currency: string) => `Amount (${currency})`,
  refundAmountHint: (left: string) => `At most ${left}. Leave empty to refund all that is left.`,
  refundAmountInvalid: (left: string) => `Enter an amount above zero and at most ${left}, with no more decimals than the currency has.`,
  refundReason: 'Reason (optional)',
  keepEnrollment: 'Keep the enrollment (the buyer stays in the course)',
  refundConfirm: (amount: string) => `Refund ${amount}? The money goes back through the provider that took it.`,
  cancel: 'Cancel',
  working: 'Working…',
  failed: 'The request failed; try again.',
  // Order list
  quickFilters: 'Show',
  allOrders: 'All orders',
  status: (status: OrderStatus): string =>
    ({ pending: 'Pending', 'awaiting-approval': 'Awaiting approval', succeeded: 'Paid', failed: 'Failed', refunded: 'Refunded', 'partially-refunded': 'Partially refunded' })[status],
  // Revenue view
  nav: 'Revenue',
  navGroup: 'Payments',
  title: 'Revenue',
  intro: 'Money taken and given back per course and month, in each school’s own time zone. Refunds count in the month they were made. Currencies are never added together.',
  from: 'From',
  to: 'To',
  show: 'Show',
  school: 'School',
  course: 'Course',
  seats: 'Seats',
  month: 'Month',
  currency: 'Currency',
  gross: 'Gross',
  refunded: 'Refunded',
  net: 'Net',
  orders: 'Orders',
  totals: 'Totals',
  noRevenue: 'No payments in these months.',
  notAllowed: 'Not allowed',
  notAllowedText: 'Revenue is for the school’s admins.',
  notYourSchool: 'You do not administer the school selected in the panel: pick one of yours to see its revenue.',
  logOut: 'Log out',
  // Payment settings
  settingsWebhook: (school: string) => `${school}: PayPal webhook URL`,
  settingsMissing: (school: string) =>
    `${school} has no payment settings yet. Until they are created it takes card payments only, charges no tax and its invoices carry no seller details.`,
  settingsCreate: 'Create payment settings',
}

export type PaymentsAdminStrings = typeof en

const ar: PaymentsAdminStrings = {
  approve: 'اعتماد التحويل',
  approveConfirm: 'هل تعتمد هذا التحويل؟ لا تعتمده إلا بعد وصول المبلغ إلى حساب المدرسة: يُسجَّل المشتري فورًا.',
  reject: 'رفض التحويل',
  rejectTitle: 'رفض هذا التحويل',
  rejectReason: 'لماذا؟ سيقرأ المشتري هذا السبب.',
  rejectReasonMissing: 'اذكر سبب رفض التحويل.',
  proof: 'إثبات التحويل',
  noProof: 'لم يُرفع إثبات التحويل بعد.',
  refund: 'استرداد',
  refundTitle: 'استرداد مبلغ هذا الطلب',
  refundAmount: (currency) => `المبلغ (${currency})`,
  refundAmountHint: (left) => `بحد أقصى ${left}. اتركه فارغًا لاسترداد كل المتبقي.`,
  refundAmountInvalid: (left) => `أدخل مبلغًا أكبر من صفر لا يتجاوز ${left}، دون خانات عشرية أكثر مما للعملة.`,
  refundReason: 'السبب (اختياري)',
  keepEnrollment: 'الإبقاء على التسجيل (يبقى المشتري في الدورة)',
  refundConfirm: (amount) => `هل تسترد ${amount}؟ يُعاد المبلغ عبر مزوّد الدفع الذي استلمه.`,
  cancel: 'إلغاء',
  working: 'جارٍ التنفيذ…',
  failed: 'تعذّر تنفيذ الطلب؛ حاول مرة أخرى.',
  quickFilters: 'عرض',
  allOrders: 'كل الطلبات',
  status: (status) =>
    ({ pending: 'قيد الانتظار', 'awaiting-approval': 'بانتظار الاعتماد', succeeded: 'مدفوع', failed: 'فاشل', refunded: 'مسترد', 'partially-refunded': 'مسترد جزئيًا' })[status],
  nav: 'الإيرادات',
  navGroup: 'المدفوعات',
  title: 'الإيرادات',
  intro: 'المبالغ المحصّلة والمستردة لكل دورة وشهر، بتوقيت كل مدرسة. تُحتسب المبالغ المستردة في الشهر الذي رُدّت فيه. لا تُجمع العملات المختلفة معًا.',
  from: 'من',
  to: 'إلى',
  show: 'عرض',
  school: 'المدرسة',
  course: 'الدورة',
  seats: 'مقاعد',
  month: 'الشهر',
  currency: 'العملة',
  gross: 'الإجمالي',
  refunded: 'المسترد',
  net: 'الصافي',
  orders: 'الطلبات',
  totals: 'المجاميع',
  noRevenue: 'لا توجد مدفوعات في هذه الأشهر.',
  notAllowed: 'غير مسموح',
  notAllowedText: 'الإيرادات متاحة لمسؤولي المدرسة فقط.',
  notYourSchool: 'لست مسؤولًا عن المدرسة المختارة في اللوحة: اختر إحدى مدارسك لعرض إيراداتها.',
  logOut: 'تسجيل الخروج',
  settingsWebhook: (school) => `${school}: عنوان webhook الخاص بـ PayPal`,
  settingsMissing: (school) => `لا توجد إعدادات دفع لـ ${school} بعد. حتى تُنشأ لا تقبل إلا الدفع بالبطاقة، ولا تحتسب ضريبة، ولا تحمل فواتيرها بيانات البائع.`,
  settingsCreate: 'إنشاء إعدادات الدفع',
}

const so: PaymentsAdminStrings = {
  approve: 'Ansixi xawaaladda',
  approveConfirm: 'Ma ansixinaysaa xawaaladdan? Ansixi keliya marka lacagtu soo gaarto akoonka dugsiga: iibsaduhu isla markiiba waa la diiwaangelinayaa.',
  reject: 'Diid xawaaladda',
  rejectTitle: 'Diid xawaaladdan',
  rejectReason: 'Maxay tahay sababta? Iibsaduhu wuu akhrinayaa.',
  rejectReasonMissing: 'Sheeg sababta xawaaladda loo diiday.',
  proof: 'Caddeynta xawaaladda',
  noProof: 'Weli lama soo gelin caddeynta xawaaladda.',
  refund: 'Celi lacagta',
  refundTitle: 'Celi lacagta dalabkan',
  refundAmount: (currency) => `Qadarka (${currency})`,
  refundAmountHint: (left) => `Ugu badnaan ${left}. Bannaan u dhaaf si loo celiyo inta hartay oo dhan.`,
  refundAmountInvalid: (left) => `Geli qadar ka badan eber oo aan ka badnayn ${left}, aan lahayn jajab ka badan inta lacagtu leedahay.`,
  refundReason: 'Sababta (ikhtiyaari)',
  keepEnrollment: 'Hay diiwaangelinta (iibsaduhu koorsada wuu sii joogayaa)',
  refundConfirm: (amount) => `Ma celinaysaa ${amount}? Lacagtu waxay ku noqonaysaa bixiyihii qaaday.`,
  cancel: 'Jooji',
  working: 'Waa la shaqeynayaa…',
  failed: 'Codsigu wuu fashilmay; isku day mar kale.',
  quickFilters: 'Muuji',
  allOrders: 'Dalabyada oo dhan',
  status: (status) =>
    ({ pending: 'Sugaya', 'awaiting-approval': 'Sugaya ansixin', succeeded: 'La bixiyay', failed: 'Fashilmay', refunded: 'La celiyay', 'partially-refunded': 'Qayb ahaan la celiyay' })[status],
  nav: 'Dakhliga',
  navGroup: 'Lacag-bixinta',
  title: 'Dakhliga',
  intro: 'Lacagta la qaaday iyo tan la celiyay koorso kasta iyo bil kasta, waqtiga dugsi kasta. Lacag-celinta waxaa lagu xisaabiyaa bisha la celiyay. Lacagaha kala duwan weligood isku darsan maayo.',
  from: 'Laga bilaabo',
  to: 'Ilaa',
  show: 'Muuji',
  school: 'Dugsiga',
  course: 'Koorsada',
  seats: 'Kuraasta',
  month: 'Bisha',
  currency: 'Lacagta',
  gross: 'Wadarta',
  refunded: 'La celiyay',
  net: 'Saafi',
  orders: 'Dalabyada',
  totals: 'Wadarta guud',
  noRevenue: 'Lacag-bixin kama jirto bilahan.',
  notAllowed: 'Lama oggola',
  notAllowedText: 'Dakhligu waxaa loogu talagalay maamulayaasha dugsiga.',
  notYourSchool: 'Ma maamushid dugsiga lagu doortay guddiga: dooro mid kuu gaar ah si aad u aragto dakhligiisa.',
  logOut: 'Ka bax',
  settingsWebhook: (school) => `${school}: URL-ka webhook-ga PayPal`,
  settingsMissing: (school) =>
    `${school} weli ma laha dejinta lacag-bixinta. Ilaa la sameeyo wuxuu aqbalaa kaarka oo keliya, canshuur ma qaado, biilashiisuna ma laha faahfaahinta iibiyaha.`,
  settingsCreate: 'Samee dejinta lacag-bixinta',
}

const STRINGS: Record<string, PaymentsAdminStrings> = { en, ar, so }

/** The payments screens' words in the admin panel's language (see `adminI18n`); English for any other. */
export const paymentsStrings = (language: string): PaymentsAdminStrings => STRINGS[language] ?? en

/** Money and months in the panel's language; Latin digits in Arabic too, as the analytics view writes them. */
export const moneyLocale = (language: string): string => (language === 'ar' ? 'ar-u-nu-latn' : language === 'so' ? 'so' : 'en')

/** A text in each admin language, for collection and field descriptions (Payload picks the panel's). */
type Described = Record<'en' | 'ar' | 'so', string>

export const PAYMENTS_DESCRIPTIONS = {
  orders: {
    en: 'What buyers ordered and where its money stands. Open a bank-transfer order to approve or reject it, a paid one to refund it.',
    ar: 'ما طلبه المشترون وحالة مدفوعاته. افتح طلب التحويل المصرفي لاعتماده أو رفضه، والطلب المدفوع لاسترداد مبلغه.',
    so: 'Waxa iibsadayaashu dalbadeen iyo xaaladda lacagtooda. Fur dalab xawaalad bangi si aad u ansixiso ama u diiddo, mid la bixiyayna si aad lacagta u celiso.',
  },
  payments: {
    en: 'Every movement of money, once: a charge when an order is paid, a refund when money goes back. Amounts in the currency’s smallest unit (cents).',
    ar: 'كل حركة مالية مرة واحدة: تحصيل عند دفع الطلب، واسترداد عند إعادة المال. المبالغ بأصغر وحدة في العملة (السنت).',
    so: 'Dhaqdhaqaaq kasta oo lacageed hal mar: lacag-qaadasho marka dalab la bixiyo, lacag-celin marka lacag la celiyo. Qadarrada waa halbeegga ugu yar ee lacagta (senti).',
  },
  invoices: {
    en: 'Invoices and credit notes, numbered without gaps per school. Never changed: a refund issues a credit note.',
    ar: 'الفواتير وإشعارات الدائن، مرقّمة دون فجوات لكل مدرسة. لا تُعدَّل أبدًا: يصدر عن الاسترداد إشعار دائن.',
    so: 'Biilasha iyo warqadaha deynta, lambarro aan kala go’ lahayn dugsi kasta. Marnaba lama beddelo: lacag-celintu waxay soo saartaa warqad deyn.',
  },
  providerEvents: {
    en: 'Webhook events from Stripe and PayPal, each recorded once. Failed ones are tried again by the payments job.',
    ar: 'أحداث webhook من Stripe وPayPal، يُسجَّل كل منها مرة واحدة. تُعاد محاولة الفاشلة منها بمهمة المدفوعات.',
    so: 'Dhacdooyinka webhook ee Stripe iyo PayPal, mid kasta hal mar ayaa la diiwaangeliyaa. Kuwa fashilma waxaa dib isugu daya shaqada lacag-bixinta.',
  },
  paymentSettings: {
    en: 'How each school takes money, one record per school. Card payments (Stripe) need nothing from the school: they go through the platform’s Stripe account, or the school’s own once the platform connects it. PayPal needs the client id and secret of the school’s PayPal app and the id of a webhook pointing at the URL below. Bank transfers need the account details buyers see on their order. Tax and the seller details printed on invoices are set here too.',
    ar: 'طريقة تحصيل كل مدرسة للمال، بسجل واحد لكل مدرسة. لا يحتاج الدفع بالبطاقة (Stripe) شيئًا من المدرسة: يمر عبر حساب Stripe الخاص بالمنصة، أو حساب المدرسة الخاص بعد أن تربطه المنصة. يحتاج PayPal معرّف العميل والسر لتطبيق PayPal الخاص بالمدرسة، ومعرّف webhook موجّه إلى العنوان المبيّن أدناه. يحتاج التحويل المصرفي بيانات الحساب التي يراها المشترون في طلبهم. وتُضبط هنا أيضًا الضريبة وبيانات البائع المطبوعة على الفواتير.',
    so: 'Sida dugsi kasta lacag u qaato, hal diiwaan dugsi kasta. Lacag-bixinta kaarka (Stripe) waxba kama baahna dugsiga: waxay maraysaa akoonka Stripe ee madasha, ama kan dugsiga marka madashu ku xirto. PayPal wuxuu u baahan yahay aqoonsiga macmiilka iyo sirta app-ka PayPal ee dugsiga iyo aqoonsiga webhook u jeeda URL-ka hoose. Xawaaladda bangigu waxay u baahan tahay faahfaahinta akoonka ee iibsadayaashu ku arkaan dalabkooda. Canshuurta iyo faahfaahinta iibiyaha ee biilasha ku qoran halkan ayaa lagu dejiyaa.',
  },
  paypalWebhookId: {
    en: 'The id PayPal gave the webhook you created in the school’s PayPal app, pointing at the URL shown in the list of payment settings (<server>/api/webhooks/paypal/<school slug>).',
    ar: 'المعرّف الذي أعطاه PayPal للـ webhook الذي أنشأته في تطبيق PayPal الخاص بالمدرسة، موجّهًا إلى العنوان المبيّن في قائمة إعدادات الدفع (<server>/api/webhooks/paypal/<school slug>).',
    so: 'Aqoonsiga PayPal siiyay webhook-ga aad ka samaysay app-ka PayPal ee dugsiga, una jeeda URL-ka ku qoran liiska dejinta lacag-bixinta (<server>/api/webhooks/paypal/<school slug>).',
  },
} satisfies Record<string, Described>
