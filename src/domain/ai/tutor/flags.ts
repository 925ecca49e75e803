/** What a student's message may suggest that the course's staff should know. */
export const TUTOR_FLAGS = ['self-harm', 'abuse', 'cheating'] as const
export type TutorFlag = (typeof TUTOR_FLAGS)[number]

/**
 * Phrases that raise each flag, in English, Arabic and Somali. Deliberately broad: a flag asks a
 * person to look, it decides nothing, and a missed cry for help costs more than a look.
 */
const PATTERNS: Record<TutorFlag, RegExp[]> = {
  'self-harm': [
    /\b(kill(ing)? myself|suicid(e|al)|end(ing)? my life|hurt(ing)? myself|self[- ]?harm|want to die|don'?t want to live)\b/i,
    /(انتحار|أنتحر|انتحر|اقتل نفسي|أقتل نفسي|أؤذي نفسي|اؤذي نفسي|أنهي حياتي|لا أريد أن أعيش)/,
    /\b(is dil|isdil|naftayda (dilo|dhaawac)|rabo inaan dhinto)\b/i,
  ],
  abuse: [
    /\b(abus(e|ed|es|ing)|hits me|beats me|beat me|molest(ed|s)?|harass(ed|es|ing)?|touches me|threaten(s|ed) me)\b/i,
    /(يضربني|يعتدي علي|اعتداء|تحرش|يتحرش|إساءة|يهددني)/,
    /\b(i garaaca|i garaacay|kufsi|i handada|xadgudub)\b/i,
  ],
  cheating: [
    /\b(answers? (to|for|of) (the |this |my )?(quiz|exam|test|assignment|homework)|(do|write|finish|complete|solve) (my|the) (homework|assignment|essay|quiz|exam|test)|give me the answers?)\b/i,
    /(أعطني الإجابات|اعطني الاجابات|إجابات الاختبار|اجابات الاختبار|حل الواجب|حل الاختبار|اكتب الواجب|اكتب لي الواجب)/,
    /\b(jawaabaha (imtixaanka|su'aalaha|layliga)|ii qor layliga|ii xal imtixaanka)\b/i,
  ],
}

/** The flags a student's message raises, most serious first. */
export const flagsOf = (text: string): TutorFlag[] => TUTOR_FLAGS.filter((flag) => PATTERNS[flag].some((pattern) => pattern.test(text)))
