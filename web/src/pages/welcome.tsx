/**
 * The first page for a visitor who is not signed in: what Passerelle is, in plain words; signing in;
 * registering an association; and the public register of each city on this deployment.
 */
import { api, read } from '../api/client.ts';
import { t, tx } from '../i18n/index.ts';
import { Page, Show, useLoad } from '../ui.tsx';

export function Welcome() {
  const cities = useLoad(() => read(api.v1.public.cities.$get()), []);
  return (
    <Page title={t('welcome.title')} lead={t('welcome.lead')}>
      <ul class="welcome-points">
        <li>{t('welcome.point.partnership')}</li>
        <li>{t('welcome.point.grant')}</li>
        <li>{t('welcome.point.open')}</li>
      </ul>
      <p class="actions">
        <a class="button primary" href="/sign-in">
          {t('welcome.signIn')}
        </a>
      </p>
      <section aria-labelledby="cities-h">
        <h2 id="cities-h">{t('welcome.cities')}</h2>
        <Show load={cities}>
          {(d) =>
            d.items.length === 0 ? (
              <p>{t('welcome.noCities')}</p>
            ) : (
              <ul class="cards">
                {d.items.map((c) => {
                  // A demo city's name in the reader's language when the catalogue has it.
                  const name = tx(`city.${c.id}`, c.name);
                  return (
                    <li key={c.id} class="card">
                      <h3>
                        <bdi>{name}</bdi>
                      </h3>
                      <p>
                        <a href={`/register/${c.id}`}>{t('welcome.register', { city: name })}</a>
                      </p>
                      <p>
                        <a href={`/join/${c.id}`}>{t('welcome.join', { city: name })}</a>
                      </p>
                    </li>
                  );
                })}
              </ul>
            )
          }
        </Show>
      </section>
    </Page>
  );
}
