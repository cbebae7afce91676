/**
 * One grant, for everyone who may see it: the application, its status and decision deadline, the
 * eligibility rules, the officer's recommendation with the no-conflict declaration, the mayor's office's
 * decision, the award to accept, its milestones and its history. Buttons come from `allowedEvents`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, api, checked, type FieldError, read } from '../api/client.ts';
import type { Grant, Me } from '../api/types.ts';
import { ConfirmStep, localToday } from '../confirm.tsx';
import { ConflictDeclaration } from '../conflict-declaration.tsx';
import {
  formatDate,
  formatInstant,
  formatNumber,
  parseMoneyInput,
  t,
  toDecimalInput,
  tx,
} from '../i18n/index.ts';
import { hasStrings, useKeptTyping } from '../kept-typing.ts';
import { lazyPage } from '../lazy.tsx';
import { amountError, MoneyField } from '../money-field.tsx';
import { hasRole } from '../session.ts';
import {
  byPath,
  DateText,
  DaysLeft,
  Dl,
  ErrorBox,
  EventButtons,
  Field,
  focusGroupAfterRemove,
  History,
  LoadedRecord,
  MoneyText,
  Page,
  Show,
  StateTag,
  Status,
  sendEvent,
  useLoad,
} from '../ui.tsx';
import { FileList, reviews, UploadField } from '../upload-field.tsx';
import { ConversationSlot, converses } from './conversation-slot.tsx';
import { MilestoneTable } from './home.tsx';
import { LastRequest } from './last-request.tsx';
import { OrganisationPanel, reviewsOrganisations } from './organisation-panel-slot.tsx';
import { TextField } from './text-field.tsx';

const LetterSection = lazyPage(() => import('./papers.tsx').then((m) => m.LetterSection));
// Off the first load: only a fast-track application under review shows it.
const EligibilitySection = lazyPage(() => import('./eligibility.tsx').then((m) => m.EligibilitySection));

const SENT_KEY = 'passerelle.grantSent';

/** Marks an application as just submitted from the wizard: its page then confirms it once. */
export function markSubmitted(id: string): void {
  try {
    sessionStorage.setItem(SENT_KEY, id);
  } catch {
    // no confirmation then; the state tag still says it
  }
}

function takeSubmitted(id: string): boolean {
  try {
    if (sessionStorage.getItem(SENT_KEY) !== id) return false;
    sessionStorage.removeItem(SENT_KEY);
    return true;
  } catch {
    return false;
  }
}

export function GrantPage(props: { me: Me; id: string }) {
  return (
    <LoadedRecord id={props.id} load={() => read(api.v1.grants[':id'].$get({ param: { id: props.id } }))}>
      {(g, onChange) => <GrantView me={props.me} grant={g} onChange={onChange} />}
    </LoadedRecord>
  );
}

