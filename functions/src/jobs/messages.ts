/**
 * What the daily job tells people, in Arabic, French and English: one template per kind of notice.
 * The same words go into the in-app notification and the e-mail; the recipient's language decides.
 *
 * Dates are written the reader's way (1 juin 2027, 1 جوان 2027), counts take the language's plural forms
 * (Intl.PluralRules: six in Arabic), French gets its no-break spaces, and an Arabic mail is marked
 * right to left line by line (RLM), since a plain-text mail has no other way to say its direction.
 * A mail greets the person by name, says what to do next with the link, and asks not to reply.
 */
import { frenchTypography } from '#domain/typography';

export type Language = 'ar' | 'fr' | 'en';

/** An annual review of a partnership: its number in the term, and the term; its title is made per language. */
export interface AnnualReviewRef {
  readonly number: number;
  readonly termStart: string;
  readonly termEnd: string;
}

/** What a notice about a report or an annual review says of it. */
interface MilestoneRef {
  readonly title: string;
  readonly dueDate: string;
  readonly review?: AnnualReviewRef | undefined;
}

export type Notice =
  | (MilestoneRef & { readonly kind: 'milestone_reminder'; readonly offset: number })
  | (MilestoneRef & { readonly kind: 'milestone_overdue'; readonly grant: boolean })
  | (MilestoneRef & {
      readonly kind: 'milestone_overdue_staff';
      /** A grant's report (its payments are held), not a partnership's annual review. */
      readonly grant?: boolean | undefined;
    })
  | {
      readonly kind: 'decision_due_soon';
      readonly title: string;
      readonly deadline: string;
      /** Working days left until the deadline. */
      readonly workingDays?: number | undefined;
    }
  | { readonly kind: 'decision_late'; readonly title: string; readonly deadline: string }
  | {
      readonly kind: 'partnership_activated';
      readonly name: string;
      readonly start: string;
      readonly end: string;
    }
  | { readonly kind: 'partnership_renewal_due'; readonly name: string; readonly end: string }
  | { readonly kind: 'partnership_expired'; readonly name: string; readonly end: string }
  | { readonly kind: 'invitation'; readonly city: string; readonly organisation?: string | undefined }
  | { readonly kind: 'registration_declined'; readonly organisation: string; readonly reason: string };

/** Who reads the notice: the association the notice is about reads "your partnership", others its name. */
export interface Recipient {
  readonly name?: string | undefined;
  readonly cso?: boolean | undefined;
}

export interface Rendered {
  readonly subject: string;
  readonly text: string;
  /** What to do next, said just before the link in a mail. */
  readonly action?: string | undefined;
}

/** A message's plural forms: `other` always, the language's other categories as it needs them. */
export type Forms = { readonly other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', ar: 'ar-TN' };

/** The form of `forms` that the language uses for `count` (six categories in Arabic), `{n}` filled in. */
export function plural(language: Language, count: number, forms: Forms): string {
  const category = new Intl.PluralRules(LOCALES[language]).select(count);
  return (forms[category] ?? forms.other).replace('{n}', String(count));
}

/** A calendar date (YYYY-MM-DD) in the reader's language: "1 June 2027", « 1 juin 2027 », «1 جوان 2027». */
export function formatMailDate(date: string, language: Language): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return date;
  const text = new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
  // French writes the first of the month as an ordinal: « 1er juin ».
  return language === 'fr' && d === 1 ? text.replace(/^1 /, '1er ') : text;
}

interface Words {
  days(n: number): string;
  workingDays(n: number): string;
  reviewTitle(name: string, r: AnnualReviewRef, date: (d: string) => string): string;
  /** "report" or "annual review", with its article, as the subject of a sentence. */
  report(review: boolean): string;
  Report(review: boolean): string;
}

