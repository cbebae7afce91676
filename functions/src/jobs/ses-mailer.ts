/**
 * Mail through Amazon SES (v2 API), for the deployed deadline job. Kept apart from mailer.ts so that only
 * the tick Lambda's bundle carries the SES client; the API's bundle never needs it.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type Mail, type Mailer, mailHtml } from './mailer.ts';

export class SesMailer implements Mailer {
  private client: SESv2Client | undefined;

  constructor(
    readonly from: string,
    readonly region?: string,
    readonly configurationSet?: string,
  ) {}

  /**
   * The SES request for one mail: UTF-8 subject, text and the same in HTML marked with its language and
   * direction, the recipient's language as a header.
   */
  request(mail: Mail) {
    return {
      FromEmailAddress: this.from,
      Destination: { ToAddresses: [mail.to] },
      ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: mail.text, Charset: 'UTF-8' },
            Html: { Data: mailHtml(mail), Charset: 'UTF-8' },
          },
          Headers: [{ Name: 'Content-Language', Value: mail.language }],
        },
      },
    };
  }

  async send(mail: Mail): Promise<void> {
    this.client ??= new SESv2Client(this.region ? { region: this.region } : {});
    await this.client.send(new SendEmailCommand(this.request(mail)));
  }
}
