/** A reporting milestone: its report form for the CSO, the report and its review for an officer or funder. */
import { api, read } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { milestoneTitle, t, tx } from '../i18n/index.ts';
import { lazyPage } from '../lazy.tsx';
import { DateText, Dl, EventButtons, History, LateTag, LoadedRecord, Page, StateTag } from '../ui.tsx';
import { FileList, reviews } from '../upload-field.tsx';
import { ConversationSlot, converses } from './conversation-slot.tsx';
import { LastRequest } from './last-request.tsx';

// The report's form and its reading (tables, charts) come with the report only: off the first load.
const ReportForm = lazyPage(() => import('./report-form.tsx').then((x) => x.ReportForm));
const ReportView = lazyPage(() => import('./report-view.tsx').then((x) => x.ReportView));
const ReviewStatus = lazyPage(() => import('./report-view.tsx').then((x) => x.ReviewStatus));

export function MilestonePage(props: { me: Me; id: string }) {
  return (
    <LoadedRecord id={props.id} load={() => read(api.v1.milestones[':id'].$get({ param: { id: props.id } }))}>
      {(m, setUpdated) => {
        return (
          <Page title={`${tx(`kind.${m.kind}`, m.kind)} · ${milestoneTitle(m)}`}>
            <LastRequest request={m.lastRequest} />
            <p class="row">
              <StateTag state={m.state} />
              {m.late && m.state !== 'overdue' && <LateTag />}
            </p>
            <Dl
              rows={[
                [t('milestone.due'), <DateText key="d" value={m.dueDate} />],
                [
                  t('milestone.grant'),
                  m.grantId ? <a href={`/grants/${m.grantId}`}>{m.title}</a> : milestoneTitle(m),
                ],
              ]}
            />
            {m.report && <ReportView milestone={m} />}
            <FileList files={m.documents} title={t('files.title')} preview={reviews(props.me)} />
            {m.reviewComment && (
              <section class="card" aria-labelledby="rc-h">
                <h2 id="rc-h">{t('milestone.reviewComment')}</h2>
                <blockquote>{m.reviewComment}</blockquote>
              </section>
            )}
            {m.allowedEvents.includes('submit_report') && <ReportForm milestone={m} onDone={setUpdated} />}
            <ReviewStatus milestone={m} />
            <EventButtons entity="milestone" record={m} exclude={['submit_report']} onDone={setUpdated} />
            <History entity="milestone" id={m.id} version={m.version} timeZone={props.me.city.timeZone} />
            {converses(props.me) && (
              <ConversationSlot entity="milestone" id={m.id} timeZone={props.me.city.timeZone} />
            )}
          </Page>
        );
      }}
    </LoadedRecord>
  );
}
