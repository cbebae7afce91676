/**
 * Agreements as the table keeps them: the whole drawn-up content of one agreement, one item per
 * partnership and hash, `AGREEMENT#<partnership>#<hash>` / `R`. The partnership record carries the
 * agreement's version, hash and signatures; the content lives here, so that the record stays small
 * whatever the action plan, and an agreement can be rendered again and its hash checked. The content is
 * Brotli-compressed: the user's text appears in each language and twice for a joint activity, which a
 * large window folds away (a 50-activity Arabic plan would otherwise come near the 400 KB item limit).
 * Written in the transaction of the event that draws it up; never changed.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { RECORD_SK } from './keys.ts';
import type { Store } from './store.ts';
import { ioOf } from './table-io.ts';
import type { TransactItem } from './transaction.ts';

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
