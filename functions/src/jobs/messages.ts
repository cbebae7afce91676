/**
 * What the daily job tells people, in Arabic, French and English: one template per kind of notice.
 * The same words go into the in-app notification and the e-mail; the recipient's language decides.
 */
export type Language = 'ar' | 'fr' | 'en';

export type Notice =
  | {
      readonly kind: 'milestone_reminder';
      readonly title: string;
      readonly dueDate: string;
      readonly offset: number;
    }
  | {
      readonly kind: 'milestone_overdue';
      readonly title: string;
      readonly dueDate: string;
      readonly grant: boolean;
    }
  | { readonly kind: 'milestone_overdue_staff'; readonly title: string; readonly dueDate: string }
  | { readonly kind: 'decision_due_soon'; readonly title: string; readonly deadline: string }
  | { readonly kind: 'decision_late'; readonly title: string; readonly deadline: string }
  | {
      readonly kind: 'partnership_activated';
      readonly name: string;
      readonly start: string;
      readonly end: string;
    }
  | { readonly kind: 'partnership_renewal_due'; readonly name: string; readonly end: string }
  | { readonly kind: 'partnership_expired'; readonly name: string; readonly end: string };

export interface Rendered {
  readonly subject: string;
  readonly text: string;
}

type Templates = { readonly [K in Notice['kind']]: (n: Extract<Notice, { kind: K }>) => Rendered };

const SIGNATURE: Record<Language, string> = {
  en: '\n\n— Passerelle\nThis message was sent automatically. Sign in to Passerelle to act on it.',
  fr: '\n\n— Passerelle\nCe message a été envoyé automatiquement. Connectez-vous à Passerelle pour y donner suite.',
  ar: '\n\n— Passerelle\nأُرسلت هذه الرسالة تلقائيًا. سجّل الدخول إلى Passerelle للمتابعة.',
};

const en: Templates = {
  milestone_reminder: ({ title, dueDate, offset }) =>
    offset < 0
      ? {
          subject: `Report due in ${-offset} days: ${title}`,
          text: `The report "${title}" is due on ${dueDate}, in ${-offset} days.`,
        }
      : offset === 0
        ? { subject: `Report due today: ${title}`, text: `The report "${title}" is due today, ${dueDate}.` }
        : {
            subject: `Report ${offset} days late: ${title}`,
            text: `The report "${title}" was due on ${dueDate}, ${offset} days ago. Please submit it as soon as you can.`,
          },
  milestone_overdue: ({ title, dueDate, grant }) => ({
    subject: `Report overdue: ${title}`,
    text:
      `The report "${title}" was due on ${dueDate} and has not been submitted.` +
      (grant
        ? ' Until you submit it, the payments of this grant are on hold and your organisation cannot submit new fast-track applications.'
        : ' Please submit it as soon as you can.'),
  }),
  milestone_overdue_staff: ({ title, dueDate }) => ({
    subject: `Report overdue: ${title}`,
    text: `The report "${title}" was due on ${dueDate} and is now overdue. Its grant's payments not yet made are on hold.`,
  }),
  decision_due_soon: ({ title, deadline }) => ({
    subject: `Decision due in 2 working days: ${title}`,
    text: `The fast-track application "${title}" must be decided by ${deadline}.`,
  }),
  decision_late: ({ title, deadline }) => ({
    subject: `Decision late: ${title}`,
    text: `The fast-track application "${title}" was to be decided by ${deadline}. It is now marked late.`,
  }),
  partnership_activated: ({ name, start, end }) => ({
    subject: `Partnership in force: ${name}`,
    text: `The partnership with ${name} is in force from ${start} to ${end}.`,
  }),
  partnership_renewal_due: ({ name, end }) => ({
    subject: `Partnership ends on ${end}: ${name}`,
    text: `The partnership with ${name} ends on ${end}. The mayor's office can renew it before then; otherwise it expires.`,
  }),
  partnership_expired: ({ name, end }) => ({
    subject: `Partnership expired: ${name}`,
    text: `The partnership with ${name} ended on ${end} without renewal and has expired.`,
  }),
};

