/**
 * The officer's review of associations that registered themselves: those waiting, and for each what it
 * said about itself, to verify (the organisation is created and its contact invited) or to decline with
 * a reason, which is mailed to the contact in their language.
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api, checked, read } from '../api/client.ts';
import { t, tx } from '../i18n/index.ts';
import { byPath, DateText, Dl, ErrorBox, Page, Show, StateTag, useLoad } from '../ui.tsx';
import { TextField } from './text-field.tsx';

export function Registrations() {
  const load = useLoad(() => read(api.v1.registrations.$get({ query: { state: 'submitted' } })), []);
  return (
    <Page title={t('registrations.title')} lead={t('registrations.lead')}>
      <Show load={load}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('registrations.none')}</p>
          ) : (
            <ul class="cards">
              {page.items.map((r) => (
                <li key={r.id} class="card">
                  <h2>
                    <a href={`/registrations/${r.id}`}>
                      <bdi>{r.organisation.name}</bdi>
                    </a>
                  </h2>
                  <p class="muted">
                    <bdi>{r.organisation.registrationNumber}</bdi> · <DateText value={r.submittedAt} />
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

export function RegistrationPage(props: { id: string }) {
  const load = useLoad(() => read(api.v1.registrations[':id'].$get({ param: { id: props.id } })), [props.id]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const errors = error instanceof ApiProblem ? byPath(error.errors) : {};
  const send = async (body: { type: 'verify' } | { type: 'decline'; comment: string }) => {
    setError(undefined);
    setBusy(true);
    try {
      await read(
        api.v1.registrations[':id'].events.$post({
          param: { id: props.id },
          json: await checked('RegistrationEvent', body),
        }),
      );
      load.reload();
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show load={load}>
      {(r) => (
        <Page title={r.organisation.name}>
          <p class="row">
            <StateTag state={r.state} />
          </p>
          {error !== undefined && <ErrorBox error={error} />}
          <Dl
            rows={[
              [t('join.legalForm'), <bdi key="f">{r.organisation.legalForm}</bdi>],
              [t('join.registrationNumber'), <bdi key="n">{r.organisation.registrationNumber}</bdi>],
              [t('registrations.foundedYear'), r.organisation.foundedYear ?? '—'],
              [
                t('registrations.website'),
                r.organisation.website ? <bdi key="w">{r.organisation.website}</bdi> : '—',
              ],
              [t('join.description'), r.organisation.description],
              [t('join.focusAreas'), r.organisation.focusAreas.map((f) => tx(`focus.${f}`, f)).join(', ')],
              [t('registrations.contact'), <bdi key="c">{`${r.contact.name} <${r.contact.email}>`}</bdi>],
              [t('registrations.submittedAt'), <DateText key="s" value={r.submittedAt} />],
              ...(r.decisionComment ? [[t('registrations.reason'), r.decisionComment] as const] : []),
            ]}
          />
          {r.organisationId && <p role="status">{t('registrations.verified')}</p>}
          {r.allowedEvents.includes('verify') && (
            <section class="card" aria-labelledby="reg-decide">
              <h2 id="reg-decide">{t('registrations.decide')}</h2>
              <p>
                <button
                  type="button"
                  class="primary"
                  disabled={busy}
                  onClick={() => void send({ type: 'verify' })}
                >
                  {t('registrations.verify')}
                </button>
              </p>
              <TextField
                id="reg-reason"
                label={t('registrations.reason')}
                hint={t('registrations.reason.hint')}
                error={errors.comment}
                rows={3}
                value={reason}
                onInput={setReason}
              />
              <p>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void send({ type: 'decline', comment: reason.trim() })}
                >
                  {t('registrations.decline')}
                </button>
              </p>
            </section>
          )}
          <p>
            <a href="/registrations">{t('registrations.back')}</a>
          </p>
        </Page>
      )}
    </Show>
  );
}
