import { describe, expect, it } from 'vitest';
import { renderMessageNotice } from './message-notices.ts';
import { mailText } from './messages.ts';

describe('the notice of a new message', () => {
  it('names the record and the author in the reader’s language and quotes the message as written', () => {
    // Prepare
    const notice = {
      thread: 'grant' as const,
      title: 'Atelier vélo',
      authorName: 'Leila Ben Salah',
      body: 'Où mettre le loyer ?\nMerci.',
    };
    // Act
    const [en, fr, ar] = (['en', 'fr', 'ar'] as const).map((l) => renderMessageNotice(notice, l));
    // Assess
    expect(en?.subject).toBe('New message on the grant “Atelier vélo”');
    // French spacing: a narrow no-break space inside the guillemets
    expect(fr?.subject).toBe('Nouveau message sur la subvention «\u202fAtelier vélo\u202f»');
    expect(ar?.subject).toBe('رسالة جديدة بشأن المنحة «Atelier vélo»');
    for (const r of [en, fr, ar]) expect(r?.text.endsWith('Où mettre le loyer ?\nMerci.')).toBe(true);
  });

  it('links the mail to the thread, right to left line by line in Arabic', () => {
    // Prepare
    const rendered = renderMessageNotice(
      { thread: 'partnership', authorName: 'Karim Officer', body: 'x'.repeat(400) },
      'ar',
    );
    // Act
    const text = mailText(rendered, 'ar', '/partnerships/p_1#messages', 'https://passerelle.example', 'ليلى');
    // Assess: the link, a quote cut short, and every line marked right to left
    expect(text).toContain('https://passerelle.example/partnerships/p_1#messages');
    expect(text).toContain(`${'x'.repeat(300)}…`);
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith('\u200f')),
    ).toBe(true);
  });
});
