import type { AddressInfo } from 'node:net';
import dns2 from 'dns2';

const { Packet } = dns2;

export type DnsZone = Record<
  string,
  { TXT?: string[]; MX?: { exchange: string; priority: number }[]; A?: string[]; servfail?: boolean }
>;

/** TXT strings are at most 255 bytes each: a long record (a DKIM key) goes out split, as real zones serve it. */
const chunks = (text: string) => text.match(/[\s\S]{1,255}/g) ?? [''];

/**
 * A DNS server on loopback UDP for tests, answering from `zone` (mutable: a test publishes records
 * by changing it). Unknown names get NXDOMAIN; a name marked `servfail` gets SERVFAIL.
 */
export async function startDnsTestServer(zone: DnsZone = {}) {
  const server = dns2.createServer({
    udp: true,
    handle(request, send) {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const entry = question ? zone[question.name.toLowerCase().replace(/\.$/, '')] : undefined;
      if (!question || !entry) response.header.rcode = 3;
      else if (entry.servfail) response.header.rcode = 2;
      else {
        const base = { name: question.name, class: Packet.CLASS.IN, ttl: 60 };
        if (question.type === Packet.TYPE.TXT)
          for (const text of entry.TXT ?? [])
            response.answers.push({ ...base, type: Packet.TYPE.TXT, data: chunks(text) } as never);
        if (question.type === Packet.TYPE.MX)
          for (const mx of entry.MX ?? [])
            response.answers.push({ ...base, type: Packet.TYPE.MX, ...mx } as never);
        if (question.type === Packet.TYPE.A)
          for (const address of entry.A ?? [])
            response.answers.push({ ...base, type: Packet.TYPE.A, address } as never);
      }
      send(response);
    },
  });
  const listening = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const { port } = listening.udp as AddressInfo;
  return { zone, server: `127.0.0.1:${port}`, close: () => server.close() };
}
