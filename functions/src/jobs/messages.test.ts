import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileMailer, type Mail, mailHtml, toEml } from './mailer.ts';
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
  { kind: 'invitation', city: 'Sfax' },
  {
    kind: 'registration_declined',
    organisation: 'Amal',
    reason: 'The registration number is not in the register.',
  },
];

const REVIEW = { number: 2, termStart: '2027-01-01', termEnd: '2029-12-31' };
const LANGUAGES: Language[] = ['ar', 'fr', 'en'];

describe('notice templates', () => {
  it('say every notice in Arabic, French and English, naming what it is about', () => {
    for (const language of LANGUAGES) {
      for (const n of NOTICES) {
        // Act
        const r = render(n, language);

        // Assess
        const subject =
          'title' in n ? n.title : 'name' in n ? n.name : n.kind === 'invitation' ? n.city : n.organisation;
        expect(r.subject).toContain(subject);
        expect(r.text.length).toBeGreaterThan(20);
        expect(r.action, `${n.kind} in ${language} says what to do next`).toBeTruthy();
      }
    }
    expect(render(NOTICES[0] as Notice, 'en').subject).toBe('Report due in 30 days: Final report');
    expect(render(NOTICES[2] as Notice, 'fr').subject).toBe(
      'Rapport en retard de 5 jours\u00a0: Final report',
    );
    expect(render(NOTICES[3] as Notice, 'ar').text).toMatch(/معلّقة/);
  });

  it('write dates the reader’s way, never as ISO dates', () => {
    // Prepare
    const notice = NOTICES[7] as Notice;

    // Act
    const said = Object.fromEntries(LANGUAGES.map((l) => [l, render(notice, l).text]));

    // Assess
    expect(said.en).toContain('from 1 January 2027 to 31 December 2029');
    expect(said.fr).toContain('du 1er janvier 2027 au 31 décembre 2029');
    expect(said.ar).toContain('من 1 جانفي 2027 إلى 31 ديسمبر 2029');
    for (const language of LANGUAGES)
      for (const n of NOTICES) {
        const r = render(n, language);
        expect(`${r.subject} ${r.text}`).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      }
  });

  it('title an annual review from its data, in the reader’s language', () => {
    // Prepare
    const notice: Notice = {
      kind: 'milestone_reminder',
      title: 'Amal',
      dueDate: '2028-01-01',
      offset: -7,
      review: REVIEW,
    };

    // Act
    const [en, fr, ar] = (['en', 'fr', 'ar'] as const).map((l) => render(notice, l).subject);

    // Assess
    expect(en).toBe('Annual review due in 7 days: Amal, year 2 (1 January 2027 – 31 December 2029)');
    expect(fr).toBe(
      'Bilan annuel à remettre dans 7 jours\u00a0: Amal, année 2 (du 1er janvier 2027 au 31 décembre 2029)',
    );
    expect(ar).toBe('التقييم السنوي مطلوب خلال 7 أيام: Amal، السنة 2 (من 1 جانفي 2027 إلى 31 ديسمبر 2029)');
  });

  it('tell staff of an overdue annual review without speaking of grant payments', () => {
    // Prepare
    const review: Notice = {
      kind: 'milestone_overdue_staff',
      title: 'Amal',
      dueDate: '2028-01-01',
      grant: false,
      review: REVIEW,
    };
    const report: Notice = {
      kind: 'milestone_overdue_staff',
      title: 'Final report',
      dueDate: '2027-06-01',
      grant: true,
    };

    // Act
    const forReview = LANGUAGES.map((l) => render(review, l).text).join('\n');
    const forReport = render(report, 'en').text;

    // Assess
    expect(forReview).not.toMatch(/payment|versement|دفع/i);
    expect(forReport).toMatch(/payments of its grant/);
  });

  it('say to the association “your partnership”, and to the city the association’s name', () => {
    // Prepare
    const notice = NOTICES[8] as Notice;

    // Act
    const toAmal = render(notice, 'en', { name: 'Leila', cso: true });
    const toMayor = render(notice, 'en', { name: 'Office of the Mayor' });

    // Assess
    expect(toAmal.text).toBe(
      'Your partnership with the city ends on 31 December 2029. The mayor’s office can renew it before then; otherwise it expires.',
    );
    expect(toAmal.text).not.toContain('with Amal');
    expect(toAmal.action).toMatch(/If you want to continue/);
    expect(toMayor.text).toContain('The partnership with Amal ends on 31 December 2029');
    expect(toMayor.action).toMatch(/choose “Renew”/);
  });

  it('write the mail with a greeting, the next step and its link, and “do not reply”', () => {
    // Prepare
    const rendered = render(NOTICES[5] as Notice, 'fr');

    // Act
    const text = mailText(rendered, 'fr', '/grants/g_1', 'http://localhost:3000/', 'Karim');

    // Assess
    expect(text).toBe(
      [
        'Bonjour Karim,',
        '',
        'La demande accélérée «\u202fBlankets\u202f» doit être décidée au plus tard le 3 juin 2027.',
        '',
        'Ouvrez la demande et enregistrez la décision.',
        'Pour l’ouvrir\u00a0: http://localhost:3000/grants/g_1',
        '',
        '— Passerelle',
        'Ce message est envoyé automatiquement par Passerelle\u202f; merci de ne pas y répondre.',
      ].join('\n'),
    );
  });

  it('mark every line of an Arabic mail right to left, and name the brand as everywhere', () => {
    // Prepare
    const rendered = render(NOTICES[3] as Notice, 'ar');

    // Act
    const text = mailText(rendered, 'ar', '/milestones/m_1', 'http://localhost:3000', 'ليلى');

    // Assess
    const lines = text.split('\n').filter((l) => l !== '');
    expect(lines.every((l) => l.startsWith('\u200f'))).toBe(true);
    expect(lines[0]).toBe('\u200fمرحبًا ليلى،');
    expect(text).toContain('Passerelle');
    expect(text).toContain('يُرجى عدم الرد');
  });
});

