/**
 * What a new message of a record's conversation tells the other side, in Arabic, French and English: the
 * in-app notification (one per message) and the mail (one per thread, recipient and few minutes: the
 * first message of a burst is quoted, the later ones wait in the thread).
 */
import { frenchTypography } from '#domain/typography';
import type { Language, Rendered } from './messages.ts';

export type ThreadKind = 'partnership' | 'grant' | 'milestone';

export interface MessageNotice {
  readonly thread: ThreadKind;
  /** The grant's or the report's title; a partnership is named as "the partnership agreement". */
  readonly title?: string | undefined;
  readonly authorName: string;
  readonly body: string;
}

/** How much of the message a notification or a mail quotes. */
const EXCERPT = 300;

const excerpt = (body: string) => (body.length > EXCERPT ? `${body.slice(0, EXCERPT)}…` : body);

interface Words {
  what(n: MessageNotice): string;
  subject(what: string): string;
  wrote(author: string, what: string): string;
  action: string;
}

const WORDS: Record<Language, Words> = {
  en: {
    what: (n) =>
      n.thread === 'partnership'
        ? 'the partnership agreement'
        : `the ${n.thread === 'grant' ? 'grant' : 'report'} “${n.title ?? ''}”`,
    subject: (what) => `New message on ${what}`,
    wrote: (author, what) => `${author} wrote on ${what}:`,
    action: 'Read it and answer in the conversation.',
  },
  fr: {
    what: (n) =>
      n.thread === 'partnership'
        ? 'la convention de partenariat'
        : `${n.thread === 'grant' ? 'la subvention' : 'le rapport'} « ${n.title ?? ''} »`,
    subject: (what) => `Nouveau message sur ${what}`,
    wrote: (author, what) => `${author} a écrit sur ${what} :`,
    action: 'Lisez-le et répondez dans la conversation.',
  },
  ar: {
    what: (n) =>
      n.thread === 'partnership'
        ? 'اتفاقية الشراكة'
        : `${n.thread === 'grant' ? 'المنحة' : 'التقرير'} «${n.title ?? ''}»`,
    subject: (what) => `رسالة جديدة بشأن ${what}`,
    wrote: (author, what) => `كتب ${author} بشأن ${what}:`,
    action: 'يمكن قراءتها والرد عليها في المحادثة.',
  },
};

export function renderMessageNotice(n: MessageNotice, language: Language): Rendered {
  const w = WORDS[language];
  const what = w.what(n);
  const typeset = (s: string) => (language === 'fr' ? frenchTypography(s) : s);
  // The message itself is quoted as its author wrote it: no typesetting of someone else's words.
  return {
    subject: typeset(w.subject(what)),
    text: `${typeset(w.wrote(n.authorName, what))}\n\n${excerpt(n.body)}`,
    action: typeset(w.action),
  };
}
