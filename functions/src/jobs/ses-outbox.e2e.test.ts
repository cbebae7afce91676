/**
 * The deployed mail path through the outbox: the demo's pending mails (stored with their notices on
 * DynamoDB Local) sent by the SES mailer to a local server that stands in for SES (there is no SES
 * emulator). What an organisation relies on: a mail SES refuses is not lost — it stays pending and the
 * next run sends it — and what the job logs of the refusal names SES's reason but no recipient's address.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type RecordingServer, recordingServer } from '#test/support/recording-server';
import { type RunningSystem, startSystem } from '../local/system.ts';
import { drainOutbox } from './outbox.ts';
import { SesMailer } from './ses-mailer.ts';

const NOW = '2027-02-01T08:00:00.000Z';
const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-west-1' };

describe('mail through SES, from the outbox', () => {
  let system: RunningSystem;
  let ses: RecordingServer;

  beforeAll(async () => {
    system = await startSystem({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `ses-outbox-${Date.now()}`,
      seed: true,
      clock: () => new Date(NOW),
    });
    ses = await recordingServer(() => ({ status: 200, body: '{"MessageId":"m"}' }));
  });
  afterAll(async () => {
    await ses?.close();
    await system?.close();
  });

  it('keeps a mail SES refuses pending, logs why without the address, and sends it on the next run', async () => {
    // Prepare
    const mailer = new SesMailer('no-reply@passerelle.example.org', undefined, undefined, {
      env,
      endpoint: ses.url,
      retry: { retries: 1, baseMs: 1, maxMs: 2 },
    });
    const refusal = {
      status: 400,
      headers: { 'x-amzn-ErrorType': 'MessageRejected' },
      body: JSON.stringify({ message: 'Email address is not verified: amal@example.org' }),
    };
    const logged: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((line) => {
      logged.push(String(line));
      return true;
    });
    // Act
    ses.answer = () => refusal;
    const refused = await drainOutbox(system.deps.store, mailer, NOW).finally(() => stderr.mockRestore());
    const tried = ses.requests.map((r) => JSON.parse(r.body).Destination.ToAddresses[0] as string);
    ses.requests.length = 0;
    ses.answer = () => ({ status: 200, body: '{"MessageId":"m"}' });
    const next = await drainOutbox(system.deps.store, mailer, NOW);
    const sentTo = ses.requests.map((r) => JSON.parse(r.body).Destination.ToAddresses[0] as string);
    const after = await drainOutbox(system.deps.store, mailer, NOW);
    // Assess
    expect(refused.sent).toBe(0);
    expect(refused.failed).toBeGreaterThan(0);
    expect(tried).toHaveLength(refused.failed); // a refusal is not retried
    expect(next).toEqual({ sent: refused.failed, failed: 0 });
    expect(sentTo.sort()).toEqual(tried.sort());
    expect(after).toEqual({ sent: 0, failed: 0 });
    const lines = logged.filter((l) => l.includes('could not send mail'));
    expect(lines).toHaveLength(refused.failed);
    for (const line of lines) {
      expect(line).toContain('ses: MessageRejected (HTTP 400): Email address is not verified: <address>');
      expect(line).not.toMatch(/@/);
    }
  });
});
