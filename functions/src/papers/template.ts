/**
 * The agreement template: the city's text in each language, with named blanks (`{{organisation.name}}`)
 * filled when a partnership is approved. Its sections follow the Swedish IOP agreements (RESEARCH.md):
 * parties, shared aims, each side's commitments from the joint action plan, governance and follow-up,
 * finances, term and notice, changes, termination and disputes, data protection.
 *
 * A city's admin edits the text; `validateTemplate` keeps an edit from dropping a section or using a
 * blank nobody fills. Each non-empty line of a body is a paragraph; a list blank stands alone on its line.
 */
import { LANGUAGES, type Language } from '#domain/city';

export const SECTION_IDS = [
  'parties',
  'aims',
  'commitments',
  'governance',
  'finances',
  'term',
  'changes',
  'termination',
  'data_protection',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface TemplateSection {
  readonly heading: string;
  readonly body: string;
}

export interface TemplateText {
  readonly title: string;
  readonly sections: Readonly<Record<SectionId, TemplateSection>>;
}

export interface AgreementTemplate {
  /** Raised at each edit; the drawn-up agreement records the version it came from. */
  readonly version: number;
  readonly languages: Readonly<Record<Language, TemplateText>>;
}

/** Blanks that stand for one value, inside a sentence. */
export const TEXT_BLANKS = [
  'organisation.name',
  'organisation.registrationNumber',
  'city.name',
  'city.fastTrackCeiling',
  'partnership.reference',
  'partnership.focusAreas',
  'partnership.motivation',
  'term.start',
  'term.end',
  'term.duration',
  'review.first',
  'actionPlan.count',
  'agreement.version',
  'agreement.date',
] as const;

/** Blanks that become a list: each stands alone on its line. `joint` lines are under both sides. */
export const LIST_BLANKS = ['actionPlan.cso', 'actionPlan.city'] as const;

export type TextBlank = (typeof TEXT_BLANKS)[number];
export type ListBlank = (typeof LIST_BLANKS)[number];
export const KNOWN_BLANKS: readonly string[] = [...TEXT_BLANKS, ...LIST_BLANKS];

export type TemplateRule =
  | 'template_version'
  | 'template_language'
  | 'template_section'
  | 'template_list_blank'
  | 'template_unknown_blank';

export const BLANK_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface TemplateProblem {
  /** What is wrong, as a code the web front end translates. */
  readonly rule: TemplateRule;
  readonly path: string;
  readonly message: string;
}

/** Every problem of an edited template, each with where it is; none means it can be saved. */
export function validateTemplate(template: AgreementTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!Number.isSafeInteger(template.version) || template.version < 1) {
    problems.push({
      rule: 'template_version',
      path: 'version',
      message: 'The version is a whole number from 1.',
    });
  }
  for (const lang of LANGUAGES) {
    const text = template.languages?.[lang];
    if (!text) {
      problems.push({
        rule: 'template_language',
        path: `languages.${lang}`,
        message: `The ${lang} text is missing.`,
      });
      continue;
    }
    if (!text.title?.trim()) {
      problems.push({
        rule: 'template_section',
        path: `languages.${lang}.title`,
        message: 'The title is empty.',
      });
    } else {
      problems.push(...checkText(text.title, `languages.${lang}.title`, false));
    }
    const listsUsed = new Set<string>();
    for (const id of SECTION_IDS) {
      const path = `languages.${lang}.sections.${id}`;
      const section = text.sections?.[id];
      if (!section?.heading?.trim() || !section.body?.trim()) {
        problems.push({
          rule: 'template_section',
          path,
          message: `The section "${id}" is missing or empty: every section is required.`,
        });
        continue;
      }
      problems.push(...checkText(section.heading, `${path}.heading`, false));
      problems.push(...checkText(section.body, `${path}.body`, true));
      for (const line of section.body.split('\n')) {
        const alone = listBlankAlone(line);
        if (alone) listsUsed.add(alone);
      }
    }
    const extra = Object.keys(text.sections ?? {}).filter(
      (k) => !(SECTION_IDS as readonly string[]).includes(k),
    );
    for (const k of extra) {
      problems.push({
        rule: 'template_section',
        path: `languages.${lang}.sections.${k}`,
        message: `Unknown section "${k}"; the sections are: ${SECTION_IDS.join(', ')}.`,
      });
    }
    for (const list of LIST_BLANKS) {
      if (!listsUsed.has(list)) {
        problems.push({
          rule: 'template_list_blank',
          path: `languages.${lang}`,
          message: `{{${list}}} must appear, alone on its line, so that each side's commitments are in the agreement.`,
        });
      }
    }
  }
  return problems;
}

