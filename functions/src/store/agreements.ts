/**
 * Agreements as the table keeps them: the whole drawn-up content of one agreement, one item per
 * partnership and hash, `AGREEMENT#<partnership>#<hash>` / `R`. The partnership record carries the
 * agreement's version, hash and signatures; the content lives here, so that the record stays small
 * whatever the action plan, and an agreement can be rendered again and its hash checked. The content is
 * Brotli-compressed: the user's text appears in each language and twice for a joint activity, which a
 * large window folds away (a 50-activity Arabic plan would otherwise come near the 400 KB item limit).
 * Written in the transaction of the event that draws it up; never changed.
 *
 * The city's agreement template, as its admin edits it, lives beside the city's settings.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { type AuditDraft, chainEntry, GENESIS_HASH } from './audit.ts';
import { auditItem } from './audit-entries.ts';
import { type AndCity, cityAudit, cityPk, readWithCity, type WithCity } from './cities.ts';
import { VersionConflictError } from './errors.ts';
import { RECORD_SK, type RecordType } from './keys.ts';
import { orgKey } from './organisations.ts';
import { recordKey, storedFromItem } from './records.ts';
import type { Store, Stored } from './store.ts';
import { type Item, ioOf } from './table-io.ts';
import { transactPuts } from './transact.ts';
import { CHECK_PARTY, type TransactItem, type Write } from './transaction.ts';

export const agreementPk = (partnershipId: string, hash: string) => `AGREEMENT#${partnershipId}#${hash}`;

const compress = (value: unknown) =>
  brotliCompressSync(Buffer.from(JSON.stringify(value), 'utf8'), {
    params: { [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_QUALITY]: 9 },
  });

/** The transaction item that keeps an agreement's content; put it in the commit of the event that draws it up. */
export function agreementContentItem(
  store: Store,
  agreement: { readonly partnershipId: string; readonly hash: string; readonly content: unknown },
): TransactItem {
  return {
    Put: {
      TableName: store.tableName,
      Item: {
        PK: agreementPk(agreement.partnershipId, agreement.hash),
        SK: RECORD_SK,
        entity: 'agreement',
        partnershipId: agreement.partnershipId,
        hash: agreement.hash,
        content: compress(agreement.content),
      },
    },
  };
}

/** An agreement's content as it was drawn up, or undefined. Strong: it is read right after approval. */
export async function getAgreementContent<T>(
  store: Store,
  partnershipId: string,
  hash: string,
): Promise<T | undefined> {
  const item = await ioOf(store).get(agreementPk(partnershipId, hash), RECORD_SK, 'strong');
  if (item?.entity !== 'agreement' || !(item.content instanceof Uint8Array)) return undefined;
  return JSON.parse(brotliDecompressSync(item.content).toString('utf8')) as T;
}

// ---------------------------------------------------------------- the city's template

/** The template in use: `CITY#<city>` / `TEMPLATE#AGREEMENT`; each version also kept, never changed. */
export const TEMPLATE_SK = 'TEMPLATE#AGREEMENT';
const templateVersionSk = (version: number) => `${TEMPLATE_SK}#${String(version).padStart(6, '0')}`;

/** The city's template as its admin last saved it, or undefined while it uses the default one. */
export async function getAgreementTemplate<T extends { readonly version: number }>(
  store: Store,
  cityId: string,
): Promise<T | undefined> {
  // Strong: the admin edits what they just read, and an approval right after a save uses the new text.
  return templateFromItem<T>(await ioOf(store).get(cityPk(cityId), TEMPLATE_SK, 'strong'));
}

function templateFromItem<T>(item: Item | undefined): T | undefined {
  if (item?.entity !== 'agreement_template' || typeof item.template !== 'string') return undefined;
  return JSON.parse(item.template) as T;
}

/**
 * Saves a new version of the city's template (the one in use and a copy kept under its version) with the
 * next entry of the city's audit trail, if nobody saved another since `expectedVersion` was read.
 */
