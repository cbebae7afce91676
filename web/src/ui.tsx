/** Shared building blocks: page frame, loading, errors, fields, money and dates, event buttons, history. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { REASON_REQUIRED } from '../../functions/src/contract/events.ts';
import { ApiProblem, api, checked, type FieldError, read } from './api/client.ts';
import type { EntityType, Grant, Milestone, Money as MoneyT, Partnership } from './api/types.ts';
import { ConfirmStep } from './confirm.tsx';
import { errorText } from './field-errors.ts';
import { formatDate, formatInstant, formatMoney, has, lang, t, tx } from './i18n/index.ts';
import { hasStrings, useKeptTyping } from './kept-typing.ts';
import { isOffline, NotSentOffline } from './offline.tsx';
import { SessionWarning } from './session-warning.tsx';

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

export function Page(props: {
  title: string;
  children: ComponentChildren;
  lead?: ComponentChildren;
  /** The window's title when it says more than the heading (a wizard's "Step 2 of 8: …"). */
  documentTitle?: string | undefined;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  const shown = props.documentTitle ?? props.title;
  useEffect(() => {
    document.title = `${shown} · ${t('app.name')}`;
  }, [shown, lang()]);
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
      <SessionWarning />
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

/** A record loaded once, then replaced by what each action on it returns (the page's record pages). */
export function LoadedRecord<T extends { readonly id: string }>(props: {
  id: string;
  load: () => Promise<T>;
  children: (record: T, onChange: (record: T) => void) => ComponentChildren;
}) {
  const load = useLoad(props.load, [props.id]);
  const [updated, setUpdated] = useState<T | null>(null);
  useEffect(() => {
    // The form or button that acted may be gone from the record's new state: focus never falls to the
    // page's body, it goes to what the action said (a status), else to the record's heading.
    if (updated && (!document.activeElement || document.activeElement === document.body))
      (
        document.querySelector<HTMLElement>('main .status') ?? document.querySelector<HTMLElement>('main h1')
      )?.focus();
  }, [updated]);
  return (
    <Show load={load}>
      {(loaded) => props.children(updated && updated.id === loaded.id ? updated : loaded, setUpdated)}
    </Show>
  );
}

// ------------------------------------------------------------------ errors

export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 0) return t('error.network');
    if (has(`error.${error.status}`)) return tx(`error.${error.status}`);
  }
  return t('error.unknown');
}

/** The element of a form that an error's path names, by the usual ids ("budget.0.label" → "budget-0-label"). */
function fieldOf(path: string, fieldId?: (path: string) => string | undefined): HTMLElement | null {
  const candidates = [fieldId?.(path), path, path.replaceAll('.', '-'), path.replace(/\.amount$/, '')];
  for (const id of candidates) {
    const el = id ? document.getElementById(id) : null;
    if (el) return el;
  }
  return null;
}

/** What the field is called on the page: its label, or its group's legend. */
function fieldName(el: HTMLElement): string {
  const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
  const text = label?.textContent ?? el.querySelector('legend')?.textContent ?? '';
  return text.trim();
}

/** The code of an amount that cannot be read safely (money-field.tsx). */
export const UNREADABLE_AMOUNT = 'unreadable_amount';

interface SummaryLine {
  readonly key: string;
  readonly text: string;
  readonly target: string | undefined;
}

/**
 * The error summary at the top of a form: what went wrong, then each field's error as a link to the
 * field, named by its label. It takes focus when it appears or its errors change (so the user hears it
 * and can follow a link), and the window's title starts with "Error:" while it is shown.
 */
