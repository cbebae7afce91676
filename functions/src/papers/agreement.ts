/**
 * Drawing up a partnership agreement: the city's template filled with the partnership, in every
 * language, and its hash. Pure: the date it is drawn up on is handed in, nothing reads a clock.
 *
 * The hash covers all languages at once, so both sides sign one agreement whatever language each
 * reads it in, and any change to any language gives another hash.
 */

import { addDays, addYears } from '#domain/calendar';
import { type CityRecord, LANGUAGES, type Language } from '#domain/city';
import type { ActionPlanItem, Partnership, Term } from '#domain/partnership';
import type { CitySettings, Organisation } from '#domain/types';
import { onDemand } from '#runtime/on-demand';
import { agreementHash } from './agreement-hash.ts';
import type { Block, Paper, Section } from './content.ts';
import {
  directionOf,
  focusAreaLabel,
  formatAmount,
  formatCount,
  formatDate,
  formatInstantDate,
  formatList,
  formatQuarter,
  formatYears,
  localeOf,
} from './format.ts';
import { renderPaperHtml } from './html.ts';
import { LABELS } from './labels.ts';
import {
  type AgreementTemplate,
  BLANK_PATTERN,
  type ListBlank,
  listBlankAlone,
  SECTION_IDS,
  type TextBlank,
} from './template.ts';

/** pdfkit and its fonts: loaded by the first PDF asked for (an agreement's or a letter's). */
export const pdfRenderer = onDemand(() => import('./pdf.ts'));

/** A city as agreements need it: its settings, and its name in each language when it has one. */
export type AgreementCity = CitySettings & { readonly names?: CityRecord['names'] };

export interface DrawUpInput {
  readonly template: AgreementTemplate;
  readonly partnership: Pick<
    Partnership,
    'id' | 'cityId' | 'organisationId' | 'focusAreas' | 'motivation' | 'actionPlan'
  >;
  readonly organisation: Pick<Organisation, 'id' | 'name' | 'registrationNumber'>;
  readonly city: AgreementCity;
  /** The term the approval starts (a renewal draws up a new agreement for its own term). */
  readonly term: Term;
  /** The city date it is drawn up on (YYYY-MM-DD). */
  readonly date: string;
  /** The languages to draw up; all three by default. */
  readonly languages?: readonly Language[];
}

/** The drawn-up agreement: what is frozen on the partnership and signed. */
export interface AgreementContent {
  readonly templateVersion: number;
  readonly partnershipId: string;
  readonly organisationId: string;
  readonly cityId: string;
  readonly term: Term;
  readonly date: string;
  readonly languages: Readonly<Partial<Record<Language, Paper>>>;
}

export function drawUpAgreement(input: DrawUpInput): AgreementContent {
  const langs = input.languages ?? LANGUAGES;
  const languages: Partial<Record<Language, Paper>> = {};
  for (const lang of langs) languages[lang] = fillLanguage(input, lang);
  return {
    templateVersion: input.template.version,
    partnershipId: input.partnership.id,
    organisationId: input.organisation.id,
    cityId: input.city.id,
    term: { start: input.term.start, end: input.term.end },
    date: input.date,
    languages,
  };
}

export { agreementHash } from './agreement-hash.ts';

const NONE: Record<Language, string> = {
  ar: 'لا شيء في خطة العمل الحالية.',
  fr: 'Aucune activité dans le plan d’action actuel.',
  en: 'Nothing in the current action plan.',
};

const MISSING: Record<Language, string> = { ar: '(غير مذكور)', fr: '(non renseigné)', en: '(not given)' };

/** One line of the action plan as a commitment: the activity, its quarter, its indicator and target. */
export function actionLine(item: ActionPlanItem, lang: Language, locale: string): string {
  const quarter = formatQuarter(item.quarter, lang);
  const target = formatCount(item.target, locale);
  switch (lang) {
    case 'ar':
      return `${item.activity} — ${quarter}؛ المؤشّر: ${item.indicator}، الهدف: ${target}${item.lead === 'joint' ? ' (بالاشتراك)' : ''}`;
    case 'fr':
      return `${item.activity} — ${quarter} ; indicateur : ${item.indicator}, cible : ${target}${item.lead === 'joint' ? ' (conjointement)' : ''}`;
    default:
      return `${item.activity} — ${quarter}; indicator: ${item.indicator}, target: ${target}${item.lead === 'joint' ? ' (jointly)' : ''}`;
  }
}

