/**
 * The steps of the grant wizard that are more than one text: each shows its fields of the working copy
 * and the errors found in them; moving between steps, checking and saving stay with the wizard.
 */
import type { ComponentChildren } from 'preact';
import { type Eligibility, FOCUS_AREAS, type FocusArea, type Grant, type Me } from '../api/types.ts';
import { formatMoney, formatNumber, locale, parseMoneyInput, t, tx } from '../i18n/index.ts';
import { lazyPage } from '../lazy.tsx';
import { MoneyField } from '../money-field.tsx';
import { DateText, Dl, Field, focusGroupAfterRemove, Loading, MoneyText } from '../ui.tsx';
import { FileList, type SentFile, UploadField } from '../upload-field.tsx';
import { Checkboxes } from './choices.tsx';
import type { Draft } from './grant-draft.ts';

const EligibilityList = lazyPage(() => import('./eligibility.tsx').then((m) => m.EligibilityList));

export interface StepProps {
  readonly draft: Draft;
  readonly update: (patch: Partial<Draft>) => void;
  /** The error of a field of the body, by its path. */
  readonly err: (path: string) => string | undefined;
}

/**
 * The amount asked, against the city's fast-track ceiling, the budget lines that make it up, and the
 * quotes for them: those attached to the saved draft, and the control to send more (kept in the working
 * copy once sent; `onSending` tells the wizard one is on its way, so that the step is not left before).
 */
export function MoneyStep({
  draft,
  update,
  err,
  me,
  grant,
  onSending,
}: StepProps & { me: Me; grant: Grant | null; onSending: (sending: boolean) => void }) {
  const currency = me.city.currency;
  const ceiling = me.city.fastTrackCeiling;
  const amount = parseMoneyInput(draft.amount, currency);
  const budgetTotal = draft.budget.reduce((s, l) => s + (parseMoneyInput(l.amount, currency) ?? 0), 0);
  return (
    <>
      <MoneyField
        id="amount"
        required
        label={t('wizard.money.label', { currency })}
        hint={t('wizard.money.hint')}
        error={err('amountRequested.amount') ?? err('amountRequested')}
        value={draft.amount}
        currency={currency}
        onInput={(amount) => update({ amount })}
      />
      {ceiling && amount !== undefined && amount > ceiling.amount && (
        <div class="field">
          <input
            id="track-standard"
            type="checkbox"
            checked={draft.standard === true}
            aria-describedby="track-standard-hint"
            onChange={(e) => update({ standard: e.currentTarget.checked })}
          />{' '}
          <label for="track-standard">{t('wizard.track.standard')}</label>
          <p class="hint" id="track-standard-hint">
            {t('wizard.track.standardHint', { ceiling: formatMoney(ceiling) })}
          </p>
        </div>
      )}
      {/* Checked only once the amount can be read: an unreadable one is not "too much". */}
      {ceiling && amount !== undefined && !(draft.standard && amount > ceiling.amount) && (
        <ul class="rules" aria-live="polite">
          <li class={amount !== undefined && amount <= ceiling.amount ? 'pass' : 'fail'}>
            {amount !== undefined && amount <= ceiling.amount ? '✓ ' : '✗ '}
            {t(
              amount !== undefined && amount <= ceiling.amount
                ? 'elig.within_ceiling.pass'
                : 'elig.within_ceiling.fail',
              {
                ceiling: formatMoney(ceiling),
              },
            )}
          </li>
        </ul>
      )}
      <Lines
        id="budget"
        legend={t('wizard.budget.legend')}
        hint={t('wizard.budget.hint')}
        add={t('wizard.budget.add')}
        err={err}
        lines={draft.budget}
        blank={{ label: '', amount: '' }}
        set={(budget) => update({ budget })}
        line={(line, i, edit) => (
          <>
            <LineInput
              id={`budget-${i}-label`}
              label={t('wizard.budget.label', { n: i + 1 })}
              error={err(`budget.${i}.label`)}
              value={line.label}
              onInput={(label) => edit({ label })}
            />
            <MoneyField
              id={`budget-${i}-amount`}
              required
              label={t('wizard.budget.amount', { n: i + 1 })}
              error={err(`budget.${i}.amount.amount`)}
              value={line.amount}
              currency={currency}
              onInput={(amount) => edit({ amount })}
            />
          </>
        )}
      >
        <p class={amount !== undefined && budgetTotal !== amount ? 'field-error' : 'muted'}>
          {t('wizard.budget.total', { total: formatMoney({ amount: budgetTotal, currency }) })}
        </p>
      </Lines>
      <FileList files={grant?.files} title={t('wizard.quotes.attached')} preview={false} />
      <UploadField
        id="quotes"
        label={`${t('files.quotesLabel')} ${t('form.optional')}`}
        hint={t('wizard.quotes.hint')}
        error={err('attachments')}
        kept={draft.quotes}
        onChange={(_, sending, quotes: SentFile[]) => {
          update({ quotes });
          onSending(sending);
        }}
      />
    </>
  );
}

