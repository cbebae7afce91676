/**
 * What a hand-over tells the person whose turn it is, in Arabic, French and English: submitted, changes
 * requested, recommended, decided, award to accept, payment made, report submitted, revision requested,
 * report accepted, agreement ready to sign. The same words go into the in-app notification and the mail
 * (jobs/messages.ts mailText adds the greeting, the link and the signature).
 *
 * Dates and amounts are written the reader's way (formatMailDate, Intl.NumberFormat with Latin digits);
 * the reason a reviewer gave is quoted as it was written, without typesetting someone else's words.
 */
import { format as formatMoney, type Money } from '#domain/money';
import { frenchTypography } from '#domain/typography';
import { formatMailDate, type Language, type Rendered } from './messages.ts';

export type EventNoticeKind =
  | 'submitted'
  | 'changes_requested'
  | 'recommended'
  | 'award_to_accept'
  | 'grant_awarded'
  | 'grant_rejected'
  | 'payment_made'
  | 'report_submitted'
  | 'revision_requested'
  | 'report_accepted'
  | 'agreement_to_sign'
  | 'partnership_declined';

export interface EventNotice {
  readonly kind: EventNoticeKind;
  /** What the notice is about: an application for a grant or a partnership, or a report. */
  readonly record: 'grant' | 'partnership' | 'milestone';
  /** The grant's or the report's title; a partnership is named by its organisation. */
  readonly title: string;
  readonly organisation?: string | undefined;
  /** The reviewer's words: why changes or a revision are asked for, or why it was declined. */
  readonly reason?: string | undefined;
  /** A calendar date (YYYY-MM-DD): the decision deadline of a submission, the day of a payment. */
  readonly date?: string | undefined;
  readonly amount?: Money | undefined;
  /** What the officer recommends to the mayor's office. */
  readonly recommendation?: 'approve' | 'reject' | undefined;
}

const LOCALES: Record<Language, string> = {
  en: 'en-GB-u-nu-latn',
  fr: 'fr-FR-u-nu-latn',
  ar: 'ar-TN-u-nu-latn',
};

interface Parts {
  readonly n: EventNotice;
  /** The record as the object of a sentence: “the application …”, « la demande … », «طلب …». */
  readonly what: string;
  readonly date: string;
  readonly amount: string;
  readonly org: string;
}

type Template = (p: Parts) => Rendered;
type Templates = Readonly<Record<EventNoticeKind, Template>>;

const WHAT: Record<Language, (n: EventNotice) => string> = {
  en: (n) =>
    n.record === 'partnership'
      ? `the partnership application of ${n.organisation ?? n.title}`
      : n.record === 'milestone'
        ? `the report “${n.title}”`
        : `the application “${n.title}”`,
  fr: (n) =>
    n.record === 'partnership'
      ? `la demande de partenariat de ${n.organisation ?? n.title}`
      : n.record === 'milestone'
        ? `le rapport « ${n.title} »`
        : `la demande « ${n.title} »`,
  ar: (n) =>
    n.record === 'partnership'
      ? `طلب الشراكة المقدَّم من ${n.organisation ?? n.title}`
      : n.record === 'milestone'
        ? `التقرير «${n.title}»`
        : `الطلب «${n.title}»`,
};

const en: Templates = {
  submitted: (p) => ({
    subject: `New application to review: ${p.n.title}`,
    text: `${p.org} submitted ${p.what}.${p.n.date ? ` The decision is due by ${p.date}.` : ''}`,
    action: 'Open it and start the review.',
  }),
  changes_requested: (p) => ({
    subject: `Changes requested: ${p.n.title}`,
    text: `The city asks for changes to ${p.what}.`,
    action: 'Open the application, make the changes and submit it again.',
  }),
  recommended: (p) => ({
    subject: `Decision to take: ${p.n.title}`,
    text: `The officer recommends to ${p.n.recommendation === 'reject' ? 'reject' : 'approve'} ${p.what}, from ${p.org}.`,
    action: 'Open the application and record the decision.',
  }),
  award_to_accept: (p) => ({
    subject: `Grant approved: ${p.n.title}`,
    text: `The city approved ${p.what}: a grant of ${p.amount}. The decision letter is on the grant’s page.`,
    action: 'Open it and accept the award, so that its first payment can be made.',
  }),
  grant_awarded: (p) => ({
    subject: `Grant awarded: ${p.n.title}`,
    text: `The city awarded ${p.amount} to ${p.what}, from ${p.org}, which you fund in part.`,
    action: 'Open it to see the award and its reporting dates.',
  }),
  grant_rejected: (p) => ({
    subject: `Application not approved: ${p.n.title}`,
    text: `The city did not approve ${p.what}.`,
    action: 'Open it to read the decision letter.',
  }),
  payment_made: (p) => ({
    subject: `Payment made: ${p.n.title}`,
    text: `The city recorded a payment of ${p.amount} for the grant “${p.n.title}” on ${p.date}.`,
    action: 'Open the grant to see its payments.',
  }),
  report_submitted: (p) => ({
    subject: `Report to review: ${p.n.title}`,
    text: `${p.org} submitted ${p.what}.`,
    action: 'Open it and review it.',
  }),
  revision_requested: (p) => ({
    subject: `Revision requested: ${p.n.title}`,
    text: `The city asks you to revise ${p.what}.`,
    action: 'Open the report, revise it and submit it again.',
  }),
  report_accepted: (p) => ({
    subject: `Report accepted: ${p.n.title}`,
    text: `The city accepted ${p.what}.`,
    action: 'Open it to see its review.',
  }),
  agreement_to_sign: (p) => ({
    subject: `Agreement ready to sign: ${p.org}`,
    text: `The partnership of ${p.org} with the city is approved, and its agreement is ready to be signed by both sides.`,
    action: 'Open it, read the agreement and sign it.',
  }),
  partnership_declined: (p) => ({
    subject: `Partnership not approved: ${p.org}`,
    text: `The city did not approve ${p.what}.`,
    action: 'Open it to read the decision.',
  }),
};

