/**
 * The fast-track application, one idea per step, in plain words. The working copy is saved on this
 * device at every keystroke; once every step is filled it is saved as a draft on the server, whose
 * eligibility rules are shown before submitting.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, checked, type FieldError, read } from '../api/client.ts';
import type { Eligibility, Grant, Me, Money } from '../api/types.ts';
import type { MessageKey } from '../i18n/en.ts';
import { formatMoney, parseMoneyInput, t, toDecimalInput } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { byPath, DateText, Dl, ErrorBox, EventButtons, Field, Loading, MoneyText, Page } from '../ui.tsx';
import { EligibilityList } from './grant.tsx';

interface Draft {
  title: string;
  need: string;
  summary: string;
  groups: string;
  amount: string;
  budget: { label: string; amount: string }[];
  startDate: string;
  endDate: string;
  indicators: { name: string; target: string }[];
}

const EMPTY: Draft = {
  title: '',
  need: '',
  summary: '',
  groups: '',
  amount: '',
  budget: [{ label: '', amount: '' }],
  startDate: '',
  endDate: '',
  indicators: [{ name: '', target: '' }],
};

const STEPS = ['title', 'need', 'summary', 'groups', 'money', 'dates', 'indicators', 'review'] as const;
type Step = (typeof STEPS)[number];
const STEP_FIELDS: Record<Step, readonly string[]> = {
  title: ['title'],
  need: ['need'],
  summary: ['summary'],
  groups: ['targetGroups'],
  money: ['amountRequested', 'budget'],
  dates: ['startDate', 'endDate', 'dates_order'],
  indicators: ['indicators'],
  review: [],
};

const storageKey = (id: string | undefined) => `passerelle.grantDraft.${id ?? 'new'}`;

function fromGrant(g: Grant): Draft {
  return {
    title: g.title,
    need: g.need,
    summary: g.summary,
    groups: g.targetGroups.join('\n'),
    amount: toDecimalInput(g.amountRequested),
    budget: g.budget.map((l) => ({ label: l.label, amount: toDecimalInput(l.amount) })),
    startDate: g.startDate,
    endDate: g.endDate,
    indicators: g.indicators.map((i) => ({ name: i.name, target: String(i.target) })),
  };
}

/** The request body, and the amounts that are not numbers (a parse error before any schema). */
function toBody(d: Draft, currency: string): { body: Record<string, unknown>; parseErrors: FieldError[] } {
  const parseErrors: FieldError[] = [];
  const money = (text: string, path: string): Money => {
    const amount = text.trim() === '' ? undefined : parseMoneyInput(text, currency);
    if (amount === undefined)
      parseErrors.push({ path, message: text.trim() ? '__money' : 'Write something here.' });
    return { amount: amount ?? 0, currency };
  };
  const count = (text: string, path: string): number => {
    const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(n))
      parseErrors.push({ path, message: text.trim() ? 'Use a whole number.' : 'Write something here.' });
    return Number.isNaN(n) ? 0 : n;
  };
  const body = {
    track: 'fast',
    title: d.title,
    summary: d.summary,
    need: d.need,
    targetGroups: d.groups
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    amountRequested: money(d.amount, 'amountRequested.amount'),
    budget: d.budget.map((l, i) => ({
      label: l.label,
      amount: money(l.amount, `budget.${i}.amount.amount`),
    })),
    startDate: d.startDate,
    endDate: d.endDate,
    indicators: d.indicators.map((x, i) => ({
      name: x.name,
      target: count(x.target, `indicators.${i}.target`),
    })),
  };
  return { body, parseErrors };
}

async function check(d: Draft, currency: string): Promise<FieldError[]> {
  const { validate } = await import('../validation.ts');
  const { body, parseErrors } = toBody(d, currency);
  const errors = [
    ...parseErrors,
    ...validate('GrantApplication', body).filter((e) => !parseErrors.some((p) => p.path === e.path)),
  ];
  if (d.startDate && d.endDate && d.endDate <= d.startDate) {
    errors.push({ path: 'endDate', message: 'dates_order', rule: 'dates_order' });
  }
  return errors;
}

const inStep = (step: Step, path: string) =>
  STEP_FIELDS[step].some((f) => path === f || path.startsWith(`${f}.`));

