import type { Strings } from './en';

export const uzCyrl: Strings = {
  app: { name: 'Ijro', tagline: 'Ижро интизоми' },
  nav: {
    inbox: 'Топшириқлар',
    documents: 'Ҳужжатлар',
    dashboard: 'Кўрсаткичлар',
    admin: 'Бошқарув',
    sections: 'Бўлимлар',
    notifications_one: 'Билдиришномалар: {{count}} та ўқилмаган',
    notifications_other: 'Билдиришномалар: {{count}} та ўқилмаган',
    signOut: 'Чиқиш',
    account: 'Профил ва тил',
    language: 'Тил',
  },
  export: { xlsx: 'XLSX га юклаб олиш', csv: 'CSV га юклаб олиш' },
  profile: {
    changeDue: 'Паролингизни бошқа киши ўрнатган. Ўзингизникини танланг.',
    changeNow: 'Паролни ўзгартириш',
  },
  signIn: {
    title: 'Кириш',
    email: 'Электрон почта',
    password: 'Парол',
    submit: 'Кириш',
    required: 'Мажбурий майдон',
  },
  status: {
    in_execution: 'Ижрода',
    under_review: 'Текширувда',
    accepted: 'Қабул қилинган',
    closed: 'Назоратдан олинган',
    cancelled: 'Бекор қилинган',
  },
  list: {
    all: 'Барчаси',
    overdue: 'Муддати ўтган',
    search: 'Банд ёки матн бўйича қидириш',
    clause: 'Банд',
    text: 'Топшириқ',
    deadline: 'Муддат',
    status: 'Ҳолат',
    total_one: '{{count}} та топшириқ',
    total_other: '{{count}} та топшириқ',
    empty: 'Топшириқлар йўқ',
  },
  error: { generic: 'Хатолик юз берди', notFound: 'Топилмади' },
};