const fr: Templates = {
  submitted: (p) => ({
    subject: `Nouvelle demande à examiner : ${p.n.title}`,
    text: `${p.org} a déposé ${p.what}.${p.n.date ? ` La décision est attendue au plus tard le ${p.date}.` : ''}`,
    action: 'Ouvrez-la et commencez l’examen.',
  }),
  changes_requested: (p) => ({
    subject: `Modifications demandées : ${p.n.title}`,
    text: `La municipalité demande des modifications à ${p.what}.`,
    action: 'Ouvrez la demande, apportez les modifications et déposez-la à nouveau.',
  }),
  recommended: (p) => ({
    subject: `Décision à prendre : ${p.n.title}`,
    text: `L’agent recommande ${p.n.recommendation === 'reject' ? 'de refuser' : 'd’approuver'} ${p.what}, de ${p.org}.`,
    action: 'Ouvrez la demande et enregistrez la décision.',
  }),
  award_to_accept: (p) => ({
    subject: `Subvention accordée : ${p.n.title}`,
    text: `La municipalité a approuvé ${p.what} : une subvention de ${p.amount}. La lettre de décision se trouve sur la page de la subvention.`,
    action: 'Ouvrez-la et acceptez la subvention, pour que le premier versement puisse être effectué.',
  }),
  grant_awarded: (p) => ({
    subject: `Subvention accordée : ${p.n.title}`,
    text: `La municipalité a accordé ${p.amount} à ${p.what}, de ${p.org}, que vous financez en partie.`,
    action: 'Ouvrez-la pour voir la subvention et ses dates de rapport.',
  }),
  grant_rejected: (p) => ({
    subject: `Demande non retenue : ${p.n.title}`,
    text: `La municipalité n’a pas approuvé ${p.what}.`,
    action: 'Ouvrez-la pour lire la lettre de décision.',
  }),
  payment_made: (p) => ({
    subject: `Versement effectué : ${p.n.title}`,
    text: `La municipalité a enregistré un versement de ${p.amount} pour la subvention « ${p.n.title} » le ${p.date}.`,
    action: 'Ouvrez la subvention pour voir ses versements.',
  }),
  report_submitted: (p) => ({
    subject: `Rapport à examiner : ${p.n.title}`,
    text: `${p.org} a remis ${p.what}.`,
    action: 'Ouvrez-le et examinez-le.',
  }),
  revision_requested: (p) => ({
    subject: `Révision demandée : ${p.n.title}`,
    text: `La municipalité vous demande de réviser ${p.what}.`,
    action: 'Ouvrez le rapport, révisez-le et remettez-le à nouveau.',
  }),
  report_accepted: (p) => ({
    subject: `Rapport accepté : ${p.n.title}`,
    text: `La municipalité a accepté ${p.what}.`,
    action: 'Ouvrez-le pour voir son examen.',
  }),
  agreement_to_sign: (p) => ({
    subject: `Convention prête à signer : ${p.org}`,
    text: `Le partenariat de ${p.org} avec la municipalité est approuvé ; sa convention est prête à être signée par les deux parties.`,
    action: 'Ouvrez-la, lisez la convention et signez-la.',
  }),
  partnership_declined: (p) => ({
    subject: `Partenariat non retenu : ${p.org}`,
    text: `La municipalité n’a pas approuvé ${p.what}.`,
    action: 'Ouvrez-la pour lire la décision.',
  }),
};

