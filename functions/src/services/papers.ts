/**
 * The papers of a record: a partnership's agreement and a decided grant's letter, as a printable HTML
 * page or a PDF, for whoever may read the record. The PDF renderer (pdfkit and its fonts) is loaded by
 * papers/ only when a PDF is asked for, so the other routes of the api function never pay for it; the
 * papers themselves (templates, drawing up, letters, HTML: 45 KB) are loaded by the first request that
 * draws one up or shows one (`papers()` below), not by every cold start.
 */

import { createHash } from 'node:crypto';
import type { AgreementTemplateBody, AgreementTemplateView } from '#contract/papers';
import type { Language } from '#domain/city';
import { NotFoundError, RuleViolationError } from '#domain/errors';
import type { Grant } from '#domain/grant';
import type { Milestone } from '#domain/milestone';
import type { Partnership, Term } from '#domain/partnership';
import type { Actor, CitySettings } from '#domain/types';
import { onDemand } from '#runtime/on-demand';
import {
  type AgreementParty,
  getAgreementContent,
  getAgreementTemplate,
  partyCheckWrite,
  partyWrite,
  putAgreementTemplate,
} from '#store/agreements';
import type { Write } from '#store/store';
import type { AgreementContent, RenderAgreementInput } from '../papers/agreement.ts';
import { agreementHash } from '../papers/agreement-hash.ts';
import { canonicalJson } from '../papers/content.ts';
import type { RenderedLetter } from '../papers/letter.ts';
import type { AgreementTemplate } from '../papers/template.ts';
import { loadReadable } from './access.ts';
import { auditDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { attachUploads } from './documents.ts';
import { checkIfMatch, withVersionRace } from './if-match.ts';

/** The modules of papers/ that draw up and render, loaded once, by the first request that needs them. */
const papers = onDemand(async () => {
  const [agreement, letter, template] = await Promise.all([
    import('../papers/agreement.ts'),
    import('../papers/letter.ts'),
    import('../papers/template.ts'),
  ]);
  return { ...agreement, ...letter, ...template };
});

/** A city's agreement template as its admin saved it. */
export type SavedTemplate = AgreementTemplate;

/** What approving a partnership read with it: the saved template of its city, and its agreement's party. */
export interface DecisionRead {
  /** The city's template as read (`saved` undefined: the city uses the default one); undefined: not read. */
  readonly template?: { readonly saved: AgreementTemplate | undefined } | undefined;
  /** The organisation as the partnership's party item names it; undefined: read the organisation. */
  readonly party?: AgreementParty | undefined;
}

/** The agreement of a term, and what the event writes beside it to keep its party right. */
export interface AgreementDrawer {
  readonly draw: (term: Term) => AgreementContent;
  readonly writes: Write[];
}

/**
 * What approval and renewal hand the domain to draw up the agreement of a term: the city's template
 * as its admin last saved it (the default one until then) filled with the partnership and its organisation.
 * What `read` holds is not read again. The organisation's name and number are checked in the event's
 * transaction (CheckFailedError `party` when they changed: read the organisation and draw it up again).
 */
export async function agreementDrawer(
  deps: Deps,
  p: Partnership,
  city: CitySettings,
  date: string,
  read: DecisionRead = {},
): Promise<AgreementDrawer> {
  const { drawUpAgreement, DEFAULT_AGREEMENT_TEMPLATE } = await papers();
  const [party, template] = await Promise.all([
    read.party ?? partyOf(deps, p),
    read.template ? (read.template.saved ?? DEFAULT_AGREEMENT_TEMPLATE) : cityTemplate(deps, city.id),
  ]);
  const organisation = {
    id: p.organisationId,
    name: party?.name ?? p.organisationName,
    registrationNumber: party?.registrationNumber,
  };
  const writes: Write[] = [];
  if (party) writes.push(partyCheckWrite(deps.store, party));
  // Read from the organisation: kept for the next approval or renewal of this partnership.
  if (party && !read.party) writes.push(partyWrite(deps.store, p.id, party));
  return {
    draw: (term) => drawUpAgreement({ template, partnership: p, organisation, city, term, date }),
    writes,
  };
}

/** The organisation's legal identity as its item says now (undefined if it has none). */
async function partyOf(deps: Deps, p: Partnership): Promise<AgreementParty | undefined> {
  // Strong: after a failed check of the party, an eventual read could give back the name that failed it.
  const org = await deps.store.getOrganisation(p.organisationId, 'strong');
  return org && { organisationId: org.id, name: org.name, registrationNumber: org.registrationNumber };
}

async function agreementInput(
  deps: Deps,
  actor: Actor,
  id: string,
  lang: Language,
): Promise<RenderAgreementInput> {
  const { record } = await loadReadable<Partnership>(deps, 'partnership', id, actor);
  const agreement = record.agreement;
  // Before approval there is no agreement: nothing to show, as for a record that does not exist.
  const content =
    agreement && (await getAgreementContent<AgreementContent>(deps.store, record.id, agreement.hash));
  if (!agreement || !content?.languages[lang]) throw new NotFoundError('agreement', id);
  // What is shown is what was signed: content that no longer gives its hash is not shown as the agreement.
  if (agreementHash(content) !== agreement.hash) {
    throw new Error(`the stored agreement of partnership ${record.id} no longer matches its hash`);
  }
  const city = await deps.cities.get(record.cityId);
  return {
    content,
    lang,
    hash: agreement.hash,
    signatures: agreement.signatures,
    organisationName: record.organisationName,
    city,
  };
}

/** The agreement as a printable page, signatures as they stand. */
export async function agreementHtml(deps: Deps, actor: Actor, id: string, lang: Language): Promise<string> {
  const { renderAgreementHtml } = await papers();
  return renderAgreementHtml(await agreementInput(deps, actor, id, lang));
}

export async function agreementPdf(
  deps: Deps,
  actor: Actor,
  id: string,
  lang: Language,
): Promise<Uint8Array> {
  const { renderAgreementPdf } = await papers();
  return renderAgreementPdf(await agreementInput(deps, actor, id, lang));
}

/** A decided grant's letter; 404 before a decision, as for a grant the actor may not read. */
export async function grantLetter(
  deps: Deps,
  actor: Actor,
  id: string,
  lang: Language,
): Promise<RenderedLetter> {
  const { letterKind, renderGrantLetter } = await papers();
  const { record } = await loadReadable<Grant>(deps, 'grant', id, actor);
  if (!letterKind(record)) throw new NotFoundError('letter', id);
  const funderIds = record.award?.funders.map((f) => f.funderId) ?? [];
  const [city, organisation, funders, milestones] = await Promise.all([
    deps.cities.get(record.cityId),
    deps.store.getOrganisation(record.organisationId),
    funderIds.length > 0 ? deps.store.getOrganisations(funderIds) : Promise.resolve([]),
    deps.store.listMilestonesOf<Milestone>('grant', record.id),
  ]);
  return renderGrantLetter({
    grant: record,
    organisation: { id: record.organisationId, name: organisation?.name ?? record.organisationId },
    city,
    funders,
    lang,
    ...(milestones.length > 0 ? { milestones } : {}),
  });
}

// ---------------------------------------------------------------- the city's template

async function cityTemplate(deps: Deps, cityId: string): Promise<AgreementTemplate> {
  const { DEFAULT_AGREEMENT_TEMPLATE } = await papers();
  return (await getAgreementTemplate<AgreementTemplate>(deps.store, cityId)) ?? DEFAULT_AGREEMENT_TEMPLATE;
}

async function templateView(template: AgreementTemplate): Promise<AgreementTemplateView> {
  const { LIST_BLANKS, TEXT_BLANKS } = await papers();
  return {
    version: template.version,
    languages: template.languages,
    blanks: TEXT_BLANKS,
    listBlanks: LIST_BLANKS,
  };
}

/** The template the next approval of the admin's city draws its agreement up from. */
export async function getCityAgreementTemplate(deps: Deps, actor: Actor): Promise<AgreementTemplateView> {
  return templateView(await cityTemplate(deps, actor.cityId));
}

/**
 * Saves the admin's text as the next version of the city's template, audited in the city's trail. Only
 * agreements drawn up afterwards use it: those already drawn up keep their content and hash.
 */
export async function saveCityAgreementTemplate(
  deps: Deps,
  actor: Actor,
  body: AgreementTemplateBody,
  ifMatch?: string,
): Promise<AgreementTemplateView> {
  const { DEFAULT_AGREEMENT_TEMPLATE, validateTemplate } = await papers();
  const current = await getAgreementTemplate<AgreementTemplate>(deps.store, actor.cityId);
  const version = current?.version ?? DEFAULT_AGREEMENT_TEMPLATE.version;
  checkIfMatch(ifMatch, version);
  const next: AgreementTemplate = { version: version + 1, languages: body.languages };
  const problems = validateTemplate(next);
  if (problems.length > 0) throw new RuleViolationError(problems);
  const at = deps.clock().toISOString();
  const audit = auditDraft({
    entityType: 'city',
    entityId: actor.cityId,
    event: 'edit_agreement_template',
    from: `template ${version}`,
    to: `template ${next.version}`,
    actor,
    role: 'admin',
    at,
    data: { version: next.version, sha256: createHash('sha256').update(canonicalJson(next)).digest('hex') },
  });
  await withVersionRace(ifMatch, () =>
    putAgreementTemplate(deps.store, actor.cityId, next, current ? version : undefined, audit),
  );
  return templateView(next);
}

// ---------------------------------------------------------------- a signed scan

/**
 * For a `sign` with `signedScanUploadId`: the scan checked (exists, size, type) and hashed, its attach
 * write for the event's commit, and what the signature records of it. Attached to the partnership, the
 * scan is read by whoever may read the partnership.
 */
export async function signedScan(
  deps: Deps,
  actor: Actor,
  partnershipId: string,
  event: { readonly type: string; readonly signedScanUploadId?: string | undefined },
): Promise<{ signedScan?: { documentId: string; sha256: string }; writes: Write[] }> {
  const uploadId = event.type === 'sign' ? event.signedScanUploadId : undefined;
  if (uploadId === undefined) return { writes: [] };
  const attaching = await attachUploads(
    deps,
    actor,
    [uploadId],
    { type: 'partnership', id: partnershipId },
    'signedScanUploadId',
  );
  const [scan] = attaching.audit;
  return {
    ...(scan ? { signedScan: { documentId: scan.id, sha256: scan.sha256 } } : {}),
    writes: attaching.writes,
  };
}