const WORDS: Record<Language, Words> = {
  en: {
    days: (n) => plural('en', n, { one: '{n} day', other: '{n} days' }),
    workingDays: (n) => plural('en', n, { one: '{n} working day', other: '{n} working days' }),
    reviewTitle: (name, r, date) => `${name}, year ${r.number} (${date(r.termStart)} – ${date(r.termEnd)})`,
    report: (review) => (review ? 'the annual review' : 'the report'),
    Report: (review) => (review ? 'Annual review' : 'Report'),
  },
  fr: {
    days: (n) => plural('fr', n, { one: '{n} jour', other: '{n} jours' }),
    workingDays: (n) => plural('fr', n, { one: '{n} jour ouvré', other: '{n} jours ouvrés' }),
    reviewTitle: (name, r, date) =>
      `${name}, année ${r.number} (du ${date(r.termStart)} au ${date(r.termEnd)})`,
    report: (review) => (review ? 'le bilan annuel' : 'le rapport'),
    Report: (review) => (review ? 'Bilan annuel' : 'Rapport'),
  },
  ar: {
    // After خلال / منذ / بعد: the genitive forms.
    days: (n) =>
      plural('ar', n, {
        zero: 'أقل من يوم',
        one: 'يوم واحد',
        two: 'يومين',
        few: '{n} أيام',
        many: '{n} يومًا',
        other: '{n} يوم',
      }),
    workingDays: (n) =>
      plural('ar', n, {
        zero: 'أقل من يوم عمل',
        one: 'يوم عمل واحد',
        two: 'يومَي عمل',
        few: '{n} أيام عمل',
        many: '{n} يوم عمل',
        other: '{n} يوم عمل',
      }),
    reviewTitle: (name, r, date) =>
      `${name}، السنة ${r.number} (من ${date(r.termStart)} إلى ${date(r.termEnd)})`,
    report: (review) => (review ? 'التقييم السنوي' : 'التقرير'),
    Report: (review) => (review ? 'التقييم السنوي' : 'التقرير'),
  },
};

type Ctx = { readonly date: (d: string) => string; readonly w: Words; readonly cso: boolean };
type Templates = {
  readonly [K in Notice['kind']]: (n: Extract<Notice, { kind: K }>, c: Ctx) => Rendered;
};

/** The title of a report: an annual review's is made from its data, in the reader's language. */
function titleOf(
  n: { readonly title: string; readonly review?: AnnualReviewRef | undefined },
  c: Ctx,
): string {
  return n.review ? c.w.reviewTitle(n.title, n.review, c.date) : n.title;
}

/** A report's title, and how a sentence names it: within ("the report") and at its start ("Report"). */
function reportWords(n: { readonly title: string; readonly review?: AnnualReviewRef | undefined }, c: Ctx) {
  return { title: titleOf(n, c), what: c.w.report(!!n.review), What: c.w.Report(!!n.review) };
}

/** Working days left to decide (two when the notice does not say), 0 on the day it is due. */
const daysToDecide = (n: { readonly workingDays?: number | undefined }) => Math.max(0, n.workingDays ?? 2);

