import { api, read } from '../api/client.ts';
import type { Grant, Me, Milestone, Partnership, QueueItem } from '../api/types.ts';
import { milestoneTitle, t, tx } from '../i18n/index.ts';
import { MoreButton, usePager } from '../pager.tsx';
import { hasRole } from '../session.ts';
import { DateText, DaysLeft, LateTag, MoneyText, Page, Show, StateTag, useLoad } from '../ui.tsx';

interface QueuePage {
  readonly items: readonly QueueItem[];
  readonly nextCursor: string | null;
}

/** A page of the queue, most urgent first; the next one follows the cursor. */
export const fetchQueue = (cursor?: string) => read(api.v1.queue.$get({ query: cursor ? { cursor } : {} }));

export function Queue(props: { me: Me }) {
  const load = useLoad(() => fetchQueue(), []);
  const mayor = hasRole(props.me, 'mayor_office');
  return (
    <Page
      title={mayor ? t('queue.decisionsTitle') : t('queue.title')}
      lead={mayor ? t('queue.decisionsLead') : t('queue.lead')}
    >
      <Show load={load}>
        {(d) =>
          d.items.length === 0 ? (
            <p>{t('queue.empty')}</p>
          ) : (
            <>
              {/* The cards' titles are h3: a heading between them and the page's keeps the outline whole. */}
              <h2 class="sr-only">{t('home.todo')}</h2>
              <PagedQueue first={d} />
            </>
          )
        }
      </Show>
    </Page>
  );
}

/** The queue's first page and a "show more" that follows the cursor, so nothing waiting is out of reach. */
export function PagedQueue(props: { first: QueuePage }) {
  const pager = usePager(props.first, fetchQueue, (page) => page.items);
  return (
    <>
      <QueueList items={pager.items} />
      <MoreButton pager={pager} label={t('queue.loadMore')} />
    </>
  );
}

const PATHS: Record<QueueItem['kind'], string> = {
  grant: 'grants',
  partnership: 'partnerships',
  milestone: 'milestones',
  registration: 'registrations',
};

const href = (item: QueueItem) => `/${PATHS[item.kind]}/${item.record.id}`;

function titleOf(item: QueueItem): string {
  if (item.kind === 'registration') return item.organisationName;
  if (item.kind === 'partnership')
    return (item.record as Partnership).organisationName ?? t('partnership.title');
  if (item.kind === 'milestone') return milestoneTitle(item.record as Milestone);
  return (item.record as Grant).title;
}

export function QueueList(props: { items: readonly QueueItem[] }) {
  return (
    <ul class="cards queue">
      {props.items.map((item) => {
        const grant = item.kind === 'grant' ? (item.record as Grant) : undefined;
        const late =
          (item.workingDaysLeft ?? 0) < 0 || grant?.decisionLate || (item.record as Milestone).late;
        return (
          <li key={`${item.kind}-${item.record.id}`} class={`card${late ? ' is-late' : ''}`}>
            <p class="kicker">
              {tx(`kind.${item.kind}`, item.kind)} · {tx(`reason.${item.reason}`, item.reason)}
              {item.organisationName && (
                <>
                  {' · '}
                  <bdi>{item.organisationName}</bdi>
                </>
              )}
            </p>
            <h3>
              <a href={href(item)}>
                <bdi>{titleOf(item)}</bdi>
              </a>
            </h3>
            <p class="row">
              <StateTag state={item.record.state} />
              {grant && <MoneyText value={grant.amountRequested} />}
              {item.kind === 'registration' && (
                <span>
                  {t('queue.registeredOn')} <DateText value={item.record.submittedAt.slice(0, 10)} />
                </span>
              )}
              {item.dueDate && (
                <span>
                  {t('queue.due')} <DateText value={item.dueDate} />
                </span>
              )}
              <DaysLeft days={item.workingDaysLeft} />
              {late && item.workingDaysLeft === undefined && <LateTag />}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
