/**
 * Mail through Amazon SES (v2 API), for the deployed deadline job. Kept apart from mailer.ts so that only
 * the tick Lambda's bundle carries it. SendEmail is one REST call with a JSON body, signed and sent by
 * #runtime/aws-fetch rather than through @aws-sdk/client-sesv2, whose client and its @smithy/@aws-sdk core
 * were most of the tick function's cold start (bench/findings.md).
 *
 * A mail SES refuses is an Error naming SES's error type and message; throttled or failed on SES's side,
 * it is tried again a few times first. The outbox (outbox.ts) logs the failure and keeps the mail pending
 * for the next run.
 */
import { AwsError, AwsFetch, credentialsFromEnv, type RetryPolicy } from '#runtime/aws-fetch';
import { type Mail, type Mailer, mailHtml } from './mailer.ts';

export interface SesMailerOptions {
  /** Where the credentials and, without `region`, AWS_REGION are read (the entry point's environment). */
  readonly env?: NodeJS.ProcessEnv;
  /** Another SES endpoint than the region's (tests: a local server). */
  readonly endpoint?: string;
  readonly retry?: RetryPolicy;
}

/** What of an answer's message may be logged: SES names the identities it refused, which are addresses. */
const withoutAddresses = (message: string) =>
  message.replace(/[^\s<>(),;:"']+@[^\s<>(),;:"']+/g, '<address>');

export class SesMailer implements Mailer {
  private ses: AwsFetch | undefined;

  constructor(
    readonly from: string,
    readonly region?: string,
    readonly configurationSet?: string,
    readonly options: SesMailerOptions = {},
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

  /** SESv2 SendEmail: POST /v2/email/outbound-emails. */
  async send(mail: Mail): Promise<void> {
    const env = this.options.env ?? process.env;
    const region = this.region ?? env.AWS_REGION;
    if (!region) throw new Error('ses: no region (AWS_REGION) to send mail from');
    this.ses ??= new AwsFetch('ses', region, () => credentialsFromEnv(env), this.options.retry);
    const endpoint = this.options.endpoint ?? `https://email.${region}.amazonaws.com`;
    const res = await this.ses.fetch(`${endpoint}/v2/email/outbound-emails`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(this.request(mail)),
    });
    if (res.ok) {
      await res.body?.cancel();
      return;
    }
    const answer: unknown = await res.json().catch(() => undefined);
    const message =
      answer && typeof answer === 'object' && 'message' in answer && typeof answer.message === 'string'
        ? answer.message
        : res.statusText;
    // The type may carry a namespace after a colon (`MessageRejected:http://internal.amazon.com/…`).
    const code = res.headers.get('x-amzn-ErrorType')?.split(':')[0] || String(res.status);
    throw new AwsError('ses', code, res.status, withoutAddresses(message));
  }
}
