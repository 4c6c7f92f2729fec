// Names and sizes the 2019 scale plan (scale.ts) is made of.
import type { OrgType } from '../../models/organization';

export const ROOTS: [key: string, name: string, type: OrgType, ru: string][] = [
  ['hp', 'Hisob palatasi', 'committee', 'Счётная палата'],
  ['pa', 'Prezident Administratsiyasi', 'agency', 'Администрация Президента'],
  ['gp', 'Bosh prokuratura', 'agency', 'Генеральная прокуратура'],
];

export const CENTRAL: [name: string, type: OrgType, ru: string][] = [
  ['Moliya vazirligi', 'ministry', 'Министерство финансов'],
  ['Iqtisodiyot va sanoat vazirligi', 'ministry', 'Министерство экономики и промышленности'],
  ['Adliya vazirligi', 'ministry', 'Министерство юстиции'],
  ['Sog‘liqni saqlash vazirligi', 'ministry', 'Министерство здравоохранения'],
  ['Xalq ta’limi vazirligi', 'ministry', 'Министерство народного образования'],
  ['Oliy va o‘rta maxsus ta’lim vazirligi', 'ministry', 'Министерство высшего образования'],
  ['Maktabgacha ta’lim vazirligi', 'ministry', 'Министерство дошкольного образования'],
  ['Ichki ishlar vazirligi', 'ministry', 'Министерство внутренних дел'],
  ['Tashqi ishlar vazirligi', 'ministry', 'Министерство иностранных дел'],
  ['Favqulodda vaziyatlar vazirligi', 'ministry', 'Министерство по чрезвычайным ситуациям'],
  ['Qishloq xo‘jaligi vazirligi', 'ministry', 'Министерство сельского хозяйства'],
  ['Suv xo‘jaligi vazirligi', 'ministry', 'Министерство водного хозяйства'],
  ['Energetika vazirligi', 'ministry', 'Министерство энергетики'],
  ['Qurilish vazirligi', 'ministry', 'Министерство строительства'],
  ['Uy-joy kommunal xizmat ko‘rsatish vazirligi', 'ministry', 'Министерство ЖКХ'],
  ['Transport vazirligi', 'ministry', 'Министерство транспорта'],
  ['Axborot texnologiyalari va kommunikatsiyalari vazirligi', 'ministry', 'Мининфоком'],
  ['Madaniyat vazirligi', 'ministry', 'Министерство культуры'],
  ['Jismoniy tarbiya va sport vazirligi', 'ministry', 'Министерство спорта'],
  ['Bandlik va mehnat munosabatlari vazirligi', 'ministry', 'Министерство занятости'],
  ['Innovatsion rivojlanish vazirligi', 'ministry', 'Министерство инновационного развития'],
  ['Investitsiyalar va tashqi savdo vazirligi', 'ministry', 'Министерство инвестиций'],
  ['Davlat soliq qo‘mitasi', 'committee', 'Государственный налоговый комитет'],
  ['Davlat bojxona qo‘mitasi', 'committee', 'Государственный таможенный комитет'],
  ['Davlat statistika qo‘mitasi', 'committee', 'Государственный комитет по статистике'],
  ['Ekologiya davlat qo‘mitasi', 'committee', 'Государственный комитет по экологии'],
  ['Turizmni rivojlantirish davlat qo‘mitasi', 'committee', 'Госкомтуризм'],
  ['Davlat aktivlarini boshqarish agentligi', 'agency', 'Агентство по управлению госактивами'],
  ['Davlat xizmatlari agentligi', 'agency', 'Агентство государственных услуг'],
  ['Oziq-ovqat sanoati uyushmasi', 'association', 'Ассоциация пищевой промышленности'],
];

/** Districts and cities of each region in 2019 (in the order of demo.ts's REGIONS). */
export const DISTRICTS: [districts: number, cities: number][] = [
  [15, 1],
  [14, 2],
  [11, 2],
  [12, 1],
  [13, 2],
  [8, 2],
  [11, 1],
  [14, 2],
  [14, 1],
  [8, 3],
  [15, 7],
  [15, 4],
  [10, 1],
  [11, 0],
];

export const DEPARTMENTS = [
  'ijro nazorati bo‘limi',
  'moliya bo‘limi',
  'iqtisodiyot bo‘limi',
  'investitsiyalar bo‘limi',
  'qurilish bo‘limi',
  'xalq ta’limi bo‘limi',
  'sog‘liqni saqlash bo‘limi',
  'qishloq xo‘jaligi bo‘limi',
  'uy-joy kommunal xizmati bo‘limi',
  'yuridik bo‘lim',
  'kadrlar bo‘limi',
  'madaniyat bo‘limi',
  'murojaatlar bilan ishlash bo‘limi',
  'axborot xizmati',
];

export const FIRST_M = [
  'Aziz',
  'Bahodir',
  'Dilshod',
  'Jasur',
  'Rustam',
  'Sardor',
  'Otabek',
  'Sherzod',
];
export const FIRST_F = [
  'Dilnoza',
  'Gulnora',
  'Malika',
  'Nigora',
  'Kamola',
  'Zarina',
  'Madina',
  'Feruza',
];
export const SURNAMES = [
  'Aliyev',
  'Karimov',
  'Rahimov',
  'Tursunov',
  'Qodirov',
  'Ismoilov',
  'Nazarov',
  'Usmonov',
  'Ergashev',
  'Yusupov',
  'Abdullayev',
  'Mirzayev',
];

export const TOPICS = [
  'ijro intizomini mustahkamlash',
  'davlat xaridlari shaffofligini ta’minlash',
  'investitsiya loyihalarini amalga oshirish',
  'maktablar qurilishi va ta’miri',
  'tibbiyot muassasalarini jihozlash',
  'ichimlik suvi ta’minotini yaxshilash',
  'avtomobil yo‘llarini ta’mirlash',
  'tadbirkorlikni qo‘llab-quvvatlash',
  'aholi bandligini ta’minlash',
  'qishloq xo‘jaligi eksportini oshirish',
  'elektron hukumat xizmatlarini joriy etish',
  'byudjet mablag‘lari sarflanishini nazorat qilish',
  'uy-joy qurilishi dasturini bajarish',
  'korrupsiyaga qarshi kurashish',
];
export const ACTIONS = [
  'bo‘yicha chora-tadbirlar rejasini ishlab chiqish',
  'bo‘yicha hisobot tayyorlash',
  'yuzasidan normativ-huquqiy hujjat loyihasini kiritish',
  'bo‘yicha monitoring o‘tkazish',
  'yuzasidan takliflar kiritish',
];
