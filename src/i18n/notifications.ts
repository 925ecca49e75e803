import type { LocaleCode } from './locales'

/** What a notification's words may name, already formatted for the reader's language. */
export type NoticeParams = {
  course?: string
  /** The assignment, quiz, class or summary it is about. */
  item?: string
  /** A time, in the reader's language and the school's time zone. */
  when?: string
  minutes?: number
  amount?: string
  reference?: string
  person?: string
  percent?: number
  flag?: string
  organisation?: string
}

type Words = { title: (p: NoticeParams) => string; body: (p: NoticeParams) => string }

/**
 * The title and body of each kind of notification, in every language. Written for the person
 * who reads them, in the words a school uses; the kinds are those of src/domain/notifications/kinds.ts.
 */
export const noticeWords = {
  'enrollment-approved': {
    en: { title: (p) => `You're in: ${p.course}`, body: () => 'Your place in the course was approved. You can start learning now.' },
    ar: { title: (p) => `تم قبولك: ${p.course}`, body: () => 'تمت الموافقة على مكانك في الدورة. يمكنك البدء في التعلم الآن.' },
    so: { title: (p) => `Waa lagu aqbalay: ${p.course}`, body: () => 'Boosaskaaga koorsada waa la ansixiyay. Hadda waad bilaabi kartaa waxbarashada.' },
  },
  'enrollment-declined': {
    en: { title: (p) => `Not enrolled: ${p.course}`, body: () => 'Your request to join the course was not approved. Contact the school if you have questions.' },
    ar: { title: (p) => `لم يتم التسجيل: ${p.course}`, body: () => 'لم تتم الموافقة على طلب انضمامك إلى الدورة. تواصل مع المدرسة إذا كانت لديك أسئلة.' },
    so: { title: (p) => `Lama diiwaangelin: ${p.course}`, body: () => 'Codsigaaga ku biirista koorsada lama ansixin. La xiriir dugsiga haddii aad qabto su’aalo.' },
  },
  'course-completed': {
    en: { title: (p) => `Course completed: ${p.course}`, body: () => 'Well done: you have finished everything the course asks for.' },
    ar: { title: (p) => `أكملت الدورة: ${p.course}`, body: () => 'أحسنت: أنهيت كل ما تطلبه الدورة.' },
    so: { title: (p) => `Koorsada waad dhammaysay: ${p.course}`, body: () => 'Si fiican: waxaad dhammaysay wax kasta oo koorsadu u baahan tahay.' },
  },
  'grade-released': {
    en: { title: (p) => `Grade released: ${p.item}`, body: (p) => `Your teacher released your grade and feedback in ${p.course}.` },
    ar: { title: (p) => `صدرت الدرجة: ${p.item}`, body: (p) => `نشر معلمك درجتك وملاحظاته في ${p.course}.` },
    so: { title: (p) => `Dhibcaha waa la sii daayay: ${p.item}`, body: (p) => `Macallinkaagu wuxuu sii daayay dhibcahaaga iyo faallooyinka ${p.course}.` },
  },
  'quiz-closed': {
    en: { title: (p) => `Time ran out: ${p.item}`, body: (p) => `Your quiz was handed in with the answers you had saved. Score: ${p.percent}%.` },
    ar: { title: (p) => `انتهى الوقت: ${p.item}`, body: (p) => `سُلّم اختبارك بالإجابات التي حفظتها. النتيجة: ${p.percent}%.` },
    so: { title: (p) => `Waqtigii waa dhammaaday: ${p.item}`, body: (p) => `Imtixaankaaga waxaa lagu dhiibay jawaabihii aad kaydisay. Natiijada: ${p.percent}%.` },
  },
  'certificate-issued': {
    en: { title: (p) => `Your certificate: ${p.course}`, body: () => 'Your certificate was issued. Anyone can check it from its page.' },
    ar: { title: (p) => `شهادتك: ${p.course}`, body: () => 'صدرت شهادتك. يمكن لأي شخص التحقق منها من صفحتها.' },
    so: { title: (p) => `Shahaadadaada: ${p.course}`, body: () => 'Shahaadadaada waa la bixiyay. Qof kasta ayaa ka hubin kara boggeeda.' },
  },
  'payment-received': {
    en: { title: (p) => `Payment received: ${p.amount}`, body: (p) => `Thank you. Order ${p.reference} is paid; your invoice follows.` },
    ar: { title: (p) => `تم استلام الدفعة: ${p.amount}`, body: (p) => `شكرًا لك. تم دفع الطلب ${p.reference}، وستصلك الفاتورة.` },
    so: { title: (p) => `Lacagta waa la helay: ${p.amount}`, body: (p) => `Mahadsanid. Dalabka ${p.reference} waa la bixiyay; qaansheegtaada ayaa soo socota.` },
  },
  'payment-failed': {
    en: { title: (p) => `Payment not completed: ${p.reference}`, body: (p) => `No money was taken for order ${p.reference}. You can try again from the course page.` },
    ar: { title: (p) => `لم يكتمل الدفع: ${p.reference}`, body: (p) => `لم يُخصم أي مبلغ للطلب ${p.reference}. يمكنك المحاولة مجددًا من صفحة الدورة.` },
    so: { title: (p) => `Lacag bixintu ma dhammaystirmin: ${p.reference}`, body: (p) => `Wax lacag ah lagama qaadin dalabka ${p.reference}. Mar kale isku day bogga koorsada.` },
  },
  'payment-refunded': {
    en: { title: (p) => `Refund: ${p.amount}`, body: (p) => `${p.amount} of order ${p.reference} is on its way back to you; a credit note follows.` },
    ar: { title: (p) => `استرداد: ${p.amount}`, body: (p) => `يُعاد إليك ${p.amount} من الطلب ${p.reference}، وسيصلك إشعار دائن.` },
    so: { title: (p) => `Lacag celin: ${p.amount}`, body: (p) => `${p.amount} oo ka mid ah dalabka ${p.reference} ayaa laguu soo celinayaa; warqad deyn ayaa soo socota.` },
  },
  'seats-payment-due': {
    en: { title: (p) => `Seat plan payment due: ${p.organisation}`, body: () => 'The last payment for your seats did not go through. Update the payment method before the grace period ends, or the seats are suspended.' },
    ar: { title: (p) => `دفعة خطة المقاعد مستحقة: ${p.organisation}`, body: () => 'لم تتم آخر دفعة لمقاعدك. حدّث وسيلة الدفع قبل انتهاء المهلة، وإلا عُلّقت المقاعد.' },
    so: { title: (p) => `Lacagta kuraasta waa la gaaray: ${p.organisation}`, body: () => 'Lacag bixintii ugu dambeysay ee kuraastaadu ma dhicin. Cusbooneysii habka lacag bixinta ka hor inta muddada dheeraadka ah aysan dhammaan, haddii kale kuraasta waa la hakinayaa.' },
  },
  'seats-suspended': {
    en: { title: (p) => `Seats suspended: ${p.organisation}`, body: () => 'The seat plan was not paid in time, so its people lost access. Paying restores it.' },
    ar: { title: (p) => `عُلّقت المقاعد: ${p.organisation}`, body: () => 'لم تُدفع خطة المقاعد في الوقت المحدد، ففقد أصحابها الوصول. الدفع يعيده.' },
    so: { title: (p) => `Kuraasta waa la hakiyay: ${p.organisation}`, body: () => 'Qorshaha kuraasta waqtigiisii lama bixin, sidaas darteed dadkiisii waxay waayeen gelitaanka. Bixintu way soo celinaysaa.' },
  },
  'class-scheduled': {
    en: { title: (p) => `Live class: ${p.item}`, body: (p) => `${p.course}: a live class is scheduled for ${p.when}.` },
    ar: { title: (p) => `حصة مباشرة: ${p.item}`, body: (p) => `${p.course}: حصة مباشرة مجدولة في ${p.when}.` },
    so: { title: (p) => `Fasal toos ah: ${p.item}`, body: (p) => `${p.course}: fasal toos ah ayaa loo qorsheeyay ${p.when}.` },
  },
  'class-starting-soon': {
    en: { title: (p) => `Starting in ${p.minutes} minutes: ${p.item}`, body: (p) => `${p.course}: your live class starts at ${p.when}.` },
    ar: { title: (p) => `تبدأ خلال ${p.minutes} دقيقة: ${p.item}`, body: (p) => `${p.course}: تبدأ حصتك المباشرة في ${p.when}.` },
    so: { title: (p) => `Wuxuu bilaabanayaa ${p.minutes} daqiiqo gudahood: ${p.item}`, body: (p) => `${p.course}: fasalkaaga tooska ah wuxuu bilaabanayaa ${p.when}.` },
  },
  'recording-available': {
    en: { title: (p) => `Recording ready: ${p.item}`, body: (p) => `${p.course}: you can watch the class again.` },
    ar: { title: (p) => `التسجيل جاهز: ${p.item}`, body: (p) => `${p.course}: يمكنك مشاهدة الحصة مرة أخرى.` },
    so: { title: (p) => `Duubistu waa diyaar: ${p.item}`, body: (p) => `${p.course}: mar kale ayaad daawan kartaa fasalka.` },
  },
  'summary-published': {
    en: { title: (p) => `Class summary: ${p.item}`, body: (p) => `${p.course}: the summary of a live class, with its key points, is ready to read.` },
    ar: { title: (p) => `ملخص الحصة: ${p.item}`, body: (p) => `${p.course}: ملخص الحصة المباشرة ونقاطها الرئيسية جاهز للقراءة.` },
    so: { title: (p) => `Soo koobidda fasalka: ${p.item}`, body: (p) => `${p.course}: soo koobidda fasal toos ah iyo qodobadiisa muhiimka ah waa diyaar.` },
  },
  'quiz-published': {
    en: { title: (p) => `New quiz: ${p.item}`, body: (p) => `${p.course}: a new quiz is open.${p.when ? ` It closes ${p.when}.` : ''}` },
    ar: { title: (p) => `اختبار جديد: ${p.item}`, body: (p) => `${p.course}: اختبار جديد متاح.${p.when ? ` يُغلق في ${p.when}.` : ''}` },
    so: { title: (p) => `Imtixaan cusub: ${p.item}`, body: (p) => `${p.course}: imtixaan cusub ayaa furan.${p.when ? ` Wuxuu xirmayaa ${p.when}.` : ''}` },
  },
  'assignment-due-soon': {
    en: { title: (p) => `Due soon: ${p.item}`, body: (p) => `${p.course}: hand it in by ${p.when}.` },
    ar: { title: (p) => `موعد التسليم قريب: ${p.item}`, body: (p) => `${p.course}: سلّمه قبل ${p.when}.` },
    so: { title: (p) => `Dhawaan ayuu dhacayaa: ${p.item}`, body: (p) => `${p.course}: dhiib ka hor ${p.when}.` },
  },
  'quiz-closing-soon': {
    en: { title: (p) => `Quiz closing soon: ${p.item}`, body: (p) => `${p.course}: the quiz closes ${p.when}.` },
    ar: { title: (p) => `الاختبار يُغلق قريبًا: ${p.item}`, body: (p) => `${p.course}: يُغلق الاختبار في ${p.when}.` },
    so: { title: (p) => `Imtixaanku dhawaan wuu xirmayaa: ${p.item}`, body: (p) => `${p.course}: imtixaanku wuxuu xirmayaa ${p.when}.` },
  },
  'enrollment-requested': {
    en: { title: (p) => `Enrollment request: ${p.course}`, body: (p) => `${p.person} asked to join the course and waits for your decision.` },
    ar: { title: (p) => `طلب تسجيل: ${p.course}`, body: (p) => `طلب ${p.person} الانضمام إلى الدورة وينتظر قرارك.` },
    so: { title: (p) => `Codsi diiwaangelin: ${p.course}`, body: (p) => `${p.person} wuxuu codsaday inuu ku biiro koorsada, wuxuuna sugayaa go’aankaaga.` },
  },
  'submission-handed-in': {
    en: { title: (p) => `Handed in: ${p.item}`, body: (p) => `${p.person} handed in work in ${p.course}.` },
    ar: { title: (p) => `تم التسليم: ${p.item}`, body: (p) => `سلّم ${p.person} عملًا في ${p.course}.` },
    so: { title: (p) => `La dhiibay: ${p.item}`, body: (p) => `${p.person} wuxuu dhiibay shaqo ${p.course}.` },
  },
  'proof-uploaded': {
    en: { title: (p) => `Bank transfer to check: ${p.reference}`, body: (p) => `A buyer uploaded proof of a transfer of ${p.amount}. Approve or reject it.` },
    ar: { title: (p) => `تحويل بنكي للمراجعة: ${p.reference}`, body: (p) => `رفع مشترٍ إثبات تحويل بقيمة ${p.amount}. وافق عليه أو ارفضه.` },
    so: { title: (p) => `Xawaalad bangi oo la hubinayo: ${p.reference}`, body: (p) => `Iibsade ayaa soo geliyay caddeynta xawaalad ${p.amount} ah. Ansixi ama diid.` },
  },
  'tutor-flag': {
    en: { title: (p) => `A student may need help: ${p.course}`, body: (p) => `A message to the AI tutor was flagged (${p.flag}). Please read it and follow up.` },
    ar: { title: (p) => `قد يحتاج طالب إلى مساعدة: ${p.course}`, body: (p) => `تم تمييز رسالة إلى المعلم الذكي (${p.flag}). يرجى قراءتها ومتابعتها.` },
    so: { title: (p) => `Arday ayaa laga yaabaa inuu caawimaad u baahan yahay: ${p.course}`, body: (p) => `Fariin loo diray macallinka AI ayaa la calaamadeeyay (${p.flag}). Fadlan akhri oo la soco.` },
  },
  'summary-drafted': {
    en: { title: (p) => `Summary to review: ${p.item}`, body: (p) => `${p.course}: the AI drafted the class summary. Review, edit and publish it.` },
    ar: { title: (p) => `ملخص للمراجعة: ${p.item}`, body: (p) => `${p.course}: كتب الذكاء الاصطناعي مسودة ملخص الحصة. راجعها وعدّلها وانشرها.` },
    so: { title: (p) => `Soo koobid dib loo eegayo: ${p.item}`, body: (p) => `${p.course}: AI-gu wuxuu qabyo qoray soo koobidda fasalka. Dib u eeg, wax ka beddel oo daabac.` },
  },
} satisfies Record<string, Record<LocaleCode, Words>>

