/**
 * A CSO's impact profile for its members and the city's staff, and for the members the read-only links
 * that share it with any funder: made with an expiry, copied (the address is shown only once), listed
 * with their state, revoked after a confirmation. Loaded on demand with its charts.
 */
import { useRef, useState } from 'preact/hooks';
import type { ImpactLinkView } from '../../../functions/src/contract/impact.ts';
import { api, checked, read } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { ConfirmStep } from '../confirm.tsx';
import { t } from '../i18n/index.ts';
import { hasRole } from '../session.ts';
import { DateText, ErrorBox, Field, Page, Show, Status, useLoad } from '../ui.tsx';
import { FigureTable, ImpactProfile } from './impact-profile.tsx';

export function ImpactPage(props: { me: Me; id: string }) {
  const load = useLoad(
    () => read(api.v1.organisations[':id'].impact.$get({ param: { id: props.id } })),
    [props.id],
  );
  const member = hasRole(props.me, 'cso') && props.me.organisationId === props.id;
  return (
    <Page title={t('impact.title')} lead={load.data ? <bdi>{load.data.organisation.name}</bdi> : undefined}>
      <Show load={load}>
        {(profile) => (
          <>
            <ImpactProfile profile={profile} linkRecords />
            {member && <ShareLinks orgId={props.id} />}
          </>
        )}
      </Show>
    </Page>
  );
}

/** How long a new link opens the profile, in days; the API's default (30) first. */
const DURATIONS = [30, 7, 90] as const;

function ShareLinks(props: { orgId: string }) {
  const param = { id: props.orgId };
  const links = useLoad(() => read(api.v1.organisations[':id'].impact.links.$get({ param })), [props.orgId]);
  const [days, setDays] = useState<number>(DURATIONS[0]);
  const [made, setMade] = useState<{ link: ImpactLinkView; n: number } | null>(null);
  const [said, setSaid] = useState<{ text: string; n: number } | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const act = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await action();
      links.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    act(async () => {
      const json = await checked('ImpactLinkRequest', { days });
      const link = await read(api.v1.organisations[':id'].impact.links.$post({ param, json }));
      setSaid(null);
      setMade((m) => ({ link, n: (m?.n ?? 0) + 1 }));
    });
  const revoke = (linkId: string) =>
    act(async () => {
      await read(
        api.v1.organisations[':id'].impact.links[':linkId'].revoke.$post({
          param: { ...param, linkId },
        }),
      );
      if (made?.link.id === linkId) setMade(null);
      setSaid((s) => ({ text: t('impact.share.revoked'), n: (s?.n ?? 0) + 1 }));
    });

  return (
    <section aria-labelledby="impact-share-h" class="impact-share">
      <h2 id="impact-share-h">{t('impact.share.title')}</h2>
      <p>{t('impact.share.lead')}</p>
      {error !== undefined && <ErrorBox error={error} fieldId={() => 'impact-days'} />}
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Field id="impact-days" label={t('impact.share.days')}>
          {(d) => (
            <select
              id="impact-days"
              aria-describedby={d}
              value={String(days)}
              onChange={(e) => setDays(Number(e.currentTarget.value))}
            >
              {DURATIONS.map((n) => (
                <option key={n} value={String(n)}>
                  {t('impact.share.daysOption', { n })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p>
          <button type="submit" class="primary" aria-disabled={busy}>
            {t('impact.share.create')}
          </button>
        </p>
      </form>
      {made?.link.url && <MadeLink key={made.n} url={made.link.url} expiresAt={made.link.expiresAt} />}
      {said && <Status key={said.n}>{said.text}</Status>}
      <h3 id="impact-links-h">{t('impact.share.list')}</h3>
      <Show load={links}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{t('impact.share.none')}</p>
          ) : (
            <FigureTable
              labelledBy="impact-links-h"
              caption={t('impact.share.list')}
              columns={[
                t('impact.share.created'),
                t('impact.share.expires'),
                t('common.state'),
                t('impact.share.action'),
              ]}
              items={list.items}
              rowKey={(l) => l.id}
              row={(l) => [
                <DateText key="c" value={l.createdAt} />,
                <DateText key="e" value={l.expiresAt} />,
                <LinkState key="s" link={l} />,
                l.active ? (
                  <ConfirmStep
                    key="r"
                    id={`revoke-${l.id}`}
                    label={t('impact.share.revoke')}
                    danger
                    busy={busy}
                    onConfirm={() => revoke(l.id)}
                  />
                ) : (
                  '—'
                ),
              ]}
            />
          )
        }
      </Show>
    </section>
  );
}

function LinkState(props: { link: ImpactLinkView }) {
  const { link } = props;
  if (link.active) return <span class="tag tag-active">{t('impact.share.active')}</span>;
  if (link.revokedAt) return <span class="tag tag-withdrawn">{t('impact.share.withdrawn')}</span>;
  return <span class="tag tag-expired">{t('impact.share.expired')}</span>;
}

/** The address of a link just made, shown this once: in a read-only field to select, and a copy button. */
function MadeLink(props: { url: string; expiresAt: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(0);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.url);
    } catch {
      // No clipboard (an older browser, a page not allowed to write it): select the address to copy by hand.
      field.current?.select();
      return;
    }
    setCopied((n) => n + 1);
  };
  return (
    <div class="card impact-made">
      <Status>
        {t('impact.share.made')} <DateText value={props.expiresAt} />
      </Status>
      <Field id="impact-url" label={t('impact.share.url')} hint={t('impact.share.urlHint')}>
        {(d) => (
          <bdi class="url-field">
            <input
              ref={field}
              id="impact-url"
              type="url"
              dir="ltr"
              readOnly
              value={props.url}
              aria-describedby={d}
              onFocus={(e) => e.currentTarget.select()}
            />
          </bdi>
        )}
      </Field>
      <p class="row">
        <button type="button" onClick={() => void copy()}>
          {t('impact.share.copy')}
        </button>
        <span role="status">{copied > 0 ? t('impact.share.copied') : ''}</span>
      </p>
    </div>
  );
}