/** A group's hint and its own error ("add at least one line"), described on its fieldset. */
const groupDescription = (id: string, err: StepProps['err']) =>
  err(id) ? `${id}-hint ${id}-error` : `${id}-hint`;

/** The grant's own focus areas, for the city's coordination map; none chosen: those of the partnership. */
export function FocusAreasStep({ draft, update, err }: StepProps) {
  const chosen = (draft.focusAreas ?? []).filter((f): f is FocusArea =>
    (FOCUS_AREAS as readonly string[]).includes(f),
  );
  // Folded until opened: ten checkboxes in the tab order would put "Next" out of a keyboard user's reach
  // on a step whose answer is the target groups; the summary is one tab stop.
  return (
    <details class="field" open={chosen.length > 0 || err('focusAreas') !== undefined}>
      <summary>{t('coord.wizardFocusOpen')}</summary>
      <p class="hint">{t('coord.wizardFocusHint')}</p>
      <Checkboxes
        id="focusAreas"
        legend={t('coord.wizardFocus')}
        options={FOCUS_AREAS}
        label={(f) => tx(`focus.${f}`, f)}
        value={chosen}
        error={err('focusAreas')}
        onChange={(focusAreas) => update({ focusAreas })}
      />
    </details>
  );
}

export function DatesStep({ draft, update, err }: StepProps) {
  return (
    <div class="grid2">
      <Field id="startDate" label={t('wizard.dates.start')} error={err('startDate')}>
        {(d, invalid) => (
          <input
            id="startDate"
            type="date"
            value={draft.startDate}
            aria-describedby={d}
            aria-invalid={invalid}
            required
            onInput={(e) => update({ startDate: e.currentTarget.value })}
          />
        )}
      </Field>
      <Field id="endDate" label={t('wizard.dates.end')} error={err('endDate')}>
        {(d, invalid) => (
          <input
            id="endDate"
            type="date"
            value={draft.endDate}
            aria-describedby={d}
            aria-invalid={invalid}
            required
            onInput={(e) => update({ endDate: e.currentTarget.value })}
          />
        )}
      </Field>
    </div>
  );
}

export function IndicatorsStep({ draft, update, err }: StepProps) {
  return (
    <Lines
      id="indicators"
      legend={t('wizard.indicators.legend')}
      hint={t('wizard.indicators.hint')}
      add={t('wizard.indicators.add')}
      err={err}
      lines={draft.indicators}
      blank={{ name: '', target: '' }}
      set={(indicators) => update({ indicators })}
      line={(x, i, edit) => (
        <>
          <LineInput
            id={`ind-${i}-name`}
            label={t('wizard.indicators.name', { n: i + 1 })}
            error={err(`indicators.${i}.name`)}
            value={x.name}
            onInput={(name) => edit({ name })}
          />
          <LineInput
            id={`ind-${i}-target`}
            numeric
            label={t('wizard.indicators.target', { n: i + 1 })}
            error={err(`indicators.${i}.target`)}
            value={x.target}
            onInput={(target) => edit({ target })}
          />
        </>
      )}
    />
  );
}

/**
 * A group of lines the applicant adds to (budget lines, indicators): its legend, hint and group error on
 * the fieldset, each line's fields, "remove" once there are two (focus then goes to the group's first
 * field, never to the page) and "add a line"; `children` follow the add button (the budget's total).
 */