// Arabic: the polite plural throughout, as in the daily job's mails.
const ar: Templates = {
  submitted: (p) => ({
    subject: `طلب جديد للدراسة: ${p.n.title}`,
    text: `قدّمت ${p.org} ${p.what}.${p.n.date ? ` يجب البتّ فيه في أجل أقصاه ${p.date}.` : ''}`,
    action: 'يُرجى فتحه وبدء دراسته.',
  }),
  changes_requested: (p) => ({
    subject: `تعديلات مطلوبة: ${p.n.title}`,
    text: `تطلب البلدية إدخال تعديلات على ${p.what}.`,
    action: 'يُرجى فتح الطلب وإدخال التعديلات ثم تقديمه من جديد.',
  }),
  recommended: (p) => ({
    subject: `قرار مطلوب: ${p.n.title}`,
    text: `يوصي المكلَّف بالملف ${p.n.recommendation === 'reject' ? 'برفض' : 'بقبول'} ${p.what} المقدَّم من ${p.org}.`,
    action: 'يُرجى فتح الطلب وتسجيل القرار.',
  }),
  award_to_accept: (p) => ({
    subject: `تمّت الموافقة على المنحة: ${p.n.title}`,
    text: `وافقت البلدية على ${p.what}: منحة بمبلغ ${p.amount}. رسالة القرار متاحة في صفحة المنحة.`,
    action: 'يُرجى فتحها وقبول المنحة حتى يتسنّى صرف الدفعة الأولى.',
  }),
  grant_awarded: (p) => ({
    subject: `إسناد منحة: ${p.n.title}`,
    text: `أسندت البلدية مبلغ ${p.amount} إلى ${p.what} المقدَّم من ${p.org}، وتساهمون في تمويله.`,
    action: 'يُرجى فتحها للاطلاع على المنحة ومواعيد تقاريرها.',
  }),
  grant_rejected: (p) => ({
    subject: `لم تتمّ الموافقة على الطلب: ${p.n.title}`,
    text: `لم توافق البلدية على ${p.what}.`,
    action: 'يُرجى فتحه لقراءة رسالة القرار.',
  }),
  payment_made: (p) => ({
    subject: `تمّ صرف دفعة: ${p.n.title}`,
    text: `سجّلت البلدية صرف دفعة بمبلغ ${p.amount} بعنوان المنحة «${p.n.title}» يوم ${p.date}.`,
    action: 'يُرجى فتح المنحة للاطلاع على دفعاتها.',
  }),
  report_submitted: (p) => ({
    subject: `تقرير للدراسة: ${p.n.title}`,
    text: `قدّمت ${p.org} ${p.what}.`,
    action: 'يُرجى فتحه ودراسته.',
  }),
  revision_requested: (p) => ({
    subject: `طُلب تعديل التقرير: ${p.n.title}`,
    text: `تطلب منكم البلدية تعديل ${p.what}.`,
    action: 'يُرجى فتح التقرير وتعديله ثم تقديمه من جديد.',
  }),
  report_accepted: (p) => ({
    subject: `تمّ قبول التقرير: ${p.n.title}`,
    text: `قبلت البلدية ${p.what}.`,
    action: 'يُرجى فتحه للاطلاع على تقييمه.',
  }),
  agreement_to_sign: (p) => ({
    subject: `الاتفاقية جاهزة للإمضاء: ${p.org}`,
    text: `تمّت الموافقة على شراكة ${p.org} مع البلدية، واتفاقيتها جاهزة لإمضاء الطرفين.`,
    action: 'يُرجى فتحها وقراءة الاتفاقية وإمضاؤها.',
  }),
  partnership_declined: (p) => ({
    subject: `لم تتمّ الموافقة على الشراكة: ${p.org}`,
    text: `لم توافق البلدية على ${p.what}.`,
    action: 'يُرجى فتحه لقراءة القرار.',
  }),
};

const TEMPLATES: Record<Language, Templates> = { en, fr, ar };

/** How each language introduces the reviewer's own words. */
const SAID: Record<Language, string> = {
  en: 'The reason it gave:',
  fr: 'Le motif donné :',
  ar: 'السبب المذكور:',
};

export function renderEventNotice(n: EventNotice, language: Language): Rendered {
  const lang: Language = TEMPLATES[language] ? language : 'en';
  const r = TEMPLATES[lang][n.kind]({
    n,
    what: WHAT[lang](n),
    date: n.date ? formatMailDate(n.date, lang) : '',
    amount: n.amount ? formatMoney(n.amount, LOCALES[lang]) : '',
    org: n.organisation ?? '',
  });
  const typeset = (s: string) => (lang === 'fr' ? frenchTypography(s) : s);
  // The reason is quoted as its author wrote it, after the typesetting of our own words.
  const reason = n.reason ? `\n\n${typeset(SAID[lang])} ${n.reason}` : '';
  return {
    subject: typeset(r.subject),
    text: `${typeset(r.text)}${reason}`,
    ...(r.action ? { action: typeset(r.action) } : {}),
  };
}
