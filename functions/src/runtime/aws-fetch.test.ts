import { describe, expect, it } from 'vitest';
import { recordingServerForTests } from '#test/support/recording-server';
import { AwsFetch, credentialsFromEnv } from './aws-fetch.ts';

describe('credentials from the environment', () => {
  it('takes the role’s key, secret and session token as Lambda sets them', () => {
    // Prepare
    const env = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' };
    // Act
    const credentials = credentialsFromEnv(env);
    // Assess
    expect(credentials).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('has no session token when none is set, and names what is missing', () => {
    // Prepare
    const keyOnly = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: ' ' };
    // Act
    const credentials = credentialsFromEnv(keyOnly);
    // Assess
    expect(credentials).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret' });
    expect(() => credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'AKID' })).toThrow(
      'No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
    );
  });
});

describe('a signed AWS call', () => {
  const aws = () =>
    new AwsFetch(
      'ses',
      'eu-west-1',
      { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      { retries: 2, baseMs: 1, maxMs: 2 },
    );

  const server = recordingServerForTests(() => ({ status: 200 }));

  it('is tried again when the connection drops without an answer, and gets the answer that follows', async () => {
    // Prepare
    server().answer = (_, n) => (n < 2 ? { drop: true, status: 0 } : { status: 200, body: 'ok' });
    // Act
    const res = await aws().fetch(`${server().url}/x`, { method: 'POST', body: '{}' });
    // Assess
    expect(await res.text()).toBe('ok');
    expect(server().requests).toHaveLength(3);
  });

  it('gives up after its last attempt with an error saying no answer came', async () => {
    // Prepare
    server().answer = () => ({ drop: true, status: 0 });
    // Act
    const call = aws().fetch(`${server().url}/x`, { method: 'POST', body: '{}' });
    // Assess
    await expect(call).rejects.toThrow(/^ses: NetworkError: /);
    expect(server().requests).toHaveLength(3);
  });

  it('returns an answer that is not worth retrying at once, whatever its status', async () => {
    // Prepare
    server().answer = () => ({ status: 400, body: 'bad' });
    // Act
    const res = await aws().fetch(`${server().url}/x`, { method: 'POST', body: '{}' });
    // Assess
    expect(res.status).toBe(400);
    expect(server().requests).toHaveLength(1);
  });
});
