import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileMailer, type Mail, toEml } from './mailer.ts';
import { type Language, mailText, type Notice, render } from './messages.ts';

const NOTICES: Notice[] = [
  { kind: 'milestone_reminder', title: 'Final report', dueDate: '2027-06-01', offset: -30 },
  { kind: 'milestone_reminder', title: 'Final report', dueDate: '2027-06-01', offset: 0 },
  { kind: 'milestone_reminder', title: 'Final report', dueDate: '2027-06-01', offset: 5 },
  { kind: 'milestone_overdue', title: 'Final report', dueDate: '2027-06-01', grant: true },
  { kind: 'milestone_overdue_staff', title: 'Final report', dueDate: '2027-06-01' },
  { kind: 'decision_due_soon', title: 'Blankets', deadline: '2027-06-03' },
  { kind: 'decision_late', title: 'Blankets', deadline: '2027-06-03' },
  { kind: 'partnership_activated', name: 'Amal', start: '2027-01-01', end: '2029-12-31' },
  { kind: 'partnership_renewal_due', name: 'Amal', end: '2029-12-31' },
  { kind: 'partnership_expired', name: 'Amal', end: '2029-12-31' },
];

describe('notice templates', () => {
  it('say every notice in Arabic, French and English, naming what it is about', () => {
    for (const language of ['ar', 'fr', 'en'] as Language[]) {
      for (const n of NOTICES) {
        // Act
        const r = render(n, language);

        // Assess
        const subject = 'title' in n ? n.title : n.name;
        expect(r.subject).toContain(subject);
        expect(r.text.length).toBeGreaterThan(20);
      }
    }
    expect(render(NOTICES[0] as Notice, 'en').subject).toBe('Report due in 30 days: Final report');
    expect(render(NOTICES[2] as Notice, 'fr').subject).toBe('Rapport en retard de 5 jours : Final report');
    expect(render(NOTICES[3] as Notice, 'ar').text).toMatch(/معلّقة/);
  });

  it('add the link and a signature to the mail text', () => {
    const text = mailText({ subject: 's', text: 'Body.' }, 'fr', '/milestones/m_1', 'http://localhost:3000/');

    expect(text).toContain('http://localhost:3000/milestones/m_1');
    expect(text).toContain('envoyé automatiquement');
  });
});

describe('mail files', () => {
  const mail: Mail = {
    id: 'abc123',
    to: 'cso@sfax.demo',
    toName: 'Leila Ben Salah',
    language: 'ar',
    subject: 'تقرير متأخر: Final report',
    text: 'كان التقرير مستحقًا.',
    createdAt: '2027-06-02T07:00:00.000Z',
  };

  it('are RFC 5322 messages with encoded UTF-8 headers and body', () => {
    // Act
    const eml = toEml(mail);

    // Assess
    expect(eml).toContain('To: Leila Ben Salah <cso@sfax.demo>');
    expect(eml).toContain(`Subject: =?UTF-8?B?${Buffer.from(mail.subject).toString('base64')}?=`);
    expect(eml).toContain('Content-Language: ar');
    const body = eml.split('\r\n\r\n')[1] ?? '';
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(mail.text);
  });

  it('are written once per mail: the same mail twice is the same file', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const mailer = new FileMailer(join(dir, 'outbox'));

    // Act
    await mailer.send(mail);
    await mailer.send(mail);

    // Assess
    const files = readdirSync(join(dir, 'outbox'));
    expect(files).toEqual(['2027-06-02-abc123.eml']);
    expect(readFileSync(join(dir, 'outbox', files[0] as string), 'utf8')).toContain(
      'Message-ID: <abc123@passerelle>',
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
