import { addStrings } from '../../strings';

const en = {
  title: 'Notifications',
  unreadOnly: 'Unread only',
  markRead: 'Mark read',
  open: 'Open the assignment',
  empty: 'No notifications',
  unread_one: '{{count}} unread',
  unread_other: '{{count}} unread',
};

addStrings('notifications', {
  en,
  ru: {
    title: 'Уведомления',
    unreadOnly: 'Только непрочитанные',
    markRead: 'Отметить прочитанным',
    open: 'Открыть поручение',
    empty: 'Уведомлений нет',
    unread_one: '{{count}} непрочитанное',
    unread_few: '{{count}} непрочитанных',
    unread_many: '{{count}} непрочитанных',
    unread_other: '{{count}} непрочитанных',
  },
  'uz-Latn': {
    title: 'Bildirishnomalar',
    unreadOnly: 'Faqat oʻqilmaganlar',
    markRead: 'Oʻqildi deb belgilash',
    open: 'Topshiriqni ochish',
    empty: 'Bildirishnomalar yoʻq',
    unread_one: '{{count}} ta oʻqilmagan',
    unread_other: '{{count}} ta oʻqilmagan',
  },
  'uz-Cyrl': {
    title: 'Билдиришномалар',
    unreadOnly: 'Фақат ўқилмаганлар',
    markRead: 'Ўқилди деб белгилаш',
    open: 'Топшириқни очиш',
    empty: 'Билдиришномалар йўқ',
    unread_one: '{{count}} та ўқилмаган',
    unread_other: '{{count}} та ўқилмаган',
  },
});