export function GrantWizard(props: { me: Me; id?: string | undefined }) {
  const currency = props.me.city.currency;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [grant, setGrant] = useState<Grant | null>(null);
  const [step, setStep] = useState<Step>('title');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [eligibility, setEligibility] = useState<Eligibility | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const saved = localStorage.getItem(storageKey(props.id));
    const local = saved ? (JSON.parse(saved) as Draft) : null;
    if (!props.id) {
      setDraft(local ?? EMPTY);
      return;
    }
    read(api.v1.grants[':id'].$get({ param: { id: props.id } })).then((g) => {
      setGrant(g);
      setDraft(local ?? fromGrant(g));
      if (new URLSearchParams(location.search).get('step') === 'review') setStep('review');
    }, setProblem);
  }, [props.id]);

  useEffect(() => {
    if (step === 'review' && grant) {
      read(api.v1.grants[':id'].eligibility.$get({ param: { id: grant.id } })).then(
        setEligibility,
        setProblem,
      );
    }
  }, [step, grant?.version]);

  if (!draft) return problem ? <ErrorBox error={problem} /> : <Loading />;

  const update = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    localStorage.setItem(storageKey(props.id ?? grant?.id), JSON.stringify(next));
  };
  const index = STEPS.indexOf(step);
  const fieldErrors = byPath(errors);
  const err = (path: string) => (fieldErrors[path] === '__money' ? t('v.money') : fieldErrors[path]);

  const go = async (to: Step) => {
    setProblem(undefined);
    if (STEPS.indexOf(to) > index) {
      const all = await check(draft, currency);
      const here = all.filter((e) => inStep(step, e.path));
      setErrors(here);
      if (here.length > 0) {
        document.getElementById(`f-${step}`)?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      if (to === 'review') {
        const firstBad = STEPS.find((s) => all.some((e) => inStep(s, e.path)));
        if (firstBad) {
          setErrors(all.filter((e) => inStep(firstBad, e.path)));
          setStep(firstBad);
          return;
        }
        if (!(await save())) return;
      }
    } else setErrors([]);
    setStep(to);
  };

  /** Creates the server draft, or saves the changes to it. */
  const save = async (): Promise<boolean> => {
    setBusy(true);
    try {
      const { body } = toBody(draft, currency);
      let saved: Grant;
      if (grant) {
        const { track: _track, ...patch } = body;
        saved = await read(
          api.v1.grants[':id'].$patch(
            { param: { id: grant.id }, json: await checked('GrantPatch', patch) },
            { headers: { 'If-Match': `"${grant.version}"` } },
          ),
        );
      } else {
        saved = await read(
          api.v1.grants.$post(
            { json: await checked('GrantApplication', body) },
            { headers: { 'Idempotency-Key': crypto.randomUUID() } },
          ),
        );
        localStorage.removeItem(storageKey(undefined));
        history.replaceState(null, '', `/grants/${saved.id}/edit?step=review`);
      }
      localStorage.removeItem(storageKey(saved.id));
      setGrant(saved);
      return true;
    } catch (e) {
      setProblem(e);
      if (e instanceof ApiProblem && e.errors.length) {
        const first = STEPS.find((s) => e.errors.some((x) => inStep(s, x.path)));
        setErrors([...e.errors]);
        if (first) setStep(first);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  const ceiling = props.me.city.fastTrackCeiling;
  const amount = parseMoneyInput(draft.amount, currency);
  const budgetTotal = draft.budget.reduce((s, l) => s + (parseMoneyInput(l.amount, currency) ?? 0), 0);

  const stepTitle = t(`wizard.${step}.title` as MessageKey);
  return (
    <Page title={t('wizard.title')}>
      <p class="muted">{t('wizard.progress', { n: index + 1, total: STEPS.length })}</p>
      <progress value={index + 1} max={STEPS.length} aria-label={t('wizard.progressLabel')} />
      {problem !== undefined && <ErrorBox error={problem} />}
      <form
        id={`f-${step}`}
        class="card wizard"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const next = STEPS[index + 1];
          if (next) void go(next);
        }}
      >
        <h2>{stepTitle}</h2>
        {step === 'title' && (
          <Field
            id="title"
            label={t('wizard.title.label')}
            hint={t('wizard.title.hint')}
            error={err('title')}
          >
            {(d, invalid) => (
              <input
                id="title"
                value={draft.title}
                aria-describedby={d}
                aria-invalid={invalid}
                onInput={(e) => update({ title: e.currentTarget.value })}
              />
            )}
          </Field>
        )}
        {step === 'need' && (
          <Field id="need" label={t('wizard.need.label')} hint={t('wizard.need.hint')} error={err('need')}>
            {(d, invalid) => (
              <textarea
                id="need"
                rows={5}
                value={draft.need}
                aria-describedby={d}
                aria-invalid={invalid}
                onInput={(e) => update({ need: e.currentTarget.value })}
              />
            )}
          </Field>
        )}
        {step === 'summary' && (
          <Field
            id="summary"
            label={t('wizard.summary.label')}
            hint={t('wizard.summary.hint')}
            error={err('summary')}
          >
            {(d, invalid) => (
              <textarea
                id="summary"
                rows={5}
                value={draft.summary}
                aria-describedby={d}
                aria-invalid={invalid}
                onInput={(e) => update({ summary: e.currentTarget.value })}
              />
            )}
          </Field>
        )}
        {step === 'groups' && (
          <Field
            id="groups"
            label={t('wizard.groups.label')}
            hint={t('wizard.groups.hint')}
            error={
              err('targetGroups') ??
              Object.entries(fieldErrors).find(([p]) => p.startsWith('targetGroups.'))?.[1]
            }
          >
            {(d, invalid) => (
              <textarea
                id="groups"
                rows={4}
                value={draft.groups}
                aria-describedby={d}
                aria-invalid={invalid}
                onInput={(e) => update({ groups: e.currentTarget.value })}
              />
            )}
          </Field>
        )}
        {step === 'money' && (
          <>
            <Field
              id="amount"
              label={t('wizard.money.label', { currency })}
              hint={t('wizard.money.hint')}
              error={err('amountRequested.amount') ?? err('amountRequested')}
            >
              {(d, invalid) => (
                <input
                  id="amount"
                  inputMode="decimal"
                  value={draft.amount}
                  aria-describedby={d}
                  aria-invalid={invalid}
                  onInput={(e) => update({ amount: e.currentTarget.value })}
                />
              )}
            </Field>
            {ceiling && (
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
            <fieldset>
              <legend>{t('wizard.budget.legend')}</legend>
              <p class="hint">{t('wizard.budget.hint')}</p>
              {err('budget') && <p class="field-error">{err('budget')}</p>}
              {draft.budget.map((line, i) => (
                <div class="line" key={i}>
                  <Field
                    id={`budget-${i}-label`}
                    label={t('wizard.budget.label', { n: i + 1 })}
                    error={err(`budget.${i}.label`)}
                  >
                    {(d, invalid) => (
                      <input
                        id={`budget-${i}-label`}
                        value={line.label}
                        aria-describedby={d}
                        aria-invalid={invalid}
                        onInput={(e) =>
                          update({
                            budget: draft.budget.map((l, j) =>
                              j === i ? { ...l, label: e.currentTarget.value } : l,
                            ),
                          })
                        }
                      />
                    )}
                  </Field>
                  <Field
                    id={`budget-${i}-amount`}
                    label={t('wizard.budget.amount', { n: i + 1 })}
                    error={err(`budget.${i}.amount.amount`)}
                  >
                    {(d, invalid) => (
                      <input
                        id={`budget-${i}-amount`}
                        inputMode="decimal"
                        value={line.amount}
                        aria-describedby={d}
                        aria-invalid={invalid}
                        onInput={(e) =>
                          update({
                            budget: draft.budget.map((l, j) =>
                              j === i ? { ...l, amount: e.currentTarget.value } : l,
                            ),
                          })
                        }
                      />
                    )}
                  </Field>
                  {draft.budget.length > 1 && (
                    <button
                      type="button"
                      class="link"
                      onClick={() => update({ budget: draft.budget.filter((_, j) => j !== i) })}
                    >
                      {t('wizard.remove', { n: i + 1 })}
                    </button>
                  )}
                </div>
              ))}
              <button
                type="button"
                onClick={() => update({ budget: [...draft.budget, { label: '', amount: '' }] })}
              >
                {t('wizard.budget.add')}
              </button>
              <p
                aria-live="polite"
                class={amount !== undefined && budgetTotal !== amount ? 'field-error' : 'muted'}
              >
                {t('wizard.budget.total', { total: formatMoney({ amount: budgetTotal, currency }) })}
              </p>
            </fieldset>
          </>
        )}
        {step === 'dates' && (
          <div class="grid2">
            <Field id="startDate" label={t('wizard.dates.start')} error={err('startDate')}>
              {(d, invalid) => (
                <input
                  id="startDate"
                  type="date"
                  value={draft.startDate}
                  aria-describedby={d}
                  aria-invalid={invalid}
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
                  onInput={(e) => update({ endDate: e.currentTarget.value })}
                />
              )}
            </Field>
          </div>
        )}
        {step === 'indicators' && (
          <fieldset>
            <legend>{t('wizard.indicators.legend')}</legend>
            <p class="hint">{t('wizard.indicators.hint')}</p>
            {err('indicators') && <p class="field-error">{err('indicators')}</p>}
            {draft.indicators.map((x, i) => (
              <div class="line" key={i}>
                <Field
                  id={`ind-${i}-name`}
                  label={t('wizard.indicators.name', { n: i + 1 })}
                  error={err(`indicators.${i}.name`)}
                >
                  {(d, invalid) => (
                    <input
                      id={`ind-${i}-name`}
                      value={x.name}
                      aria-describedby={d}
                      aria-invalid={invalid}
                      onInput={(e) =>
                        update({
                          indicators: draft.indicators.map((y, j) =>
                            j === i ? { ...y, name: e.currentTarget.value } : y,
                          ),
                        })
                      }
                    />
                  )}
                </Field>
                <Field
                  id={`ind-${i}-target`}
                  label={t('wizard.indicators.target', { n: i + 1 })}
                  error={err(`indicators.${i}.target`)}
                >
                  {(d, invalid) => (
                    <input
                      id={`ind-${i}-target`}
                      inputMode="numeric"
                      value={x.target}
                      aria-describedby={d}
                      aria-invalid={invalid}
                      onInput={(e) =>
                        update({
                          indicators: draft.indicators.map((y, j) =>
                            j === i ? { ...y, target: e.currentTarget.value } : y,
                          ),
                        })
                      }
                    />
                  )}
                </Field>
                {draft.indicators.length > 1 && (
                  <button
                    type="button"
                    class="link"
                    onClick={() => update({ indicators: draft.indicators.filter((_, j) => j !== i) })}
                  >
                    {t('wizard.remove', { n: i + 1 })}
                  </button>
                )}
              </div>
            ))}
            <button
              type="button"
              onClick={() => update({ indicators: [...draft.indicators, { name: '', target: '' }] })}
            >
              {t('wizard.indicators.add')}
            </button>
          </fieldset>
        )}
        {step === 'review' && grant && (
          <>
            <p>{t('wizard.review.saved')}</p>
            <Dl
              rows={[
                [t('wizard.title.label'), grant.title],
                [t('grant.amount'), <MoneyText key="a" value={grant.amountRequested} />],
                [t('wizard.dates.start'), <DateText key="s" value={grant.startDate} />],
                [t('wizard.dates.end'), <DateText key="e" value={grant.endDate} />],
              ]}
            />
            <h3>{t('eligibility.title')}</h3>
            {eligibility ? <EligibilityList eligibility={eligibility} me={props.me} /> : <Loading />}
          </>
        )}
        <div class="row nav-buttons">
          {index > 0 && (
            <button type="button" onClick={() => void go(STEPS[index - 1] ?? 'title')}>
              {t('wizard.back')}
            </button>
          )}
          {step !== 'review' && (
            <button type="submit" class="primary" disabled={busy}>
              {STEPS[index + 1] === 'review' ? t('wizard.saveAndCheck') : t('wizard.next')}
            </button>
          )}
        </div>
      </form>
      {step === 'review' && grant && (
        <EventButtons
          entity="grant"
          record={grant}
          onDone={(g) => {
            setGrant(g);
            if (g.state !== 'draft') navigate(`/grants/${g.id}`);
          }}
        />
      )}
      <p class="muted">{t('wizard.autosave')}</p>
    </Page>
  );
}
