/**
 * The impact profile a CSO shared, opened from its link with no account: the profile and nothing beyond
 * it (no link into the records, no documents, no names of people). A link that expired, was revoked or
 * was never made says so plainly, rather than asking the visitor to sign in.
 */
import { ApiProblem, api, read } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import { Page, Show, useLoad } from '../ui.tsx';
import { ImpactProfile } from './impact-profile.tsx';

export function SharedImpact(props: { token: string }) {
  const load = useLoad(
    () => read(api.v1.public.impact[':token'].$get({ param: { token: props.token } })),
    [props.token],
  );
  const gone = load.error instanceof ApiProblem && (load.error.status === 404 || load.error.status === 400);
  if (gone)
    return (
      <Page title={t('impact.gone.title')}>
        <p>{t('impact.gone.text')}</p>
      </Page>
    );
  return (
    <Page title={t('impact.title')} lead={load.data ? <bdi>{load.data.organisation.name}</bdi> : undefined}>
      <Show load={load}>
        {(profile) => (
          <>
            <p class="muted">{t('impact.shared.note')}</p>
            <ImpactProfile profile={profile} />
          </>
        )}
      </Show>
    </Page>
  );
}