function GrantView(props: { me: Me; grant: Grant; onChange: (g: Grant) => void }) {
  const { grant: g, me } = props;
  // What the last of the page's own decision forms did (declaration, recommendation, award), said and
  // focused in place of the form that is gone.
  const [said, setSaid] = useState<{ event: string; n: number } | null>(null);
  const [justSubmitted] = useState(() => takeSubmitted(g.id));
  const acted = (event: string) => (next: Grant) => {
    setSaid((s) => ({ event, n: (s?.n ?? 0) + 1 }));
    props.onChange(next);
  };
  const declared = g.conflictDeclarations.some((d) => d.userId === me.id);
  const canEdit = g.allowedEvents.includes('edit');
  const reviewer =
    g.allowedEvents.some((e) => ['declare_no_conflict', 'recommend', 'approve', 'reject'].includes(e)) ||
    declared;
  const handled = ['recommend', 'declare_no_conflict', ...(declared ? ['approve'] : ['approve', 'reject'])];
  const showEligibility =
    g.track === 'fast' && ['draft', 'changes_requested', 'submitted', 'in_review'].includes(g.state);
  return (
    <Page title={g.title}>
      {justSubmitted && <Status>{t('grant.sent')}</Status>}
      <LastRequest request={g.lastRequest} />
      <p class="row">
        <StateTag state={g.state} />
        <span class="tag">{tx(`track.${g.track}`, g.track)}</span>
        <DaysLeft days={g.workingDaysLeft} late={g.decisionLate} />
      </p>
      <Dl
        rows={[
          [t('grant.organisation'), <bdi key="o">{g.organisationName}</bdi>],
          [t('grant.amount'), <MoneyText key="a" value={g.amountRequested} />],
          [
            t('grant.submittedAt'),
            g.submittedAt ? <DateText key="s" value={g.submittedAt.slice(0, 10)} /> : '—',
          ],
          [t('grant.decisionDue'), g.decisionDueAt ? <DateText key="d" value={g.decisionDueAt} /> : '—'],
          [t('wizard.dates.start'), <DateText key="st" value={g.startDate} />],
          [t('wizard.dates.end'), <DateText key="en" value={g.endDate} />],
        ]}
      />
      {canEdit && (
        <p>
          <a class="button" href={`/grants/${g.id}/edit`}>
            {t('grant.edit')}
          </a>
        </p>
      )}

      {g.award && <AwardView grant={g} me={me} onChange={props.onChange} />}
      <LetterSection grant={g} />

      {g.recommendation && (
        <section aria-labelledby="rec-h" class="card">
          <h2 id="rec-h">{t('grant.recommendation')}</h2>
          <p>
            <strong>
              {t(g.recommendation.value === 'approve' ? 'grant.recommendApprove' : 'grant.recommendReject')}
            </strong>
          </p>
          <blockquote>{g.recommendation.comment}</blockquote>
        </section>
      )}

      {showEligibility && (reviewer || canEdit) && <EligibilitySection grant={g} me={me} />}

      {said && <Status key={said.n}>{tx(`history.${said.event}`, said.event)}</Status>}
      {reviewer && (
        <ConflictSection grant={g} me={me} declared={declared} onChange={acted('declare_no_conflict')} />
      )}
      {declared && g.allowedEvents.includes('recommend') && (
        <RecommendForm grant={g} onChange={acted('recommend')} />
      )}
      {declared && g.allowedEvents.includes('approve') && (
        <AwardForm grant={g} me={me} onChange={acted('approve')} />
      )}

      <EventButtons entity="grant" record={g} exclude={handled} onDone={props.onChange} />

      <section aria-labelledby="app-h">
        <h2 id="app-h">{t('grant.application')}</h2>
        <h3>{t('wizard.need.label')}</h3>
        <p class="prose">{g.need}</p>
        <h3>{t('wizard.summary.label')}</h3>
        <p class="prose">{g.summary}</p>
        <h3>{t('wizard.groups.label')}</h3>
        <ul>
          {g.targetGroups.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
        {g.focusAreas?.length ? (
          <>
            <h3>{t('coord.wizardFocus')}</h3>
            <p>{g.focusAreas.map((f) => tx(`focus.${f}`, f)).join(' · ')}</p>
          </>
        ) : null}
        <h3>{t('wizard.budget.legend')}</h3>
        <ul>
          {g.budget.map((l, i) => (
            <li key={i}>
              <bdi>{l.label}</bdi>: <MoneyText value={l.amount} />
            </li>
          ))}
        </ul>
        <h3>{t('wizard.indicators.legend')}</h3>
        <ul>
          {g.indicators.map((x) => (
            <li key={x.name}>
              <bdi>{x.name}</bdi>: <span class="num">{formatNumber(x.target)}</span>
            </li>
          ))}
        </ul>
        {/* Its files but the proofs of payment, listed under their tranches: the budget quotes. */}
        <FileList
          files={g.files?.filter((f) => !g.tranches.some((tr) => tr.proofDocumentId === f.id))}
          title={t('files.quotesLabel')}
          preview={reviews(me)}
        />
      </section>

      {['approved', 'active', 'completed', 'closed', 'suspended'].includes(g.state) && (
        <GrantMilestones grant={g} />
      )}
      {reviewsOrganisations(me) && <OrganisationPanel organisationId={g.organisationId} currentId={g.id} />}
      <History entity="grant" id={g.id} version={g.version} timeZone={me.city.timeZone} />
      {converses(me) && <ConversationSlot entity="grant" id={g.id} timeZone={me.city.timeZone} />}
    </Page>
  );
}

function ConflictSection(props: { grant: Grant; me: Me; declared: boolean; onChange: (g: Grant) => void }) {
  const mine = props.grant.conflictDeclarations.find((d) => d.userId === props.me.id);
  if (mine) {
    return (
      <p class="ok">
        {t('conflict.declared')} <DateText value={mine.at.slice(0, 10)} />
      </p>
    );
  }
  if (!props.grant.allowedEvents.includes('declare_no_conflict')) return null;
  return (
    <ConflictDeclaration
      declare={async () =>
        props.onChange(await sendEvent('grant', props.grant, { type: 'declare_no_conflict' }))
      }
    />
  );
}

const isRecommendation = hasStrings('value', 'comment');

function RecommendForm(props: { grant: Grant; onChange: (g: Grant) => void }) {
  // Kept on the device while typing: a session that runs out loses nothing (kept-typing.ts).
  const typed = useKeptTyping(
    `grant.${props.grant.id}.recommend`,
    { value: '', comment: '' },
    isRecommendation,
  );
  const value = typed.value.value === 'approve' || typed.value.value === 'reject' ? typed.value.value : '';
  const comment = typed.value.comment;
  const setValue = (v: 'approve' | 'reject') => typed.keep({ value: v, comment });
  const setComment = (text: string) => typed.keep({ value, comment: text });
  const [error, setError] = useState<unknown>(undefined);
  const fields = error instanceof ApiProblem ? byPath(error.errors) : {};
  return (
    <section aria-labelledby="recf-h" class="card">
      <h2 id="recf-h">{t('grant.recommendTitle')}</h2>
      {error !== undefined && <ErrorBox error={error} />}
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const next = await sendEvent('grant', props.grant, {
              type: 'recommend',
              recommendation: value || undefined,
              comment,
            });
            typed.clear();
            props.onChange(next);
          } catch (x) {
            setError(x);
          }
        }}
      >
        <fieldset>
          <legend>{t('grant.recommendLegend')}</legend>
          {fields.recommendation && <p class="field-error">{fields.recommendation}</p>}
          {(['approve', 'reject'] as const).map((v) => (
            <div class="check" key={v}>
              <input
                type="radio"
                name="rec"
                id={`rec-${v}`}
                checked={value === v}
                onChange={() => setValue(v)}
              />
              <label for={`rec-${v}`}>
                {t(v === 'approve' ? 'grant.recommendApprove' : 'grant.recommendReject')}
              </label>
            </div>
          ))}
        </fieldset>
        <TextField
          id="rec-comment"
          label={t('grant.recommendReason')}
          error={fields.comment}
          rows={3}
          value={comment}
          onInput={setComment}
        />
        <button type="submit" class="primary">
          {t('event.recommend')}
        </button>
      </form>
    </section>
  );
}

