/** Payments to make: the released tranches nobody has paid yet, oldest first, each leading to its grant. */
import { api, read } from '../api/client.ts';
import { t } from '../i18n/index.ts';
import { DateText, MoneyText, Page, Show, useLoad } from '../ui.tsx';

export function Payments() {
  const load = useLoad(() => read(api.v1.tranches.$get({ query: { state: 'due' } })), []);
  return (
    <Page title={t('payments.title')} lead={t('payments.lead')}>
      <Show load={load}>
        {(d) =>
          d.items.length === 0 ? (
            <p>{t('payments.none')}</p>
          ) : (
            <ul class="cards payments">
              {d.items.map((p) => (
                <li key={`${p.grantId}-${p.tranche.id}`} class="card">
                  <p class="kicker">
                    <bdi>{p.organisationName}</bdi>
                  </p>
                  <h2 class="h3">
                    <a href={`/grants/${p.grantId}`}>
                      <bdi>{p.grantTitle}</bdi>
                    </a>
                  </h2>
                  <p class="row">
                    <span>
                      {t('payments.amount')} <MoneyText value={p.tranche.amount} />
                    </span>
                    {p.tranche.releasedAt && (
                      <span>
                        {t('payments.released')} <DateText value={p.tranche.releasedAt.slice(0, 10)} />
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
