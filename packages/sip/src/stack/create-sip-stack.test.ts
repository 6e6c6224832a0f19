import { describe, expect, it } from 'vitest';
import { createSipStack } from './create-sip-stack';

describe('createSipStack options', () => {
  it('validates transport configuration at the edge', async () => {
    await expect(createSipStack({ transports: [] })).rejects.toThrow();
    await expect(
      createSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 70000 }] }),
    ).rejects.toThrow();
    await expect(
      createSipStack({ transports: [{ protocol: 'sctp' as 'udp', host: '127.0.0.1', port: 0 }] }),
    ).rejects.toThrow();
  });

  it('refuses TLS and WSS listeners without a key and certificate', async () => {
    await expect(
      createSipStack({ transports: [{ protocol: 'tls', host: '127.0.0.1', port: 0 }] }),
    ).rejects.toThrow(/tls.key/);
  });

  it('rejects when a configured port is already taken', async () => {
    const first = await createSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }] });
    const taken = first.addresses()[0]?.port ?? 0;
    await expect(
      createSipStack({
        transports: [
          { protocol: 'tcp', host: '127.0.0.1', port: 0 },
          { protocol: 'udp', host: '127.0.0.1', port: taken },
        ],
      }),
    ).rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });

  it('advertises a configured address in Contact instead of the bound one', async () => {
    const stack = await createSipStack({
      transports: [
        { protocol: 'tcp', host: '127.0.0.1', port: 0, advertise: { host: 'sip.example.com', port: 5060 } },
      ],
    });
    expect(stack.contact()).toBe('sip:sip.example.com:5060;transport=tcp');
    await stack.close();
  });
});
