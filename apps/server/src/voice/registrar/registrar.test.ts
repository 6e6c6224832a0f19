import { createSipStack, getHeader, getHeaders, type SipStack } from '@iris/sip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientContacts } from '../../modules/sip-credentials/sip-registrations';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';

/** REGISTER over real UDP to the voice role, digest against the tenant's SIP credentials. */
describe.each(databaseKinds())('SIP registrar on %s', (kind) => {
  let t: TestIris;
  let phone: SipStack;
  let iris: { host: string; port: number };
  let alpha: Awaited<ReturnType<TestIris['signup']>>;
  let bravo: Awaited<ReturnType<TestIris['signup']>>;
  const credentials: Record<string, { authUsername: string; password: string }> = {};
  beforeAll(async () => {
    const rtpMin = 40_000 + 2 * Math.floor(Math.random() * 2000);
    t = await startTestIris(kind, {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 100),
    });
    iris = t.iris.voice!.sip.addresses()[0]!;
    phone = await createSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }] });
    alpha = await t.signup('Reg Alpha');
    bravo = await t.signup('Reg Bravo');
    for (const [name, tenant] of [
      ['alpha', alpha],
      ['bravo', bravo],
    ] as const) {
      const made = await t.request('/v1/voice/sip-credentials', {
        token: tenant.token,
        body: { username: '1001', identity: `${name}-agent` },
      });
      expect(made.status).toBe(201);
      credentials[name] = made.body;
    }
  }, 60_000);
  afterAll(async () => {
    await phone?.close();
    await t?.close();
  });

  /** A REGISTER for extension `user` from the test phone, answering one challenge with `auth`. */
  const register = async (
    user: string,
    options: {
      auth?: { username: string; password: string };
      contact?: string;
      expires?: string;
      callId?: string;
      cseq?: number;
    },
  ) => {
    const local = phone.addresses()[0]!;
    const request = phone.createRequest({
      method: 'REGISTER',
      uri: `sip:${iris.host}:${iris.port}`,
      from: `<sip:${user}@${iris.host}>`,
      to: `<sip:${user}@${iris.host}>`,
      contact: options.contact ?? `<sip:${user}@${local.host}:${local.port}>`,
      callId: options.callId,
      cseq: options.cseq,
      headers: options.expires === undefined ? {} : { Expires: options.expires },
    });
    return phone.sendRequest(request, { credentials: options.auth }).response;
  };
  const auth = (name: string) => ({
    username: credentials[name]!.authUsername,
    password: credentials[name]!.password,
  });

  it('challenges, then binds the contact with the granted expiry', async () => {
    const unauthenticated = await register('1001', {});
    expect(unauthenticated.status).toBe(401);
    expect(getHeader(unauthenticated, 'WWW-Authenticate')).toMatch(/^Digest .*realm="iris"/);

    const ok = await register('1001', { auth: auth('alpha'), expires: '7200' });
    expect(ok.status).toBe(200);
    const [contact] = getHeaders(ok, 'Contact');
    expect(contact).toMatch(/^<sip:1001@127\.0\.0\.1:\d+>;expires=(3600|3599)$/);
    const found = await findClientContacts(t.iris.database.db, alpha.tenantId, 'alpha-agent');
    expect(found).toHaveLength(1);
    expect(found[0]!.registration.sourcePort).toBe(phone.addresses()[0]!.port);
    // Expiry is honoured: an hour and a bit later nothing is found.
    const later = new Date(Date.now() + 3601_000);
    expect(await findClientContacts(t.iris.database.db, alpha.tenantId, 'alpha-agent', later)).toHaveLength(
      0,
    );
  });

  it("keeps tenants' extension 1001 apart", async () => {
    const ok = await register('1001', {
      auth: auth('bravo'),
      contact: `<sip:1001@127.0.0.1:${phone.addresses()[0]!.port};bravo>`,
    });
    expect(ok.status).toBe(200);
    const bravoContacts = await findClientContacts(t.iris.database.db, bravo.tenantId, 'bravo-agent');
    expect(bravoContacts.map((c) => c.registration.contact)).toEqual([
      `sip:1001@127.0.0.1:${phone.addresses()[0]!.port};bravo`,
    ]);
    expect(await findClientContacts(t.iris.database.db, bravo.tenantId, 'alpha-agent')).toHaveLength(0);
    expect(await findClientContacts(t.iris.database.db, alpha.tenantId, 'alpha-agent')).toHaveLength(1);
  });

  it('refuses a wrong password, another extension, and a too-short expiry (423 Min-Expires)', async () => {
    const wrong = await register('1001', {
      auth: { username: credentials.alpha!.authUsername, password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    const foreign = await register('1002', { auth: auth('alpha') });
    expect(foreign.status).toBe(403);
    const brief = await register('1001', { auth: auth('alpha'), expires: '30' });
    expect(brief.status).toBe(423);
    expect(getHeader(brief, 'Min-Expires')).toBe('60');
  });

  it('un-registers with Expires: 0 and reports registrations to platform admins', async () => {
    const ops = await t.signup('Reg Ops');
    await t.iris.database.executeSql('update users set is_platform_admin = true where id = $1', [ops.userId]);
    const login = await t.request('/v1/auth/login', { body: { email: ops.email, password: ops.password } });
    const status = async () =>
      (await t.request('/v1/admin/voice/status', { token: login.body.accessToken })).body.registrations;
    const before = await status();
    expect(before).toMatchObject({ supported: true, count: 2 });
    expect(before.items.map((r: { tenantId: string }) => r.tenantId).sort()).toEqual(
      [alpha.tenantId, bravo.tenantId].sort(),
    );
    const gone = await register('1001', { auth: auth('alpha'), expires: '0' });
    expect(gone.status).toBe(200);
    expect(getHeaders(gone, 'Contact')).toEqual([]);
    expect(await findClientContacts(t.iris.database.db, alpha.tenantId, 'alpha-agent')).toHaveLength(0);
    expect(await status()).toMatchObject({ count: 1 });
  });
});
