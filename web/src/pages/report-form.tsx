/**
 * The CSO's report form: each indicator's result with its target beside it (and its counts by category
 * where the indicator has categories), the amount spent and what was spent on each budget line of the
 * grant, the underspend and its fate on a final report, or for an annual review how each activity of the
 * action plan went (no amount is asked). The draft is kept on the device until the report is sent.
 * Loaded with the page of a report that can be written only (its own chunk), off the first load.
 */

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiProblem, type FieldError } from '../api/client.ts';
import type { Milestone } from '../api/types.ts';
import { wholeNumber } from '../i18n/digits.ts';
import { formatMoney, parseMoneyInput, t } from '../i18n/index.ts';
import { amountError, MoneyField, readAmount } from '../money-field.tsx';
import { isOffline, WaitingToSend } from '../offline.tsx';
import { byPath, ErrorBox, Field, RequiredNote, sendEvent } from '../ui.tsx';
import { UploadField } from '../upload-field.tsx';

const FATES = ['kept_for_agreed_change', 'returned'] as const;
type Fate = (typeof FATES)[number];
const STATUSES = ['done', 'partly_done', 'not_done'] as const;
type Status = (typeof STATUSES)[number];

/** What is kept on the device while the report is written (older drafts lack the newer fields). */
interface Draft {
  narrative: string;
  values: string[];
  categories: string[][];
  spent: string;
  lines: string[];
  underspend: Fate | '';
  activities: { status: Status | ''; note: string }[];
}

/** A count as typed, in any digits a phone gives (see wholeNumber). */
const isWhole = (text: string) => wholeNumber(text) !== undefined;
const required = (path: string, text: string): FieldError => ({
  path,
  message: text.trim() ? 'Use a whole number.' : 'Write something here.',
});

function initialDraft(m: Milestone, key: string): Draft {
  let saved: Partial<Draft> | null = null;
  try {
    saved = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<Draft> | null;
  } catch {
    saved = null;
  }
  const given = (name: string) => m.report?.indicatorResults.find((r) => r.name === name);
  return {
    narrative: saved?.narrative ?? m.report?.narrative ?? '',
    values: saved?.values ?? m.indicators.map((n) => String(given(n)?.value ?? '')),
    categories:
      saved?.categories ??
      m.indicators.map((n) =>
        categoriesOf(m, n).map((c) =>
          String(given(n)?.byCategory?.find((x) => x.category === c)?.value ?? ''),
        ),
      ),
    spent: saved?.spent ?? '',
    lines: saved?.lines ?? (m.budget ?? []).map(() => ''),
    underspend: saved?.underspend ?? m.report?.underspend ?? '',
    activities:
      saved?.activities ??
      (m.activities ?? []).map((a) => {
        const r = m.report?.activityResults?.find((x) => x.activity === a.activity);
        return { status: r?.status ?? '', note: r?.note ?? '' };
      }),
  };
}

const categoriesOf = (m: Milestone, name: string) =>
  m.targets?.find((x) => x.name === name)?.categories ?? [];

/** Where an error's path is on this form, for the error summary's links. */
function fieldId(path: string): string | undefined {
  const p = path.split('.');
  if (p[1] === 'indicatorResults' && p[3] === 'byCategory') return `cat-${p[2]}`;
  if (p[1] === 'indicatorResults' && p[2] !== undefined) return `res-${p[2]}`;
  if (p[1] === 'spentByLine') return p[2] !== undefined ? `line-${p[2]}` : 'lines';
  if (p[1] === 'activityResults') return p[2] !== undefined ? `act-${p[2]}` : 'acts';
  if (p[1] === 'underspend') return 'underspend';
  if (p[1] === 'spent') return 'spent';
  if (p[1] === 'narrative') return 'narrative';
  return undefined;
}

