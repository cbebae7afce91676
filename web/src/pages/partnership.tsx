/**
 * Partnership status: the CSO's application with its joint action plan and document declarations, and
 * the officer's due-diligence checklist. Buttons come from `allowedEvents`.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, checked, type FieldError, read } from '../api/client.ts';
import { FOCUS_AREAS, type Me, type Partnership } from '../api/types.ts';
import { formatNumber, t, tx } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { hasRole } from '../session.ts';
import {
  byPath,
  DateText,
  Dl,
  ErrorBox,
  EventButtons,
  Field,
  History,
  Loading,
  Page,
  Show,
  StateTag,
  sendEvent,
  useLoad,
} from '../ui.tsx';

const DOCUMENT_KINDS = [
  'statutes',
  'registration',
  'board_list',
  'annual_accounts',
  'activity_report',
] as const;
const LEADS = ['cso', 'city', 'joint'] as const;

export function Partnerships(props: { me: Me }) {
  const load = useLoad(() => read(api.v1.partnerships.$get({ query: {} })), []);
  return (
    <Page title={t('partnership.listTitle')} lead={t('partnership.lead')}>
      {hasRole(props.me, 'cso') && (
        <p>
          <a class="button primary" href="/partnerships/new">
            {t('partnership.new')}
          </a>
        </p>
      )}
      <Show load={load}>
        {(d) =>
          d.items.length === 0 ? (
            <p>{t('partnership.none')}</p>
          ) : (
            <ul class="cards">
              {d.items.map((p) => (
                <li key={p.id} class="card">
                  <h2>
                    <a href={`/partnerships/${p.id}`}>{p.organisationName ?? t('partnership.title')}</a>
                  </h2>
                  <p class="row">
                    <StateTag state={p.state} />
                    {p.term && (
                      <span>
                        <DateText value={p.term.start} /> – <DateText value={p.term.end} />
                      </span>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Show>
    </Page>
  );
}

interface PDraft {
  motivation: string;
  focusAreas: string[];
  actionPlan: { activity: string; quarter: string; lead: string; indicator: string; target: string }[];
  documents: Record<string, { reference: string; date: string }>;
}

const emptyDraft = (): PDraft => ({
  motivation: '',
  focusAreas: [],
  actionPlan: [{ activity: '', quarter: '', lead: 'joint', indicator: '', target: '' }],
  documents: Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, { reference: '', date: '' }])),
});

function toBody(d: PDraft) {
  return {
    motivation: d.motivation,
    focusAreas: d.focusAreas,
    actionPlan: d.actionPlan.map((a) => ({
      ...a,
      target: /^\s*\d+\s*$/.test(a.target) ? Number(a.target) : Number.NaN,
    })),
    documents: DOCUMENT_KINDS.filter((k) => d.documents[k]?.reference || d.documents[k]?.date).map((k) => ({
      kind: k,
      reference: d.documents[k]?.reference ?? '',
      date: d.documents[k]?.date ?? '',
    })),
  };
}

export function PartnershipForm(props: { me: Me; id?: string | undefined }) {
  const key = `passerelle.partnershipDraft.${props.id ?? 'new'}`;
  const [draft, setDraft] = useState<PDraft | null>(null);
  const [record, setRecord] = useState<Partnership | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<unknown>(undefined);
  useEffect(() => {
    const saved = localStorage.getItem(key);
    if (saved) {
      setDraft(JSON.parse(saved) as PDraft);
    } else if (!props.id) setDraft(emptyDraft());
    if (props.id) {
      read(api.v1.partnerships[':id'].$get({ param: { id: props.id } })).then((p) => {
        setRecord(p);
        if (!saved) {
          const base = emptyDraft();
          setDraft({
            motivation: p.motivation,
            focusAreas: [...p.focusAreas],
            actionPlan: p.actionPlan.map((a) => ({ ...a, target: String(a.target) })),
            documents: {
              ...base.documents,
              ...Object.fromEntries(
                p.documents.map((x) => [x.kind, { reference: x.reference, date: x.date }]),
              ),
            },
          });
        }
      }, setProblem);
    }
  }, [props.id]);
  if (!draft) return problem ? <ErrorBox error={problem} /> : <Loading />;
  const update = (patch: Partial<PDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    localStorage.setItem(key, JSON.stringify(next));
  };
  const fe = byPath(errors);
  const save = async () => {
    setProblem(undefined);
    const body = toBody(draft);
    const { validate } = await import('../validation.ts');
    const found = validate('PartnershipApplication', body);
    setErrors(found);
    if (found.length > 0) return;
    try {
      const saved = record
        ? await read(
            api.v1.partnerships[':id'].$patch(
              { param: { id: record.id }, json: await checked('PartnershipPatch', body) },
              { headers: { 'If-Match': `"${record.version}"` } },
            ),
          )
        : await read(api.v1.partnerships.$post({ json: await checked('PartnershipApplication', body) }));
      localStorage.removeItem(key);
      navigate(`/partnerships/${saved.id}`);
    } catch (e) {
      setProblem(e);
      if (e instanceof ApiProblem) setErrors([...e.errors]);
    }
  };
  const lineField = (i: number, name: 'activity' | 'quarter' | 'indicator' | 'target', label: string) => (
    <Field id={`ap-${i}-${name}`} label={label} error={fe[`actionPlan.${i}.${name}`]}>
      {(d, invalid) => (
        <input
          id={`ap-${i}-${name}`}
          value={draft.actionPlan[i]?.[name] ?? ''}
          inputMode={name === 'target' ? 'numeric' : undefined}
          placeholder={name === 'quarter' ? '2027-Q1' : undefined}
          aria-describedby={d}
          aria-invalid={invalid}
          onInput={(e) =>
            update({
              actionPlan: draft.actionPlan.map((a, j) =>
                j === i ? { ...a, [name]: e.currentTarget.value } : a,
              ),
            })
          }
        />
      )}
    </Field>
  );
  return (
    <Page title={t('partnership.formTitle')} lead={t('partnership.formLead')}>
      {(problem !== undefined || errors.length > 0) && <ErrorBox error={problem} fields={errors} />}
      <form
        class="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field
          id="motivation"
          label={t('partnership.motivation')}
          hint={t('partnership.motivationHint')}
          error={fe.motivation}
        >
          {(d, invalid) => (
            <textarea
              id="motivation"
              rows={5}
              value={draft.motivation}
              aria-describedby={d}
              aria-invalid={invalid}
              onInput={(e) => update({ motivation: e.currentTarget.value })}
            />
          )}
        </Field>
        <fieldset>
          <legend>{t('partnership.focusAreas')}</legend>
          {fe.focusAreas && <p class="field-error">{fe.focusAreas}</p>}
          <div class="checks">
            {FOCUS_AREAS.map((f) => (
              <div class="check" key={f}>
                <input
                  type="checkbox"
                  id={`fa-${f}`}
                  checked={draft.focusAreas.includes(f)}
                  onChange={(e) =>
                    update({
                      focusAreas: e.currentTarget.checked
                        ? [...draft.focusAreas, f]
                        : draft.focusAreas.filter((x) => x !== f),
                    })
                  }
                />
                <label for={`fa-${f}`}>{tx(`focus.${f}`, f)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('partnership.actionPlan')}</legend>
          <p class="hint">{t('partnership.actionPlanHint')}</p>
          {draft.actionPlan.map((a, i) => (
            <div class="line" key={i}>
              {lineField(i, 'activity', t('partnership.activity', { n: i + 1 }))}
              {lineField(i, 'quarter', t('partnership.quarter', { n: i + 1 }))}
              <Field id={`ap-${i}-lead`} label={t('partnership.leadSide', { n: i + 1 })}>
                {() => (
                  <select
                    id={`ap-${i}-lead`}
                    value={a.lead}
                    onChange={(e) =>
                      update({
                        actionPlan: draft.actionPlan.map((x, j) =>
                          j === i ? { ...x, lead: e.currentTarget.value } : x,
                        ),
                      })
                    }
                  >
                    {LEADS.map((l) => (
                      <option key={l} value={l}>
                        {tx(`lead.${l}`, l)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {lineField(i, 'indicator', t('partnership.indicator', { n: i + 1 }))}
              {lineField(i, 'target', t('partnership.target', { n: i + 1 }))}
              <button
                type="button"
                class="link"
                onClick={() => update({ actionPlan: draft.actionPlan.filter((_, j) => j !== i) })}
              >
                {t('wizard.remove', { n: i + 1 })}
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              update({
                actionPlan: [
                  ...draft.actionPlan,
                  { activity: '', quarter: '', lead: 'joint', indicator: '', target: '' },
                ],
              })
            }
          >
            {t('partnership.addActivity')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('partnership.documents')}</legend>
          <p class="hint">{t('partnership.documentsHint')}</p>
          {DOCUMENT_KINDS.map((k) => {
            const i = toBody(draft).documents.findIndex((x) => x.kind === k);
            return (
              <div class="line" key={k}>
                <Field
                  id={`doc-${k}-ref`}
                  label={t('partnership.docReference', { doc: tx(`doc.${k}`, k) })}
                  error={fe[`documents.${i}.reference`]}
                >
                  {(d, invalid) => (
                    <input
                      id={`doc-${k}-ref`}
                      value={draft.documents[k]?.reference ?? ''}
                      aria-describedby={d}
                      aria-invalid={invalid}
                      onInput={(e) =>
                        update({
                          documents: {
                            ...draft.documents,
                            [k]: { date: '', ...draft.documents[k], reference: e.currentTarget.value },
                          },
                        })
                      }
                    />
                  )}
                </Field>
                <Field
                  id={`doc-${k}-date`}
                  label={t('partnership.docDate', { doc: tx(`doc.${k}`, k) })}
                  error={fe[`documents.${i}.date`]}
                >
                  {(d, invalid) => (
                    <input
                      id={`doc-${k}-date`}
                      type="date"
                      value={draft.documents[k]?.date ?? ''}
                      aria-describedby={d}
                      aria-invalid={invalid}
                      onInput={(e) =>
                        update({
                          documents: {
                            ...draft.documents,
                            [k]: { reference: '', ...draft.documents[k], date: e.currentTarget.value },
                          },
                        })
                      }
                    />
                  )}
                </Field>
              </div>
            );
          })}
        </fieldset>
        <button type="submit" class="primary">
          {t('partnership.save')}
        </button>
      </form>
      <p class="muted">{t('wizard.autosave')}</p>
    </Page>
  );
}

export function PartnershipPage(props: { me: Me; id: string }) {
  const load = useLoad(() => read(api.v1.partnerships[':id'].$get({ param: { id: props.id } })), [props.id]);
  const [updated, setUpdated] = useState<Partnership | null>(null);
  return (
    <Show load={load}>
      {(loaded) => {
        const p = updated ?? loaded;
        return (
          <Page title={`${t('partnership.title')} · ${p.organisationName ?? ''}`}>
            <p class="row">
              <StateTag state={p.state} />
            </p>
            {p.term && (
              <Dl
                rows={[
                  [
                    t('partnership.term'),
                    <span key="t">
                      <DateText value={p.term.start} /> – <DateText value={p.term.end} />
                    </span>,
                  ],
                ]}
              />
            )}
            {p.allowedEvents.includes('edit') && (
              <p>
                <a class="button" href={`/partnerships/${p.id}/edit`}>
                  {t('grant.edit')}
                </a>
              </p>
            )}
            {p.allowedEvents.includes('declare_no_conflict') && (
              <NoConflict partnership={p} onDone={setUpdated} />
            )}
            {p.allowedEvents.includes('record_due_diligence') && (
              <DueDiligence partnership={p} onDone={setUpdated} />
            )}
            {p.dueDiligence && (
              <section class="card" aria-labelledby="dd-done-h">
                <h2 id="dd-done-h">{t('dd.title')}</h2>
                <ul class="rules">
                  {p.dueDiligence.checks.map((c) => (
                    <li key={c.item} class={c.ok ? 'pass' : 'fail'}>
                      {c.ok ? '✓ ' : '✗ '}
                      {tx(`doc.${c.item}`, c.item)}
                      {c.note ? ` — ${c.note}` : ''}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <EventButtons
              entity="partnership"
              record={p}
              exclude={['record_due_diligence', 'declare_no_conflict']}
              onDone={setUpdated}
            />
            <section aria-labelledby="pa-h">
              <h2 id="pa-h">{t('partnership.application')}</h2>
              <h3>{t('partnership.motivation')}</h3>
              <p class="prose">{p.motivation}</p>
              <h3>{t('partnership.focusAreas')}</h3>
              <p>{p.focusAreas.map((f) => tx(`focus.${f}`, f)).join(' · ')}</p>
              <h3>{t('partnership.actionPlan')}</h3>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('partnership.activityH')}</th>
                      <th scope="col">{t('partnership.quarterH')}</th>
                      <th scope="col">{t('partnership.leadH')}</th>
                      <th scope="col">{t('partnership.indicatorH')}</th>
                      <th scope="col">{t('partnership.targetH')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.actionPlan.map((a, i) => (
                      <tr key={i}>
                        <td>{a.activity}</td>
                        <td>
                          <bdi>{a.quarter}</bdi>
                        </td>
                        <td>{tx(`lead.${a.lead}`, a.lead)}</td>
                        <td>{a.indicator}</td>
                        <td class="num">{formatNumber(a.target)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <h3>{t('partnership.documents')}</h3>
              <ul>
                {p.documents.map((d) => (
                  <li key={d.kind}>
                    {tx(`doc.${d.kind}`, d.kind)}: <bdi>{d.reference}</bdi> (<DateText value={d.date} />)
                  </li>
                ))}
              </ul>
            </section>
            <History entity="partnership" id={p.id} version={p.version} timeZone={props.me.city.timeZone} />
          </Page>
        );
      }}
    </Show>
  );
}

/** The declaration of no conflict of interest, as on a grant: before due diligence and before the decision. */
function NoConflict(props: { partnership: Partnership; onDone: (p: Partnership) => void }) {
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return (
    <section aria-labelledby="coi-h" class="card">
      <h2 id="coi-h">{t('conflict.title')}</h2>
      <p>{t('conflict.explain')}</p>
      {error !== undefined && <ErrorBox error={error} />}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            props.onDone(await sendEvent('partnership', props.partnership, { type: 'declare_no_conflict' }));
          } catch (x) {
            setError(x);
          }
        }}
      >
        <div class="check">
          <input
            id="coi"
            type="checkbox"
            checked={checked}
            required
            onChange={(e) => setChecked(e.currentTarget.checked)}
          />
          <label for="coi">{t('conflict.statement')}</label>
        </div>
        <button type="submit" class="primary" disabled={!checked}>
          {t('event.declare_no_conflict')}
        </button>
      </form>
    </section>
  );
}