export type NoticeKind = keyof typeof noticeWords

/** The words around a notification mail: its button, its footer, and a digest's heading. */
export const mailFrame: Record<LocaleCode, { open: string; why: (school: string) => string; manage: string; unsubscribe: string; digestSubject: (count: number, frequency: 'daily' | 'weekly') => string; digestIntro: (frequency: 'daily' | 'weekly') => string }> = {
  en: {
    open: 'Open',
    why: (school) => `You receive this because you are a member of ${school}.`,
    manage: 'Choose which emails you get',
    unsubscribe: 'Unsubscribe from these emails',
    digestSubject: (count, frequency) => `Your ${frequency === 'daily' ? 'daily' : 'weekly'} summary: ${count} ${count === 1 ? 'update' : 'updates'}`,
    digestIntro: (frequency) => `What happened since your last ${frequency === 'daily' ? 'daily' : 'weekly'} summary:`,
  },
  ar: {
    open: 'فتح',
    why: (school) => `تصلك هذه الرسالة لأنك عضو في ${school}.`,
    manage: 'اختر الرسائل التي تصلك',
    unsubscribe: 'إلغاء الاشتراك في هذه الرسائل',
    digestSubject: (count, frequency) => `ملخصك ${frequency === 'daily' ? 'اليومي' : 'الأسبوعي'}: ${count} ${count === 1 ? 'تحديث' : 'تحديثات'}`,
    digestIntro: (frequency) => `ما حدث منذ ملخصك ${frequency === 'daily' ? 'اليومي' : 'الأسبوعي'} الأخير:`,
  },
  so: {
    open: 'Fur',
    why: (school) => `Waxaad tan u heshay maxaa yeelay waxaad xubin ka tahay ${school}.`,
    manage: 'Dooro iimaylada aad heleyso',
    unsubscribe: 'Iska jooji iimayladan',
    digestSubject: (count, frequency) => `Soo koobiddaada ${frequency === 'daily' ? 'maalinlaha' : 'toddobaadlaha'}: ${count} cusboonaysiin`,
    digestIntro: (frequency) => `Waxa dhacay tan iyo soo koobiddaadii ${frequency === 'daily' ? 'maalinlaha' : 'toddobaadlaha'} ee ugu dambeysay:`,
  },
}

/** The page a mail's unsubscribe link opens (a click asks; only the button's POST unsubscribes). */
export const unsubscribeWords: Record<LocaleCode, { title: string; question: string; button: string; done: string; invalid: string }> = {
  en: { title: 'Unsubscribe', question: 'Stop these emails?', button: 'Unsubscribe', done: 'Done: you will not get these emails any more. You can turn them back on in your notification settings.', invalid: 'This unsubscribe link is not valid.' },
  ar: { title: 'إلغاء الاشتراك', question: 'هل تريد إيقاف هذه الرسائل؟', button: 'إلغاء الاشتراك', done: 'تم: لن تصلك هذه الرسائل بعد الآن. يمكنك إعادة تفعيلها من إعدادات الإشعارات.', invalid: 'رابط إلغاء الاشتراك هذا غير صالح.' },
  so: { title: 'Iska jooji', question: 'Ma joojinaysaa iimayladan?', button: 'Iska jooji', done: 'Waa la sameeyay: iimayladan mar dambe ma heli doontid. Waxaad dib ugu shidi kartaa dejinta ogeysiisyada.', invalid: 'Xiriirkan iska joojinta ma shaqeeyo.' },
}