const en: Templates = {
  milestone_reminder: (n, c) => {
    const { title, what, What } = reportWords(n, c);
    if (n.offset < 0)
      return {
        subject: `${What} due in ${c.w.days(-n.offset)}: ${title}`,
        text: `${capital(what)} “${title}” is due on ${c.date(n.dueDate)}, in ${c.w.days(-n.offset)}.`,
        action: 'Open it, fill it in and submit it by that date.',
      };
    if (n.offset === 0)
      return {
        subject: `${What} due today: ${title}`,
        text: `${capital(what)} “${title}” is due today, ${c.date(n.dueDate)}.`,
        action: 'Open it, fill it in and submit it today.',
      };
    return {
      subject: `${What} ${c.w.days(n.offset)} late: ${title}`,
      text: `${capital(what)} “${title}” was due on ${c.date(n.dueDate)}, ${c.w.days(n.offset)} ago.`,
      action: 'Open it and submit it as soon as you can.',
    };
  },
  milestone_overdue: (n, c) => ({
    subject: `${c.w.Report(!!n.review)} overdue: ${titleOf(n, c)}`,
    text:
      `${capital(c.w.report(!!n.review))} “${titleOf(n, c)}” was due on ${c.date(n.dueDate)} and has not been submitted.` +
      (n.grant
        ? ' Until it is submitted, the payments of this grant are on hold and your organisation cannot apply for new fast-track grants.'
        : ' Until it is submitted, your organisation cannot apply for new fast-track grants.'),
    action: 'Open it and submit it as soon as you can.',
  }),
  milestone_overdue_staff: (n, c) => ({
    subject: `${c.w.Report(!!n.review)} overdue: ${titleOf(n, c)}`,
    text:
      `${capital(c.w.report(!!n.review))} “${titleOf(n, c)}” was due on ${c.date(n.dueDate)} and is now overdue.` +
      (n.grant === false
        ? ' The organisation has been reminded; until it is submitted, it cannot apply for fast-track grants.'
        : ' The payments of its grant not yet made are on hold, and the organisation cannot apply for fast-track grants, until it is submitted.'),
    action: 'Open it to follow it up.',
  }),
  decision_due_soon: (n, c) => ({
    subject:
      daysToDecide(n) > 0
        ? `Decision due in ${c.w.workingDays(daysToDecide(n))}: ${n.title}`
        : `Decision due today: ${n.title}`,
    text: `The fast-track application “${n.title}” must be decided by ${c.date(n.deadline)}.`,
    action: 'Open the application and record the decision.',
  }),
  decision_late: (n, c) => ({
    subject: `Decision late: ${n.title}`,
    text: `The fast-track application “${n.title}” was to be decided by ${c.date(n.deadline)}. It is now marked late.`,
    action: 'Open the application and record the decision as soon as you can.',
  }),
  partnership_activated: (n, c) => ({
    subject: `Partnership in force: ${n.name}`,
    text: c.cso
      ? `Your partnership with the city is in force from ${c.date(n.start)} to ${c.date(n.end)}. Your organisation can now apply for fast-track grants.`
      : `The partnership with ${n.name} is in force from ${c.date(n.start)} to ${c.date(n.end)}.`,
    action: 'Open the partnership to see its action plan and its annual reviews.',
  }),
  partnership_renewal_due: (n, c) =>
    c.cso
      ? {
          subject: `Partnership ends on ${c.date(n.end)}: ${n.name}`,
          text: `Your partnership with the city ends on ${c.date(n.end)}. The mayor’s office can renew it before then; otherwise it expires.`,
          action: 'If you want to continue, tell your contact at the city before that date.',
        }
      : {
          subject: `Partnership ends on ${c.date(n.end)}: ${n.name}`,
          text: `The partnership with ${n.name} ends on ${c.date(n.end)}. Unless it is renewed before then, it expires.`,
          action: 'To renew it, open the partnership and choose “Renew” before that date.',
        },
  partnership_expired: (n, c) => ({
    subject: `Partnership expired: ${n.name}`,
    text: c.cso
      ? `Your partnership with the city ended on ${c.date(n.end)} without renewal and has expired.`
      : `The partnership with ${n.name} ended on ${c.date(n.end)} without renewal and has expired.`,
    action: c.cso
      ? 'To work with the city again, apply for partnership status.'
      : 'Open the partnership to see its history.',
  }),
  invitation: (n) => ({
    subject: `You are invited to Passerelle: ${n.organisation ?? n.city}`,
    text: n.organisation
      ? `You are invited to Passerelle, where ${n.organisation} works with the city of ${n.city} on partnerships and grants.`
      : `You are invited to Passerelle, where the city of ${n.city} runs its partnerships and grants with associations.`,
    action: 'Sign in with this e-mail address to start.',
  }),
  registration_declined: (n) => ({
    subject: `Registration not accepted: ${n.organisation}`,
    text: `The city did not accept the registration of ${n.organisation}. The reason it gave: ${n.reason}`,
    action: 'You may correct what is said and register again.',
  }),
};