function AwardView(props: { grant: Grant; me: Me; onChange: (g: Grant) => void }) {
  const a = props.grant.award;
  if (!a) return null;
  return (
    <section aria-labelledby="award-h" class="card">
      <h2 id="award-h">{t('award.title')}</h2>
      <Dl rows={[[t('award.amount'), <MoneyText key="a" value={a.amount} />]]} />
      <h3>{t('award.funders')}</h3>
      <ul>
        {a.funders.map((f) => (
          <li key={f.funderId}>
            <bdi>{f.name ?? f.funderId}</bdi>: <MoneyText value={f.share} />
          </li>
        ))}
      </ul>
      {props.grant.tranches.length > 0 && (
        <Tranches grant={props.grant} me={props.me} onChange={props.onChange} />
      )}
    </section>
  );
}

/**
 * The payment tranches: amount, the condition that releases each, and its state; a city officer records
 * the payment of a released one (`POST /v1/grants/{id}/tranches/{trancheId}/pay`).
 */
function Tranches(props: { grant: Grant; me: Me; onChange: (g: Grant) => void }) {
  const g = props.grant;
  const officer = hasRole(props.me, 'city_officer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [paid, setPaid] = useState<number | null>(null);
  const [paidOn, setPaidOn] = useState(() => localToday(props.me.city.timeZone));
  const [reference, setReference] = useState('');
  const [proof, setProof] = useState<{ ids: string[]; sending: boolean }>({ ids: [], sending: false });
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (paid !== null) status.current?.focus();
  }, [paid]);
  const pay = async (trancheId: string, n: number) => {
    setBusy(true);
    setError(undefined);
    try {
      // A proof still on its way is waited for, not left out of the payment.
      if (proof.sending)
        throw new ApiProblem(400, 'invalid', undefined, [
          { path: 'proofUploadId', message: 'Wait until every file is sent.', rule: 'files_sending' },
        ]);
      const payment = await checked('TranchePayment', {
        ...(paidOn ? { paidOn } : {}),
        ...(reference.trim() ? { reference: reference.trim() } : {}),
        ...(proof.ids[0] ? { proofUploadId: proof.ids[0] } : {}),
      });
      const next = await read(
        api.v1.grants[':id'].tranches[':trancheId'].pay.$post(
          { param: { id: g.id, trancheId }, json: payment },
          { headers: { 'If-Match': `"${g.version}"` } },
        ),
      );
      setPaid(n);
      setProof({ ids: [], sending: false });
      props.onChange(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h3 id="tranches-h">{t('award.tranches')}</h3>
      {error !== undefined && <ErrorBox error={error} />}
      <ol class="tranches" aria-labelledby="tranches-h">
        {g.tranches.map((tr, i) => (
          <li key={tr.id}>
            <p class="row tranche-line">
              <strong>{t('tranche.n', { n: i + 1 })}</strong>
              <MoneyText value={tr.amount} />
              <span>{tx(`condition.${tr.condition}`, tr.condition)}</span>
              <span class={`tag tag-tranche-${tr.state}`}>{tx(`tranche.${tr.state}`, tr.state)}</span>
              {tr.paidAt && (
                <span class="muted">
                  {t('tranche.paidOn', {
                    date: tr.paidOn
                      ? formatDate(tr.paidOn)
                      : formatInstant(tr.paidAt, props.me.city.timeZone),
                  })}
                </span>
              )}
            </p>
            {tr.state === 'held' && <p class="muted tranche-line">{t('tranche.heldNote')}</p>}
            {tr.reference && (
              <p class="muted tranche-line">
                {t('tranche.referenceIs')} <bdi dir="ltr">{tr.reference}</bdi>
              </p>
            )}
            {tr.proofDocumentId && (
              <FileList
                files={g.files?.filter((f) => f.id === tr.proofDocumentId)}
                title={t('files.proofLabel')}
                preview={reviews(props.me)}
              />
            )}
            {officer && tr.state === 'released' && (
              <ConfirmStep
                id={`pay-${tr.id}`}
                label={t('tranche.markPaid', { n: i + 1 })}
                busy={busy}
                onConfirm={() => pay(tr.id, i + 1)}
              >
                <Field id={`paid-on-${tr.id}`} label={t('tranche.paidOnLabel')}>
                  {(d) => (
                    <input
                      id={`paid-on-${tr.id}`}
                      type="date"
                      dir="ltr"
                      value={paidOn}
                      aria-describedby={d}
                      onInput={(e) => setPaidOn(e.currentTarget.value)}
                    />
                  )}
                </Field>
                <Field id={`reference-${tr.id}`} label={t('tranche.reference')}>
                  {(d) => (
                    <input
                      id={`reference-${tr.id}`}
                      dir="auto"
                      maxLength={100}
                      value={reference}
                      aria-describedby={d}
                      onInput={(e) => setReference(e.currentTarget.value)}
                    />
                  )}
                </Field>
                <UploadField
                  id={`proof-${tr.id}`}
                  label={t('files.proofLabel')}
                  single
                  onChange={(ids, sending) => setProof({ ids, sending })}
                />
              </ConfirmStep>
            )}
          </li>
        ))}
      </ol>
      <p class="ok" role="status" tabIndex={-1} ref={status}>
        {paid !== null ? t('tranche.recorded', { n: paid }) : ''}
      </p>
    </>
  );
}

function GrantMilestones(props: { grant: Grant }) {
  const load = useLoad(
    () => read(api.v1.grants[':id'].milestones.$get({ param: { id: props.grant.id } })),
    [props.grant.id, props.grant.version],
  );
  return (
    <section aria-labelledby="ms-h">
      <h2 id="ms-h">{t('grant.milestones')}</h2>
      <Show load={load}>
        {(d) => (d.items.length ? <MilestoneTable items={d.items} /> : <p>{t('home.noReports')}</p>)}
      </Show>
    </section>
  );
}

/** The funders the city already works with (from its grants' awards), with their names. */
async function knownFunders(cityId: string): Promise<{ id: string; name: string }[]> {
  const grants = await read(api.v1.grants.$get({ query: { limit: '100' } }));
  const ids = new Set<string>([`${cityId}-city-budget`]);
  for (const g of grants.items) for (const f of g.award?.funders ?? []) ids.add(f.funderId);
  return Promise.all(
    [...ids].map((id) =>
      read(api.v1.organisations[':id'].$get({ param: { id } })).then(
        (o) => ({ id, name: o.name }),
        () => ({ id, name: id }),
      ),
    ),
  );
}

/** The id of the award form's field that an error's path names. */
function awardFieldId(path: string): string | undefined {
  const share = /^award\.funders\.(\d+)/.exec(path);
  if (share) return `share-${share[1]}`;
  if (path.startsWith('award.amount')) return 'award-amount';
  // The shares as a whole (they must add up to the award): the group of shares.
  return path === 'award.funders' || path === 'award' ? 'award-funders' : undefined;
}

interface AwardTyped {
  readonly amount: string;
  readonly shares: { funderId: string; share: string }[];
  readonly comment: string;
}
const isShare = hasStrings('funderId', 'share');
const isAwardTyped = (v: unknown): v is AwardTyped =>
  hasStrings('amount', 'comment')(v) && 'shares' in v && Array.isArray(v.shares) && v.shares.every(isShare);

/** The decision to approve: the award's amount and who funds which share (co-funding). */
function AwardForm(props: { grant: Grant; me: Me; onChange: (g: Grant) => void }) {
  const currency = props.grant.amountRequested.currency;
  const funders = useLoad(() => knownFunders(props.me.cityId), [props.me.cityId]);
  // The award as typed so far, kept on the device: a session that runs out loses nothing (kept-typing.ts).
  const typed = useKeptTyping(
    `grant.${props.grant.id}.award`,
    {
      amount: toDecimalInput(props.grant.amountRequested),
      shares: [
        { funderId: `${props.me.cityId}-city-budget`, share: toDecimalInput(props.grant.amountRequested) },
      ],
      comment: '',
    },
    isAwardTyped,
  );
  const { amount, shares, comment } = typed.value;
  const setAmount = (a: string) => typed.keep({ ...typed.value, amount: a });
  const setShares = (list: { funderId: string; share: string }[]) =>
    typed.keep({ ...typed.value, shares: list });
  const setComment = (text: string) => typed.keep({ ...typed.value, comment: text });
  const [error, setError] = useState<unknown>(undefined);
  const fields = error instanceof ApiProblem ? byPath(error.errors) : {};
  const submit = async () => {
    setError(undefined);
    const total = parseMoneyInput(amount, currency);
    const bad: FieldError[] = [];
    if (total === undefined) bad.push(amountError('award.amount.amount', amount));
    const list = shares.map((s, i) => {
      const v = parseMoneyInput(s.share, currency);
      if (v === undefined) bad.push(amountError(`award.funders.${i}.share.amount`, s.share));
      return { funderId: s.funderId, share: { amount: v ?? 0, currency } };
    });
    try {
      if (bad.length) throw new ApiProblem(400, 'invalid', undefined, bad);
      const body = {
        type: 'approve',
        award: { amount: { amount: total ?? 0, currency }, funders: list },
        ...(comment.trim() ? { comment } : {}),
      };
      const next = await sendEvent('grant', props.grant, body);
      typed.clear();
      props.onChange(next);
    } catch (x) {
      setError(x);
    }
  };
  return (
    <section aria-labelledby="decide-h" class="card">
      <h2 id="decide-h">{t('award.decideTitle')}</h2>
      <p>{t('award.decideLead')}</p>
      {error !== undefined && <ErrorBox error={error} fieldId={awardFieldId} />}
      <form
        noValidate
        onSubmit={(e) => {
          // An approval is confirmed in a second step, never sent by the Enter key.
          e.preventDefault();
        }}
      >
        <MoneyField
          id="award-amount"
          label={t('award.amountLabel', { currency })}
          error={fields['award.amount.amount']}
          value={amount}
          currency={currency}
          onInput={setAmount}
        />
        <fieldset
          id="award-funders"
          aria-describedby={(fields['award.funders'] ?? fields.award) ? 'award-funders-error' : undefined}
        >
          <legend>{t('award.funders')}</legend>
          {(fields['award.funders'] ?? fields.award) && (
            <p class="field-error" id="award-funders-error">
              {fields['award.funders'] ?? fields.award}
            </p>
          )}
          {shares.map((s, i) => (
            <div class="line" key={i}>
              <Field id={`funder-${i}`} label={t('award.funder', { n: i + 1 })}>
                {() => (
                  <select
                    id={`funder-${i}`}
                    value={s.funderId}
                    onChange={(e) =>
                      setShares(
                        shares.map((x, j) => (j === i ? { ...x, funderId: e.currentTarget.value } : x)),
                      )
                    }
                  >
                    {(funders.data ?? [{ id: s.funderId, name: s.funderId }]).map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <MoneyField
                id={`share-${i}`}
                label={t('award.share', { n: i + 1 })}
                error={fields[`award.funders.${i}.share.amount`]}
                value={s.share}
                currency={currency}
                onInput={(share) => setShares(shares.map((x, j) => (j === i ? { ...x, share } : x)))}
              />
              {shares.length > 1 && (
                <button
                  type="button"
                  class="link"
                  onClick={() => {
                    setShares(shares.filter((_, j) => j !== i));
                    focusGroupAfterRemove('award-funders');
                  }}
                >
                  {t('wizard.remove', { n: i + 1 })}
                </button>
              )}
            </div>
          ))}
          <button
            type="button"
            onClick={() => setShares([...shares, { funderId: funders.data?.[0]?.id ?? '', share: '' }])}
          >
            {t('award.addFunder')}
          </button>
        </fieldset>
        <Field id="approve-comment" label={t('actions.comment')}>
          {(d) => (
            <textarea
              id="approve-comment"
              rows={2}
              value={comment}
              aria-describedby={d}
              onInput={(e) => setComment(e.currentTarget.value)}
            />
          )}
        </Field>
        <ConfirmStep id="approve-confirm" label={t('event.approve')} onConfirm={submit} />
      </form>
    </section>
  );
}
