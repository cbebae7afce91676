/** The public transparency register of a city: its active partnerships and awarded grants. No sign-in. */
import { getJson } from '../api/client.ts';
import type { Money } from '../api/types.ts';
import { t, tx } from '../i18n/index.ts';
import { DateText, MoneyText, Page, Show, useLoad } from '../ui.tsx';

interface RegisterPartnership {
  readonly id?: string;
  readonly organisationName?: string;
  readonly organisationId?: string;
  readonly focusAreas?: readonly string[];
  readonly term?: { readonly start: string; readonly end: string };
  readonly state?: string;
}
interface RegisterGrant {
  readonly id?: string;
  readonly title?: string;
  readonly organisationName?: string;
  readonly organisationId?: string;
  readonly amount?: Money;
  readonly award?: { readonly amount: Money };
  readonly amountAwarded?: Money;
  readonly awardedAt?: string;
  readonly decidedAt?: string;
  readonly state?: string;
}
interface RegisterBody {
  readonly city?: { readonly name?: string };
  readonly partnerships?: readonly RegisterPartnership[];
  readonly grants?: readonly RegisterGrant[];
}

export function Register(props: { cityId: string }) {
  const load = useLoad(
    () => getJson<RegisterBody>(`/v1/public/cities/${encodeURIComponent(props.cityId)}/register`),
    [props.cityId],
  );
  const cityName = tx(`city.${props.cityId}`, props.cityId);
  return (
    <Page title={t('register.title', { city: cityName })} lead={t('register.lead')}>
      <Show load={load}>
        {(r) => (
          <>
            <section aria-labelledby="rp-h">
              <h2 id="rp-h">{t('register.partnerships')}</h2>
              {(r.partnerships ?? []).length === 0 ? (
                <p>{t('register.none')}</p>
              ) : (
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('register.organisation')}</th>
                        <th scope="col">{t('partnership.focusAreas')}</th>
                        <th scope="col">{t('partnership.term')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {(r.partnerships ?? []).map((p, i) => (
                        <tr key={p.id ?? i}>
                          <th scope="row">{p.organisationName ?? p.organisationId}</th>
                          <td>{(p.focusAreas ?? []).map((f) => tx(`focus.${f}`, f)).join(' · ')}</td>
                          <td>
                            {p.term ? (
                              <>
                                <DateText value={p.term.start} /> – <DateText value={p.term.end} />
                              </>
                            ) : (
                              '—'
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            <section aria-labelledby="rg-h">
              <h2 id="rg-h">{t('register.grants')}</h2>
              {(r.grants ?? []).length === 0 ? (
                <p>{t('register.none')}</p>
              ) : (
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('grant.title')}</th>
                        <th scope="col">{t('register.organisation')}</th>
                        <th scope="col">{t('award.amount')}</th>
                        <th scope="col">{t('register.decided')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {(r.grants ?? []).map((g, i) => (
                        <tr key={g.id ?? i}>
                          <th scope="row">{g.title}</th>
                          <td>{g.organisationName ?? g.organisationId}</td>
                          <td>
                            <MoneyText value={g.amountAwarded ?? g.award?.amount ?? g.amount} />
                          </td>
                          <td>
                            <DateText value={(g.awardedAt ?? g.decidedAt)?.slice(0, 10)} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </>
        )}
      </Show>
    </Page>
  );
}
