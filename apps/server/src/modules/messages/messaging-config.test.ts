import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';
import { startIris } from '../../main';
import { silentLogger } from '../../testing/test-logger';

describe('MESSAGING_PROVIDERS at start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'iris-providers-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const start = (providers: unknown[]) =>
    startIris({
      config: loadConfig({
        PORT: '0',
        IRIS_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        MESSAGING_PROVIDERS: JSON.stringify(providers),
      }),
      logger: silentLogger,
    });
  const problemsOf = async (providers: unknown[]) => {
    const error = await start(providers).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  };

  it('fails start, naming the entry, when it names no provider of its kind', async () => {
    expect(await problemsOf([{ id: 'carrier-x', kind: 'sms', provider: 'pigeon', credentials: {} }])).toEqual(
      [
        expect.stringMatching(
          /^MESSAGING_PROVIDERS: carrier-x: no sms provider "pigeon" \(known: sandbox, .*twilio.*\)$/,
        ),
      ],
    );
  });

  it('fails start with every credentials problem of every entry, by name', async () => {
    const problems = await problemsOf([
      { id: 'twilio-us', kind: 'sms', provider: 'twilio', credentials: { accountSid: 'AC123' } },
      {
        id: 'telnyx-eu',
        kind: 'sms',
        provider: 'telnyx',
        credentials: { apiKey: 'KEY', publicKey: 'c2hvcnQ=' },
      },
      {
        id: 'bw',
        kind: 'sms',
        provider: 'bandwidth',
        credentials: { accountId: '1', username: 'u', password: 'p' },
      },
      {
        id: 'plivo-1',
        kind: 'sms',
        provider: 'plivo',
        credentials: { authId: 'MA1', authToken: 't', baseUrl: 'nope' },
      },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MESSAGING_PROVIDERS: twilio-us: credentials\.accountSid: /),
        expect.stringMatching(/^MESSAGING_PROVIDERS: twilio-us: credentials\.authToken: /),
        expect.stringMatching(
          /^MESSAGING_PROVIDERS: telnyx-eu: credentials\.publicKey: base64 of a raw 32-byte Ed25519/,
        ),
        expect.stringMatching(/^MESSAGING_PROVIDERS: bw: credentials\.applicationId: /),
        expect.stringMatching(/^MESSAGING_PROVIDERS: bw: credentials\.callbackPassword: /),
        expect.stringMatching(/^MESSAGING_PROVIDERS: plivo-1: credentials\.baseUrl: /),
      ]),
    );
    expect(problems.every((p) => /^MESSAGING_PROVIDERS: (twilio-us|telnyx-eu|bw|plivo-1): /.test(p))).toBe(
      true,
    );
  });
});