function DueDiligence(props: { partnership: Partnership; onDone: (p: Partnership) => void }) {
  const [checks, setChecks] = useState(DOCUMENT_KINDS.map((item) => ({ item, ok: false, note: '' })));
  const [error, setError] = useState<unknown>(undefined);
  const declared = (k: string) => props.partnership.documents.find((d) => d.kind === k);
  return (
    <section aria-labelledby="dd-h" class="card">
      <h2 id="dd-h">{t('dd.title')}</h2>
      <p>{t('dd.lead')}</p>
      {error !== undefined && <ErrorBox error={error} />}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const body = {
              type: 'record_due_diligence',
              checks: checks.map((c) => (c.note.trim() ? c : { item: c.item, ok: c.ok })),
            };
            props.onDone(await sendEvent('partnership', props.partnership, body));
          } catch (x) {
            setError(x);
          }
        }}
      >
        {checks.map((c, i) => {
          const doc = declared(c.item);
          return (
            <fieldset key={c.item}>
              <legend>{tx(`doc.${c.item}`, c.item)}</legend>
              <p class="muted">
                {doc ? (
                  <>
                    <bdi>{doc.reference}</bdi> · <DateText value={doc.date} />
                  </>
                ) : (
                  t('dd.notDeclared')
                )}
              </p>
              <div class="check">
                <input
                  type="checkbox"
                  id={`dd-${c.item}`}
                  checked={c.ok}
                  onChange={(e) =>
                    setChecks(checks.map((x, j) => (j === i ? { ...x, ok: e.currentTarget.checked } : x)))
                  }
                />
                <label for={`dd-${c.item}`}>{t('dd.ok')}</label>
              </div>
              <Field id={`dd-${c.item}-note`} label={t('dd.note')}>
                {() => (
                  <input
                    id={`dd-${c.item}-note`}
                    value={c.note}
                    onInput={(e) =>
                      setChecks(checks.map((x, j) => (j === i ? { ...x, note: e.currentTarget.value } : x)))
                    }
                  />
                )}
              </Field>
            </fieldset>
          );
        })}
        <button type="submit" class="primary">
          {t('event.record_due_diligence')}
        </button>
      </form>
    </section>
  );
}
