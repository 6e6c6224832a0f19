import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BencodeDict, encodeBencode } from './bencode.js';
import { FakeNgServer } from './fixtures/fake-ng-server.js';
import { createNgClient, type NgClient } from './ng-client.js';
import { RtpengineError } from './rtpengine-error.js';

async function rejection(promise: Promise<unknown>): Promise<RtpengineError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RtpengineError)) throw new Error(`expected an RtpengineError, got ${String(error)}`);
  return error;
}

describe('ng client', () => {
  let server: FakeNgServer;
  let client: NgClient;

  beforeEach(async () => {
    server = await FakeNgServer.open();
    client = createNgClient({ hosts: [server.host], attemptTimeoutMs: 50, retries: 2 });
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('sends `<cookie> <bencoded dict>` and matches the answer by cookie', async () => {
    server.reply = () => ({ result: 'pong' });
    await client.ping();
    const [request] = server.requests;
    expect(request?.raw.toString()).toBe(`${request?.cookie} d7:command4:pinge`);
    expect(request?.cookie).toMatch(/^[0-9a-f]{8}_\d+$/);
  });

  it('maps camelCase offer options to the ng keys rtpengine reads', async () => {
    server.reply = () => ({ result: 'ok', sdp: 'v=0\r\n' });
    const result = await client.offer({
      callId: 'call-1',
      fromTag: 'from-1',
      sdp: 'v=0\r\n',
      viaBranch: 'z9hG4bK1',
      trustAddress: true,
      injectDtmf: true,
      extraFlags: ['codec-set-opus/48000/2/32000'],
      replace: ['origin', 'session-connection'],
      ice: 'force',
      dtls: 'passive',
      sdes: ['off'],
      transportProtocol: 'UDP/TLS/RTP/SAVPF',
      rtcpMux: ['require'],
      codec: { strip: ['all'], transcode: ['opus', 'PCMU'] },
      receivedFrom: { family: 'IP4', address: '192.0.2.1' },
      ptime: 20,
      recordCall: false,
    });
    expect(result).toEqual({ sdp: 'v=0\r\n', warning: undefined });
    expect(server.requests[0]?.dict).toEqual({
      command: 'offer',
      'call-id': 'call-1',
      'from-tag': 'from-1',
      sdp: 'v=0\r\n',
      'via-branch': 'z9hG4bK1',
      flags: ['trust address', 'inject DTMF', 'codec-set-opus/48000/2/32000'],
      replace: ['origin', 'session-connection'],
      ICE: 'force',
      DTLS: 'passive',
      SDES: ['off'],
      'transport-protocol': 'UDP/TLS/RTP/SAVPF',
      'rtcp-mux': ['require'],
      codec: { strip: ['all'], transcode: ['opus', 'PCMU'] },
      'received-from': ['IP4', '192.0.2.1'],
      ptime: 20,
    });
  });

  it('maps media commands and their participant selectors', async () => {
    server.reply = (request): BencodeDict =>
      request.dict.command === 'play media' ? { result: 'ok', duration: 1500 } : { result: 'ok' };
    expect(await client.playMedia({ callId: 'c', fromTag: 'a', file: '/tmp/x.wav', repeatTimes: 2 })).toEqual(
      {
        durationMs: 1500,
        warning: undefined,
      },
    );
    await client.playDtmf({ callId: 'c', fromTag: 'a', digit: '#', durationMs: 120, volumeDb: -10 });
    await client.blockMedia({ callId: 'c', label: 'caller', all: true });
    await client.stopRecording({ callId: 'c', pause: true });
    await client.delete({ callId: 'c', fatal: true, deleteDelaySec: 0 });
    expect(server.requests.map((r) => r.dict)).toEqual([
      { command: 'play media', 'call-id': 'c', 'from-tag': 'a', file: '/tmp/x.wav', 'repeat-times': 2 },
      { command: 'play DTMF', 'call-id': 'c', 'from-tag': 'a', code: '#', duration: 120, volume: 10 },
      { command: 'block media', 'call-id': 'c', label: 'caller', flags: ['all'] },
      { command: 'stop recording', 'call-id': 'c', flags: ['pause'] },
      { command: 'delete', 'call-id': 'c', flags: ['fatal'], 'delete-delay': 0 },
    ]);
  });

  it('turns `result: error` into a rejected RtpengineError with the reason', async () => {
    server.reply = () => ({ result: 'error', 'error-reason': 'Unknown call-id' });
    const error = await rejection(client.query({ callId: 'nope' }));
    expect(error).toMatchObject({ code: 'rejected', command: 'query', reason: 'Unknown call-id' });
    expect(error.message).toContain('Unknown call-id');
    expect(error.host).toBe(`127.0.0.1:${server.host.port}`);
  });

  it('resends with the same cookie and takes the answer to a retry', async () => {
    server.reply = (request) =>
      server.requests.length < 3 ? undefined : { result: 'pong', seen: request.cookie };
    await client.ping();
    expect(server.requests).toHaveLength(3);
    expect(new Set(server.requests.map((r) => r.cookie)).size).toBe(1);
  });

  it('times out with a typed error when nobody answers', async () => {
    server.reply = () => undefined;
    const started = Date.now();
    const error = await rejection(client.ping());
    expect(error).toMatchObject({ code: 'timeout', command: 'ping' });
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('ignores answers carrying a cookie it did not send', async () => {
    server.reply = (request) => {
      server.sendRaw(
        Buffer.concat([Buffer.from('stranger_1 '), encodeBencode({ result: 'ok', sdp: 'x' })]),
        request.from,
      );
      return { result: 'ok', sdp: 'mine' };
    };
    expect((await client.offer({ callId: 'c', fromTag: 'a', sdp: 'v=0' })).sdp).toBe('mine');
  });

  it('rejects an undecodable answer or one missing what the command returns', async () => {
    server.reply = () => Buffer.from('not bencode');
    expect(await rejection(client.ping())).toMatchObject({ code: 'bad_response' });
    server.reply = () => ({ result: 'ok' });
    expect(await rejection(client.offer({ callId: 'c', fromTag: 'a', sdp: 'v=0' }))).toMatchObject({
      code: 'bad_response',
      command: 'offer',
    });
    server.reply = () => ({ result: 'maybe' });
    expect(await rejection(client.ping())).toMatchObject({ code: 'bad_response' });
  });

  it('rejects requests in flight and after close with `closed`', async () => {
    server.reply = () => undefined;
    const inFlight = client.ping();
    await client.close();
    expect(await rejection(inFlight)).toMatchObject({ code: 'closed' });
    expect(await rejection(client.ping())).toMatchObject({ code: 'closed' });
  });

  it('parses list and statistics answers into typed results', async () => {
    server.reply = (request): BencodeDict =>
      request.dict.command === 'list'
        ? { result: 'ok', calls: ['a', 'b'] }
        : {
            result: 'ok',
            statistics: {
              currentstatistics: { sessionsown: 2, sessionstotal: 3, packetrate: 100 },
              totalstatistics: { uptime: '42', managedsessions: 7, relayedpackets: 1000 },
            },
          };
    expect(await client.list({ limit: 10 })).toEqual(['a', 'b']);
    expect(server.requests[0]?.dict).toEqual({ command: 'list', limit: 10 });
    const stats = await client.statistics();
    expect(stats.current).toMatchObject({ ownSessions: 2, totalSessions: 3, packetsPerSecond: 100 });
    expect(stats.total).toMatchObject({ uptimeSec: 42, managedSessions: 7, relayedPackets: 1000 });
  });
});

describe('ng client with several hosts', () => {
  let servers: FakeNgServer[];

  beforeEach(async () => {
    servers = await Promise.all([FakeNgServer.open(), FakeNgServer.open(), FakeNgServer.open()]);
    for (const server of servers) server.reply = () => ({ result: 'ok', sdp: 'v=0' });
  });
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  const commandsPerServer = () => servers.map((server) => server.requests.map((r) => r.dict['call-id']));

  it('sends every command of a call to the host its call-id hashes to', async () => {
    const client = createNgClient({ hosts: servers.map((s) => `127.0.0.1:${s.host.port}`) });
    for (let i = 0; i < 12; i += 1) {
      await client.offer({ callId: `call-${i}`, fromTag: 'a', sdp: 'v=0' });
      await client.answer({ callId: `call-${i}`, fromTag: 'a', toTag: 'b', sdp: 'v=0' });
    }
    await client.close();
    const perServer = commandsPerServer();
    // Each call's offer and answer land together, and the calls spread over hosts.
    for (const ids of perServer) {
      for (const id of new Set(ids)) expect(ids.filter((x) => x === id)).toHaveLength(2);
    }
    expect(perServer.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
  });

  it('round-robins new calls and keeps later commands on the same host', async () => {
    const client = createNgClient({ hosts: servers.map((s) => s.host), strategy: 'round-robin' });
    for (let i = 0; i < 6; i += 1) await client.offer({ callId: `rr-${i}`, fromTag: 'a', sdp: 'v=0' });
    for (let i = 0; i < 6; i += 1)
      await client.answer({ callId: `rr-${i}`, fromTag: 'a', toTag: 'b', sdp: 'v=0' });
    await client.close();
    expect(commandsPerServer()).toEqual([
      ['rr-0', 'rr-3', 'rr-0', 'rr-3'],
      ['rr-1', 'rr-4', 'rr-1', 'rr-4'],
      ['rr-2', 'rr-5', 'rr-2', 'rr-5'],
    ]);
  });
});