const fr: Templates = {
  milestone_reminder: ({ title, dueDate, offset }) =>
    offset < 0
      ? {
          subject: `Rapport attendu dans ${-offset} jours : ${title}`,
          text: `Le rapport « ${title} » est attendu le ${dueDate}, dans ${-offset} jours.`,
        }
      : offset === 0
        ? {
            subject: `Rapport attendu aujourd’hui : ${title}`,
            text: `Le rapport « ${title} » est attendu aujourd’hui, le ${dueDate}.`,
          }
        : {
            subject: `Rapport en retard de ${offset} jours : ${title}`,
            text: `Le rapport « ${title} » était attendu le ${dueDate}, il y a ${offset} jours. Merci de le soumettre dès que possible.`,
          },
  milestone_overdue: ({ title, dueDate, grant }) => ({
    subject: `Rapport en retard : ${title}`,
    text:
      `Le rapport « ${title} » était attendu le ${dueDate} et n’a pas été soumis.` +
      (grant
        ? ' Tant qu’il n’est pas soumis, les paiements de cette subvention sont suspendus et votre organisation ne peut pas déposer de nouvelle demande accélérée.'
        : ' Merci de le soumettre dès que possible.'),
  }),
  milestone_overdue_staff: ({ title, dueDate }) => ({
    subject: `Rapport en retard : ${title}`,
    text: `Le rapport « ${title} » était attendu le ${dueDate} et est maintenant en retard. Les paiements non encore effectués de la subvention sont suspendus.`,
  }),
  decision_due_soon: ({ title, deadline }) => ({
    subject: `Décision attendue dans 2 jours ouvrables : ${title}`,
    text: `La demande accélérée « ${title} » doit être décidée au plus tard le ${deadline}.`,
  }),
  decision_late: ({ title, deadline }) => ({
    subject: `Décision en retard : ${title}`,
    text: `La demande accélérée « ${title} » devait être décidée au plus tard le ${deadline}. Elle est désormais marquée en retard.`,
  }),
  partnership_activated: ({ name, start, end }) => ({
    subject: `Partenariat en vigueur : ${name}`,
    text: `Le partenariat avec ${name} est en vigueur du ${start} au ${end}.`,
  }),
  partnership_renewal_due: ({ name, end }) => ({
    subject: `Le partenariat prend fin le ${end} : ${name}`,
    text: `Le partenariat avec ${name} prend fin le ${end}. Le cabinet du maire peut le renouveler d’ici là ; sinon, il expire.`,
  }),
  partnership_expired: ({ name, end }) => ({
    subject: `Partenariat expiré : ${name}`,
    text: `Le partenariat avec ${name} a pris fin le ${end} sans renouvellement et a expiré.`,
  }),
};

const ar: Templates = {
  milestone_reminder: ({ title, dueDate, offset }) =>
    offset < 0
      ? {
          subject: `تقرير مستحق خلال ${-offset} يومًا: ${title}`,
          text: `التقرير «${title}» مستحق بتاريخ ${dueDate}، أي بعد ${-offset} يومًا.`,
        }
      : offset === 0
        ? { subject: `تقرير مستحق اليوم: ${title}`, text: `التقرير «${title}» مستحق اليوم، ${dueDate}.` }
        : {
            subject: `تقرير متأخر ${offset} أيام: ${title}`,
            text: `كان التقرير «${title}» مستحقًا بتاريخ ${dueDate}، منذ ${offset} أيام. يُرجى تقديمه في أقرب وقت.`,
          },
  milestone_overdue: ({ title, dueDate, grant }) => ({
    subject: `تقرير متأخر: ${title}`,
    text:
      `كان التقرير «${title}» مستحقًا بتاريخ ${dueDate} ولم يُقدَّم بعد.` +
      (grant
        ? ' إلى أن تقدّموه، تبقى دفعات هذه المنحة معلّقة ولا يمكن لجمعيتكم تقديم طلبات جديدة في المسار السريع.'
        : ' يُرجى تقديمه في أقرب وقت.'),
  }),
  milestone_overdue_staff: ({ title, dueDate }) => ({
    subject: `تقرير متأخر: ${title}`,
    text: `كان التقرير «${title}» مستحقًا بتاريخ ${dueDate} وهو الآن متأخر. الدفعات غير المسدّدة من المنحة معلّقة.`,
  }),
  decision_due_soon: ({ title, deadline }) => ({
    subject: `قرار مستحق خلال يومَي عمل: ${title}`,
    text: `يجب البتّ في طلب المسار السريع «${title}» في أجل أقصاه ${deadline}.`,
  }),
  decision_late: ({ title, deadline }) => ({
    subject: `قرار متأخر: ${title}`,
    text: `كان يجب البتّ في طلب المسار السريع «${title}» في أجل أقصاه ${deadline}. وهو الآن مُعلَّم كمتأخر.`,
  }),
  partnership_activated: ({ name, start, end }) => ({
    subject: `الشراكة سارية: ${name}`,
    text: `الشراكة مع ${name} سارية من ${start} إلى ${end}.`,
  }),
  partnership_renewal_due: ({ name, end }) => ({
    subject: `تنتهي الشراكة في ${end}: ${name}`,
    text: `تنتهي الشراكة مع ${name} في ${end}. يمكن لديوان رئيس البلدية تجديدها قبل ذلك، وإلا فإنها تنقضي.`,
  }),
  partnership_expired: ({ name, end }) => ({
    subject: `انقضت الشراكة: ${name}`,
    text: `انتهت الشراكة مع ${name} في ${end} دون تجديد وقد انقضت.`,
  }),
};

const TEMPLATES: Record<Language, Templates> = { en, fr, ar };

export function render(notice: Notice, language: Language): Rendered {
  const t = TEMPLATES[language] ?? TEMPLATES.en;
  const r = (t[notice.kind] as (n: Notice) => Rendered)(notice);
  return { subject: r.subject, text: r.text };
}

export function mailText(rendered: Rendered, language: Language, link?: string, baseUrl?: string): string {
  const url = link && baseUrl ? `\n\n${baseUrl.replace(/\/$/, '')}${link}` : '';
  return `${rendered.text}${url}${SIGNATURE[language] ?? SIGNATURE.en}`;
}
