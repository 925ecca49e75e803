/** Where the live notifications WebSocket is served (src/http/liveNotifications.ts). */
export const LIVE_NOTIFICATIONS_PATH = '/api/notifications/live'