const fr: Templates = {
  milestone_reminder: (n, c) => {
    const { title, what, What } = reportWords(n, c);
    if (n.offset < 0)
      return {
        subject: `${What} à remettre dans ${c.w.days(-n.offset)} : ${title}`,
        text: `${capital(what)} « ${title} » est à remettre au plus tard le ${c.date(n.dueDate)}, dans ${c.w.days(-n.offset)}.`,
        action: 'Ouvrez-le, remplissez-le et remettez-le au plus tard à cette date.',
      };
    if (n.offset === 0)
      return {
        subject: `${What} à remettre aujourd’hui : ${title}`,
        text: `${capital(what)} « ${title} » est à remettre aujourd’hui, le ${c.date(n.dueDate)}.`,
        action: 'Ouvrez-le, remplissez-le et remettez-le aujourd’hui.',
      };
    return {
      subject: `${What} en retard de ${c.w.days(n.offset)} : ${title}`,
      text: `${capital(what)} « ${title} » était à remettre le ${c.date(n.dueDate)}, il y a ${c.w.days(n.offset)}.`,
      action: 'Ouvrez-le et remettez-le dès que possible.',
    };
  },
  milestone_overdue: (n, c) => ({
    subject: `${c.w.Report(!!n.review)} en retard : ${titleOf(n, c)}`,
    text:
      `${capital(c.w.report(!!n.review))} « ${titleOf(n, c)} » était à remettre le ${c.date(n.dueDate)} et n’a pas été remis.` +
      (n.grant
        ? ' Tant qu’il n’est pas remis, les versements de cette subvention sont suspendus et votre association ne peut pas déposer de nouvelle demande accélérée.'
        : ' Tant qu’il n’est pas remis, votre association ne peut pas déposer de nouvelle demande accélérée.'),
    action: 'Ouvrez-le et remettez-le dès que possible.',
  }),
  milestone_overdue_staff: (n, c) => ({
    subject: `${c.w.Report(!!n.review)} en retard : ${titleOf(n, c)}`,
    text:
      `${capital(c.w.report(!!n.review))} « ${titleOf(n, c)} » était à remettre le ${c.date(n.dueDate)} et est maintenant en retard.` +
      (n.grant === false
        ? ' L’association a reçu un rappel ; jusqu’à sa remise, elle ne peut pas déposer de demande accélérée.'
        : ' Les versements non encore effectués de sa subvention sont suspendus, et l’association ne peut pas déposer de demande accélérée, jusqu’à sa remise.'),
    action: 'Ouvrez-le pour en assurer le suivi.',
  }),
  decision_due_soon: (n, c) => ({
    subject:
      daysToDecide(n) > 0
        ? `Décision attendue dans ${c.w.workingDays(daysToDecide(n))} : ${n.title}`
        : `Décision attendue aujourd’hui : ${n.title}`,
    text: `La demande accélérée « ${n.title} » doit être décidée au plus tard le ${c.date(n.deadline)}.`,
    action: 'Ouvrez la demande et enregistrez la décision.',
  }),
  decision_late: (n, c) => ({
    subject: `Décision en retard : ${n.title}`,
    text: `La demande accélérée « ${n.title} » devait être décidée au plus tard le ${c.date(n.deadline)}. Elle est désormais marquée en retard.`,
    action: 'Ouvrez la demande et enregistrez la décision dès que possible.',
  }),
  partnership_activated: (n, c) => ({
    subject: `Partenariat en vigueur : ${n.name}`,
    text: c.cso
      ? `Votre partenariat avec la municipalité est en vigueur du ${c.date(n.start)} au ${c.date(n.end)}. Votre association peut désormais demander des subventions accélérées.`
      : `Le partenariat avec ${n.name} est en vigueur du ${c.date(n.start)} au ${c.date(n.end)}.`,
    action: 'Ouvrez le partenariat pour voir son plan d’action et ses bilans annuels.',
  }),
  partnership_renewal_due: (n, c) =>
    c.cso
      ? {
          subject: `Le partenariat prend fin le ${c.date(n.end)} : ${n.name}`,
          text: `Votre partenariat avec la municipalité prend fin le ${c.date(n.end)}. Le cabinet du maire peut le renouveler d’ici là ; sinon, il expire.`,
          action: 'Si vous souhaitez continuer, prévenez votre contact à la municipalité avant cette date.',
        }
      : {
          subject: `Le partenariat prend fin le ${c.date(n.end)} : ${n.name}`,
          text: `Le partenariat avec ${n.name} prend fin le ${c.date(n.end)}. S’il n’est pas renouvelé d’ici là, il expire.`,
          action: 'Pour le renouveler, ouvrez le partenariat et choisissez « Renouveler » avant cette date.',
        },
  partnership_expired: (n, c) => ({
    subject: `Partenariat expiré : ${n.name}`,
    text: c.cso
      ? `Votre partenariat avec la municipalité a pris fin le ${c.date(n.end)} sans renouvellement et a expiré.`
      : `Le partenariat avec ${n.name} a pris fin le ${c.date(n.end)} sans renouvellement et a expiré.`,
    action: c.cso
      ? 'Pour travailler de nouveau avec la municipalité, demandez le statut de partenaire.'
      : 'Ouvrez le partenariat pour voir son historique.',
  }),
  invitation: (n) => ({
    subject: `Invitation à Passerelle : ${n.organisation ?? n.city}`,
    text: n.organisation
      ? `Vous êtes invité(e) sur Passerelle, où ${n.organisation} travaille avec la municipalité de ${n.city} sur les partenariats et les subventions.`
      : `Vous êtes invité(e) sur Passerelle, où la municipalité de ${n.city} gère ses partenariats et ses subventions avec les associations.`,
    action: 'Connectez-vous avec cette adresse e-mail pour commencer.',
  }),
  registration_declined: (n) => ({
    subject: `Inscription non retenue : ${n.organisation}`,
    text: `La municipalité n’a pas retenu l’inscription de ${n.organisation}. Le motif donné : ${n.reason}`,
    action: 'Vous pouvez corriger ce qui est indiqué et vous inscrire à nouveau.',
  }),
};

