/**
 * The fast-track application, one idea per step, in plain words. The working copy is saved on this
 * device at every keystroke; once every step is filled it is saved as a draft on the server, whose
 * eligibility rules are shown before submitting.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api, checked, type FieldError, read } from '../api/client.ts';
import type { Eligibility, Grant, Me, Money } from '../api/types.ts';
import { wholeNumber } from '../i18n/digits.ts';
import type { MessageKey } from '../i18n/en.ts';
import { parseMoneyInput, t, toDecimalInput } from '../i18n/index.ts';
import { amountError } from '../money-field.tsx';
import { isOffline, WaitingToSend } from '../offline.tsx';
import { navigate } from '../router.ts';
import { byPath, ErrorBox, EventButtons, Loading, Page, RequiredNote } from '../ui.tsx';
import { markSubmitted } from './grant.tsx';
import {
  type Draft,
  EMPTY,
  forgetNewDraft,
  storageKey,
  storedDraft,
  submissionKey,
  useDraft,
} from './grant-draft.ts';
import { DatesStep, FocusAreasStep, IndicatorsStep, MoneyStep, ReviewStep } from './grant-wizard-steps.tsx';
import { LastRequest } from './last-request.tsx';
import { linesOf, TextField } from './text-field.tsx';

const STEPS = ['title', 'need', 'summary', 'groups', 'money', 'dates', 'indicators', 'review'] as const;
type Step = (typeof STEPS)[number];
const STEP_FIELDS: Record<Step, readonly string[]> = {
  title: ['title'],
  need: ['need'],
  summary: ['summary'],
  groups: ['targetGroups', 'focusAreas'],
  money: ['amountRequested', 'budget', 'attachments'],
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
    focusAreas: [...(g.focusAreas ?? [])],
    amount: toDecimalInput(g.amountRequested),
    budget: g.budget.map((l) => ({ label: l.label, amount: toDecimalInput(l.amount) })),
    startDate: g.startDate,
    endDate: g.endDate,
    indicators: g.indicators.map((i) => ({ name: i.name, target: String(i.target) })),
    standard: g.track === 'standard',
  };
}

/** An empty answer, said as such ("required"), not as an invalid one. */
const missing = (path: string): FieldError => ({
  path,
  message: 'Write something here.',
  code: 'too_small',
  origin: 'string',
});

/** The id of the wizard's field that an error's path names. */
function fieldId(path: string): string | undefined {
  if (path.startsWith('amountRequested')) return 'amount';
  if (path.startsWith('targetGroups')) return 'groups';
  if (path === 'dates_order') return 'endDate';
  if (path.startsWith('attachments')) return 'quotes';
  const line = /^(budget|indicators)\.(\d+)\.(label|amount|name|target)/.exec(path);
  if (line) return `${line[1] === 'budget' ? 'budget' : 'ind'}-${line[2]}-${line[3]}`;
  return path;
}

