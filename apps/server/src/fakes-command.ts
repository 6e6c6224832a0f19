import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

type RunningEntry = {
  name: string;
  kind: string;
  url: string;
  instance: { id: string; kind: string; provider: string; credentials: Record<string, unknown> };
  inboundExample?: { from: string; to: string; body: string };
  close(): Promise<void>;
};

/**
 * `iris fakes`: starts the provider fakes of packages/fakes on loopback, pointed at a local IRIS
 * (`--iris-url`, PUBLIC_URL by default), prints per fake its URL, the MESSAGING_PROVIDERS entry to
 * paste and how to make it send a signed inbound message; runs until SIGINT/SIGTERM. Generated keys
 * are kept in `<IRIS_DATA_DIR>/fakes` so a restart keeps pasted config valid. The fakes are a
 * development dependency, loaded only here.
 */
export async function runFakesCommand(
  args: string[],
  defaults: { irisUrl: string; dataDir: string },
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      only: { type: 'string' },
      'port-base': { type: 'string', default: '4100' },
      'iris-url': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const { FAKE_CATALOG } = await import('@iris/fakes').catch(() => {
    throw new Error('iris fakes needs the @iris/fakes workspace package (a development install)');
  });
  const wanted = values.only
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = wanted?.filter((name) => !FAKE_CATALOG.some((entry) => entry.name === name)) ?? [];
  const portBase = Number(values['port-base']);
  if (unknown.length > 0 || !Number.isInteger(portBase) || portBase < 0) {
    console.error(
      unknown.length > 0
        ? `iris: no fake named ${unknown.join(', ')} (known: ${FAKE_CATALOG.map((e) => e.name).join(', ')})`
        : 'iris: --port-base must be a port number (0: any free port)',
    );
    return 2;
  }
  const irisUrl = (values['iris-url'] ?? defaults.irisUrl).replace(/\/$/, '');

  const running: RunningEntry[] = [];
  try {
    for (const [index, entry] of FAKE_CATALOG.entries()) {
      if (wanted && !wanted.includes(entry.name)) continue;
      const instanceId = entry.name;
      const fake = await entry.start({
        host: values.host,
        // A fake keeps its port from run to run (its place in the catalog), so pasted config stays valid.
        port: portBase === 0 ? 0 : portBase + index,
        instanceId,
        hooksUrl: `${irisUrl}/hooks/${entry.kind}/${instanceId}`,
        stateDir: join(defaults.dataDir, 'fakes'),
      });
      running.push({
        name: entry.name,
        kind: entry.kind,
        url: fake.server.url,
        instance: {
          id: instanceId,
          kind: entry.kind,
          provider: fake.provider,
          credentials: fake.credentials,
        },
        inboundExample: fake.inboundExample,
        close: () => fake.server.close(),
      });
    }
  } catch (error) {
    await Promise.all(running.map((r) => r.close()));
    throw error;
  }
  // Listening before printing: whoever reads "fakes ready" may signal at once.
  const stopped = Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  printFakes(running, irisUrl);
  await stopped;
  await Promise.all(running.map((r) => r.close()));
  return 0;
}

function printFakes(running: RunningEntry[], irisUrl: string) {
  const lines = [
    `\n  Provider fakes for the IRIS at ${irisUrl} (callbacks and inbound messages go there, signed)\n`,
  ];
  for (const fake of running) {
    lines.push(`  ${fake.name} (${fake.kind})  ${fake.url}`);
    lines.push(`    MESSAGING_PROVIDERS entry: ${JSON.stringify(fake.instance)}`);
    if (fake.inboundExample)
      lines.push(
        `    inbound: curl -s -X POST ${fake.url}/_fake/inbound -H 'content-type: application/json' -d '${JSON.stringify(fake.inboundExample)}'`,
        `             ("to" must be one of your numbers with provider "${fake.instance.id}")`,
      );
    lines.push('');
  }
  const kinds = [...new Set(running.map((r) => r.kind))];
  const routes = kinds.map((kind) => ({
    kind,
    providers: running.filter((r) => r.kind === kind).map((r) => r.instance.id),
  }));
  lines.push('  Start IRIS with all of them:');
  lines.push(`    MESSAGING_PROVIDERS='${JSON.stringify(running.map((r) => r.instance))}'`);
  lines.push(`    MESSAGING_ROUTES='${JSON.stringify(routes)}'`);
  lines.push('', `fakes ready (${running.length})`);
  console.log(lines.join('\n'));
}