/** The list blank a line holds, when it holds nothing else. */
export function listBlankAlone(line: string): ListBlank | undefined {
  const m = /^\s*\{\{\s*([\w.]+)\s*\}\}\s*$/.exec(line);
  const name = m?.[1];
  return (LIST_BLANKS as readonly string[]).includes(name ?? '') ? (name as ListBlank) : undefined;
}

function checkText(text: string, path: string, listsAllowed: boolean): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    const where = text.includes('\n') ? `${path} (line ${i + 1})` : path;
    for (const m of line.matchAll(BLANK_PATTERN)) {
      const name = m[1] ?? '';
      if ((LIST_BLANKS as readonly string[]).includes(name)) {
        if (!listsAllowed || listBlankAlone(line) !== name) {
          problems.push({
            rule: 'template_list_blank',
            path: where,
            message: `{{${name}}} is a list: put it alone on its own line of a section's body.`,
          });
        }
      } else if (!(TEXT_BLANKS as readonly string[]).includes(name)) {
        problems.push({
          rule: 'template_unknown_blank',
          path: where,
          message: `Unknown blank {{${name}}}. The blanks are: ${KNOWN_BLANKS.map((b) => `{{${b}}}`).join(', ')}.`,
        });
      }
    }
    // Braces left once the blanks are taken out are a blank mistyped, e.g. "{{city.name}" or "{city.name}}".
    const rest = line.replace(BLANK_PATTERN, '');
    if (rest.includes('{{') || rest.includes('}}')) {
      problems.push({
        rule: 'template_unknown_blank',
        path: where,
        message: 'A blank is not closed: write it as {{name}}.',
      });
    }
  }
  return problems;
}

