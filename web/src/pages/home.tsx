/** A CSO's home: what waits for it, every application with its status and decision deadline, its reports. */
import { api, read } from '../api/client.ts';
import type { Grant, Me, Milestone } from '../api/types.ts';
import { cityName, milestoneTitle, t, tx } from '../i18n/index.ts';
import { DateText, LateTag, MoneyText, Page, Show, StateTag, useLoad } from '../ui.tsx';
import { fetchQueue, PagedQueue } from './queue.tsx';

export function CsoHome(props: { me: Me }) {
  const load = useLoad(
    () =>
      Promise.all([
        fetchQueue(),
        read(api.v1.grants.$get({ query: {} })),
        read(api.v1.milestones.$get({ query: {} })),
      ]),
    [],
  );
  return (
    <Page title={t('home.title')} lead={t('home.lead', { city: cityName(props.me.city) })}>
      <p>
        <a class="button primary" href="/grants/new">
          {t('home.newGrant')}
        </a>
      </p>
      {props.me.organisationId && (
        <p>
          <a href={`/organisations/${props.me.organisationId}/impact`}>{t('impact.open')}</a>
        </p>
      )}
      <Show load={load}>
        {([queue, grants, milestones]) => (
          <>
            <section aria-labelledby="todo-h">
              <h2 id="todo-h">{t('home.todo')}</h2>
              {queue.items.length === 0 ? <p>{t('home.nothingToDo')}</p> : <PagedQueue first={queue} />}
            </section>
            <section aria-labelledby="apps-h">
              <h2 id="apps-h">{t('home.applications')}</h2>
              {grants.items.length === 0 ? (
                <p>{t('home.noApplications')}</p>
              ) : (
                <GrantTable grants={grants.items} />
              )}
            </section>
            <section aria-labelledby="reports-h">
              <h2 id="reports-h">{t('home.reports')}</h2>
              {milestones.items.length === 0 ? (
                <p>{t('home.noReports')}</p>
              ) : (
                <MilestoneTable items={milestones.items} />
              )}
            </section>
          </>
        )}
      </Show>
    </Page>
  );
}

export function GrantTable(props: { grants: readonly Grant[] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{t('home.applications')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('grant.title')}</th>
            <th scope="col">{t('common.state')}</th>
            <th scope="col">{t('grant.amount')}</th>
            <th scope="col">{t('grant.decisionDue')}</th>
          </tr>
        </thead>
        <tbody>
          {props.grants.map((g) => (
            <tr key={g.id}>
              <th scope="row">
                <a href={`/grants/${g.id}`}>{g.title}</a>
                <br />
                <span class="muted">{tx(`track.${g.track}`, g.track)}</span>
              </th>
              <td>
                <StateTag state={g.state} />
              </td>
              <td>
                <MoneyText value={g.award?.amount ?? g.amountRequested} />
              </td>
              <td>
                {g.decisionDueAt ? <DateText value={g.decisionDueAt} /> : '—'} {g.decisionLate && <LateTag />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MilestoneTable(props: { items: readonly Milestone[] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{t('home.reports')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('milestone.report')}</th>
            <th scope="col">{t('common.state')}</th>
            <th scope="col">{t('milestone.due')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <a href={`/milestones/${m.id}`}>{milestoneTitle(m)}</a>
                <br />
                <span class="muted">{tx(`kind.${m.kind}`, m.kind)}</span>
              </th>
              <td>
                <StateTag state={m.state} /> {m.late && m.state !== 'overdue' && <LateTag />}
              </td>
              <td>
                <DateText value={m.dueDate} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
