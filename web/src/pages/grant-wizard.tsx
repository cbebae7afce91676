/**
 * The fast-track application, one idea per step, in plain words. The working copy is saved on this
 * device at every keystroke; once every step is filled it is saved as a draft on the server, whose
 * eligibility rules are shown before submitting.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, checked, type FieldError, read } from '../api/client.ts';
import type { Eligibility, Grant, Me, Money } from '../api/types.ts';
import type { MessageKey } from '../i18n/en.ts';
import { parseMoneyInput, t, toDecimalInput } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { byPath, ErrorBox, EventButtons, Loading, Page } from '../ui.tsx';
import { type Draft, EMPTY, storageKey, storedDraft, useDraft } from './grant-draft.ts';
import { DatesStep, IndicatorsStep, MoneyStep, ReviewStep } from './grant-wizard-steps.tsx';
import { TextField } from './text-field.tsx';

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
    standard: g.track === 'standard',
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
    track: d.standard ? 'standard' : 'fast',
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
  const { draft, setDraft, update: keep } = useDraft(props.id);
  const [grant, setGrant] = useState<Grant | null>(null);
  const [step, setStep] = useState<Step>('title');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [eligibility, setEligibility] = useState<Eligibility | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const local = storedDraft(props.id);
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

  const update = (patch: Partial<Draft>) => keep(patch, grant?.id);
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
        // The track goes too: the draft says which one the applicant chose (fromGrant keeps a standard one).
        const patch = body;
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
          <TextField
            id="title"
            label={t('wizard.title.label')}
            hint={t('wizard.title.hint')}
            error={err('title')}
            value={draft.title}
            onInput={(title) => update({ title })}
          />
        )}
        {step === 'need' && (
          <TextField
            id="need"
            label={t('wizard.need.label')}
            hint={t('wizard.need.hint')}
            error={err('need')}
            rows={5}
            value={draft.need}
            onInput={(need) => update({ need })}
          />
        )}
        {step === 'summary' && (
          <TextField
            id="summary"
            label={t('wizard.summary.label')}
            hint={t('wizard.summary.hint')}
            error={err('summary')}
            rows={5}
            value={draft.summary}
            onInput={(summary) => update({ summary })}
          />
        )}
        {step === 'groups' && (
          <TextField
            id="groups"
            label={t('wizard.groups.label')}
            hint={t('wizard.groups.hint')}
            error={
              err('targetGroups') ??
              Object.entries(fieldErrors).find(([p]) => p.startsWith('targetGroups.'))?.[1]
            }
            rows={4}
            value={draft.groups}
            onInput={(groups) => update({ groups })}
          />
        )}
        {step === 'money' && <MoneyStep draft={draft} update={update} err={err} me={props.me} />}
        {step === 'dates' && <DatesStep draft={draft} update={update} err={err} />}
        {step === 'indicators' && <IndicatorsStep draft={draft} update={update} err={err} />}
        {step === 'review' && grant && <ReviewStep grant={grant} eligibility={eligibility} me={props.me} />}
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
