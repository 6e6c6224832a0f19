import { describe, expect, it } from 'vitest';
import { signAwsRequest } from './sigv4';

// AWS's published Signature Version 4 test suite ("aws-sig-v4-test-suite") and the IAM example of
// the SigV4 documentation: same credentials, date and region throughout.
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const now = new Date('2015-08-30T12:36:00Z');
const suite = { region: 'us-east-1', service: 'service', credentials, now };

describe('signAwsRequest (SigV4)', () => {
  it('post-vanilla', () => {
    const signed = signAwsRequest({
      ...suite,
      method: 'POST',
      url: 'https://example.amazonaws.com/',
      headers: {},
      body: '',
    });
    expect(signed.signature).toBe('5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b');
  });

  it('post-vanilla-query', () => {
    const signed = signAwsRequest({
      ...suite,
      method: 'POST',
      url: 'https://example.amazonaws.com/?Param1=value1',
      headers: {},
      body: '',
    });
    expect(signed.canonicalRequest).toBe(
      'POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(signed.signature).toBe('28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11');
  });

  it('post-x-www-form-urlencoded (a signed body and content type)', () => {
    const signed = signAwsRequest({
      ...suite,
      method: 'POST',
      url: 'https://example.amazonaws.com/',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Param1=value1',
    });
    expect(signed.stringToSign).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281',
    );
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
    );
  });

  it("the SigV4 documentation's IAM ListUsers example", () => {
    const signed = signAwsRequest({
      method: 'GET',
      url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: '',
      region: 'us-east-1',
      service: 'iam',
      credentials,
      now,
    });
    expect(signed.stringToSign.split('\n').at(-1)).toBe(
      'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59',
    );
    expect(signed.signature).toBe('5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });

  it('adds the session token of temporary credentials to the signed headers', () => {
    const signed = signAwsRequest({
      ...suite,
      credentials: { ...credentials, sessionToken: 'token-1' },
      method: 'POST',
      url: 'https://example.amazonaws.com/',
      headers: {},
      body: '',
    });
    expect(signed.headers['x-amz-security-token']).toBe('token-1');
    expect(signed.headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});
