/** Shared building blocks: page frame, loading, errors, fields, money and dates, event buttons, history. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { REASON_REQUIRED } from '../../functions/src/contract/events.ts';
import { ApiProblem, api, checked, type FieldError, read } from './api/client.ts';
import type { EntityType, Grant, Milestone, Money as MoneyT, Partnership } from './api/types.ts';
import { ConfirmStep } from './confirm.tsx';
import { errorText } from './field-errors.ts';
import { formatDate, formatInstant, formatMoney, has, t, tx } from './i18n/index.ts';

// ------------------------------------------------------------------ data loading

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

export function useLoad<T>(fn: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    fn().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

// ------------------------------------------------------------------ page frame

export function Page(props: { title: string; children: ComponentChildren; lead?: ComponentChildren }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`;
  }, [props.title]);
  useEffect(() => {
    // After a navigation, move focus to the new page's heading so screen readers announce it.
    if (
      document.activeElement &&
      document.activeElement !== document.body &&
      !document.activeElement.closest('header')
    )
      return;
    h1.current?.focus({ preventScroll: true });
  }, []);
  return (
    <>
      <h1 tabIndex={-1} ref={h1}>
        {props.title}
      </h1>
      {props.lead && <p class="lead">{props.lead}</p>}
      {props.children}
    </>
  );
}

export function Loading() {
  return (
    <p class="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function Show<T>(props: { load: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (props.load.error) return <ErrorBox error={props.load.error} />;
  if (props.load.data === undefined) return <Loading />;
  return <>{props.children(props.load.data)}</>;
}

// ------------------------------------------------------------------ errors

export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 0) return t('error.network');
    if (has(`error.${error.status}`)) return tx(`error.${error.status}`);
  }
  return t('error.unknown');
}

export function ErrorBox(props: { error: unknown; fields?: readonly FieldError[] }) {
  const errors = props.fields ?? (props.error instanceof ApiProblem ? props.error.errors : []);
  return (
    <div class="alert" role="alert">
      <p>
        <strong>{props.error ? problemText(props.error) : t('error.fix')}</strong>
      </p>
      {errors.length > 0 && (
        <ul>
          {errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>{errorText(e)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Errors keyed by field path ("budget.0.label"), for showing next to each field. */
export function byPath(errors: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if (!(e.path in out)) out[e.path] = errorText(e);
  return out;
}

// ------------------------------------------------------------------ fields

export function Field(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
}) {
  const ids = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children(ids || undefined, !!props.error)}
    </div>
  );
}

// ------------------------------------------------------------------ values

export const MoneyText = (p: { value: MoneyT | undefined }) => (
  <span class="num">{formatMoney(p.value)}</span>
);
export const DateText = (p: { value: string | undefined }) => (
  <time dateTime={p.value}>{formatDate(p.value)}</time>
);

export function StateTag(p: { state: string }) {
  return <span class={`tag tag-${p.state}`}>{tx(`state.${p.state}`, p.state)}</span>;
}

export function LateTag() {
  return <span class="tag tag-late">{t('common.late')}</span>;
}

export function DaysLeft(p: { days: number | undefined }) {
  if (p.days === undefined) return null;
  if (p.days < 0) return <span class="tag tag-late">{t('queue.daysLate', { n: -p.days })}</span>;
  return <span class="tag">{t('queue.daysLeft', { n: p.days })}</span>;
}

