/**
 * The plural table: every message that takes a count, in each language, for 0, 1, 2, 3, 11 and 100,
 * the exact words a person reads. Arabic has a form for each of zero, one, two, few (3–10), many (11–99)
 * and other (100); French puts 0 and 1 together; English only 1.
 */
import { describe, expect, it } from 'vitest';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { type Lang, translate } from './index.ts';
import { isPlural } from './plural.ts';

const COUNTS = [0, 1, 2, 3, 11, 100] as const;
const CATALOGUES = { en, fr, ar } as const;

type Row = Readonly<Record<Lang, readonly string[]>>;
const TABLE: Readonly<Record<string, Row>> = {
  'v.tooLong': {
    en: [
      'Use at most 0 characters.',
      'Use at most 1 character.',
      'Use at most 2 characters.',
      'Use at most 3 characters.',
      'Use at most 11 characters.',
      'Use at most 100 characters.',
    ],
    fr: [
      'Pas plus de 0 caractère.',
      'Pas plus de 1 caractère.',
      'Pas plus de 2 caractères.',
      'Pas plus de 3 caractères.',
      'Pas plus de 11 caractères.',
      'Pas plus de 100 caractères.',
    ],
    ar: [
      'لا يُقبل أي حرف هنا.',
      'يجب ألّا يتجاوز النص حرفًا واحدًا.',
      'يجب ألّا يتجاوز النص حرفين.',
      'يجب ألّا يتجاوز النص 3 أحرف.',
      'يجب ألّا يتجاوز النص 11 حرفًا.',
      'يجب ألّا يتجاوز النص 100 حرف.',
    ],
  },
  'elig.open_fast_grants.pass': {
    en: [
      'You have fewer than 0 fast-track grants in progress.',
      'You have no fast-track grant in progress (the limit is 1).',
      'You have fewer than 2 fast-track grants in progress.',
      'You have fewer than 3 fast-track grants in progress.',
      'You have fewer than 11 fast-track grants in progress.',
      'You have fewer than 100 fast-track grants in progress.',
    ],
    fr: [
      'Vous n’avez aucune subvention accélérée en cours (la limite est de 0).',
      'Vous n’avez aucune subvention accélérée en cours (la limite est de 1).',
      'Vous avez moins de 2 subventions accélérées en cours.',
      'Vous avez moins de 3 subventions accélérées en cours.',
      'Vous avez moins de 11 subventions accélérées en cours.',
      'Vous avez moins de 100 subventions accélérées en cours.',
    ],
    ar: [
      'لا يُسمح لجمعيتك بأي منحة سريعة جارية.',
      'ليست لجمعيتك أي منحة سريعة جارية، والحد الأقصى منحة واحدة.',
      'لجمعيتك أقل من منحتين سريعتين جاريتين.',
      'لجمعيتك أقل من 3 منح سريعة جارية.',
      'لجمعيتك أقل من 11 منحة سريعة جارية.',
      'لجمعيتك أقل من 100 منحة سريعة جارية.',
    ],
  },
  'elig.open_fast_grants.fail': {
    en: [
      'You already have 0 fast-track grants in progress, the most allowed. Once one of them is completed or closed, you can apply again.',
      'You already have 1 fast-track grant in progress, the most allowed. Once it is completed or closed, you can apply again.',
      'You already have 2 fast-track grants in progress, the most allowed. Once one of them is completed or closed, you can apply again.',
      'You already have 3 fast-track grants in progress, the most allowed. Once one of them is completed or closed, you can apply again.',
      'You already have 11 fast-track grants in progress, the most allowed. Once one of them is completed or closed, you can apply again.',
      'You already have 100 fast-track grants in progress, the most allowed. Once one of them is completed or closed, you can apply again.',
    ],
    fr: [
      'Vous avez déjà 0 subvention accélérée en cours, le maximum autorisé. Dès qu’elle sera terminée ou clôturée, vous pourrez en demander une autre.',
      'Vous avez déjà 1 subvention accélérée en cours, le maximum autorisé. Dès qu’elle sera terminée ou clôturée, vous pourrez en demander une autre.',
      'Vous avez déjà 2 subventions accélérées en cours, le maximum autorisé. Dès que l’une d’elles sera terminée ou clôturée, vous pourrez en demander une autre.',
      'Vous avez déjà 3 subventions accélérées en cours, le maximum autorisé. Dès que l’une d’elles sera terminée ou clôturée, vous pourrez en demander une autre.',
      'Vous avez déjà 11 subventions accélérées en cours, le maximum autorisé. Dès que l’une d’elles sera terminée ou clôturée, vous pourrez en demander une autre.',
      'Vous avez déjà 100 subventions accélérées en cours, le maximum autorisé. Dès que l’une d’elles sera terminée ou clôturée, vous pourrez en demander une autre.',
    ],
    ar: [
      'لا يُسمح لجمعيتك بأي منحة سريعة جارية.',
      'لجمعيتك منحة سريعة جارية، وهو الحد الأقصى. يمكن تقديم طلب جديد بعد إنجازها أو إغلاقها.',
      'لجمعيتك منحتان سريعتان جاريتان، وهو الحد الأقصى. يمكن تقديم طلب جديد بعد إنجاز إحداهما أو إغلاقها.',
      'لجمعيتك 3 منح سريعة جارية، وهو الحد الأقصى. يمكن تقديم طلب جديد بعد إنجاز إحداها أو إغلاقها.',
      'لجمعيتك 11 منحة سريعة جارية، وهو الحد الأقصى. يمكن تقديم طلب جديد بعد إنجاز إحداها أو إغلاقها.',
      'لجمعيتك 100 منحة سريعة جارية، وهو الحد الأقصى. يمكن تقديم طلب جديد بعد إنجاز إحداها أو إغلاقها.',
    ],
  },
  'money.tooManyDecimals': {
    en: [
      'Use at most 0 decimals.',
      'Use at most 1 decimal.',
      'Use at most 2 decimals.',
      'Use at most 3 decimals.',
      'Use at most 11 decimals.',
      'Use at most 100 decimals.',
    ],
    fr: [
      'Au plus 0 décimale.',
      'Au plus 1 décimale.',
      'Au plus 2 décimales.',
      'Au plus 3 décimales.',
      'Au plus 11 décimales.',
      'Au plus 100 décimales.',
    ],
    ar: [
      'هذه العملة بلا أرقام عشرية.',
      'رقم عشري واحد على الأكثر.',
      'رقمان عشريان على الأكثر.',
      '3 أرقام عشرية على الأكثر.',
      '11 رقمًا عشريًا على الأكثر.',
      '100 رقم عشري على الأكثر.',
    ],
  },
  'queue.daysLeft': {
    en: [
      '0 working days left',
      '1 working day left',
      '2 working days left',
      '3 working days left',
      '11 working days left',
      '100 working days left',
    ],
    fr: [
      '0 jour ouvré restant',
      '1 jour ouvré restant',
      '2 jours ouvrés restants',
      '3 jours ouvrés restants',
      '11 jours ouvrés restants',
      '100 jours ouvrés restants',
    ],
    ar: [
      'لم يبقَ أي يوم عمل',
      'بقي يوم عمل واحد',
      'بقي يوما عمل',
      'بقيت 3 أيام عمل',
      'بقي 11 يوم عمل',
      'بقي 100 يوم عمل',
    ],
  },
  'queue.daysLate': {
    en: [
      'Late by 0 working days',
      'Late by 1 working day',
      'Late by 2 working days',
      'Late by 3 working days',
      'Late by 11 working days',
      'Late by 100 working days',
    ],
    fr: [
      'En retard de 0 jour ouvré',
      'En retard de 1 jour ouvré',
      'En retard de 2 jours ouvrés',
      'En retard de 3 jours ouvrés',
      'En retard de 11 jours ouvrés',
      'En retard de 100 jours ouvrés',
    ],
    ar: [
      'تأخير أقل من يوم عمل',
      'تأخير بيوم عمل واحد',
      'تأخير بيومَي عمل',
      'تأخير بـ3 أيام عمل',
      'تأخير بـ11 يوم عمل',
      'تأخير بـ100 يوم عمل',
    ],
  },
  'register.shownGrants': {
    en: ['0 grants', '1 grant', '2 grants', '3 grants', '11 grants', '100 grants'],
    fr: [
      '0 subvention',
      '1 subvention',
      '2 subventions',
      '3 subventions',
      '11 subventions',
      '100 subventions',
    ],
    ar: ['لا منحة', 'منحة واحدة', 'منحتان', '3 منح', '11 منحة', '100 منحة'],
  },
  'register.shownPartnerships': {
    en: [
      '0 active partnerships',
      '1 active partnership',
      '2 active partnerships',
      '3 active partnerships',
      '11 active partnerships',
      '100 active partnerships',
    ],
    fr: [
      '0 partenariat actif',
      '1 partenariat actif',
      '2 partenariats actifs',
      '3 partenariats actifs',
      '11 partenariats actifs',
      '100 partenariats actifs',
    ],
    ar: [
      'لا شراكة سارية',
      'شراكة واحدة سارية',
      'شراكتان ساريتان',
      '3 شراكات سارية',
      '11 شراكة سارية',
      '100 شراكة سارية',
    ],
  },
  'notifications.badge': {
    en: [
      'Notifications, 0 unread',
      'Notifications, 1 unread',
      'Notifications, 2 unread',
      'Notifications, 3 unread',
      'Notifications, 11 unread',
      'Notifications, 100 unread',
    ],
    fr: [
      'Notifications, 0 non lue',
      'Notifications, 1 non lue',
      'Notifications, 2 non lues',
      'Notifications, 3 non lues',
      'Notifications, 11 non lues',
      'Notifications, 100 non lues',
    ],
    ar: [
      'الإشعارات، 0 منها غير مقروءة',
      'الإشعارات، 1 منها غير مقروءة',
      'الإشعارات، 2 منها غير مقروءة',
      'الإشعارات، 3 منها غير مقروءة',
      'الإشعارات، 11 منها غير مقروءة',
      'الإشعارات، 100 منها غير مقروءة',
    ],
  },
  'notifications.count': {
    en: [
      '0 unread notifications',
      '1 unread notification',
      '2 unread notifications',
      '3 unread notifications',
      '11 unread notifications',
      '100 unread notifications',
    ],
    fr: [
      '0 notification non lue',
      '1 notification non lue',
      '2 notifications non lues',
      '3 notifications non lues',
      '11 notifications non lues',
      '100 notifications non lues',
    ],
    ar: [
      'لا إشعار غير مقروء',
      'إشعار واحد غير مقروء',
      'إشعاران غير مقروءين',
      '3 إشعارات غير مقروءة',
      '11 إشعارًا غير مقروء',
      '100 إشعار غير مقروء',
    ],
  },
  'thread.count': {
    en: ['0 messages', '1 message', '2 messages', '3 messages', '11 messages', '100 messages'],
    fr: ['0 message', '1 message', '2 messages', '3 messages', '11 messages', '100 messages'],
    ar: ['لا رسائل', 'رسالة واحدة', 'رسالتان', '3 رسائل', '11 رسالة', '100 رسالة'],
  },
  'impact.share.daysOption': {
    en: ['0 days', '1 day', '2 days', '3 days', '11 days', '100 days'],
    fr: ['0 jour', '1 jour', '2 jours', '3 jours', '11 jours', '100 jours'],
    ar: ['لا يوم', 'يوم واحد', 'يومان', '3 أيام', '11 يومًا', '100 يوم'],
  },
  'coord.overlapsCount': {
    en: ['0 overlaps', '1 overlap', '2 overlaps', '3 overlaps', '11 overlaps', '100 overlaps'],
    fr: [
      '0 recoupement',
      '1 recoupement',
      '2 recoupements',
      '3 recoupements',
      '11 recoupements',
      '100 recoupements',
    ],
    ar: ['لا تداخل', 'تداخل واحد', 'تداخلان', '3 تداخلات', '11 تداخلًا', '100 تداخل'],
  },
  'coord.count': {
    en: [
      '0 initiatives',
      '1 initiative',
      '2 initiatives',
      '3 initiatives',
      '11 initiatives',
      '100 initiatives',
    ],
    fr: [
      '0 initiative',
      '1 initiative',
      '2 initiatives',
      '3 initiatives',
      '11 initiatives',
      '100 initiatives',
    ],
    ar: ['لا مبادرة', 'مبادرة واحدة', 'مبادرتان', '3 مبادرات', '11 مبادرة', '100 مبادرة'],
  },
  'review.waitingCount': {
    en: [
      '0 acceptances are still awaited.',
      'One acceptance is still awaited.',
      '2 acceptances are still awaited.',
      '3 acceptances are still awaited.',
      '11 acceptances are still awaited.',
      '100 acceptances are still awaited.',
    ],
    fr: [
      '0 acceptation est encore attendue.',
      '1 acceptation est encore attendue.',
      '2 acceptations sont encore attendues.',
      '3 acceptations sont encore attendues.',
      '11 acceptations sont encore attendues.',
      '100 acceptations sont encore attendues.',
    ],
    ar: [
      'لا ينتظر التقرير أي قبول.',
      'ينتظر التقرير قبول جهة واحدة.',
      'ينتظر التقرير قبول جهتين.',
      'ينتظر التقرير قبول 3 جهات.',
      'ينتظر التقرير قبول 11 جهة.',
      'ينتظر التقرير قبول 100 جهة.',
    ],
  },
};

describe('messages that take a count', () => {
  const cases = Object.entries(TABLE).flatMap(([key, row]) =>
    (['en', 'fr', 'ar'] as const).flatMap((lang) =>
      COUNTS.map((count, i) => ({ key, lang, count, expected: row[lang][i] ?? '' })),
    ),
  );

  it.each(cases)('$key in $lang for $count: "$expected"', ({ key, lang, count, expected }) => {
    // Prepare: the count is {max} where the message has one, else {n}
    const param = JSON.stringify(CATALOGUES.en[key as keyof typeof en]).includes('{max}') ? 'max' : 'n';

    // Act
    const text = translate(CATALOGUES[lang], lang, key, { [param]: count });

    // Assess
    expect(text).toBe(expected);
  });

  it('covers every plural message of the catalogue', () => {
    // Prepare
    const plurals = Object.entries(en)
      .filter(([, v]) => isPlural(v))
      .map(([k]) => k)
      .sort();

    // Act, Assess
    expect(Object.keys(TABLE).sort()).toEqual(plurals);
  });
});
