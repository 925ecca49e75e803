/** The jobs queue notification mail is sent from (its own module: importing it loads nothing else). */
export const NOTIFICATION_QUEUE = 'notifications'
