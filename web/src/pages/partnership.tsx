/**
 * Partnership status: the CSO's application with its joint action plan and document declarations, and
 * the officer's due-diligence checklist. Buttons come from `allowedEvents`.
 */
import { useState } from 'preact/hooks';
import { api, read } from '../api/client.ts';
import type { Me, Partnership } from '../api/types.ts';
import { ConflictDeclaration } from '../conflict-declaration.tsx';
import { formatNumber, t, tx } from '../i18n/index.ts';
import { lazyPage } from '../lazy.tsx';
import { hasRole } from '../session.ts';
import {
  DateText,
  Dl,
  ErrorBox,
  EventButtons,
  Field,
  History,
  LoadedRecord,
  Page,
  Show,
  StateTag,
  sendEvent,
  useLoad,
} from '../ui.tsx';
import { FileList, reviews } from '../upload-field.tsx';
import { ConversationSlot, converses } from './conversation-slot.tsx';
import { LastRequest } from './last-request.tsx';
import { OrganisationPanel, reviewsOrganisations } from './organisation-panel-slot.tsx';
import { DOCUMENT_KINDS } from './partnership-form.tsx';

const AgreementSection = lazyPage(() => import('./agreement-section.tsx').then((m) => m.AgreementSection));

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

export function PartnershipPage(props: { me: Me; id: string }) {
  return (
    <LoadedRecord
      id={props.id}
      load={() => read(api.v1.partnerships[':id'].$get({ param: { id: props.id } }))}
    >
      {(p, setUpdated) => {
        return (
          <Page title={`${t('partnership.title')} · ${p.organisationName ?? ''}`}>
            <LastRequest request={p.lastRequest} />
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
              exclude={['record_due_diligence', 'declare_no_conflict', 'sign']}
              onDone={setUpdated}
            />
            <AgreementSection me={props.me} partnership={p} onDone={setUpdated} />
            <section aria-labelledby="pa-h">
              <h2 id="pa-h">{t('partnership.application')}</h2>
              <h3>{t('partnership.motivation')}</h3>
              <p class="prose">{p.motivation}</p>
              <h3>{t('partnership.focusAreas')}</h3>
              <p>{p.focusAreas.map((f) => tx(`focus.${f}`, f)).join(' · ')}</p>
              <h3>{t('coord.partnershipGroups')}</h3>
              {p.targetGroups?.length ? (
                <ul>
                  {p.targetGroups.map((g) => (
                    <li key={g}>
                      <bdi>{g}</bdi>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t('coord.everyGroup')}</p>
              )}
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
              <FileList files={p.files} title={t('files.title')} preview={reviews(props.me)} />
            </section>
            {reviewsOrganisations(props.me) && <OrganisationPanel organisationId={p.organisationId} />}
            <History entity="partnership" id={p.id} version={p.version} timeZone={props.me.city.timeZone} />
            {converses(props.me) && (
              <ConversationSlot entity="partnership" id={p.id} timeZone={props.me.city.timeZone} />
            )}
          </Page>
        );
      }}
    </LoadedRecord>
  );
}

/** The declaration of no conflict of interest, as on a grant: before due diligence and before the decision. */
function NoConflict(props: { partnership: Partnership; onDone: (p: Partnership) => void }) {
  return (
    <ConflictDeclaration
      declare={async () =>
        props.onDone(await sendEvent('partnership', props.partnership, { type: 'declare_no_conflict' }))
      }
    />
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
              {doc?.uploadId && (
                <FileList
                  files={props.partnership.files?.filter((f) => f.id === doc.uploadId)}
                  title={t('files.documentLabel')}
                  preview
                />
              )}
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
