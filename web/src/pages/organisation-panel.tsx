/**
 * The organisation behind an application, beside it for whoever reviews it: profile, partnership and
 * term, its applications, its report record and what is overdue. Loaded on demand (its own chunk).
 */
import { api, read } from '../api/client.ts';
import { formatNumber, milestoneTitle, t, tx } from '../i18n/index.ts';
import { DateText, Dl, MoneyText, Show, StateTag, useLoad } from '../ui.tsx';

export function OrganisationPanel(props: { organisationId: string; currentId?: string }) {
  const load = useLoad(
    () => read(api.v1.organisations[':id'].record.$get({ param: { id: props.organisationId } })),
    [props.organisationId],
  );
  return (
    <section aria-labelledby="org-panel-h" class="card org-panel">
      <h2 id="org-panel-h">{t('orgPanel.title')}</h2>
      <p>
        <a href={`/organisations/${props.organisationId}/impact`}>{t('impact.panelLink')}</a>
      </p>
      <Show load={load}>
        {(r) => {
          const others = r.grants.filter((g) => g.id !== props.currentId);
          return (
            <>
              <Dl
                rows={[
                  [t('grants.organisation'), <bdi key="n">{r.organisation.name}</bdi>],
                  ...(r.organisation.registrationNumber
                    ? ([
                        [
                          t('orgPanel.registration'),
                          <bdi key="r" dir="ltr">
                            {r.organisation.registrationNumber}
                          </bdi>,
                        ],
                      ] as const)
                    : []),
                  [
                    t('orgPanel.partnership'),
                    r.partnership ? (
                      <span key="p">
                        <a href={`/partnerships/${r.partnership.id}`}>
                          <StateTag state={r.partnership.state} />
                        </a>{' '}
                        {r.partnership.term && (
                          <span>
                            <DateText value={r.partnership.term.start} /> –{' '}
                            <DateText value={r.partnership.term.end} />
                          </span>
                        )}
                      </span>
                    ) : (
                      t('orgPanel.noPartnership')
                    ),
                  ],
                  [
                    t('orgPanel.reports'),
                    <span key="rep" class="row">
                      <span>
                        {t('orgPanel.onTime')} <strong class="num">{formatNumber(r.reports.onTime)}</strong>
                      </span>
                      <span>
                        {t('orgPanel.late')} <strong class="num">{formatNumber(r.reports.late)}</strong>
                      </span>
                      <span>
                        {t('orgPanel.overdue')} <strong class="num">{formatNumber(r.reports.overdue)}</strong>
                      </span>
                    </span>,
                  ],
                ]}
              />
              <h3>{t('orgPanel.overdueNow')}</h3>
              {r.overdue.length === 0 ? (
                <p>{t('orgPanel.nothingOverdue')}</p>
              ) : (
                <ul>
                  {r.overdue.map((m) => (
                    <li key={m.id}>
                      <a href={`/milestones/${m.id}`}>
                        {tx(`kind.${m.kind}`, m.kind)} · <bdi>{milestoneTitle(m)}</bdi>
                      </a>{' '}
                      <DateText value={m.dueDate} />
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t('orgPanel.grants')}</h3>
              {others.length === 0 ? (
                <p>{t('orgPanel.noGrants')}</p>
              ) : (
                <ul>
                  {others.map((g) => (
                    <li key={g.id}>
                      <a href={`/grants/${g.id}`}>
                        <bdi>{g.title}</bdi>
                      </a>{' '}
                      <StateTag state={g.state} /> <MoneyText value={g.amountAwarded ?? g.amountRequested} />
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}
