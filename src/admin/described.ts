/** A text in each admin language, for collection and field descriptions (Payload picks the panel's). */
export type Described = Record<'en' | 'ar' | 'so', string>
