import type { Strings } from './en';

export const uzLatn: Strings = {
  app: { name: 'Ijro', tagline: 'Ijro intizomi' },
  nav: {
    inbox: 'Topshiriqlar',
    documents: 'Hujjatlar',
    dashboard: 'Koʻrsatkichlar',
    admin: 'Boshqaruv',
    sections: 'Boʻlimlar',
    notifications_one: 'Bildirishnomalar: {{count}} ta oʻqilmagan',
    notifications_other: 'Bildirishnomalar: {{count}} ta oʻqilmagan',
    signOut: 'Chiqish',
    account: 'Profil va til',
    language: 'Til',
  },
  export: { xlsx: 'XLSX ga yuklab olish', csv: 'CSV ga yuklab olish' },
  profile: {
    changeDue: 'Parolingizni boshqa kishi oʻrnatgan. Oʻzingiznikini tanlang.',
    changeNow: 'Parolni oʻzgartirish',
  },
  signIn: {
    title: 'Kirish',
    email: 'Elektron pochta',
    password: 'Parol',
    submit: 'Kirish',
    required: 'Majburiy maydon',
  },
  status: {
    in_execution: 'Ijroda',
    under_review: 'Tekshiruvda',
    accepted: 'Qabul qilingan',
    closed: 'Nazoratdan olingan',
    cancelled: 'Bekor qilingan',
  },
  list: {
    all: 'Barchasi',
    overdue: 'Muddati o‘tgan',
    search: 'Band yoki matn bo‘yicha qidirish',
    clause: 'Band',
    text: 'Topshiriq',
    deadline: 'Muddat',
    status: 'Holat',
    total_one: '{{count}} ta topshiriq',
    total_other: '{{count}} ta topshiriq',
    empty: 'Topshiriqlar yo‘q',
  },
  error: { generic: 'Xatolik yuz berdi', notFound: 'Topilmadi' },
};
