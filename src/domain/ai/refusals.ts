/** Why an AI request was not answered, as the person is told it. */
export type RefusalReason = 'disabled' | 'budget-person' | 'budget-school' | 'budget-feature' | 'rate-person' | 'rate-school' | 'unavailable'

type Locale = 'en' | 'ar' | 'so'

const MESSAGES: Record<RefusalReason, Record<Locale, (wait: string) => string>> = {
  disabled: {
    en: () => 'The AI assistant is turned off here.',
    ar: () => 'المساعد الذكي غير مفعّل هنا.',
    so: () => 'Caawiyaha AI halkan waa laga demiyay.',
  },
  'budget-person': {
    en: (w) => `You have used today's AI allowance. It renews ${w}.`,
    ar: (w) => `لقد استهلكت حصتك اليومية من المساعد الذكي. تتجدد ${w}.`,
    so: (w) => `Waad isticmaashay qaybtaada maanta ee AI. Waxay dib u cusboonaanaysaa ${w}.`,
  },
  'budget-school': {
    en: (w) => `Your school's AI allowance for this month is used up. It renews ${w}.`,
    ar: (w) => `نفدت حصة مدرستك الشهرية من المساعد الذكي. تتجدد ${w}.`,
    so: (w) => `Qaybta bishan ee AI ee dugsigaagu way dhammaatay. Waxay dib u cusboonaanaysaa ${w}.`,
  },
  'budget-feature': {
    en: (w) => `This AI feature has used its allowance for this month. It renews ${w}.`,
    ar: (w) => `استهلكت هذه الميزة حصتها الشهرية. تتجدد ${w}.`,
    so: (w) => `Astaantan AI waxay isticmaashay qaybteeda bishan. Waxay dib u cusboonaanaysaa ${w}.`,
  },
  'rate-person': {
    en: (w) => `You are asking faster than the assistant can keep up. Try again in ${w}.`,
    ar: (w) => `أنت ترسل الأسئلة أسرع مما يستطيع المساعد. حاول مرة أخرى بعد ${w}.`,
    so: (w) => `Su'aalo badan ayaad si degdeg ah u dirtay. Isku day mar kale ${w} kadib.`,
  },
  'rate-school': {
    en: (w) => `The assistant is busy for your school right now. Try again in ${w}.`,
    ar: (w) => `المساعد مشغول لمدرستك الآن. حاول مرة أخرى بعد ${w}.`,
    so: (w) => `Caawiyuhu hadda wuu mashquulsan yahay dugsigaaga. Isku day mar kale ${w} kadib.`,
  },
  unavailable: {
    en: () => 'The assistant could not answer just now. Please try again in a moment.',
    ar: () => 'تعذر على المساعد الرد الآن. يرجى المحاولة بعد قليل.',
    so: () => 'Caawiyaha ma uusan jawaabi karin hadda. Fadlan isku day mar kale.',
  },
}

const SECONDS: Record<Locale, (n: number) => string> = {
  en: (n) => `${n} second${n === 1 ? '' : 's'}`,
  ar: (n) => `${n} ثانية`,
  so: (n) => `${n} ilbiriqsi`,
}

const AT: Record<Locale, (iso: string) => string> = {
  en: (iso) => `on ${iso} (UTC)`,
  ar: (iso) => `في ${iso} (UTC)`,
  so: (iso) => `${iso} (UTC)`,
}

/** The refusal in the person's language (English when theirs is not one we speak). */
export const refusalMessage = (reason: RefusalReason, locale: string | null | undefined, wait: { seconds?: number; until?: Date } = {}): string => {
  const lang: Locale = locale === 'ar' || locale === 'so' ? locale : 'en'
  const when = wait.seconds !== undefined ? SECONDS[lang](wait.seconds) : wait.until ? AT[lang](wait.until.toISOString().slice(0, 16).replace('T', ' ')) : ''
  return MESSAGES[reason][lang](when)
}