/**
 * The mails' plural table: every notice that takes a count, in each language, for 0, 1, 2, 3, 11 and
 * 100 (days before a report is due, days it is late, working days left for a decision), exact subjects.
 */
const COUNTS = [0, 1, 2, 3, 11, 100] as const;
const COUNTED: Record<string, (n: number) => Notice> = {
  reminder_due: (n) => ({
    kind: 'milestone_reminder',
    title: 'Final report',
    dueDate: '2027-06-01',
    offset: -n,
  }),
  reminder_late: (n) => ({
    kind: 'milestone_reminder',
    title: 'Final report',
    dueDate: '2027-06-01',
    offset: n,
  }),
  decision_due_soon: (n) => ({
    kind: 'decision_due_soon',
    title: 'Blankets',
    deadline: '2027-06-03',
    workingDays: n,
  }),
};
const PLURALS: Record<string, Record<Language, readonly string[]>> = {
  reminder_due: {
    en: [
      'Report due today: Final report',
      'Report due in 1 day: Final report',
      'Report due in 2 days: Final report',
      'Report due in 3 days: Final report',
      'Report due in 11 days: Final report',
      'Report due in 100 days: Final report',
    ],
    fr: [
      'Rapport à remettre aujourd’hui\u00a0: Final report',
      'Rapport à remettre dans 1 jour\u00a0: Final report',
      'Rapport à remettre dans 2 jours\u00a0: Final report',
      'Rapport à remettre dans 3 jours\u00a0: Final report',
      'Rapport à remettre dans 11 jours\u00a0: Final report',
      'Rapport à remettre dans 100 jours\u00a0: Final report',
    ],
    ar: [
      'التقرير مطلوب اليوم: Final report',
      'التقرير مطلوب خلال يوم واحد: Final report',
      'التقرير مطلوب خلال يومين: Final report',
      'التقرير مطلوب خلال 3 أيام: Final report',
      'التقرير مطلوب خلال 11 يومًا: Final report',
      'التقرير مطلوب خلال 100 يوم: Final report',
    ],
  },
  reminder_late: {
    en: [
      'Report due today: Final report',
      'Report 1 day late: Final report',
      'Report 2 days late: Final report',
      'Report 3 days late: Final report',
      'Report 11 days late: Final report',
      'Report 100 days late: Final report',
    ],
    fr: [
      'Rapport à remettre aujourd’hui\u00a0: Final report',
      'Rapport en retard de 1 jour\u00a0: Final report',
      'Rapport en retard de 2 jours\u00a0: Final report',
      'Rapport en retard de 3 jours\u00a0: Final report',
      'Rapport en retard de 11 jours\u00a0: Final report',
      'Rapport en retard de 100 jours\u00a0: Final report',
    ],
    ar: [
      'التقرير مطلوب اليوم: Final report',
      'التقرير متأخر منذ يوم واحد: Final report',
      'التقرير متأخر منذ يومين: Final report',
      'التقرير متأخر منذ 3 أيام: Final report',
      'التقرير متأخر منذ 11 يومًا: Final report',
      'التقرير متأخر منذ 100 يوم: Final report',
    ],
  },
  decision_due_soon: {
    en: [
      'Decision due today: Blankets',
      'Decision due in 1 working day: Blankets',
      'Decision due in 2 working days: Blankets',
      'Decision due in 3 working days: Blankets',
      'Decision due in 11 working days: Blankets',
      'Decision due in 100 working days: Blankets',
    ],
    fr: [
      'Décision attendue aujourd’hui\u00a0: Blankets',
      'Décision attendue dans 1 jour ouvré\u00a0: Blankets',
      'Décision attendue dans 2 jours ouvrés\u00a0: Blankets',
      'Décision attendue dans 3 jours ouvrés\u00a0: Blankets',
      'Décision attendue dans 11 jours ouvrés\u00a0: Blankets',
      'Décision attendue dans 100 jours ouvrés\u00a0: Blankets',
    ],
    ar: [
      'قرار مطلوب اليوم: Blankets',
      'قرار مطلوب خلال يوم عمل واحد: Blankets',
      'قرار مطلوب خلال يومَي عمل: Blankets',
      'قرار مطلوب خلال 3 أيام عمل: Blankets',
      'قرار مطلوب خلال 11 يوم عمل: Blankets',
      'قرار مطلوب خلال 100 يوم عمل: Blankets',
    ],
  },
};

