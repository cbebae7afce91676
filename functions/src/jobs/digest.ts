/**
 * The daily digest: each user of a city who reads their mail as a daily digest (`mailDigest: 'daily'`)
 * gets one mail listing the in-app notifications written since their last digest, in their language,
 * with a link to each record and to their notifications page. The in-app notifications are the source:
 * every notice writes one whatever the choice, so the digest never misses one the pipeline skipped.
 *
 * Once a day at most: the digest's marker is a notice keyed by the city's date (`digest#<date>`),
 * written with its mail in one transaction on condition that it does not exist (store kind `notice`),
 * so a second run the same day sends nothing. Nothing new, no mail and no marker: the next digest
 * still starts from the last one sent.
 */
import { createHash } from 'node:crypto';
import { addDays, localDate } from '#domain/calendar';
import type { CitySettings, User } from '#domain/types';
import type { Deps } from '#services/deps';
import { VersionConflictError } from '#store/errors';
import { type DigestLine, renderDigest } from './digest-notices.ts';
import { type Language, mailText } from './messages.ts';

/** How far back the first digest (or one after a long pause) looks, in days. */
export const DIGEST_LOOKBACK_DAYS = 7;
export const DIGEST_KIND = 'daily_digest';

const LANGUAGES: readonly Language[] = ['ar', 'fr', 'en'];
const digestKey = (date: string) => `digest#${date}`;

/** Sends today's digests of the city's users who chose one; the number of mails queued. */
export async function sendDigests(
  deps: Deps,
  city: CitySettings,
  now: string,
  baseUrl?: string,
): Promise<number> {
  const today = localDate(now, city.calendar.timeZone);
  const users = (await deps.store.listUsersOfCity(city.id)).filter((u) => u.mailDigest === 'daily');
  let sent = 0;
  for (const user of users) if (await sendDigest(deps, city, user, today, now, baseUrl)) sent++;
  return sent;
}

/** The instant of the user's last digest, within the look-back, or the start of the look-back. */
async function lastDigest(deps: Deps, userId: string, today: string, now: string): Promise<string> {
  for (let d = 1; d <= DIGEST_LOOKBACK_DAYS; d++) {
    const at = await deps.store.noticeAt(digestKey(addDays(today, -d)), userId);
    if (at) return at;
  }
  return new Date(Date.parse(now) - DIGEST_LOOKBACK_DAYS * 86_400_000).toISOString();
}

async function sendDigest(
  deps: Deps,
  city: CitySettings,
  user: User,
  today: string,
  now: string,
  baseUrl?: string,
): Promise<boolean> {
  const key = digestKey(today);
  if (await deps.store.hasNotice(key, user.id)) return false;
  const since = Date.parse(await lastDigest(deps, user.id, today, now));
  const until = Date.parse(now);
  const lines: DigestLine[] = [];
  let cursor: string | undefined;
  // Newest first: stop at the first notification the last digest already listed.
  pages: do {
    const page = await deps.store.listNotifications(user.id, { cursor, limit: 50 });
    for (const n of page.items) {
      const at = Date.parse(n.createdAt);
      if (at <= since) break pages;
      if (at <= until)
        lines.push({ date: localDate(n.createdAt, city.calendar.timeZone), title: n.title, link: n.link });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (lines.length === 0) return false;
  const language: Language = LANGUAGES.includes(user.language) ? user.language : 'en';
  const rendered = renderDigest(lines.reverse(), language, baseUrl);
  const id = createHash('sha256').update(`${key}\n${user.id}`).digest('hex').slice(0, 24);
  try {
    await deps.store.commit([
      {
        kind: 'notice',
        key,
        userId: user.id,
        noticeKind: DIGEST_KIND,
        at: now,
        mail: {
          id,
          to: user.email,
          toName: user.name,
          language,
          subject: rendered.subject,
          text: mailText(rendered, language, '/notifications', baseUrl, user.name),
          createdAt: now,
          kind: DIGEST_KIND,
        },
      },
    ]);
    return true;
  } catch (e) {
    // Another run sent today's digest meanwhile.
    if (e instanceof VersionConflictError && e.entity === 'notice') return false;
    throw e;
  }
}