export function ReportForm(props: { milestone: Milestone; onDone: (m: Milestone) => void }) {
  const m = props.milestone;
  const key = `passerelle.report.${m.id}`;
  const [draft, setDraft] = useState<Draft>(() => initialDraft(m, key));
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<{ ids: string[]; sending: boolean }>({ ids: [], sending: false });
  const update = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    localStorage.setItem(key, JSON.stringify(next));
  };
  const grant = m.parentType === 'grant';
  const budget = m.budget ?? [];
  const activities = m.kind === 'annual_review' ? (m.activities ?? []) : [];
  const spentAmount = readAmount(draft.spent, m.currency).amount;
  const lineAmounts = draft.lines.map((l) => readAmount(l, m.currency).amount);
  const linesGiven = draft.lines.some((l) => l.trim() !== '');
  const linesTotal = lineAmounts.reduce<number>((s, a) => s + (a ?? 0), 0);
  // As the server counts it: only a final report has an underspend, awarded minus spent.
  const underspent =
    grant &&
    m.kind === 'final_report' &&
    m.awarded &&
    spentAmount !== undefined &&
    spentAmount < m.awarded.amount
      ? { amount: m.awarded.amount - spentAmount, currency: m.currency }
      : undefined;

  const fields = error instanceof ApiProblem ? byPath(error.errors) : {};
  // An amount that cannot be read safely says why (an ambiguous "12.000" is asked about, not guessed).
  const money = (p: string, text: string) =>
    fields[p] && text.trim() ? (readAmount(text, m.currency).problem ?? fields[p]) : fields[p];
  const f = (p: string) => fields[p];

  /** The form's own checks, before anything is sent: what the server would refuse, said field by field. */
  const problems = (): FieldError[] => {
    const bad: FieldError[] = [];
    draft.values.forEach((v, i) => {
      if (!isWhole(v)) bad.push(required(`report.indicatorResults.${i}.value`, v));
    });
    m.indicators.forEach((name, i) => {
      const counts = draft.categories[i] ?? [];
      if (categoriesOf(m, name).length === 0) return;
      if (counts.some((c) => !isWhole(c)))
        bad.push({ ...required(`report.indicatorResults.${i}.byCategory`, 'x'), rule: 'category_counts' });
      else if (
        isWhole(draft.values[i] ?? '') &&
        counts.reduce((s, c) => s + (wholeNumber(c) ?? 0), 0) !== wholeNumber(draft.values[i] ?? '')
      )
        bad.push({
          path: `report.indicatorResults.${i}.byCategory`,
          message: 'The counts by category must add up to the result.',
          rule: 'category_total',
        });
    });
    if (grant) {
      if (spentAmount === undefined) bad.push(amountError('report.spent.amount', draft.spent));
      if (linesGiven) {
        draft.lines.forEach((l, i) => {
          if (lineAmounts[i] === undefined) bad.push(amountError(`report.spentByLine.${i}.amount`, l));
        });
        if (
          lineAmounts.every((a) => a !== undefined) &&
          spentAmount !== undefined &&
          linesTotal !== spentAmount
        )
          bad.push({
            path: 'report.spentByLine',
            message: 'The budget lines must add up to the amount spent.',
            rule: 'spent_by_line_total',
          });
      }
      if (underspent && draft.underspend === '')
        bad.push({
          path: 'report.underspend',
          message: 'Choose what happens to the money not spent.',
          rule: 'underspend_choice',
        });
    }
    draft.activities.forEach((a, i) => {
      if (i < activities.length && a.status === '')
        bad.push({
          path: `report.activityResults.${i}.status`,
          message: 'Choose one.',
          rule: 'activity_status',
        });
    });
    return bad;
  };

  const submit = async () => {
    // The button stays focusable while sending (a disabled one drops the focus): a second press waits.
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const amount = draft.spent.trim() ? parseMoneyInput(draft.spent, m.currency) : undefined;
      const report = {
        narrative: draft.narrative,
        indicatorResults: m.indicators.map((name, i) => {
          const categories = categoriesOf(m, name);
          return {
            name,
            value: wholeNumber(draft.values[i] ?? '') ?? 0,
            ...(categories.length > 0
              ? {
                  byCategory: categories.map((category, j) => ({
                    category,
                    value: wholeNumber(draft.categories[i]?.[j] ?? '') ?? 0,
                  })),
                }
              : {}),
          };
        }),
        ...(grant ? { spent: { amount: amount ?? 0, currency: m.currency } } : {}),
        ...(grant && linesGiven
          ? {
              spentByLine: budget.map((b, i) => ({
                label: b.label,
                amount: { amount: lineAmounts[i] ?? 0, currency: m.currency },
              })),
            }
          : {}),
        ...(underspent && draft.underspend !== '' ? { underspend: draft.underspend } : {}),
        ...(activities.length > 0
          ? {
              activityResults: activities.map((a, i) => {
                const r = draft.activities[i];
                return {
                  activity: a.activity,
                  status: r?.status || 'not_done',
                  ...(r?.note.trim() ? { note: r.note } : {}),
                };
              }),
            }
          : {}),
        ...(files.ids.length > 0 ? { attachments: files.ids } : {}),
      };
      // A file still on its way is waited for, not left out of the report.
      if (files.sending)
        throw new ApiProblem(400, 'invalid', undefined, [
          { path: 'report.attachments', message: 'Wait until every file is sent.', rule: 'files_sending' },
        ]);
      const bad = problems();
      if (bad.length > 0) {
        const { validate } = await import('../validation.ts');
        const more = validate('MilestoneEvent', { type: 'submit_report', report }).filter(
          (e) => !bad.some((b) => b.path === e.path),
        );
        throw new ApiProblem(400, 'invalid', undefined, [...bad, ...more]);
      }
      const next = await sendEvent('milestone', m, { type: 'submit_report', report });
      localStorage.removeItem(key);
      props.onDone(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="rf-h" class="card">
      <h2 id="rf-h">{t('report.formTitle')}</h2>
      <p class="hint">{t('report.privacy')}</p>
      {error !== undefined && !isOffline(error) && <ErrorBox error={error} fieldId={fieldId} />}
      <WaitingToSend waiting={isOffline(error)} busy={busy} onSend={() => void submit()} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <RequiredNote />
        <Field
          id="narrative"
          label={t('report.narrative')}
          hint={t('report.narrativeHint')}
          error={f('report.narrative')}
        >
          {(d, invalid) => (
            <textarea
              id="narrative"
              rows={6}
              dir="auto"
              value={draft.narrative}
              aria-describedby={d}
              aria-invalid={invalid}
              aria-required="true"
              onInput={(e) => update({ narrative: e.currentTarget.value })}
            />
          )}
        </Field>
        <fieldset>
          <legend>{t('report.results')}</legend>
          {m.indicators.map((name, i) => {
            const target = m.targets?.find((x) => x.name === name)?.target;
            const categories = categoriesOf(m, name);
            return (
              <div key={name}>
                <Field
                  id={`res-${i}`}
                  label={t('report.count', { name })}
                  hint={target === undefined ? undefined : t('report.target', { n: target })}
                  error={f(`report.indicatorResults.${i}.value`)}
                >
                  {(d, invalid) => (
                    <input
                      id={`res-${i}`}
                      inputMode="numeric"
                      value={draft.values[i] ?? ''}
                      aria-describedby={d}
                      aria-invalid={invalid}
                      aria-required="true"
                      onInput={(e) =>
                        update({ values: draft.values.map((v, j) => (j === i ? e.currentTarget.value : v)) })
                      }
                    />
                  )}
                </Field>
                {categories.length > 0 && (
                  <fieldset
                    id={`cat-${i}`}
                    class={`by-category${f(`report.indicatorResults.${i}.byCategory`) ? ' has-error' : ''}`}
                    aria-describedby={`cat-${i}-hint`}
                  >
                    <legend>{t('report.byCategory', { name })}</legend>
                    <p class="hint" id={`cat-${i}-hint`}>
                      {t('report.byCategoryHint')}
                    </p>
                    {f(`report.indicatorResults.${i}.byCategory`) && (
                      <p class="field-error">{f(`report.indicatorResults.${i}.byCategory`)}</p>
                    )}
                    {categories.map((category, j) => (
                      <Field
                        key={category}
                        id={`cat-${i}-${j}`}
                        label={t('report.categoryCount', { category })}
                      >
                        {(d) => (
                          <input
                            id={`cat-${i}-${j}`}
                            inputMode="numeric"
                            value={draft.categories[i]?.[j] ?? ''}
                            aria-describedby={d}
                            aria-required="true"
                            onInput={(e) => {
                              const text = e.currentTarget.value;
                              update({
                                categories: m.indicators.map((_, k) =>
                                  categoriesOf(m, m.indicators[k] ?? '').map((_, l) =>
                                    k === i && l === j ? text : (draft.categories[k]?.[l] ?? ''),
                                  ),
                                ),
                              });
                            }}
                          />
                        )}
                      </Field>
                    ))}
                  </fieldset>
                )}
              </div>
            );
          })}
        </fieldset>
        {activities.length > 0 && (
          <fieldset id="acts">
            <legend>{t('report.activities')}</legend>
            <p class="hint">{t('report.noAmount')}</p>
            {activities.map((a, i) => (
              <Radios
                key={a.activity}
                id={`act-${i}`}
                legend={a.activity}
                // The quarter's code (2027-Q1) isolated, so that it reads the same in a right-to-left line.
                hint={t('report.activityMeta', {
                  lead: t(`lead.${a.lead}`),
                  quarter: `\u2068${a.quarter}\u2069`,
                })}
                options={STATUSES}
                label={(s) => t(`activity.${s}`)}
                value={draft.activities[i]?.status ?? ''}
                error={f(`report.activityResults.${i}.status`)}
                onChange={(status) =>
                  update({
                    activities: activities.map((_, j) =>
                      j === i
                        ? { status, note: draft.activities[j]?.note ?? '' }
                        : (draft.activities[j] ?? { status: '', note: '' }),
                    ),
                  })
                }
              >
                <Field id={`act-${i}-note`} label={t('report.activityNote')}>
                  {(d) => (
                    <textarea
                      id={`act-${i}-note`}
                      rows={2}
                      dir="auto"
                      value={draft.activities[i]?.note ?? ''}
                      aria-describedby={d}
                      onInput={(e) => {
                        const note = e.currentTarget.value;
                        update({
                          activities: activities.map((_, j) =>
                            j === i
                              ? { status: draft.activities[j]?.status ?? '', note }
                              : (draft.activities[j] ?? { status: '', note: '' }),
                          ),
                        });
                      }}
                    />
                  )}
                </Field>
              </Radios>
            ))}
          </fieldset>
        )}
        {grant && (
          <>
            <MoneyField
              id="spent"
              required
              label={t('report.spentLabel', { currency: m.currency })}
              error={money('report.spent.amount', draft.spent) ?? f('report.spent')}
              value={draft.spent}
              currency={m.currency}
              onInput={(text) => update({ spent: text })}
            />
            {budget.length > 0 && (
              <fieldset
                id="lines"
                class={f('report.spentByLine') ? 'has-error' : undefined}
                aria-describedby="lines-hint lines-total"
              >
                <legend>{`${t('report.byLine')} ${t('form.optional')}`}</legend>
                <p class="hint" id="lines-hint">
                  {t('report.byLineHint')}
                </p>
                {f('report.spentByLine') && <p class="field-error">{f('report.spentByLine')}</p>}
                {budget.map((b, i) => (
                  <MoneyField
                    key={b.label}
                    id={`line-${i}`}
                    label={t('report.lineSpent', { label: b.label, currency: m.currency })}
                    hint={t('report.lineBudget', { amount: formatMoney(b.amount) })}
                    error={money(`report.spentByLine.${i}.amount`, draft.lines[i] ?? '')}
                    value={draft.lines[i] ?? ''}
                    currency={m.currency}
                    onInput={(text) =>
                      update({ lines: budget.map((_, j) => (j === i ? text : (draft.lines[j] ?? ''))) })
                    }
                  />
                ))}
                <p id="lines-total" class="sum">
                  {t('report.linesTotal', {
                    amount: formatMoney({ amount: linesTotal, currency: m.currency }),
                  })}{' '}
                  {linesGiven && spentAmount !== undefined && linesTotal !== spentAmount
                    ? t('report.linesOff', {
                        spent: formatMoney({ amount: spentAmount, currency: m.currency }),
                      })
                    : ''}
                </p>
              </fieldset>
            )}
            {underspent && (
              <Radios
                id="underspend"
                legend={t('report.underspendLegend')}
                hint={t('report.underspentNow', { amount: formatMoney(underspent) })}
                options={FATES}
                label={(fate) => t(`underspend.${fate}`)}
                value={draft.underspend}
                error={f('report.underspend')}
                onChange={(fate) => update({ underspend: fate })}
              />
            )}
          </>
        )}
        <UploadField
          id="report-files"
          label={`${t('files.reportLabel')} ${t('form.optional')}`}
          hint={t('files.reportHint')}
          beneficiaryWarning
          error={f('report.attachments')}
          onChange={(ids, sending) => setFiles({ ids, sending })}
        />
        <button type="submit" class="primary" aria-disabled={busy}>
          {t('event.submit_report')}
        </button>
      </form>
    </section>
  );
}

/** One choice of a few, in a fieldset: its legend says what is chosen, its hint what it is about. */
function Radios<T extends string>(props: {
  id: string;
  legend: string;
  hint?: string;
  options: readonly T[];
  label: (option: T) => string;
  value: T | '';
  error?: string | undefined;
  onChange: (value: T) => void;
  children?: ComponentChildren;
}) {
  const { id } = props;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset
      id={id}
      class={`field choices${props.error ? ' has-error' : ''}`}
      aria-describedby={described || undefined}
    >
      <legend>
        <bdi>{props.legend}</bdi>
      </legend>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
      {props.options.map((o) => (
        <div class="check" key={o}>
          <input
            type="radio"
            name={id}
            id={`${id}-${o}`}
            checked={props.value === o}
            onChange={() => props.onChange(o)}
          />
          <label for={`${id}-${o}`}>{props.label(o)}</label>
        </div>
      ))}
      {props.children}
    </fieldset>
  );
}
