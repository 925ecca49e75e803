import type { Described } from '@/admin/described'

export const LIVE_DESCRIPTIONS = {
  zoomSettings: {
    en: 'Each school’s own Zoom account, one record per school: the account id, client id and client secret of a Server-to-Server OAuth app in the school’s Zoom account, and the Zoom users who may host its classes. In the app’s Event Subscriptions, set the endpoint URL to <server>/api/webhooks/zoom/<school slug> and paste the app’s Secret Token here.',
    ar: 'حساب Zoom الخاص بكل مدرسة، بسجل واحد لكل مدرسة: معرّف الحساب ومعرّف العميل وسرّه لتطبيق Server-to-Server OAuth في حساب Zoom الخاص بالمدرسة، ومستخدمو Zoom الذين يمكنهم استضافة حصصها. في اشتراكات الأحداث (Event Subscriptions) للتطبيق، اجعل عنوان الاستقبال <server>/api/webhooks/zoom/<school slug> والصق هنا الرمز السري (Secret Token) للتطبيق.',
    so: 'Akoonka Zoom ee dugsi kasta, hal diiwaan dugsi kasta: aqoonsiga akoonka, aqoonsiga macmiilka iyo sirta macmiilka ee app-ka Server-to-Server OAuth ee ku jira akoonka Zoom ee dugsiga, iyo isticmaalayaasha Zoom ee marti-gelin kara fasalladiisa. Qaybta Event Subscriptions ee app-ka, URL-ka ka dhig <server>/api/webhooks/zoom/<school slug> oo halkan ku dheji Secret Token-ka app-ka.',
  },
  webhookSecret: {
    en: 'The app’s Secret Token (Features, Event Subscriptions): Zoom signs its events with it. Stored encrypted; never shown again. Leave empty to keep the current value; send an empty string to clear it.',
    ar: 'الرمز السري (Secret Token) للتطبيق (Features، Event Subscriptions): يوقّع Zoom أحداثه به. يُخزَّن مشفّرًا ولا يُعرض مرة أخرى. اتركه فارغًا للإبقاء على القيمة الحالية، وأرسل نصًا فارغًا لمسحها.',
    so: 'Secret Token-ka app-ka (Features, Event Subscriptions): Zoom ayaa dhacdooyinkiisa ku saxiixa. Waa la sir-qariyaa lamana tusayo mar kale. Banaan u daa si qiimaha hadda jira loo haysto; dir qoraal madhan si loo tirtiro.',
  },
  hosts: {
    en: 'Zoom users who may host this school’s classes. One user hosts one meeting at a time, so more hosts allow more classes at once.',
    ar: 'مستخدمو Zoom الذين يمكنهم استضافة حصص هذه المدرسة. يستضيف المستخدم الواحد اجتماعًا واحدًا في كل مرة، فكلما زاد المضيفون أمكن عقد حصص أكثر في الوقت نفسه.',
    so: 'Isticmaalayaasha Zoom ee marti-gelin kara fasallada dugsigan. Hal isticmaale wuxuu marti-geliyaa hal kulan markiiba, sidaas darteed martigeliyayaal badan waxay oggolaadaan fasallo badan hal mar.',
  },
} satisfies Record<string, Described>