export async function putAgreementTemplate(
  store: Store,
  cityId: string,
  template: { readonly version: number },
  expectedVersion: number | undefined,
  audit: AuditDraft,
): Promise<void> {
  const last = (await cityAudit(store, cityId)).at(-1);
  const entry = chainEntry(audit, (last?.seq ?? 0) + 1, last?.hash ?? GENESIS_HASH);
  const pk = cityPk(cityId);
  const body = {
    entity: 'agreement_template',
    version: template.version,
    template: JSON.stringify(template),
  };
  await transactPuts(
    store,
    [
      {
        Item: { PK: pk, SK: TEMPLATE_SK, ...body },
        // The default template (never saved) is version 1: the first save finds no item.
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : '#v = :v',
        ...(expectedVersion === undefined
          ? {}
          : {
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': expectedVersion },
            }),
      },
      {
        Item: { PK: pk, SK: templateVersionSk(template.version), ...body },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
      { Item: auditItem(pk, entry), ConditionExpression: 'attribute_not_exists(PK)' },
    ],
    // Any cancellation: another save came first.
    () => new VersionConflictError('city', cityId),
  );
}

// ---------------------------------------------------------------- the organisation that signs

/**
 * The organisation as a partnership's agreement names it (its legal identity): `AGREEMENT#<partnership>` /
 * `PARTY`, written with the application (from the organisation its creation read) and again by an approval
 * that found it out of date. An approval draws the agreement up from it and checks it against the
 * organisation's own item in its transaction (partyCheckWrite): a renamed organisation is never named by its
 * former name, and the approval reads the organisation only after a rename.
 */
export interface AgreementParty {
  readonly organisationId: string;
  readonly name: string;
  readonly registrationNumber?: string | undefined;
}

const partyKey = (partnershipId: string) => ({ PK: `AGREEMENT#${partnershipId}`, SK: 'PARTY' });

/** The write that keeps a partnership's party (with the application, or refreshed by an approval). */
export function partyWrite(store: Store, partnershipId: string, party: AgreementParty): Write {
  const item: TransactItem = {
    Put: {
      TableName: store.tableName,
      Item: {
        ...partyKey(partnershipId),
        entity: 'agreement_party',
        partnershipId,
        organisationId: party.organisationId,
        name: party.name,
        ...(party.registrationNumber === undefined ? {} : { registrationNumber: party.registrationNumber }),
      },
    },
  };
  return { kind: 'transactItem', item, owner: { type: 'party', id: partnershipId } };
}

/**
 * The check that the organisation's item still carries the name and registration number the agreement
 * names; its failure is CheckFailedError `party`.
 */
export function partyCheckWrite(store: Store, party: AgreementParty): Write {
  const number = party.registrationNumber;
  const item: TransactItem = {
    ConditionCheck: {
      TableName: store.tableName,
      Key: orgKey(party.organisationId),
      ConditionExpression:
        number === undefined ? '#n = :n AND attribute_not_exists(#r)' : '#n = :n AND #r = :r',
      ExpressionAttributeNames: { '#n': 'name', '#r': 'registrationNumber' },
      ExpressionAttributeValues: { ':n': party.name, ...(number === undefined ? {} : { ':r': number }) },
    },
  };
  return { kind: 'transactItem', item, owner: { type: CHECK_PARTY, id: party.organisationId } };
}

function partyFromItem(item: Item | undefined): AgreementParty | undefined {
  if (item?.entity !== 'agreement_party') return undefined;
  return {
    organisationId: String(item.organisationId),
    name: String(item.name),
    ...(typeof item.registrationNumber === 'string' ? { registrationNumber: item.registrationNumber } : {}),
  };
}

/**
 * What approving or renewing a partnership reads, in one BatchGetItem (strong, as getRecord): the record,
 * its party, and the agreement template of `cityId` (the actor's city; the caller reads the record's
 * city's own when they differ); with `withCity`, that city's settings too, in the same call.
 */
export async function getPartnershipToDecide<T, Tpl>(
  store: Store,
  type: RecordType,
  id: string,
  cityId: string,
  opts: WithCity = {},
): Promise<
  AndCity & {
    readonly stored: Stored<T> | undefined;
    readonly party: AgreementParty | undefined;
    readonly template: Tpl | undefined;
  }
> {
  const { items, city } = await readWithCity(
    ioOf(store),
    { record: recordKey(type, id), party: partyKey(id), template: { PK: cityPk(cityId), SK: TEMPLATE_SK } },
    'strong',
    opts.withCity,
  );
  return {
    city,
    stored: storedFromItem<T>(type, items.record),
    party: partyFromItem(items.party),
    template: templateFromItem<Tpl>(items.template),
  };
}
