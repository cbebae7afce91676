/**
 * The agreement's hash, apart from drawing it up and rendering it: the domain freezes and checks it on
 * events that load none of the rest of papers/, which the api loads on demand (services/papers.ts).
 */
import type { AgreementContent } from './agreement.ts';
import { canonicalJson, sha256Hex } from './content.ts';

/** SHA-256 (hex) of the canonical JSON of the whole agreement, every language included. */
export function agreementHash(content: AgreementContent): string {
  return sha256Hex(canonicalJson(content));
}
