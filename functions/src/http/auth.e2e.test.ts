/**
 * The deployed verifier against a real user pool (cognito-local): RS256 ID tokens checked against the
 * pool's published keys, for the web client only. A token the same pool issued to another app client, an
 * access token, or a token signed by nobody's key is refused.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CognitoLocal, startCognitoLocal } from '#test/support/cognito-local';
import { createVerifier } from './auth.ts';

const PASSWORD = 'Correct-Horse-9';

describe('the Cognito verifier (cognito-local)', () => {
  let cognito: CognitoLocal;
  let poolId: string;
  let webClient: string;
  let otherClient: string;

  const signIn = async (clientId: string) => {
    const out = await cognito.client.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'officer@tunis.example', PASSWORD },
      }),
    );
    const id = out.AuthenticationResult?.IdToken;
    const access = out.AuthenticationResult?.AccessToken;
    if (!id || !access) throw new Error('cognito-local gave no tokens');
    return { id, access };
  };

  beforeAll(async () => {
    cognito = await startCognitoLocal();
    poolId = await cognito.createPool('passerelle-test');
    const client = async (name: string) =>
      (
        await cognito.client.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: name,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
          }),
        )
      ).UserPoolClient?.ClientId ?? '';
    webClient = await client('web');
    otherClient = await client('someone-else');
    await cognito.client.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'officer@tunis.example',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'officer@tunis.example' },
          { Name: 'custom:city', Value: 'tunis' },
        ],
      }),
    );
    await cognito.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'officer@tunis.example',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    await cognito.client.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: poolId,
        Username: 'officer@tunis.example',
        GroupName: 'city_officer',
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await cognito?.stop();
  });

  const verifier = () =>
    createVerifier({
      mode: 'cognito',
      region: 'eu-west-1',
      userPoolId: poolId,
      clientId: webClient,
      issuer: `${cognito.endpoint}/${poolId}`,
    });

  it("accepts the web client's ID token and reads the city and roles from it", async () => {
    // Prepare
    const { id } = await signIn(webClient);
    // Act
    const actor = await verifier()(id);
    // Assess
    expect(actor.cityId).toBe('tunis');
    expect(actor.roles).toEqual(['city_officer']);
    expect(actor.organisationId).toBeUndefined();
  });

  it('refuses an ID token the same pool issued to another app client', async () => {
    // Prepare
    const { id } = await signIn(otherClient);
    // Act, Assess
    await expect(verifier()(id)).rejects.toThrow(/aud/);
  });

  it('refuses an access token of the web client, and a token signed with a key of its own', async () => {
    // Prepare
    const { access } = await signIn(webClient);
    const forged = await new SignJWT({
      'custom:city': 'tunis',
      'cognito:groups': ['mayor_office'],
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(`${cognito.endpoint}/${poolId}`)
      .setAudience(webClient)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a key nobody published, long enough'));
    // Act, Assess
    await expect(verifier()(access)).rejects.toThrow();
    await expect(verifier()(forged)).rejects.toThrow();
  });
});