// Arabic: the polite plural throughout, body and signature alike.
const ar: Templates = {
  milestone_reminder: (n, c) => {
    const { title, what } = reportWords(n, c);
    if (n.offset < 0)
      return {
        subject: `${what} مطلوب خلال ${c.w.days(-n.offset)}: ${title}`,
        text: `آخر أجل لتقديم ${what} «${title}» هو ${c.date(n.dueDate)}، أي بعد ${c.w.days(-n.offset)}.`,
        action: 'يُرجى فتحه وتعميره وتقديمه قبل هذا التاريخ.',
      };
    if (n.offset === 0)
      return {
        subject: `${what} مطلوب اليوم: ${title}`,
        text: `آخر أجل لتقديم ${what} «${title}» هو اليوم، ${c.date(n.dueDate)}.`,
        action: 'يُرجى فتحه وتعميره وتقديمه اليوم.',
      };
    return {
      subject: `${what} متأخر منذ ${c.w.days(n.offset)}: ${title}`,
      text: `كان آخر أجل لتقديم ${what} «${title}» يوم ${c.date(n.dueDate)}، أي منذ ${c.w.days(n.offset)}.`,
      action: 'يُرجى فتحه وتقديمه في أقرب الآجال.',
    };
  },
  milestone_overdue: (n, c) => ({
    subject: `${c.w.report(!!n.review)} خارج الأجل: ${titleOf(n, c)}`,
    text:
      `كان آخر أجل لتقديم ${c.w.report(!!n.review)} «${titleOf(n, c)}» يوم ${c.date(n.dueDate)} ولم يُقدَّم بعد.` +
      (n.grant
        ? ' إلى أن يُقدَّم، تبقى دفعات هذه المنحة معلّقة ولا يمكن لجمعيتكم تقديم طلبات جديدة في المسار السريع.'
        : ' إلى أن يُقدَّم، لا يمكن لجمعيتكم تقديم طلبات جديدة في المسار السريع.'),
    action: 'يُرجى فتحه وتقديمه في أقرب الآجال.',
  }),
  milestone_overdue_staff: (n, c) => ({
    subject: `${c.w.report(!!n.review)} خارج الأجل: ${titleOf(n, c)}`,
    text:
      `كان آخر أجل لتقديم ${c.w.report(!!n.review)} «${titleOf(n, c)}» يوم ${c.date(n.dueDate)}، وهو الآن خارج الأجل.` +
      (n.grant === false
        ? ' تمّ تذكير الجمعية، ولا يمكنها تقديم طلبات في المسار السريع إلى أن يُقدَّم.'
        : ' الدفعات غير المسدّدة من المنحة معلّقة، ولا يمكن للجمعية تقديم طلبات في المسار السريع، إلى أن يُقدَّم.'),
    action: 'يُرجى فتحه لمتابعته.',
  }),
  decision_due_soon: (n, c) => ({
    subject:
      daysToDecide(n) > 0
        ? `قرار مطلوب خلال ${c.w.workingDays(daysToDecide(n))}: ${n.title}`
        : `قرار مطلوب اليوم: ${n.title}`,
    text: `يجب البتّ في طلب المسار السريع «${n.title}» في أجل أقصاه ${c.date(n.deadline)}.`,
    action: 'يُرجى فتح الطلب وتسجيل القرار.',
  }),
  decision_late: (n, c) => ({
    subject: `قرار خارج الأجل: ${n.title}`,
    text: `كان يجب البتّ في طلب المسار السريع «${n.title}» في أجل أقصاه ${c.date(n.deadline)}. وقد سُجّل الآن تأخّر القرار.`,
    action: 'يُرجى فتح الطلب وتسجيل القرار في أقرب الآجال.',
  }),
  partnership_activated: (n, c) => ({
    subject: `الشراكة سارية: ${n.name}`,
    text: c.cso
      ? `شراكة جمعيتكم مع البلدية سارية من ${c.date(n.start)} إلى ${c.date(n.end)}. يمكن لجمعيتكم الآن طلب منح في المسار السريع.`
      : `الشراكة مع ${n.name} سارية من ${c.date(n.start)} إلى ${c.date(n.end)}.`,
    action: 'افتحوا الشراكة للاطلاع على خطة العمل والتقييمات السنوية.',
  }),
  partnership_renewal_due: (n, c) =>
    c.cso
      ? {
          subject: `تنتهي الشراكة يوم ${c.date(n.end)}: ${n.name}`,
          text: `تنتهي شراكة جمعيتكم مع البلدية يوم ${c.date(n.end)}. يمكن لديوان رئيس البلدية تجديدها قبل ذلك، وإلا فإنها تنقضي.`,
          action: 'إذا رغبتم في مواصلة الشراكة، يُرجى إعلام مخاطَبكم في البلدية قبل هذا التاريخ.',
        }
      : {
          subject: `تنتهي الشراكة يوم ${c.date(n.end)}: ${n.name}`,
          text: `تنتهي الشراكة مع ${n.name} يوم ${c.date(n.end)}. إذا لم تُجدَّد قبل ذلك، فإنها تنقضي.`,
          action: 'لتجديدها، افتحوا الشراكة واختاروا «تجديد» قبل هذا التاريخ.',
        },
  partnership_expired: (n, c) => ({
    subject: `انقضت الشراكة: ${n.name}`,
    text: c.cso
      ? `انتهت شراكة جمعيتكم مع البلدية يوم ${c.date(n.end)} دون تجديد، وقد انقضت.`
      : `انتهت الشراكة مع ${n.name} يوم ${c.date(n.end)} دون تجديد، وقد انقضت.`,
    action: c.cso
      ? 'للعمل مع البلدية من جديد، اطلبوا صفة الشريك.'
      : 'افتحوا الشراكة للاطلاع على سجلّ الإجراءات.',
  }),
  invitation: (n) => ({
    subject: `دعوة إلى Passerelle: ${n.organisation ?? n.city}`,
    text: n.organisation
      ? `أنتم مدعوّون إلى Passerelle، حيث تعمل ${n.organisation} مع بلدية ${n.city} على الشراكات والمنح.`
      : `أنتم مدعوّون إلى Passerelle، حيث تدير بلدية ${n.city} شراكاتها ومنحها مع الجمعيات.`,
    action: 'سجّلوا الدخول بعنوان البريد الإلكتروني هذا للبدء.',
  }),
  registration_declined: (n) => ({
    subject: `لم يُقبل التسجيل: ${n.organisation}`,
    text: `لم تقبل البلدية تسجيل ${n.organisation}. السبب المذكور: ${n.reason}`,
    action: 'يمكنكم تصحيح ما ذُكر والتسجيل من جديد.',
  }),
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const TEMPLATES: Record<Language, Templates> = { en, fr, ar };

const MAIL: Record<
  Language,
  { greeting(name?: string): string; open: string; noReply: string; signature: string }
> = {
  en: {
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    open: 'Open it here:',
    noReply: 'This message was sent automatically by Passerelle. Please do not reply to it.',
    signature: '— Passerelle',
  },
  fr: {
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    open: 'Pour l’ouvrir :',
    noReply: 'Ce message est envoyé automatiquement par Passerelle ; merci de ne pas y répondre.',
    signature: '— Passerelle',
  },
  ar: {
    greeting: (name) => (name ? `مرحبًا ${name}،` : 'مرحبًا،'),
    open: 'للفتح:',
    noReply: 'أُرسلت هذه الرسالة آليًا من Passerelle، يُرجى عدم الرد عليها.',
    signature: '— Passerelle',
  },
};

const typeset = (language: Language, s: string) => (language === 'fr' ? frenchTypography(s) : s);

export function render(notice: Notice, language: Language, recipient?: Recipient): Rendered {
  const lang: Language = TEMPLATES[language] ? language : 'en';
  const c: Ctx = {
    date: (d) => formatMailDate(d, lang),
    w: WORDS[lang],
    cso: recipient?.cso === true,
  };
  const r = (TEMPLATES[lang][notice.kind] as (n: Notice, c: Ctx) => Rendered)(notice, c);
  return {
    subject: typeset(lang, r.subject),
    text: typeset(lang, r.text),
    ...(r.action ? { action: typeset(lang, r.action) } : {}),
  };
}

/** Right-to-left mark at the start of each line: a plain-text mail reader then sets it right to left. */
const RLM = '\u200f';

/**
 * The mail's text: a greeting with the person's name, what happened, what to do next with the link,
 * and a "do not reply" line; in Arabic each line starts right to left.
 */
export function mailText(
  rendered: Rendered,
  language: Language,
  link?: string,
  baseUrl?: string,
  recipientName?: string,
): string {
  const lang: Language = MAIL[language] ? language : 'en';
  const m = MAIL[lang];
  const url = link && baseUrl ? `${baseUrl.replace(/\/$/, '')}${link}` : undefined;
  const next = [rendered.action, url ? `${typeset(lang, m.open)} ${url}` : undefined].filter(Boolean);
  const paragraphs = [
    m.greeting(recipientName),
    rendered.text,
    ...(next.length ? [next.join('\n')] : []),
    `${m.signature}\n${typeset(lang, m.noReply)}`,
  ];
  const text = paragraphs.join('\n\n');
  return lang === 'ar'
    ? text
        .split('\n')
        .map((line) => (line ? `${RLM}${line}` : line))
        .join('\n')
    : text;
}
