/** A CSO member invites a colleague into their own association (role `cso`). */
import { api, checked, read } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { t } from '../i18n/index.ts';
import { Page } from '../ui.tsx';
import { InviteForm } from './invite-form.tsx';

export function Members(props: { me: Me }) {
  const id = props.me.organisationId ?? '';
  return (
    <Page title={t('members.title')} lead={t('members.lead')}>
      <InviteForm
        id="member"
        send={async (who) => {
          await read(
            api.v1.organisations[':id'].members.$post({
              param: { id },
              json: await checked('MemberInvitation', who),
            }),
          );
        }}
      />
    </Page>
  );
}
