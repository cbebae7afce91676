import { describe, expect, it } from 'vitest';
import { exportsAuth } from './exports.ts';

describe('the exports function accepts ID tokens of the web client only', () => {
  const pool = { COGNITO_USER_POOL_ID: 'eu-west-1_Abc123', AWS_REGION: 'eu-west-1' };

  it('reads the web client id from the SSM parameter the stack names, at cold start', async () => {
    // Prepare
    const asked: string[] = [];
    const read = async (name: string) => {
      asked.push(name);
      return 'web-client-id';
    };
    // Act
    const auth = await exportsAuth(
      { ...pool, COGNITO_CLIENT_ID_PARAMETER: '/passerelle/dev/web-client-id' },
      read,
    );
    // Assess
    expect(asked).toEqual(['/passerelle/dev/web-client-id']);
    expect(auth).toMatchObject({
      mode: 'cognito',
      userPoolId: pool.COGNITO_USER_POOL_ID,
      clientId: 'web-client-id',
    });
  });

  it('takes COGNITO_CLIENT_ID when it is given, and refuses to start with neither', async () => {
    // Act
    const direct = await exportsAuth({ ...pool, COGNITO_CLIENT_ID: 'web' }, async () => 'other');
    const neither = exportsAuth(pool, async () => 'other');
    // Assess
    expect(direct.clientId).toBe('web');
    await expect(neither).rejects.toThrow(/COGNITO_CLIENT_ID/);
  });
});
