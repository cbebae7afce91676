/**
 * What DynamoDB checks before it reads a call: the SigV4 signature. DynamoDB Local accepts any, so these tests
 * send the client's calls to a local server that records them and recompute the signature independently
 * (test/support/recording-server.ts) from what arrived.
 */
import { describe, expect, it } from 'vitest';
import {
  type RecordedRequest,
  recordingServerForTests,
  sigV4Signature,
} from '#test/support/recording-server';
import { DynamoClient } from './dynamo-client.ts';

describe('DynamoClient signing', () => {
  const dynamo = recordingServerForTests(() => ({
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify({ Item: { PK: { S: 'GRANT#g1' }, SK: { S: 'RECORD' }, title: { S: 'منحة' } } }),
  }));

  it('signs each call for DynamoDB in its region, over the headers and the body that arrive', async () => {
    // Prepare: a client of a local endpoint signs with the local credentials
    const client = new DynamoClient({ endpoint: dynamo().url, region: 'eu-west-3' });
    // Act
    const out = await client.send('GetItem', {
      TableName: 'passerelle',
      Key: { PK: 'GRANT#g1', SK: 'RECORD' },
      ConsistentRead: true,
    });
    const again = await client.send('GetItem', {
      TableName: 'passerelle',
      Key: { PK: 'GRANT#g2', SK: 'RECORD' },
    });
    client.destroy();
    // Assess: the answer is read, and both calls carry a signature that recomputes from what arrived
    expect(out.Item).toEqual({ PK: 'GRANT#g1', SK: 'RECORD', title: 'منحة' });
    expect(again.Item?.PK).toBe('GRANT#g1');
    const requests = dynamo().requests as [RecordedRequest, RecordedRequest];
    expect(requests).toHaveLength(2);
    for (const req of requests) {
      expect(req.method).toBe('POST');
      expect(req.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
      expect(req.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(req.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
      const authorization = String(req.headers.authorization);
      expect(authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-3\/dynamodb\/aws4_request, SignedHeaders=[^,]*\bhost\b[^,]*\bx-amz-date\b[^,]*\bx-amz-target\b[^,]*, Signature=[0-9a-f]{64}$/,
      );
      expect(authorization.slice(-64)).toBe(sigV4Signature(req, 'local', 'eu-west-3', 'dynamodb'));
    }
    expect(JSON.parse(requests[0].body)).toEqual({
      TableName: 'passerelle',
      Key: { PK: { S: 'GRANT#g1' }, SK: { S: 'RECORD' } },
      ConsistentRead: true,
    });
  });

  it('signs a body in Arabic by its bytes, not its characters', async () => {
    // Prepare
    const client = new DynamoClient({ endpoint: dynamo().url, region: 'eu-west-1' });
    // Act
    await client.send('PutItem', {
      TableName: 'passerelle',
      Item: { PK: 'ORG#o1', SK: 'RECORD', name: 'جمعية صفاقس للتنمية' },
    });
    client.destroy();
    // Assess
    const [req] = dynamo().requests as [RecordedRequest];
    expect(Number(req.headers['content-length'])).toBe(Buffer.byteLength(req.body));
    expect(String(req.headers.authorization).slice(-64)).toBe(
      sigV4Signature(req, 'local', 'eu-west-1', 'dynamodb'),
    );
  });
});
