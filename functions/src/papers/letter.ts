/**
 * The decision letter of a grant: an award (amount, funders and their shares, payment schedule,
 * reporting dates, conditions) or a refusal (the reasons given with the decision), in the CSO's
 * language or the city's, as HTML and PDF with the same machinery as agreements.
 */
import type { Language } from '#domain/city';
import { type Grant, type GrantApplication, milestoneSchedule, type TrancheCondition } from '#domain/grant';
import type { MilestoneKind } from '#domain/milestone';
import type { Organisation } from '#domain/types';
import type { AgreementCity } from './agreement.ts';
import { pdfRenderer, typography } from './agreement.ts';
import type { Block, Paper, Section } from './content.ts';
import {
  directionOf,
  formatAmount,
  formatCount,
  formatDate,
  formatInstantDate,
  formatPercent,
  localeOf,
} from './format.ts';
import { renderPaperHtml } from './html.ts';
import { LABELS } from './labels.ts';

export type LetterGrant = Pick<
  Grant,
  | 'id'
  | 'state'
  | 'track'
  | 'title'
  | 'startDate'
  | 'endDate'
  | 'amountRequested'
  | 'indicators'
  | 'decidedAt'
  | 'decisionComment'
  | 'award'
  | 'tranches'
> &
  GrantApplication;

export interface GrantLetterInput {
  readonly grant: LetterGrant;
  readonly organisation: Pick<Organisation, 'id' | 'name'>;
  readonly city: AgreementCity;
  /** The funders named in the award, for their names; an unknown id is shown as it is. */
  readonly funders: readonly Pick<Organisation, 'id' | 'name'>[];
  readonly lang: Language;
  /** The grant's reports as scheduled; by default the schedule the city's rules give. */
  readonly milestones?: readonly { readonly kind: MilestoneKind; readonly dueDate: string }[];
}

/** Whether the grant has a letter: it was awarded, or refused. */
export function letterKind(grant: Pick<Grant, 'state' | 'award'>): 'award' | 'refusal' | undefined {
  if (grant.state === 'rejected') return 'refusal';
  return grant.award ? 'award' : undefined;
}

interface Words {
  awardTitle: string;
  refusalTitle: string;
  to: (org: string) => string;
  reference: (id: string) => string;
  date: (d: string) => string;
  decision: string;
  awarded: (a: {
    city: string;
    date: string;
    org: string;
    amount: string;
    title: string;
    from: string;
    to: string;
  }) => string;
  refused: (a: { city: string; date: string; org: string; title: string; amount: string }) => string;
  funders: string;
  share: (name: string, amount: string, percent: string) => string;
  payments: string;
  tranche: (amount: string, condition: TrancheCondition) => string;
  reporting: string;
  report: (kind: MilestoneKind, date: string) => string;
  indicators: string;
  indicator: (name: string, target: string) => string;
  conditions: string;
  conditionLines: (city: string) => string[];
  reasons: string;
  noReason: string;
  next: string;
  nextLines: string[];
  signedBy: (city: string) => string;
}

