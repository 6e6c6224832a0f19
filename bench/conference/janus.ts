import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Janus 1.1 (Debian package `janus`) with only the AudioBridge plugin and the HTTP transport, in a
 * temp config folder, and a minimal client of its REST API: rooms, and plain-RTP participants
 * (`join` with an `rtp` object: Janus sends the mix to our port and tells us its own).
 */
export type Janus = {
  pid: number;
  createRoom(room: number): Promise<void>;
  /** Joins a plain-RTP PCMU participant whose media is at `port`; resolves to Janus's RTP address for it. */
  joinRtp(room: number, port: number): Promise<{ host: string; port: number }>;
  stop(): Promise<void>;
};

const BIN = '/usr/bin/janus';

/** The parts of Janus's JSON answers and events this client reads. */
type JanusMessage = {
  janus?: string;
  sender?: number;
  data?: { id: number };
  plugindata?: { data?: { audiobridge?: string; error?: string; rtp?: { ip: string; port: number } } };
};

export async function startJanus(httpPort: number): Promise<Janus> {
  const dir = mkdtempSync(join(tmpdir(), 'janus-bench-'));
  const lib = '/usr/lib/x86_64-linux-gnu/janus';
  const off = (names: string[]) => names.map((n) => `libjanus_${n}.so`).join(',');
  writeFileSync(
    join(dir, 'janus.jcfg'),
    `general: { configs_folder = "${dir}"\n plugins_folder = "${lib}/plugins"\n transports_folder = "${lib}/transports"\n events_folder = "${lib}/events"\n loggers_folder = "${lib}/loggers"\n debug_level = 3\n}
media: { rtp_port_range = "42000-43999" }
plugins: { disable = "${off(['duktape', 'echotest', 'lua', 'nosip', 'recordplay', 'sip', 'streaming', 'textroom', 'videocall', 'videoroom', 'voicemail'])}" }
transports: { disable = "${off(['mqtt', 'nanomsg', 'pfunix', 'rabbitmq', 'websockets'])}" }
loggers: { disable = "libjanus_jsonlog.so" }
`,
  );
  writeFileSync(
    join(dir, 'janus.transport.http.jcfg'),
    `general: { base_path = "/janus"\n http = true\n port = ${httpPort}\n ip = "127.0.0.1"\n https = false }\nadmin: { admin_http = false }\n`,
  );
  writeFileSync(join(dir, 'janus.plugin.audiobridge.jcfg'), 'general: { local_ip = "127.0.0.1" }\n');
  const child: ChildProcess = spawn(BIN, ['-F', dir, '-C', join(dir, 'janus.jcfg')], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${httpPort}/janus`;
  const post = async (path: string, body: Record<string, unknown>) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      body: JSON.stringify({ transaction: Math.random().toString(36).slice(2), ...body }),
    });
    return (await response.json()) as JanusMessage;
  };
  for (let i = 0; ; i += 1) {
    const ok = await fetch(`${base}/info`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 100) throw new Error('janus did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const idOf = (answer: JanusMessage) => {
    if (!answer.data) throw new Error(`janus: ${JSON.stringify(answer)}`);
    return answer.data.id;
  };
  const session = idOf(await post('', { janus: 'create' }));
  const keepalive = setInterval(
    () => void post(`/${session}`, { janus: 'keepalive' }).catch(() => {}),
    20_000,
  );
  const attach = async () =>
    idOf(await post(`/${session}`, { janus: 'attach', plugin: 'janus.plugin.audiobridge' }));
  // Async plugin answers arrive on the session's long poll, by handle.
  const waiting = new Map<number, (event: JanusMessage) => void>();
  let polling = true;
  void (async () => {
    while (polling) {
      const events = await fetch(`${base}/${session}?maxev=10`)
        .then((r) => r.json() as Promise<JanusMessage | JanusMessage[]>)
        .catch(() => []);
      for (const event of Array.isArray(events) ? events : [events]) {
        const handle = event.sender as number | undefined;
        if (handle && event.janus === 'event' && waiting.has(handle)) {
          waiting.get(handle)!(event);
          waiting.delete(handle);
        }
      }
    }
  })();
  const control = await attach();
  return {
    pid: child.pid!,
    async createRoom(room) {
      const answer = await post(`/${session}/${control}`, {
        janus: 'message',
        body: {
          request: 'create',
          room,
          sampling_rate: 8000,
          audiolevel_event: false,
          allow_rtp_participants: true,
        },
      });
      const data = answer.plugindata?.data;
      if (data?.audiobridge !== 'created') throw new Error(`create room: ${JSON.stringify(answer)}`);
    },
    async joinRtp(room, port) {
      const handle = await attach();
      const event = new Promise<JanusMessage>((resolve) => waiting.set(handle, resolve));
      await post(`/${session}/${handle}`, {
        janus: 'message',
        body: {
          request: 'join',
          room,
          codec: 'pcmu',
          rtp: { ip: '127.0.0.1', port, payload_type: 0 },
        },
      });
      const joined = (await event).plugindata?.data;
      if (process.env.JANUS_DEBUG) console.error(JSON.stringify(joined));
      const rtp = joined?.rtp as { ip: string; port: number } | undefined;
      if (!rtp?.port) throw new Error(`join: ${JSON.stringify(joined)}`);
      return { host: rtp.ip, port: rtp.port };
    },
    async stop() {
      polling = false;
      clearInterval(keepalive);
      await post(`/${session}`, { janus: 'destroy' }).catch(() => {});
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const janusInstalled = () => existsSync(BIN);