export function ErrorBox(props: {
  error: unknown;
  fields?: readonly FieldError[];
  /** The id of a field by its error's path, when the form's ids are not the path. */
  fieldId?: (path: string) => string | undefined;
}) {
  const errors = props.fields ?? (props.error instanceof ApiProblem ? props.error.errors : []);
  const box = useRef<HTMLDivElement>(null);
  const [lines, setLines] = useState<readonly SummaryLine[]>([]);
  const signature = `${problemText(props.error)}|${errors.map((e) => `${e.path}:${e.code ?? e.message}`).join('|')}`;
  useEffect(() => {
    // After the render, when the fields it names are on the page.
    const seen = new Set<string>();
    const next: SummaryLine[] = [];
    for (const e of errors) {
      const el = fieldOf(e.path, props.fieldId);
      // An amount that cannot be read says why below its field (money-field.tsx): the same words here.
      const said = e.code === UNREADABLE_AMOUNT && el ? document.getElementById(`${el.id}-understood`) : null;
      const text = said?.textContent || errorText(e);
      const name = el ? fieldName(el) : '';
      const line = name ? `${name}: ${text}` : text;
      if (seen.has(line)) continue;
      seen.add(line);
      next.push({ key: `${e.path}:${line}`, text: line, target: el?.id || undefined });
    }
    setLines(next);
    box.current?.focus();
    const prefix = t('error.titlePrefix');
    if (!document.title.startsWith(prefix)) document.title = `${prefix} ${document.title}`;
    return () => {
      if (document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length + 1);
    };
  }, [signature]);
  return (
    <div class="alert" role="alert" tabIndex={-1} ref={box}>
      <p>
        <strong>{props.error ? problemText(props.error) : t('error.fix')}</strong>
      </p>
      {lines.length > 0 && (
        <ul>
          {lines.map((l) => (
            <li key={l.key}>
              {l.target ? (
                <a
                  href={`#${l.target}`}
                  onClick={(e) => {
                    e.preventDefault();
                    const el = l.target ? document.getElementById(l.target) : null;
                    const focusable =
                      el?.matches('fieldset') === true
                        ? el.querySelector<HTMLElement>('input, select, textarea, button')
                        : el;
                    focusable?.focus();
                  }}
                >
                  {l.text}
                </a>
              ) : (
                l.text
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A status message that says what just happened, focused so that it is heard and focus is not lost. */
export function Status(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <p class="ok status" role="status" tabIndex={-1} ref={ref}>
      {props.children}
    </p>
  );
}

/** Errors keyed by field path ("budget.0.label"), for showing next to each field. */
export function byPath(errors: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if (!(e.path in out)) out[e.path] = errorText(e);
  return out;
}

// ------------------------------------------------------------------ fields

/**
 * One labelled field. Which fields must be answered follows one convention across the app, GOV.UK's: the
 * optional ones say "(optional)" in their label, and a form with required fields says once at its top that
 * every other field is required (RequiredNote). Most fields of the app's forms are required, so marking the
 * few optional ones keeps the labels short and the mark meaningful; the labels already said "(optional)".
 * A required field is also announced: its control carries `aria-required`, rather than the HTML
 * `required` attribute, which some screen readers report as "invalid" before anything is typed.
 * A date input has no ARIA role to carry `aria-required` and takes the HTML `required` instead. Every form
 * is `noValidate`, so that the app's own error summary, not the browser's bubble, says what is missing.
 */
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

/** The line at the top of a form that says every field not marked "(optional)" must be answered. */
export const RequiredNote = () => <p class="hint">{t('form.requiredNote')}</p>;

// ------------------------------------------------------------------ values

export const MoneyText = (p: { value: MoneyT | undefined }) => (
  <span class="num">{formatMoney(p.value)}</span>
);
export const DateText = (p: { value: string | undefined }) => (
  <time class="num" dateTime={p.value}>
    {formatDate(p.value)}
  </time>
);

export function StateTag(p: { state: string }) {
  return <span class={`tag tag-${p.state}`}>{tx(`state.${p.state}`, p.state)}</span>;
}

export function LateTag() {
  return <span class="tag tag-late">{t('common.late')}</span>;
}

/**
 * The working days left before a deadline, or how late it is: one tag, never "late" twice (the record's
 * `late` flag and a negative count say the same thing).
 */
export function DaysLeft(p: { days: number | undefined; late?: boolean | undefined }) {
  if (p.days === undefined || (p.late && p.days >= 0)) return p.late ? <LateTag /> : null;
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
  // The open reason form and its text, kept on the device while typing: a session that runs out loses
  // nothing (kept-typing.ts).
  const typed = useKeptTyping(
    `${props.entity}.${props.record.id}.event`,
    { type: '', comment: '' },
    hasStrings('type', 'comment'),
  );
  const open = props.record.allowedEvents.includes(typed.value.type) ? typed.value.type : null;
  const comment = typed.value.comment;
  const setOpen = (type: string | null) => typed.keep({ type: type ?? '', comment });
  const setComment = (text: string) => typed.keep({ type: open ?? '', comment: text });
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  // What the last action did, said and focused: the button pressed may be gone from the new state.
  const [done, setDone] = useState<{ type: string; n: number } | null>(null);
  // How many presses found no connection (the notice is said again at each).
  const [notSent, setNotSent] = useState(0);
  const reason = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (open) reason.current?.focus();
  }, [open]);
  const [startDate, setStartDate] = useState('');
  const events = props.record.allowedEvents.filter(
    (e) => !props.exclude?.includes(e) && !NOT_A_BUTTON.includes(e),
  );
  if (events.length === 0 && !done) return null;
  const send = async (type: string) => {
    // Not disabled while busy: a disabled button would drop the focus to the page's body.
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setDone(null);
    setNotSent(0);
    try {
      const body = {
        type,
        ...(comment.trim() ? { comment } : {}),
        ...(props.entity === 'partnership' && type === 'approve' && startDate ? { startDate } : {}),
      };
      const next = await sendEvent(props.entity, props.record, body);
      typed.clear();
      setDone((d) => ({ type, n: (d?.n ?? 0) + 1 }));
      props.onDone(next);
    } catch (e) {
      // No connection is not an error of the user's: said plainly at the buttons, to press again later.
      if (isOffline(e)) setNotSent((n) => n + 1);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fieldErrors = error instanceof ApiProblem ? byPath(error.errors) : {};
  return (
    <section class="actions" aria-labelledby="actions-h">
      <h2 id="actions-h">{t('actions.title')}</h2>
      {error !== undefined && <ErrorBox error={error} fieldId={() => 'event-comment'} />}
      {done && (
        <Status key={done.n}>{tx(`history.${done.type}`, tx(`event.${done.type}`, done.type))}</Status>
      )}
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
                ref={reason}
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
              aria-disabled={busy}
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
                aria-disabled={busy}
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
      {notSent > 0 && <NotSentOffline key={notSent} />}
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
                  {e.from ? `${tx(`state.${e.from}`, e.from)} ${lang() === 'ar' ? '←' : '→'} ` : ''}
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
                {e.comment && <blockquote dir="auto">{e.comment}</blockquote>}
              </li>
            ))}
          </ol>
        )}
      </Show>
    </section>
  );
}

/**
 * After a line of a group is removed with its own button, the focus goes to the group's first field
 * instead of falling to the page's body with the button that is gone.
 */
export function focusGroupAfterRemove(groupId: string): void {
  requestAnimationFrame(() =>
    document.getElementById(groupId)?.querySelector<HTMLElement>('input, select, textarea')?.focus(),
  );
}