const WORDS: Record<Language, Words> = {
  en: {
    awardTitle: 'Grant award letter',
    refusalTitle: 'Decision on your grant application',
    to: (org) => `To: ${org}`,
    reference: (id) => `Reference: ${id}`,
    date: (d) => `Date of decision: ${d}`,
    decision: 'Decision',
    awarded: (a) =>
      `On ${a.date}, the mayor’s office of the City of ${a.city} decided to award ${a.org} a grant of ${a.amount} for the project “${a.title}”, from ${a.from} to ${a.to}.`,
    refused: (a) =>
      `On ${a.date}, the mayor’s office of the City of ${a.city} decided not to award ${a.org} the grant of ${a.amount} applied for, for the project “${a.title}”.`,
    funders: 'Funders and their shares',
    share: (name, amount, percent) => `${name}: ${amount} (${percent})`,
    payments: 'Payment schedule',
    tranche: (amount, c) =>
      `${amount}, ${c === 'award_accepted' ? 'paid once you accept the award' : 'paid once the final report is accepted'}`,
    reporting: 'Reports due',
    report: (kind, date) => `${KIND_WORDS.en[kind]}: by ${date}`,
    indicators: 'Indicators and targets',
    indicator: (name, target) => `${name}: ${target}`,
    conditions: 'Conditions',
    conditionLines: (city) => [
      'Accept the award in Passerelle to receive the first payment.',
      'Reports give counts only, never the names of the people you serve. No data on legal or residence status is collected.',
      'A report is late five days after its due date; no further payment is made until it is submitted and accepted.',
      `Spend the grant on the budget you submitted; tell the City of ${city} before any significant change.`,
    ],
    reasons: 'Reasons',
    noReason: 'No reason was recorded with the decision.',
    next: 'What you can do',
    nextLines: [
      'You may apply again with a new application that answers these reasons.',
      'The city’s migration and social cohesion department can explain the decision to you.',
    ],
    signedBy: (city) => `The mayor’s office, City of ${city}`,
  },
  fr: {
    awardTitle: 'Notification d’attribution de subvention',
    refusalTitle: 'Décision relative à votre demande de subvention',
    to: (org) => `Destinataire : ${org}`,
    reference: (id) => `Référence : ${id}`,
    date: (d) => `Date de la décision : ${d}`,
    decision: 'Décision',
    awarded: (a) =>
      `Le ${a.date}, le cabinet du président de la municipalité de ${a.city} a décidé d’attribuer à ${a.org} une subvention de ${a.amount} pour le projet « ${a.title} », du ${a.from} au ${a.to}.`,
    refused: (a) =>
      `Le ${a.date}, le cabinet du président de la municipalité de ${a.city} a décidé de ne pas attribuer à ${a.org} la subvention de ${a.amount} demandée pour le projet « ${a.title} ».`,
    funders: 'Financeurs et parts',
    share: (name, amount, percent) => `${name} : ${amount} (${percent})`,
    payments: 'Calendrier des versements',
    tranche: (amount, c) =>
      `${amount}, ${c === 'award_accepted' ? 'versé dès l’acceptation de la subvention' : 'versé après l’acceptation du rapport final'}`,
    reporting: 'Rapports attendus',
    report: (kind, date) => `${KIND_WORDS.fr[kind]} : au plus tard le ${date}`,
    indicators: 'Indicateurs et cibles',
    indicator: (name, target) => `${name} : ${target}`,
    conditions: 'Conditions',
    conditionLines: (city) => [
      'Acceptez la subvention dans Passerelle pour recevoir le premier versement.',
      'Les rapports ne donnent que des effectifs, jamais les noms des personnes accompagnées. Aucune donnée sur le statut juridique ou de séjour n’est collectée.',
      'Un rapport est en retard cinq jours après sa date d’échéance ; aucun autre versement n’est fait avant qu’il soit remis et accepté.',
      `La subvention finance le budget présenté ; informez la municipalité de ${city} avant tout changement important.`,
    ],
    reasons: 'Motifs',
    noReason: 'Aucun motif n’a été enregistré avec la décision.',
    next: 'Et maintenant',
    nextLines: [
      'Vous pouvez déposer une nouvelle demande qui réponde à ces motifs.',
      'Le service migration et cohésion sociale de la municipalité peut vous expliquer la décision.',
    ],
    signedBy: (city) => `Le cabinet du président de la municipalité de ${city}`,
  },
  ar: {
    awardTitle: 'إشعار بإسناد منحة',
    refusalTitle: 'قرار بخصوص مطلب المنحة',
    to: (org) => `إلى: ${org}`,
    reference: (id) => `المرجع: ${id}`,
    date: (d) => `تاريخ القرار: ${d}`,
    decision: 'القرار',
    awarded: (a) =>
      `بتاريخ ${a.date}، قرّر ديوان رئيس بلدية ${a.city} إسناد منحة بمبلغ ${a.amount} إلى ${a.org} لمشروع «${a.title}»، من ${a.from} إلى ${a.to}.`,
    refused: (a) =>
      `بتاريخ ${a.date}، قرّر ديوان رئيس بلدية ${a.city} عدم إسناد المنحة المطلوبة بمبلغ ${a.amount} إلى ${a.org} لمشروع «${a.title}».`,
    funders: 'المموّلون وحصصهم',
    share: (name, amount, percent) => `${name}: ${amount} (${percent})`,
    payments: 'رزنامة الدفعات',
    tranche: (amount, c) =>
      `${amount}، ${c === 'award_accepted' ? 'تُصرف عند قبول المنحة' : 'تُصرف بعد قبول التقرير النهائي'}`,
    reporting: 'التقارير المطلوبة',
    report: (kind, date) => `${KIND_WORDS.ar[kind]}: في أجل أقصاه ${date}`,
    indicators: 'المؤشّرات والأهداف',
    indicator: (name, target) => `${name}: ${target}`,
    conditions: 'الشروط',
    conditionLines: (city) => [
      'اقبلوا المنحة على منصّة Passerelle لصرف الدفعة الأولى.',
      'لا تتضمّن التقارير إلّا أعدادًا، ولا تُذكر فيها أسماء المستفيدين. لا يُجمع أيّ معطى عن الوضعية القانونية أو وضعية الإقامة.',
      'يُعتبر التقرير متأخّرًا بعد خمسة أيام من أجله، ولا تُصرف أيّ دفعة أخرى قبل تقديمه وقبوله.',
      `تُصرف المنحة وفق الميزانية المقدّمة، ويُعلم ${city === '' ? 'البلدية' : `بلدية ${city}`} مسبقًا بكلّ تغيير هامّ.`,
    ],
    reasons: 'الأسباب',
    noReason: 'لم تُسجَّل أسباب مع القرار.',
    next: 'الخطوات الممكنة',
    nextLines: [
      'يمكنكم تقديم مطلب جديد يأخذ هذه الأسباب بعين الاعتبار.',
      'تبقى إدارة الهجرة والتماسك الاجتماعي بالبلدية على ذمّتكم لتوضيح القرار.',
    ],
    signedBy: (city) => `ديوان رئيس بلدية ${city}`,
  },
};