/** The request body, and the amounts that are not numbers (a parse error before any schema). */
function toBody(d: Draft, currency: string): { body: Record<string, unknown>; parseErrors: FieldError[] } {
  const parseErrors: FieldError[] = [];
  const money = (text: string, path: string): Money => {
    const amount = text.trim() === '' ? undefined : parseMoneyInput(text, currency);
    if (amount === undefined) parseErrors.push(amountError(path, text));
    return { amount: amount ?? 0, currency };
  };
  const count = (text: string, path: string): number => {
    const n = wholeNumber(text) ?? Number.NaN;
    if (Number.isNaN(n))
      parseErrors.push(
        text.trim()
          ? { path, message: 'Use a whole number.', code: 'invalid_type', expected: 'int' }
          : missing(path),
      );
    return Number.isNaN(n) ? 0 : n;
  };
  const body = {
    track: d.standard ? 'standard' : 'fast',
    title: d.title,
    summary: d.summary,
    need: d.need,
    targetGroups: linesOf(d.groups),
    focusAreas: d.focusAreas ?? [],
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
    // Quotes already attached to the saved draft are skipped by the server: sent again, they stay once.
    ...(d.quotes?.length ? { attachments: d.quotes.map((q) => q.uploadId) } : {}),
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
  STEP_FIELDS[step].some((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`));

export function GrantWizard(props: { me: Me; id?: string | undefined }) {
  const currency = props.me.city.currency;
  const { draft, setDraft, update: keep } = useDraft(props.id);
  const [grant, setGrant] = useState<Grant | null>(null);
  const [step, setStep] = useState<Step>('title');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [eligibility, setEligibility] = useState<Eligibility | null>(null);
  const [busy, setBusy] = useState(false);
  // A budget quote on its way: the budget step is not left until it is sent (or removed).
  const [sending, setSending] = useState(false);
  // Each failed "Next" shows the summary anew, so that it takes the focus again.
  const [attempt, setAttempt] = useState(0);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(true);

  useEffect(() => {
    // Each step behaves like a page: its heading takes the focus, unless an error summary has it.
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    if (errors.length === 0) stepHeading.current?.focus({ preventScroll: false });
  }, [step]);

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
  const err = (path: string) =>
    fieldErrors[path] ??
    (path === 'attachments'
      ? Object.entries(fieldErrors).find(([p]) => p.startsWith('attachments['))?.[1]
      : undefined);

  const go = async (to: Step) => {
    setProblem(undefined);
    if (step === 'money' && sending) {
      setErrors([{ path: 'attachments', message: 'Wait until every file is sent.', rule: 'files_sending' }]);
      setAttempt((n) => n + 1);
      return;
    }
    if (STEPS.indexOf(to) > index) {
      const all = await check(draft, currency);
      const here = all.filter((e) => inStep(step, e.path));
      setErrors(here);
      if (here.length > 0) {
        setAttempt((n) => n + 1);
        return;
      }
      if (to === 'review') {
        const firstBad = STEPS.find((s) => all.some((e) => inStep(s, e.path)));
        if (firstBad) {
          setErrors(all.filter((e) => inStep(firstBad, e.path)));
          setAttempt((n) => n + 1);
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
            { headers: { 'Idempotency-Key': submissionKey() } },
          ),
        );
        forgetNewDraft();
        history.replaceState(null, '', `/grants/${saved.id}/edit?step=review`);
      }
      localStorage.removeItem(storageKey(saved.id));
      // The quotes sent are now the grant's files.
      const left = draft.quotes?.filter((q) => !saved.files?.some((f) => f.id === q.uploadId));
      if (draft.quotes) setDraft({ ...draft, quotes: left ?? [] });
      setGrant(saved);
      return true;
    } catch (e) {
      setProblem(e);
      if (e instanceof ApiProblem && e.errors.length) {
        const first = STEPS.find((s) => e.errors.some((x) => inStep(s, x.path)));
        setErrors([...e.errors]);
        setAttempt((n) => n + 1);
        if (first) setStep(first);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  const stepTitle = t(`wizard.${step}.title` as MessageKey);
  const stepName = t('wizard.stepTitle', { n: index + 1, total: STEPS.length, step: stepTitle });
  return (
    <Page title={t('wizard.title')} documentTitle={`${stepName} · ${t('wizard.title')}`}>
      {grant?.state === 'changes_requested' && <LastRequest request={grant.lastRequest} />}
      <p class="muted">{t('wizard.progress', { n: index + 1, total: STEPS.length })}</p>
      <progress value={index + 1} max={STEPS.length} aria-label={t('wizard.progressLabel')} />
      {((problem !== undefined && !isOffline(problem)) || errors.length > 0) && (
        <ErrorBox
          key={attempt}
          error={isOffline(problem) ? undefined : problem}
          fields={errors}
          fieldId={fieldId}
        />
      )}
      <WaitingToSend waiting={isOffline(problem)} busy={busy} onSend={() => void go('review')} />
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
        <h2 tabIndex={-1} ref={stepHeading}>
          {stepName}
        </h2>
        {step !== 'review' && <RequiredNote />}
        {step === 'title' && (
          <TextField
            id="title"
            required
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
            required
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
            required
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
            required
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
        {step === 'groups' && <FocusAreasStep draft={draft} update={update} err={err} />}
        {step === 'money' && (
          <MoneyStep
            draft={draft}
            update={update}
            err={err}
            me={props.me}
            grant={grant}
            onSending={setSending}
          />
        )}
        {step === 'dates' && <DatesStep draft={draft} update={update} err={err} />}
        {step === 'indicators' && <IndicatorsStep draft={draft} update={update} err={err} />}
        {step === 'review' && grant && (
          <ReviewStep grant={grant} eligibility={eligibility} me={props.me} change={(s) => void go(s)} />
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
            if (g.state === 'submitted') markSubmitted(g.id);
            if (g.state !== 'draft') navigate(`/grants/${g.id}`);
          }}
        />
      )}
      <p class="muted">{t('wizard.autosave')}</p>
    </Page>
  );
}