function Lines<L>(props: {
  id: 'budget' | 'indicators';
  legend: string;
  hint: string;
  add: string;
  err: StepProps['err'];
  lines: readonly L[];
  blank: L;
  set: (lines: L[]) => void;
  line: (line: L, i: number, edit: (patch: Partial<L>) => void) => ComponentChildren;
  children?: ComponentChildren;
}) {
  const { id, err, lines, set } = props;
  return (
    <fieldset id={id} aria-describedby={groupDescription(id, err)}>
      <legend>{props.legend}</legend>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {err(id) && (
        <p class="field-error" id={`${id}-error`}>
          {err(id)}
        </p>
      )}
      {lines.map((line, i) => (
        <div class="line" key={i}>
          {props.line(line, i, (patch) => set(lines.map((l, j) => (j === i ? { ...l, ...patch } : l))))}
          {lines.length > 1 && (
            <button
              type="button"
              class="link"
              onClick={() => {
                set(lines.filter((_, j) => j !== i));
                focusGroupAfterRemove(id);
              }}
            >
              {t('wizard.remove', { n: i + 1 })}
            </button>
          )}
        </div>
      ))}
      <button type="button" onClick={() => set([...lines, props.blank])}>
        {props.add}
      </button>
      {props.children}
    </fieldset>
  );
}

/** One required text field of a line (a budget line's label, an indicator's name or target). */
function LineInput(props: {
  id: string;
  label: string;
  error: string | undefined;
  value: string;
  numeric?: boolean;
  onInput: (value: string) => void;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      {(d, invalid) => (
        <input
          id={props.id}
          {...(props.numeric ? { inputMode: 'numeric' as const } : {})}
          value={props.value}
          aria-describedby={d}
          aria-invalid={invalid}
          aria-required="true"
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** The draft as saved on the server, and the eligibility rules it meets or not. */
export function ReviewStep({
  grant,
  eligibility,
  me,
  change,
}: {
  grant: Grant;
  eligibility: Eligibility | null;
  me: Me;
  /** Goes back to the step of an answer, to change it. */
  change: (step: 'title' | 'need' | 'summary' | 'groups' | 'money' | 'dates' | 'indicators') => void;
}) {
  const changing = (step: Parameters<typeof change>[0], label: string) => (
    <button type="button" class="link" onClick={() => change(step)}>
      {t('wizard.change')}
      <span class="sr-only"> {label}</span>
    </button>
  );
  const row = (step: Parameters<typeof change>[0], label: string, value: ComponentChildren) =>
    [
      label,
      <>
        <span class="prose">{value}</span> {changing(step, label)}
      </>,
    ] as const;
  return (
    <>
      <p>{t('wizard.review.saved')}</p>
      <Dl
        rows={[
          row('title', t('wizard.title.label'), grant.title),
          row('need', t('wizard.need.label'), grant.need),
          row('summary', t('wizard.summary.label'), grant.summary),
          row('groups', t('wizard.groups.label'), new Intl.ListFormat(locale()).format(grant.targetGroups)),
          row(
            'groups',
            t('coord.wizardFocus'),
            grant.focusAreas?.length
              ? new Intl.ListFormat(locale()).format(grant.focusAreas.map((f) => tx(`focus.${f}`, f)))
              : t('coord.wizardFocusNone'),
          ),
          row('money', t('grant.amount'), <MoneyText value={grant.amountRequested} />),
          row(
            'money',
            t('files.quotesLabel'),
            grant.files?.length
              ? grant.files.map((f, i) => (
                  <span key={f.id}>
                    {i > 0 && ' · '}
                    <bdi>{f.fileName}</bdi>
                  </span>
                ))
              : t('wizard.quotes.none'),
          ),
          row('dates', t('wizard.dates.start'), <DateText value={grant.startDate} />),
          row('dates', t('wizard.dates.end'), <DateText value={grant.endDate} />),
          row(
            'indicators',
            t('wizard.indicators.title'),
            grant.indicators.map((i) => `${i.name}: ${formatNumber(i.target)}`).join(' · '),
          ),
        ]}
      />
      <h3>{t('eligibility.title')}</h3>
      {eligibility ? <EligibilityList eligibility={eligibility} me={me} /> : <Loading />}
    </>
  );
}
