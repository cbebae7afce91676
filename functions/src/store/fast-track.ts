/**
 * An organisation's fast-track ledger: `ORG#<id>` / `FASTTRACK`, beside its profile.
 *
 * Per organisation, the fast-track grants it has submitted that may still be open, and a sequence number.
 * A fast-track submission reads it, counts the open ones with consistent reads, and writes it back in its
 * transaction on condition that the sequence did not move: two simultaneous submissions of one
 * organisation cannot both pass the open-grant limit.
 */
import { orgPk } from './organisations.ts';
import type { Item } from './table-io.ts';

export interface FastTrackLedger {
  readonly seq: number;
  readonly grantIds: readonly string[];
}

export const FAST_TRACK_SK = 'FASTTRACK';
export const fastTrackKey = (orgId: string) => ({ PK: orgPk(orgId), SK: FAST_TRACK_SK });

export function fastTrackItem(orgId: string, ledger: FastTrackLedger): Item {
  return {
    ...fastTrackKey(orgId),
    entity: 'fastTrackLedger',
    seq: ledger.seq,
    grantIds: [...ledger.grantIds],
  };
}

export function fastTrackFromItem(item: Item | undefined): FastTrackLedger {
  return { seq: Number(item?.seq ?? 0), grantIds: (item?.grantIds as string[] | undefined) ?? [] };
}