export function Dl(p: { rows: readonly (readonly [string, ComponentChildren])[] }) {
  return (
    <dl class="facts">
      {p.rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

// ------------------------------------------------------------------ events

export { REASON_REQUIRED };

type AnyRecord = Grant | Partnership | Milestone;

interface Records {
  readonly grant: Grant;
  readonly partnership: Partnership;
  readonly milestone: Milestone;
}

/** Each record's event route, given a body checked with the API's own schema first. */
const senders: { readonly [E in EntityType]: (record: Records[E], body: unknown) => Promise<Records[E]> } = {
  grant: async (record, body) =>
    read(
      api.v1.grants[':id'].events.$post(
        { param: { id: record.id }, json: await checked('GrantEvent', body) },
        ifMatch(record),
      ),
    ),
  partnership: async (record, body) =>
    read(
      api.v1.partnerships[':id'].events.$post(
        { param: { id: record.id }, json: await checked('PartnershipEvent', body) },
        ifMatch(record),
      ),
    ),
  milestone: async (record, body) =>
    read(
      api.v1.milestones[':id'].events.$post(
        { param: { id: record.id }, json: await checked('MilestoneEvent', body) },
        ifMatch(record),
      ),
    ),
};

const ifMatch = (record: AnyRecord) => ({ headers: { 'If-Match': `"${record.version}"` } });

/** Sends one workflow event to a record, validated first with the API's own schema. */
export function sendEvent<E extends EntityType>(
  entity: E,
  record: Records[E],
  body: { type: string } & Record<string, unknown>,
): Promise<Records[E]> {
  return senders[entity](record, body);
}

/** Events that cannot be undone: confirmed in a second step. */
const IRREVERSIBLE = new Set(['approve', 'accept']);

/** Not an event to send: `edit` says that the page may show the application's edit form. */
const NOT_A_BUTTON = ['edit'];

/**
 * One button per event the API allows now (`allowedEvents`), except those the page handles with its own
 * form. An event that needs a reason opens a short form first.
 */
export function EventButtons<E extends EntityType>(props: {
  entity: E;
  record: Records[E];
  exclude?: readonly string[];
  onDone: (record: Records[E]) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [startDate, setStartDate] = useState('');
  const events = props.record.allowedEvents.filter(
    (e) => !props.exclude?.includes(e) && !NOT_A_BUTTON.includes(e),
  );
  if (events.length === 0) return null;
  const send = async (type: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        type,
        ...(comment.trim() ? { comment } : {}),
        ...(props.entity === 'partnership' && type === 'approve' && startDate ? { startDate } : {}),
      };
      const next = await sendEvent(props.entity, props.record, body);
      setOpen(null);
      setComment('');
      props.onDone(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fieldErrors = error instanceof ApiProblem ? byPath(error.errors) : {};
  return (
    <section class="actions" aria-labelledby="actions-h">
      <h2 id="actions-h">{t('actions.title')}</h2>
      {error !== undefined && <ErrorBox error={error} />}
      {open ? (
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault();
            void send(open);
          }}
        >
          <Field
            id="event-comment"
            label={REASON_REQUIRED.has(open) ? t('actions.reason') : t('actions.comment')}
            error={fieldErrors.comment}
          >
            {(d, invalid) => (
              <textarea
                id="event-comment"
                rows={3}
                value={comment}
                aria-describedby={d}
                aria-invalid={invalid}
                required={REASON_REQUIRED.has(open)}
                onInput={(e) => setComment(e.currentTarget.value)}
              />
            )}
          </Field>
          <div class="row">
            <button
              type="submit"
              class={open === 'reject' || open === 'withdraw' ? 'danger' : 'primary'}
              disabled={busy}
            >
              {tx(`event.${open}`, open)}
            </button>
            <button type="button" onClick={() => setOpen(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div class="row">
          {events.map((type) =>
            IRREVERSIBLE.has(type) ? (
              <ConfirmStep
                key={type}
                id={`confirm-${type}`}
                label={tx(`event.${type}`, type)}
                busy={busy}
                onConfirm={() => send(type)}
              >
                {props.entity === 'partnership' && type === 'approve' && (
                  <Field
                    id="event-start"
                    label={t('partnership.startDateLabel')}
                    hint={t('partnership.startDateHint')}
                  >
                    {(d) => (
                      <input
                        id="event-start"
                        type="date"
                        dir="ltr"
                        value={startDate}
                        aria-describedby={d}
                        onInput={(e) => setStartDate(e.currentTarget.value)}
                      />
                    )}
                  </Field>
                )}
              </ConfirmStep>
            ) : (
              <button
                type="button"
                key={type}
                disabled={busy}
                class={
                  type === 'withdraw' || type === 'reject' || type === 'terminate' ? 'danger' : 'primary'
                }
                onClick={() => {
                  setError(undefined);
                  if (REASON_REQUIRED.has(type) || type === 'withdraw') setOpen(type);
                  else void send(type);
                }}
              >
                {tx(`event.${type}`, type)}
              </button>
            ),
          )}
        </div>
      )}
    </section>
  );
}

// ------------------------------------------------------------------ history

export function History(props: {
  entity: EntityType;
  id: string;
  version: number;
  timeZone?: string | undefined;
}) {
  const load = useLoad(
    () =>
      read(api.v1.audit[':entityType'][':id'].$get({ param: { entityType: props.entity, id: props.id } })),
    [props.entity, props.id, props.version],
  );
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{t('history.title')}</h2>
      <Show load={load}>
        {(d) => (
          <ol class="history">
            {d.items.map((e) => (
              <li key={e.seq}>
                <strong>{tx(`history.${e.event}`, tx(`event.${e.event}`, e.event))}</strong>{' '}
                <span class="muted">
                  {e.from ? `${tx(`state.${e.from}`, e.from)} → ` : ''}
                  {tx(`state.${e.to}`, e.to)}
                </span>
                <br />
                <span class="muted">
                  {formatInstant(e.at, props.timeZone)} ·{' '}
                  {e.actorName && (
                    <>
                      <bdi>{e.actorName}</bdi>,{' '}
                    </>
                  )}
                  {tx(`role.${e.role}`, e.role)}
                </span>
                {e.comment && <blockquote>{e.comment}</blockquote>}
              </li>
            ))}
          </ol>
        )}
      </Show>
    </section>
  );
}
