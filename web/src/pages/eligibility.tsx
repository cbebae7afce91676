/**
 * The fast track's rules, one line per rule, for the association and for the city's staff; in its own
 * chunk, off the first load.
 */
import { Fragment } from 'preact';
import { api, read } from '../api/client.ts';
import type { Eligibility, Grant, Me } from '../api/types.ts';
import { formatMoney, formatNumber, has, t, tx } from '../i18n/index.ts';
import { Show, useLoad } from '../ui.tsx';

/**
 * Whether an application meets the fast track's rules, one line per rule. The association reads them
 * addressed to itself ("your reports"); the city's staff read them about the association, by its name
 * (`organisationName`), which is the association's own text and so kept in its own direction (<bdi>).
 */
export function EligibilityList(props: { eligibility: Eligibility; me?: Me; organisationName?: string }) {
  const e = props.eligibility;
  const ceiling = props.me?.city.fastTrackCeiling;
  const staff = props.me !== undefined && !props.me.roles.includes('cso');
  const name = staff ? props.organisationName : undefined;
  return (
    <>
      <p class={e.eligible ? 'ok' : 'field-error'}>
        {/* The city's staff read whether the application meets the rules, not "you can submit". */}
        {staff
          ? t(e.eligible ? 'eligibility.staffYes' : 'eligibility.staffNo')
          : t(e.eligible ? 'eligibility.yes' : 'eligibility.no')}
      </p>
      <ul class="rules">
        {e.rules.map((r) => {
          const outcome = r.passed ? 'pass' : 'fail';
          const params = {
            ceiling: ceiling ? formatMoney(ceiling) : String(r.params?.ceiling ?? ''),
            max: formatNumber(Number(r.params?.max ?? props.me?.city.maxOpenFastGrants ?? 2)),
          };
          const staffKey = `elig.staff.${r.rule}.${outcome}`;
          return (
            <li key={r.rule} class={r.passed ? 'pass' : 'fail'}>
              <span aria-hidden="true">{r.passed ? '✓ ' : '✗ '}</span>
              <span class="sr-only">{r.passed ? t('eligibility.passed') : t('eligibility.failed')} </span>
              {name !== undefined && has(staffKey) ? (
                <Named text={tx(staffKey, r.message, params)} name={name} />
              ) : staff && !r.passed && has(`rule.${r.rule}`) ? (
                // A rule not met without a staff wording ("ask for less"): the rule's own neutral message.
                tx(`rule.${r.rule}`, r.message)
              ) : (
                tx(`elig.${r.rule}.${outcome}`, r.message, params)
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** A message whose `{name}` placeholder (left unfilled by tx) is an association's name, isolated. */
function Named(props: { text: string; name: string }) {
  const parts = props.text.split('{name}');
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <bdi>{props.name}</bdi>}
          {part}
        </Fragment>
      ))}
    </>
  );
}

export function EligibilitySection(props: { grant: Grant; me: Me }) {
  const load = useLoad(
    () => read(api.v1.grants[':id'].eligibility.$get({ param: { id: props.grant.id } })),
    [props.grant.id, props.grant.version],
  );
  return (
    <section aria-labelledby="elig-h" class="card">
      <h2 id="elig-h">{t('eligibility.title')}</h2>
      <Show load={load}>
        {(e) => (
          <EligibilityList eligibility={e} me={props.me} organisationName={props.grant.organisationName} />
        )}
      </Show>
    </section>
  );
}