describe('mail subjects that take a count', () => {
  const cases = Object.entries(PLURALS).flatMap(([notice, row]) =>
    LANGUAGES.flatMap((language) =>
      COUNTS.map((count, i) => ({ notice, language, count, expected: row[language][i] ?? '' })),
    ),
  );

  it.each(cases)('$notice in $language for $count: "$expected"', ({ notice, language, count, expected }) => {
    // Prepare
    const make = COUNTED[notice] as (n: number) => Notice;

    // Act
    const subject = render(make(count), language).subject;

    // Assess
    expect(subject).toBe(expected);
  });
});

/** A mail file's parts by content type, decoded. */
function parts(eml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of eml.matchAll(
    /Content-Type: (text\/\w+); charset=utf-8\r\n(?:[\w-]+: .*\r\n)*\r\n([\s\S]*?)\r\n--/g,
  ))
    out[m[1] as string] = Buffer.from((m[2] ?? '').replace(/\r\n/g, ''), 'base64').toString('utf8');
  return out;
}

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
    expect(parts(eml)['text/plain']).toBe(mail.text);
  });

  it('carry their language: Content-Language, and an HTML part whose root says the language and direction', () => {
    // Prepare: the same notice to an Arabic and to a French reader
    const notice: Notice = { kind: 'decision_late', title: 'Blankets', deadline: '2027-06-03' };
    const to = (language: Language): Mail => {
      const r = render(notice, language);
      return {
        ...mail,
        language,
        subject: r.subject,
        text: mailText(r, language, '/grants/g_1', 'https://app.test', 'Leila'),
      };
    };

    // Act
    const [arabic, french] = [toEml(to('ar')), toEml(to('fr'))];

    // Assess: the header and each part say the language; the HTML root its direction too
    expect(arabic).toMatch(/^Content-Language: ar\r$/m);
    expect(french).toMatch(/^Content-Language: fr\r$/m);
    const arHtml = parts(arabic)['text/html'] ?? '';
    expect(arHtml).toContain('<html lang="ar" dir="rtl">');
    expect(arHtml).toContain('<a href="https://app.test/grants/g_1" dir="ltr">');
    expect(arHtml).not.toContain('\u200f');
    expect(arHtml).toContain('مرحبًا Leila،');
    expect(parts(french)['text/html']).toContain('<html lang="fr" dir="ltr">');
    expect(parts(arabic)['text/plain']?.startsWith('\u200f')).toBe(true);
  });

  it('escape what the text holds in their HTML part', () => {
    // Act
    const html = mailHtml({ language: 'en', subject: 'A <b> & "c"', text: 'Said: <script>x</script>' });

    // Assess
    expect(html).toContain('<title>A &lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(html).toContain('<p>Said: &lt;script&gt;x&lt;/script&gt;</p>');
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
