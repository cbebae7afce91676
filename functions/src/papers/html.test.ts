import { describe, expect, it } from 'vitest';
import { papersCity, papersOrganisation, papersPartnership, papersTerm } from '#test/fixtures/papers';
import { agreementHash, drawUpAgreement, renderAgreementHtml } from './agreement.ts';
import { escapeHtml } from './html.ts';
import { DEFAULT_AGREEMENT_TEMPLATE } from './template.ts';

const HOSTILE = `<script>alert("x")</script> & <img src=x onerror='alert(1)'> Co`;

function draw(name: string) {
  const organisation = { ...papersOrganisation, name };
  const content = drawUpAgreement({
    template: DEFAULT_AGREEMENT_TEMPLATE,
    partnership: { ...papersPartnership, motivation: `</p><iframe src="//evil">` },
    organisation,
    city: papersCity,
    term: papersTerm,
    date: '2027-01-29',
  });
  return { content, organisation };
}

describe('the agreement as an HTML page', () => {
  it('escapes every string users typed: a hostile organisation name and motivation stay text', () => {
    const { content } = draw(HOSTILE);
    const html = renderAgreementHtml({ content, lang: 'en', organisationName: HOSTILE, city: papersCity });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<iframe');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('&lt;/p&gt;&lt;iframe src=&quot;//evil&quot;&gt;');
    // Only the page's own elements: one style, no script at all.
    expect(html.match(/<script/g)).toBeNull();
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('is a complete right-to-left document in Arabic, with print styles and page numbers', () => {
    const { content } = draw(papersOrganisation.name);
    const html = renderAgreementHtml({
      content,
      lang: 'ar',
      organisationName: papersOrganisation.name,
      city: papersCity,
    });
    expect(html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('counter(page)');
    expect(html).toContain('counter(pages)');
    expect(html).toContain('"صفحة "');
    expect(html).toContain('اتفاقية شراكة');
    const fr = renderAgreementHtml({
      content,
      lang: 'fr',
      organisationName: papersOrganisation.name,
      city: papersCity,
    });
    expect(fr).toMatch(/<html lang="fr" dir="ltr">/);
  });

  it('prints the version and the hash in the footer', () => {
    const { content } = draw(papersOrganisation.name);
    const hash = agreementHash(content);
    const html = renderAgreementHtml({
      content,
      lang: 'en',
      organisationName: papersOrganisation.name,
      city: papersCity,
    });
    expect(html).toContain(`Version 1 · Reference: p-2027-0042 · Fingerprint (SHA-256): ${hash}`);
    expect(html).toContain(`<footer><p>Version 1`);
  });

  it('shows who signed and when, and an empty line for a side yet to sign', () => {
    const { content } = draw(papersOrganisation.name);
    const html = renderAgreementHtml({
      content,
      lang: 'en',
      organisationName: papersOrganisation.name,
      city: papersCity,
      signatures: [
        {
          side: 'cso',
          userId: 'u-cso',
          name: 'Leïla <b>Trabelsi</b>',
          at: '2027-02-03T23:30:00Z',
          hash: 'h',
        },
      ],
    });
    const [city, cso] = html.split('<div class="signature">').slice(1);
    expect(city).toContain('For the city');
    expect(city).toContain('Mayor’s office, City of Sfax');
    expect(city).toContain('<span class="line"></span>');
    expect(cso).toContain('For the association');
    expect(cso).toContain('<strong>Leïla &lt;b&gt;Trabelsi&lt;/b&gt;</strong>');
    // 23:30 UTC is already the next day in Tunis.
    expect(cso).toContain('4 February 2027');
  });
});
