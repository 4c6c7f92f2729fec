import { addStrings } from '../../strings';

// The feedback panel's words, merged into `assignmentPage.*`.
const en = {
  feedback: {
    title: 'Citizens’ feedback',
    alert:
      'Negative feedback since the last inspection: {{count}}. An on-site inspection is advised.',
    counts: 'Received: {{received}}, negative: {{negative}}',
    rating: 'Rating {{rating}} of 5',
    source: { portal: 'public pages', jamoatfikri: 'jamoatfikri.uz' },
    status: { pending: 'Awaiting moderation', published: 'Published', hidden: 'Hidden' },
    filter: { all: 'All' },
    publish: 'Publish',
    hide: 'Hide',
    reason: 'Why it is hidden',
    published: 'Published on the public pages',
    hidden: 'Hidden',
    none: 'No feedback yet.',
    moderated: 'Moderated {{when}}',
  },
  history: {
    events: {
      feedback: 'A citizen’s feedback arrived',
      feedback_publish: 'Feedback published',
      feedback_hide: 'Feedback hidden',
    },
  },
};

addStrings('assignmentPage', {
  en,
  ru: {
    feedback: {
      title: 'Отзывы граждан',
      alert:
        'Отрицательных отзывов с последней проверки: {{count}}. Рекомендуется изучение на месте.',
      counts: 'Получено: {{received}}, отрицательных: {{negative}}',
      rating: 'Оценка {{rating}} из 5',
      source: { portal: 'публичные страницы', jamoatfikri: 'jamoatfikri.uz' },
      status: { pending: 'Ждёт модерации', published: 'Опубликован', hidden: 'Скрыт' },
      filter: { all: 'Все' },
      publish: 'Опубликовать',
      hide: 'Скрыть',
      reason: 'Почему скрыт',
      published: 'Опубликован на публичных страницах',
      hidden: 'Скрыт',
      none: 'Отзывов пока нет.',
      moderated: 'Решение {{when}}',
    },
    history: {
      events: {
        feedback: 'Поступил отзыв гражданина',
        feedback_publish: 'Отзыв опубликован',
        feedback_hide: 'Отзыв скрыт',
      },
    },
  },
  'uz-Latn': {
    feedback: {
      title: 'Fuqarolarning fikrlari',
      alert:
        'Oxirgi o‘rganishdan beri salbiy fikrlar: {{count}}. Joyida o‘rganish tavsiya etiladi.',
      counts: 'Kelgan: {{received}}, salbiy: {{negative}}',
      rating: 'Baho: 5 dan {{rating}}',
      source: { portal: 'ochiq sahifalar', jamoatfikri: 'jamoatfikri.uz' },
      status: {
        pending: 'Moderatsiyani kutmoqda',
        published: 'E’lon qilingan',
        hidden: 'Yashirilgan',
      },
      filter: { all: 'Barchasi' },
      publish: 'E’lon qilish',
      hide: 'Yashirish',
      reason: 'Nega yashiriladi',
      published: 'Ochiq sahifalarda e’lon qilindi',
      hidden: 'Yashirildi',
      none: 'Hozircha fikrlar yo‘q.',
      moderated: 'Qaror: {{when}}',
    },
    history: {
      events: {
        feedback: 'Fuqaroning fikri keldi',
        feedback_publish: 'Fikr e’lon qilindi',
        feedback_hide: 'Fikr yashirildi',
      },
    },
  },
  'uz-Cyrl': {
    feedback: {
      title: 'Фуқароларнинг фикрлари',
      alert: 'Охирги ўрганишдан бери салбий фикрлар: {{count}}. Жойида ўрганиш тавсия этилади.',
      counts: 'Келган: {{received}}, салбий: {{negative}}',
      rating: 'Баҳо: 5 дан {{rating}}',
      source: { portal: 'очиқ саҳифалар', jamoatfikri: 'jamoatfikri.uz' },
      status: { pending: 'Модерацияни кутмоқда', published: 'Эълон қилинган', hidden: 'Яширилган' },
      filter: { all: 'Барчаси' },
      publish: 'Эълон қилиш',
      hide: 'Яшириш',
      reason: 'Нега яширилади',
      published: 'Очиқ саҳифаларда эълон қилинди',
      hidden: 'Яширилди',
      none: 'Ҳозирча фикрлар йўқ.',
      moderated: 'Қарор: {{when}}',
    },
    history: {
      events: {
        feedback: 'Фуқаронинг фикри келди',
        feedback_publish: 'Фикр эълон қилинди',
        feedback_hide: 'Фикр яширилди',
      },
    },
  },
});