/** The city's default template: what a new city starts with and its admin may edit. */
export const DEFAULT_AGREEMENT_TEMPLATE: AgreementTemplate = {
  version: 1,
  languages: {
    ar: {
      title: 'اتفاقية شراكة بين البلدية والجمعية',
      sections: {
        parties: {
          heading: 'الفصل 1: الأطراف',
          body: [
            'أُبرمت هذه الاتفاقية بين:',
            'بلدية {{city.name}}، في شخص رئيس البلدية، ويُشار إليها فيما يلي بـ«البلدية»،',
            'و',
            'الجمعية {{organisation.name}}، المسجّلة تحت عدد {{organisation.registrationNumber}}، في شخص رئيسها أو من يفوّضه، ويُشار إليها فيما يلي بـ«الجمعية».',
            'مرجع الشراكة: {{partnership.reference}}.',
          ].join('\n'),
        },
        aims: {
          heading: 'الفصل 2: الأهداف المشتركة',
          body: [
            'يتّفق الطرفان على العمل معًا، كلٌّ في حدود صلاحياته، من أجل إدماج المهاجرين والتماسك الاجتماعي مع المتساكنين في المجالات التالية: {{partnership.focusAreas}}.',
            'تقوم هذه الشراكة على الثقة المتبادلة والشفافية واحترام استقلالية الجمعية. وقد بيّنت الجمعية دوافعها كما يلي: {{partnership.motivation}}',
          ].join('\n'),
        },
        commitments: {
          heading: 'الفصل 3: التزامات الطرفين وفق خطة العمل المشتركة',
          body: [
            'ينفّذ الطرفان خطة العمل المشتركة السنوية ({{actionPlan.count}} أنشطة). تلتزم الجمعية بما يلي:',
            '{{actionPlan.cso}}',
            'وتلتزم البلدية بما يلي:',
            '{{actionPlan.city}}',
            'يتولّى الطرفان الأنشطة المشتركة معًا، ويُعلم كلّ طرف الآخر دون تأخير بكلّ ما من شأنه أن يعيق تنفيذها.',
          ].join('\n'),
        },
        governance: {
          heading: 'الفصل 4: الحوكمة والمتابعة',
          body: [
            'تُحدث لجنة متابعة تضمّ ممثّلًا عن ديوان رئيس البلدية وممثّلًا عن إدارة الهجرة والتماسك الاجتماعي بالبلدية وممثّلَيْن عن الجمعية. تجتمع اللجنة مرّة كلّ ثلاثة أشهر، وكلّما دعت الحاجة بطلب من أحد الطرفين، وتحرّر محضرًا لكلّ اجتماع.',
            'تقدّم الجمعية كلّ سنة تقريرًا عن تقدّم خطة العمل، نشاطًا بنشاط، مع المؤشّرات والنتائج المحقّقة. يتمّ التقييم السنوي الأول في {{review.first}}.',
          ].join('\n'),
        },
        finances: {
          heading: 'الفصل 5: الأحكام المالية',
          body: [
            'لا تترتّب على هذه الاتفاقية في حدّ ذاتها أيّ تحويلات مالية. يخضع كلّ تمويل تطلبه الجمعية لقواعد المنح المعمول بها بالبلدية، بما في ذلك المسار السريع في حدود {{city.fastTrackCeiling}}، ويكون موضوع قرار مستقل.',
            'تمسك الجمعية حسابات منتظمة وتضع على ذمّة البلدية قوائمها المالية السنوية المصادق عليها.',
          ].join('\n'),
        },
        term: {
          heading: 'الفصل 6: المدّة والإشعار',
          body: [
            'تدخل هذه الاتفاقية حيّز التنفيذ بتاريخ {{term.start}} لمدّة {{term.duration}}، وتنتهي بتاريخ {{term.end}} ما لم تُجدَّد باتفاقية جديدة.',
            'لكلّ طرف أن ينهي هذه الاتفاقية بإشعار كتابي مسبق بثلاثة أشهر.',
          ].join('\n'),
        },
        changes: {
          heading: 'الفصل 7: التعديلات',
          body: 'لا يُعدَّل نصّ هذه الاتفاقية أو خطة العمل المشتركة إلّا كتابيًا وبموافقة الطرفين، في نسخة جديدة يوقّعها الطرفان.',
        },
        termination: {
          heading: 'الفصل 8: الفسخ وفضّ النزاعات',
          body: [
            'لرئيس البلدية أن يعلّق هذه الاتفاقية أو يفسخها عند إخلال جسيم بالالتزامات، بعد إنذار الطرف المعني كتابيًا ومنحه أجلًا معقولًا لتدارك الإخلال.',
            'يسعى الطرفان إلى فضّ كلّ خلاف بالتراضي داخل لجنة المتابعة، وعند التعذّر يُرفع النزاع إلى المحكمة المختصّة.',
          ].join('\n'),
        },
        data_protection: {
          heading: 'الفصل 9: حماية المعطيات الشخصية',
          body: [
            'لا يتبادل الطرفان عن المستفيدين إلّا أعدادًا إجمالية، ولا تُذكر أسماؤهم ولا أيّ معطى يمكّن من التعرّف عليهم. لا يُجمع أيّ معطى عن الوضعية القانونية أو وضعية الإقامة.',
            'أُعدّت هذه الاتفاقية بتاريخ {{agreement.date}} وفق النموذج عدد {{agreement.version}}.',
          ].join('\n'),
        },
      },
    },
    fr: {
      title: 'Convention de partenariat entre la municipalité et l’association',
      sections: {
        parties: {
          heading: 'Article 1 : Les parties',
          body: [
            'La présente convention est conclue entre :',
            'la municipalité de {{city.name}}, représentée par le président de la municipalité, ci-après « la municipalité »,',
            'et',
            'l’association {{organisation.name}}, enregistrée sous le numéro {{organisation.registrationNumber}}, représentée par son président ou son délégué, ci-après « l’association ».',
            'Référence du partenariat : {{partnership.reference}}.',
          ].join('\n'),
        },
        aims: {
          heading: 'Article 2 : Objectifs communs',
          body: [
            'Les parties conviennent d’agir ensemble, chacune dans ses compétences, pour l’inclusion des personnes migrantes et la cohésion sociale avec les habitants, dans les domaines suivants : {{partnership.focusAreas}}.',
            'Ce partenariat repose sur la confiance mutuelle, la transparence et le respect de l’indépendance de l’association. L’association a exposé ses motivations ainsi : {{partnership.motivation}}',
          ].join('\n'),
        },
        commitments: {
          heading: 'Article 3 : Engagements des parties selon le plan d’action conjoint',
          body: [
            'Les parties mettent en œuvre le plan d’action conjoint annuel ({{actionPlan.count}} activités). L’association s’engage à :',
            '{{actionPlan.cso}}',
            'La municipalité s’engage à :',
            '{{actionPlan.city}}',
            'Les activités conjointes sont menées ensemble ; chaque partie informe l’autre sans délai de tout ce qui en empêcherait la réalisation.',
          ].join('\n'),
        },
        governance: {
          heading: 'Article 4 : Gouvernance et suivi',
          body: [
            'Un comité de suivi réunit un représentant du cabinet du président de la municipalité, un représentant du service migration et cohésion sociale et deux représentants de l’association. Il se réunit chaque trimestre, et à la demande de l’une des parties ; chaque réunion fait l’objet d’un compte rendu.',
            'L’association présente chaque année un rapport d’avancement du plan d’action, activité par activité, avec les indicateurs et les résultats obtenus. Le premier bilan annuel a lieu le {{review.first}}.',
          ].join('\n'),
        },
        finances: {
          heading: 'Article 5 : Dispositions financières',
          body: [
            'La présente convention n’entraîne par elle-même aucun transfert financier. Tout financement demandé par l’association suit les règles de subvention de la municipalité, y compris la procédure accélérée jusqu’à {{city.fastTrackCeiling}}, et fait l’objet d’une décision distincte.',
            'L’association tient une comptabilité régulière et met à la disposition de la municipalité ses comptes annuels approuvés.',
          ].join('\n'),
        },
        term: {
          heading: 'Article 6 : Durée et préavis',
          body: [
            'La présente convention prend effet le {{term.start}} pour une durée de {{term.duration}} et prend fin le {{term.end}}, sauf renouvellement par une nouvelle convention.',
            'Chaque partie peut y mettre fin par écrit avec un préavis de trois mois.',
          ].join('\n'),
        },
        changes: {
          heading: 'Article 7 : Modifications',
          body: 'Toute modification de la convention ou du plan d’action conjoint se fait par écrit, avec l’accord des deux parties, dans une nouvelle version signée par elles.',
        },
        termination: {
          heading: 'Article 8 : Résiliation et litiges',
          body: [
            'Le président de la municipalité peut suspendre ou résilier la convention en cas de manquement grave, après une mise en demeure écrite laissant un délai raisonnable pour y remédier.',
            'Les parties recherchent d’abord un règlement amiable au sein du comité de suivi ; à défaut, le litige est porté devant la juridiction compétente.',
          ].join('\n'),
        },
        data_protection: {
          heading: 'Article 9 : Protection des données personnelles',
          body: [
            'Les parties n’échangent sur les bénéficiaires que des effectifs agrégés, jamais leurs noms ni aucune donnée permettant de les identifier. Aucune donnée sur le statut juridique ou de séjour n’est collectée.',
            'Convention établie le {{agreement.date}} selon le modèle n° {{agreement.version}}.',
          ].join('\n'),
        },
      },
    },
    en: {
      title: 'Partnership agreement between the city and the association',
      sections: {
        parties: {
          heading: 'Article 1: The parties',
          body: [
            'This agreement is made between:',
            'the City of {{city.name}}, represented by the mayor, hereafter "the city",',
            'and',
            '{{organisation.name}}, registered under number {{organisation.registrationNumber}}, represented by its chair or their delegate, hereafter "the association".',
            'Partnership reference: {{partnership.reference}}.',
          ].join('\n'),
        },
        aims: {
          heading: 'Article 2: Shared aims',
          body: [
            'The parties agree to work together, each within its own remit, for the inclusion of migrants and social cohesion with residents, in these areas: {{partnership.focusAreas}}.',
            'The partnership rests on mutual trust, openness and respect for the association’s independence. The association gave its reasons as follows: {{partnership.motivation}}',
          ].join('\n'),
        },
        commitments: {
          heading: 'Article 3: Each side’s commitments under the joint action plan',
          body: [
            'The parties carry out the annual joint action plan ({{actionPlan.count}} activities). The association commits to:',
            '{{actionPlan.cso}}',
            'The city commits to:',
            '{{actionPlan.city}}',
            'Joint activities are carried out together; each side tells the other without delay of anything that would stop them.',
          ].join('\n'),
        },
        governance: {
          heading: 'Article 4: Governance and follow-up',
          body: [
            'A steering group brings together one person from the mayor’s office, one from the city’s migration and social cohesion department and two from the association. It meets every quarter, and whenever either side asks; each meeting is minuted.',
            'Each year the association reports on the action plan, activity by activity, with the indicators and the results reached. The first annual review is on {{review.first}}.',
          ].join('\n'),
        },
        finances: {
          heading: 'Article 5: Finances',
          body: [
            'This agreement does not by itself transfer any money. Any funding the association applies for follows the city’s grant rules, including the fast track up to {{city.fastTrackCeiling}}, and is decided separately.',
            'The association keeps proper accounts and makes its approved annual accounts available to the city.',
          ].join('\n'),
        },
        term: {
          heading: 'Article 6: Term and notice',
          body: [
            'This agreement takes effect on {{term.start}} for {{term.duration}} and ends on {{term.end}}, unless renewed by a new agreement.',
            'Either side may end it by giving three months’ notice in writing.',
          ].join('\n'),
        },
        changes: {
          heading: 'Article 7: Changes',
          body: 'Any change to this agreement or to the joint action plan is made in writing, with both sides’ consent, in a new version both sign.',
        },
        termination: {
          heading: 'Article 8: Termination and disputes',
          body: [
            'The mayor may suspend or terminate this agreement for a serious breach, after notice in writing that leaves a reasonable time to put it right.',
            'The parties first try to settle any dispute in the steering group; failing that, it goes to the competent court.',
          ].join('\n'),
        },
        data_protection: {
          heading: 'Article 9: Data protection',
          body: [
            'The parties share only aggregate counts of beneficiaries, never their names nor anything that could identify them. No data on legal or residence status is collected.',
            'Drawn up on {{agreement.date}} from template version {{agreement.version}}.',
          ].join('\n'),
        },
      },
    },
  },
};
