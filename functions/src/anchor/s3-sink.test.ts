/**
 * The anchors' S3 calls as S3 receives them, sent to a local server that records them: what the S3
 * emulator of the end-to-end test (s3-sink.e2e.test.ts) does not check — the signature, the checksums an
 * Object Lock bucket requires, throttling — and S3's error answers.
 */
import { describe, expect, it } from 'vitest';
import {
  type RecordedRequest,
  recordingServerForTests,
  sigV4Signature,
} from '#test/support/recording-server';
import { AnchorS3, readAnchorBucket, S3AnchorSink } from './s3-sink.ts';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-of-the-role',
};
const retry = { retries: 2, baseMs: 1, maxMs: 5 };
const HASH = 'a'.repeat(64);
const ok = () => ({ status: 200, body: '' });
const xml = (body: string) => ({ status: 200, headers: { 'content-type': 'application/xml' }, body });

describe('the anchors’ S3 calls, as S3 receives them', () => {
  const s3 = recordingServerForTests(ok);

  it('puts an anchor at its key, path-style, with the checksums Object Lock requires, signed for S3', async () => {
    // Prepare
    const sink = new S3AnchorSink(new AnchorS3('eu-west-1', credentials, s3().url, retry), 'anchors');
    // Act
    await sink.write([{ pk: 'GRANT#g_1', seq: 2, hash: HASH }]);
    // Assess
    expect(s3().requests).toHaveLength(1);
    const [req] = s3().requests as [RecordedRequest];
    expect(req.method).toBe('PUT');
    // The key holds `%23` (the `#` of the record's key, escaped): in the path it is escaped once more.
    expect(req.url).toBe(`/anchors/anchors/GRANT%2523g_1/00000002/${HASH}.json`);
    expect(req.body).toBe(`{"pk":"GRANT#g_1","seq":2,"hash":"${HASH}"}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-amz-sdk-checksum-algorithm']).toBe('CRC32');
    expect(req.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(req.headers['x-amz-security-token']).toBe('session-token-of-the-role');
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=host;x-amz-checksum-crc32;x-amz-content-sha256;x-amz-date;x-amz-sdk-checksum-algorithm;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(String(req.headers.authorization).slice(-64)).toBe(
      sigV4Signature(req, credentials.secretAccessKey, 'eu-west-1', 's3'),
    );
  });

  it('sends the body’s CRC32 and SHA-256 as S3 checks them (the values the SDK sends for the same bytes)', async () => {
    // Prepare
    const client = new AnchorS3('eu-west-1', credentials, s3().url, retry);
    // Act
    await client.put('anchors', 'anchors/x.json', '{"a":1}', 'application/json');
    // Assess
    const [req] = s3().requests as [RecordedRequest];
    expect(req.headers['x-amz-checksum-crc32']).toBe('Vhusrw==');
    expect(req.headers['x-amz-content-sha256']).toBe(
      '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    );
  });

  it('addresses a bucket on AWS virtual-hosted, as the SDK does, and another S3 path-style', () => {
    // Prepare
    const aws = new AnchorS3('eu-west-1', credentials);
    const local = new AnchorS3('eu-west-1', credentials, 'http://127.0.0.1:4568/');
    // Act
    const urls = [aws.bucketUrl('passerelle-prod-anchors'), local.bucketUrl('anchors')];
    // Assess
    expect(urls).toEqual([
      'https://passerelle-prod-anchors.s3.eu-west-1.amazonaws.com/',
      'http://127.0.0.1:4568/anchors/',
    ]);
  });

  it('names S3’s refusal and its reason, without retrying it', async () => {
    // Prepare
    s3().answer = () => ({
      status: 403,
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId></Error>',
    });
    const sink = new S3AnchorSink(new AnchorS3('eu-west-1', credentials, s3().url, retry), 'anchors');
    // Act
    const write = sink.write([{ pk: 'GRANT#g_1', seq: 1, hash: HASH }]);
    // Assess
    await expect(write).rejects.toThrow(/^s3: AccessDenied \(HTTP 403\): Access Denied$/);
    expect(s3().requests).toHaveLength(1);
  });

  it('tries again when S3 asks to slow down or fails on its side, a bounded number of times', async () => {
    // Prepare
    const slowDown = {
      status: 503,
      headers: { 'content-type': 'application/xml' },
      body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
    };
    const client = new AnchorS3('eu-west-1', credentials, s3().url, retry);
    // Act
    s3().answer = (_, n) => (n === 0 ? slowDown : n === 1 ? { status: 500, body: '' } : ok());
    await client.put('anchors', 'anchors/x.json', '{}', 'application/json');
    const succeededAfter = s3().requests.length;
    s3().requests.length = 0;
    s3().answer = () => slowDown;
    const failing = client.put('anchors', 'anchors/x.json', '{}', 'application/json');
    // Assess
    expect(succeededAfter).toBe(3);
    await expect(failing).rejects.toThrow(/^s3: SlowDown \(HTTP 503\): Please reduce your request rate\.$/);
    expect(s3().requests).toHaveLength(1 + retry.retries);
  });

  it('lists page by page with the continuation token S3 gives, and reads each key and date', async () => {
    // Prepare
    const key = (seq: number) => `anchors/GRANT%23g_1/0000000${seq}/${HASH.replace(/^a/, String(seq))}.json`;
    const contents = (seq: number, at: string) =>
      `<Contents><Key>${key(seq)}</Key><LastModified>${at}</LastModified><Size>90</Size></Contents>`;
    s3().answer = (req) =>
      req.url.includes('continuation-token=')
        ? xml(
            `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>anchors</Name><IsTruncated>false</IsTruncated>${contents(2, '2027-01-01T10:00:01.000Z')}</ListBucketResult>`,
          )
        : xml(
            `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>anchors</Name><IsTruncated>true</IsTruncated><NextContinuationToken>1/token+with=signs</NextContinuationToken>${contents(3, '2027-01-01T10:00:02.000Z')}${contents(1, '2027-01-01T10:00:00.000Z')}</ListBucketResult>`,
          );
    // Act
    const index = await readAnchorBucket('anchors', new AnchorS3('eu-west-1', credentials, s3().url, retry));
    // Assess
    expect(s3().requests.map((r) => r.url)).toEqual([
      '/anchors/?list-type=2&prefix=anchors%2F',
      '/anchors/?list-type=2&prefix=anchors%2F&continuation-token=1%2Ftoken%2Bwith%3Dsigns',
    ]);
    expect([...(index.get('GRANT#g_1') ?? [])]).toEqual([
      [1, HASH.replace(/^a/, '1')],
      [2, HASH.replace(/^a/, '2')],
      [3, HASH.replace(/^a/, '3')],
    ]);
    const [, second] = s3().requests as [RecordedRequest, RecordedRequest];
    expect(String(second.headers.authorization).slice(-64)).toBe(
      sigV4Signature(second, credentials.secretAccessKey, 'eu-west-1', 's3'),
    );
  });
});