function fillLanguage(input: DrawUpInput, lang: Language): Paper {
  const text = input.template.languages[lang];
  const locale = localeOf(lang, input.city.country);
  const plan = input.partnership.actionPlan;
  const lists: Record<ListBlank, string[]> = {
    'actionPlan.cso': plan
      .filter((i) => i.lead !== 'city')
      .map((i) => typography(actionLine(i, lang, locale), lang)),
    'actionPlan.city': plan
      .filter((i) => i.lead !== 'cso')
      .map((i) => typography(actionLine(i, lang, locale), lang)),
  };
  const values: Record<TextBlank, string> = {
    'organisation.name': input.organisation.name,
    'organisation.registrationNumber': input.organisation.registrationNumber ?? MISSING[lang],
    'city.name': input.city.names?.[lang] ?? input.city.name,
    'city.fastTrackCeiling': formatAmount(input.city.fastTrackCeiling, locale),
    'partnership.reference': input.partnership.id,
    'partnership.focusAreas': formatList(
      input.partnership.focusAreas.map((f) => focusAreaLabel(f, lang)),
      locale,
    ),
    'partnership.motivation': input.partnership.motivation.trim(),
    'term.start': formatDate(input.term.start, locale),
    'term.end': formatDate(input.term.end, locale),
    'term.duration': formatYears(termYears(input.term), locale),
    'review.first': formatDate(addYears(input.term.start, 1), locale),
    'actionPlan.count': formatCount(plan.length, locale),
    'agreement.version': formatCount(input.template.version, locale),
    'agreement.date': formatDate(input.date, locale),
  };
  const fill = (s: string) =>
    typography(
      s.replace(BLANK_PATTERN, (whole, name: string) => (name in values ? values[name as TextBlank] : whole)),
      lang,
    );
  const sections: Section[] = SECTION_IDS.map((id) => {
    const section = text.sections[id];
    const blocks: Block[] = [];
    for (const line of section.body.split('\n')) {
      const list = listBlankAlone(line);
      if (list) {
        const items = lists[list];
        blocks.push({ kind: 'list', items: items.length > 0 ? items : [NONE[lang]] });
      } else if (line.trim()) {
        blocks.push({ kind: 'paragraph', text: fill(line.trim()) });
      }
    }
    return { id, heading: fill(section.heading), blocks };
  });
  return { lang, dir: directionOf(lang), title: fill(text.title), sections };
}

/**
 * French puts a no-break space before high punctuation and inside guillemets, so that a line never
 * starts with ":" or "»".
 */
export function typography(text: string, lang: Language): string {
  if (lang !== 'fr') return text;
  return text.replace(/ ([:;?!»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}

/** The term in whole years (three by default), rounded up: a term ends the day before its anniversary. */
function termYears(term: Term): number {
  for (let years = 1; years < 100; years += 1) {
    if (addDays(addYears(term.start, years), -1) >= term.end) return years;
  }
  return 100;
}

// ---------------------------------------------------------------- rendering

/** One side's signature: who signed, when, and the hash of what they signed. */
export interface AgreementSignature {
  readonly side: 'cso' | 'city';
  readonly userId: string;
  /** The full name as signed. */
  readonly name: string;
  readonly at: string;
  readonly hash: string;
  /** A signed scan attached instead of signing on line: the document and the SHA-256 of its bytes. */
  readonly scan?: { readonly documentId: string; readonly sha256: string };
}

export interface RenderAgreementInput {
  readonly content: AgreementContent;
  readonly lang: Language;
  /** The hash frozen at approval; computed from the content when not given. */
  readonly hash?: string;
  readonly signatures?: readonly AgreementSignature[];
  readonly organisationName: string;
  readonly city: Pick<AgreementCity, 'name' | 'names' | 'country' | 'calendar'>;
}

interface RenderedPage {
  readonly paper: Paper;
  readonly footer: string;
  readonly signatures: {
    heading: string;
    nameLabel: string;
    dateLabel: string;
    signatureLabel: string;
    blocks: { side: string; party: string; name?: string; signedAt?: string }[];
  };
}

function agreementPage(input: RenderAgreementInput): RenderedPage {
  const paper = input.content.languages[input.lang];
  if (!paper) throw new RangeError(`the agreement was not drawn up in ${input.lang}`);
  const labels = LABELS[input.lang];
  const locale = localeOf(input.lang, input.city.country);
  const hash = input.hash ?? agreementHash(input.content);
  const cityName = input.city.names?.[input.lang] ?? input.city.name;
  const block = (side: 'city' | 'cso') => {
    const s = input.signatures?.find((x) => x.side === side);
    return {
      side: side === 'city' ? labels.forCity : labels.forOrganisation,
      party: side === 'city' ? labels.mayorOffice(cityName) : input.organisationName,
      ...(s ? { name: s.name, signedAt: formatInstantDate(s.at, locale, input.city.calendar.timeZone) } : {}),
    };
  };
  return {
    paper,
    footer: typography(
      `${labels.version} ${formatCount(input.content.templateVersion, locale)} · ${labels.reference}${input.lang === 'fr' ? ' :' : ':'} ${input.content.partnershipId} · ${labels.hash}${input.lang === 'fr' ? ' :' : ':'} ${hash}`,
      input.lang,
    ),
    signatures: {
      heading: labels.signatures,
      nameLabel: labels.name,
      dateLabel: labels.date,
      signatureLabel: labels.signature,
      blocks: [block('city'), block('cso')],
    },
  };
}

/** The agreement as a printable HTML page in one language, signatures shown as they stand. */
export function renderAgreementHtml(input: RenderAgreementInput): string {
  const page = agreementPage(input);
  return renderPaperHtml(page.paper, {
    footer: page.footer,
    pageWords: LABELS[input.lang].pageWords,
    signatures: page.signatures,
  });
}

/** The agreement as a PDF in one language; the same content, footer and signatures as the HTML page. */
export async function renderAgreementPdf(input: RenderAgreementInput): Promise<Uint8Array> {
  const page = agreementPage(input);
  // pdfkit and its fonts load only when a PDF is asked for: drawing up an agreement at approval, or an
  // HTML page, must not pay for them on a cold start.
  const { renderPaperPdf } = await pdfRenderer();
  return renderPaperPdf(page.paper, {
    footer: page.footer,
    pageLabel: LABELS[input.lang].page,
    signatures: page.signatures,
    info: { title: page.paper.title, createdAt: new Date(`${input.content.date}T00:00:00Z`) },
  });
}
