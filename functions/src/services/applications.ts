/**
 * What a grant's and a partnership's application have in common: the organisation creates it as a draft
 * and edits it while it is a draft or sent back for changes. Each step checks and attaches the files the
 * form names, and writes the record with its audit entry (and the retry claim) in one transaction. Each
 * workflow says only what its record adds and which rules its application must meet.
 */
import { rolesOn } from '#domain/access';
import type { AttachedDocument } from '#domain/documents';
import { ForbiddenError, type RuleFailure, RuleViolationError } from '#domain/errors';
import type { Actor, CitySettings, Organisation, WorkflowRecord } from '#domain/types';
import type { Write } from '#store/store';
import { csoOfActor, loadReadable } from './access.ts';
import { auditDraft } from './audit-draft.ts';
import type { Deps } from './deps.ts';
import { attachToRecord, type UploadToAttach } from './documents.ts';
import { type Created, type IdempotencyInput, idempotentCreate } from './idempotency.ts';
import { checkIfMatch, withVersionRace } from './if-match.ts';
import type { ViewContext } from './views.ts';

type Application = WorkflowRecord<string> & {
  readonly organisationName: string;
  readonly files?: readonly AttachedDocument[];
};

/** The fields every new application has, whatever its kind. */
export interface Draft {
  readonly files?: readonly AttachedDocument[];
  readonly id: string;
  readonly cityId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly state: 'draft';
  readonly version: 1;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
}

/** One kind of application: what its form is (A), what is stored (R) and what is answered (V). */
export interface ApplicationKind<A, R extends A & Application, V> {
  readonly type: 'grant' | 'partnership';
  readonly idPrefix: string;
  /** The uploads the form names; on an edit only those the record does not hold yet are attached. */
  readonly uploads: (app: Partial<A>) => UploadToAttach[];
  /** The rules the application must meet when created and after every edit. */
  readonly rules?: (app: A, city: CitySettings) => readonly RuleFailure[];
  /** The new record: the form, the fields of every draft, and what this kind starts with. */
  readonly draft: (fields: A & Draft) => R;
  readonly present: (record: R, v: ViewContext) => V;
  /** What this kind writes beside a new record, from the organisation its creation read. */
  readonly alsoWrites?: (deps: Deps, record: R, org: Organisation) => readonly Write[];
}

function meetRules<A>(
  rules: ((app: A, city: CitySettings) => readonly RuleFailure[]) | undefined,
  app: A,
  city: CitySettings,
) {
  const failures = rules?.(app, city) ?? [];
  if (failures.length > 0) throw new RuleViolationError(failures);
}

/** A new draft of the actor's organisation, answered once per Idempotency-Key. */
export async function createApplication<A, R extends A & Application, V>(
  deps: Deps,
  actor: Actor,
  kind: ApplicationKind<A, R, V>,
  app: A,
  idem?: IdempotencyInput,
): Promise<Created<V>> {
  // The checks run inside: a retry whose first request went through answers as it did, even where the
  // organisation or the city's rules have changed since.
  return idempotentCreate(deps, actor, idem, async (claim) => {
    const org = await csoOfActor(deps, actor);
    const city = await deps.cities.get(actor.cityId);
    meetRules(kind.rules, app, city);
    const now = deps.clock().toISOString();
    const id = deps.newId(kind.idPrefix);
    const attached = await attachToRecord(deps, actor, { type: kind.type, id }, [], kind.uploads(app));
    const record = kind.draft({
      ...app,
      ...(attached.files ? { files: attached.files } : {}),
      id,
      cityId: city.id,
      organisationId: org.id,
      organisationName: org.name,
      state: 'draft',
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor.userId,
    });
    const view = kind.present(record, { actor, roles: rolesOn(actor, record), now, city });
    await deps.store.commit(
      [
        {
          kind: 'create',
          type: kind.type,
          record,
          audit: auditDraft({
            entityType: kind.type,
            entityId: record.id,
            event: 'create',
            from: null,
            to: 'draft',
            actor,
            role: 'cso',
            at: now,
            data: attached.audit,
          }),
        },
        ...attached.writes,
        ...(kind.alsoWrites?.(deps, record, org) ?? []),
      ],
      claim ? { ...claim, body: view } : undefined,
    );
    return view;
  });
}

/** The organisation's edit of its application, while a draft or when changes are requested. */
export async function editApplication<A, R extends A & Application, V>(
  deps: Deps,
  actor: Actor,
  kind: ApplicationKind<A, R, V>,
  id: string,
  patch: Partial<A>,
  ifMatch?: string,
): Promise<V> {
  const { record, roles, auditHash } = await loadReadable<R>(deps, kind.type, id, actor);
  if (!roles.includes('cso'))
    throw new ForbiddenError('Only the applying organisation can edit its application.');
  checkIfMatch(ifMatch, record.version);
  if (record.state !== 'draft' && record.state !== 'changes_requested') {
    throw new RuleViolationError([
      {
        rule: 'not_editable',
        message: 'An application can be edited only as a draft or when changes are requested.',
      },
    ]);
  }
  const city = await deps.cities.get(record.cityId);
  const now = deps.clock().toISOString();
  const attached = await attachToRecord(
    deps,
    actor,
    { type: kind.type, id },
    record.files,
    kind.uploads(patch),
  );
  const next: R = {
    ...record,
    ...patch,
    ...(attached.files ? { files: attached.files } : {}),
    version: record.version + 1,
    updatedAt: now,
  };
  meetRules(kind.rules, next, city);
  await withVersionRace(ifMatch, () =>
    deps.store.commit([
      {
        kind: 'update',
        type: kind.type,
        record: next,
        previous: record,
        expectedVersion: record.version,
        prevHash: auditHash,
        audit: auditDraft({
          entityType: kind.type,
          entityId: id,
          event: 'edit',
          from: record.state,
          to: record.state,
          actor,
          role: 'cso',
          at: now,
          data: { fields: Object.keys(patch), ...attached.audit },
        }),
      },
      ...attached.writes,
    ]),
  );
  return kind.present(next, { actor, roles, now, city });
}