const KIND_WORDS: Record<Language, Record<MilestoneKind, string>> = {
  en: { interim_report: 'Interim report', final_report: 'Final report', annual_review: 'Annual review' },
  fr: {
    interim_report: 'Rapport intermédiaire',
    final_report: 'Rapport final',
    annual_review: 'Bilan annuel',
  },
  ar: {
    interim_report: 'التقرير المرحلي',
    final_report: 'التقرير النهائي',
    annual_review: 'التقييم السنوي',
  },
};

/** The letter's content in one language. RangeError when the grant is not decided. */
export function grantLetter(input: GrantLetterInput): Paper {
  const { grant, lang } = input;
  const kind = letterKind(grant);
  if (!kind) throw new RangeError(`grant ${grant.id} has no decision letter in state ${grant.state}`);
  const w = WORDS[lang];
  const locale = localeOf(lang, input.city.country);
  const city = input.city.names?.[lang] ?? input.city.name;
  const date = grant.decidedAt
    ? formatInstantDate(grant.decidedAt, locale, input.city.calendar.timeZone)
    : '—';
  const t = (s: string) => typography(s, lang);
  const p = (text: string): Block => ({ kind: 'paragraph', text: t(text) });
  const list = (items: readonly string[]): Block => ({ kind: 'list', items: items.map(t) });
  const lead = [w.to(input.organisation.name), w.reference(grant.id), w.date(date)].map(t);
  const sections: Section[] = [];
  if (kind === 'refusal') {
    sections.push({
      id: 'decision',
      heading: w.decision,
      blocks: [
        p(
          w.refused({
            city,
            date,
            org: input.organisation.name,
            title: grant.title,
            amount: formatAmount(grant.amountRequested, locale),
          }),
        ),
      ],
    });
    const reasons = (grant.decisionComment ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    sections.push({
      id: 'reasons',
      heading: w.reasons,
      blocks: (reasons.length > 0 ? reasons : [w.noReason]).map(p),
    });
    sections.push({ id: 'next', heading: w.next, blocks: w.nextLines.map(p) });
  } else {
    const award = grant.award;
    if (!award) throw new RangeError('an award letter needs the award');
    const names = new Map(input.funders.map((f) => [f.id, f.name]));
    const milestones = input.milestones ?? milestoneSchedule(grant, input.city);
    sections.push(
      {
        id: 'decision',
        heading: w.decision,
        blocks: [
          p(
            w.awarded({
              city,
              date,
              org: input.organisation.name,
              amount: formatAmount(award.amount, locale),
              title: grant.title,
              from: formatDate(grant.startDate, locale),
              to: formatDate(grant.endDate, locale),
            }),
          ),
        ],
      },
      {
        id: 'funders',
        heading: w.funders,
        blocks: [
          list(
            award.funders.map((f) =>
              w.share(
                names.get(f.funderId) ?? f.funderId,
                formatAmount(f.share, locale),
                formatPercent(f.share.amount, award.amount.amount, locale),
              ),
            ),
          ),
        ],
      },
      {
        id: 'payments',
        heading: w.payments,
        blocks: [list(grant.tranches.map((tr) => w.tranche(formatAmount(tr.amount, locale), tr.condition)))],
      },
      {
        id: 'reporting',
        heading: w.reporting,
        blocks: [
          list(
            [...milestones]
              .sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))
              .map((m) => w.report(m.kind, formatDate(m.dueDate, locale))),
          ),
        ],
      },
    );
    if (grant.indicators.length > 0) {
      sections.push({
        id: 'indicators',
        heading: w.indicators,
        blocks: [list(grant.indicators.map((i) => w.indicator(i.name, formatCount(i.target, locale))))],
      });
    }
    sections.push({ id: 'conditions', heading: w.conditions, blocks: [list(w.conditionLines(city))] });
  }
  sections.push({ id: 'signature', heading: '', blocks: [p(w.signedBy(city))] });
  return {
    lang,
    dir: directionOf(lang),
    title: kind === 'award' ? w.awardTitle : w.refusalTitle,
    lead,
    sections,
  };
}

export interface RenderedLetter {
  readonly paper: Paper;
  readonly html: string;
  /** The PDF, made only when asked for. */
  readonly pdf: () => Promise<Uint8Array>;
}

/** The decision letter as an HTML page and, on demand, a PDF. */
export function renderGrantLetter(input: GrantLetterInput): RenderedLetter {
  const paper = grantLetter(input);
  const labels = LABELS[input.lang];
  const colon = input.lang === 'fr' ? '\u00a0:' : ':';
  const footer = `${labels.reference}${colon} ${input.grant.id}`;
  return {
    paper,
    html: renderPaperHtml(paper, { footer, pageWords: labels.pageWords }),
    // pdfkit loads only when a PDF is asked for (see renderAgreementPdf).
    pdf: async () =>
      (await pdfRenderer()).renderPaperPdf(paper, {
        footer,
        pageLabel: labels.page,
        info: {
          title: paper.title,
          createdAt: new Date(input.grant.decidedAt ?? `${input.grant.startDate}T00:00:00Z`),
        },
      }),
  };
}
