import { describe, expect, it } from 'vitest';
import { mailHtml } from './mailer.ts';
import { SesMailer } from './ses-mailer.ts';

describe('SesMailer', () => {
  const mail = {
    id: 'm1',
    to: 'amal@example.org',
    language: 'ar',
    subject: 'تذكير: تقرير المرحلة',
    text: 'موعد التقرير بعد 7 أيام.',
    createdAt: '2027-06-01T07:00:00.000Z',
  };

  it('sends the text in UTF-8 from the configured address, in the recipient’s language', () => {
    // Prepare
    const mailer = new SesMailer('no-reply@passerelle.example.org', 'eu-west-1');
    // Act
    const request = mailer.request(mail);
    // Assess
    expect(request).toEqual({
      FromEmailAddress: 'no-reply@passerelle.example.org',
      Destination: { ToAddresses: ['amal@example.org'] },
      Content: {
        Simple: {
          Subject: { Data: 'تذكير: تقرير المرحلة', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'موعد التقرير بعد 7 أيام.', Charset: 'UTF-8' },
            Html: { Data: mailHtml(mail), Charset: 'UTF-8' },
          },
          Headers: [{ Name: 'Content-Language', Value: 'ar' }],
        },
      },
    });
  });

  it('names the configuration set when one is given, so bounces and complaints are tracked', () => {
    // Prepare
    const mailer = new SesMailer('no-reply@passerelle.example.org', 'eu-west-1', 'passerelle-prod');
    // Act
    const request = mailer.request(mail);
    // Assess
    expect(request.ConfigurationSetName).toBe('passerelle-prod');
  });

  it('sends an Arabic mail’s HTML marked Arabic and right to left', () => {
    // Prepare
    const mailer = new SesMailer('no-reply@passerelle.example.org', 'eu-west-1');
    // Act
    const html = mailer.request(mail).Content.Simple.Body.Html.Data;
    // Assess
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<p>موعد التقرير بعد 7 أيام.</p>');
  });
});
