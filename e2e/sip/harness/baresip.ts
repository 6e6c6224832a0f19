import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { freeUdpPort, type ProcessGroup, stopProcess, type Tracked, waitForOutput } from './processes';

/** A ctrl_tcp event, e.g. { type: 'CALL_ESTABLISHED', class: 'call', peeruri, param }. */
export type BaresipEvent = { type: string; class?: string; param?: string; peeruri?: string };

export type Baresip = {
  user: string;
  sipPort: number;
  /** Folder where sndfile dumps the audio (dump-*-dec.wav is what this phone received). */
  dumpDir: string;
  events: EventEmitter<{ event: [BaresipEvent] }>;
  /** Runs a menu command (dial, hangup, ...) over ctrl_tcp and returns its response. */
  command(command: string, params?: string): Promise<{ ok: boolean; data?: string }>;
  /** The next event of `type`, bounded by `timeoutMs`. */
  nextEvent(type: string, timeoutMs?: number): Promise<BaresipEvent>;
  stop(): Promise<void>;
};

export type BaresipOptions = {
  user: string;
  password: string;
  registrar: { host: string; port: number };
  /** WAV the phone sends as its microphone. */
  wav: string;
  dir: string;
  rtpPorts: [number, number];
};

/**
 * A headless baresip: audio from a WAV (aufile), played to ALSA's null device, the decoded audio of
 * each call dumped to WAV (sndfile), commands and events as netstring JSON over ctrl_tcp.
 */
export async function startBaresip(group: ProcessGroup, options: BaresipOptions): Promise<Baresip> {
  const [sipPort, ctrlPort] = [await freeUdpPort(), await freeUdpPort()];
  const home = join(options.dir, options.user);
  const dumpDir = join(home, 'dump');
  mkdirSync(dumpDir, { recursive: true });
  writeFileSync(join(home, 'config'), config({ ...options, sipPort, ctrlPort, dumpDir }));
  const { host, port } = options.registrar;
  writeFileSync(
    join(home, 'accounts'),
    `<sip:${options.user}@${host}:${port}>;auth_pass=${options.password};regint=600;answermode=auto;audio_codecs=PCMU\n`,
  );
  writeFileSync(join(home, 'contacts'), '');
  const child = group.spawn('baresip', ['-f', home, '-n', '127.0.0.1'], { cwd: home });
  await waitForOutput(child, /baresip is ready/, 15_000);
  const control = await openControl(ctrlPort, child);
  return {
    user: options.user,
    sipPort,
    dumpDir,
    events: control.events,
    command: control.command,
    nextEvent: (type, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const onEvent = (event: BaresipEvent) => {
          if (event.type !== type) return;
          clearTimeout(timer);
          control.events.off('event', onEvent);
          resolve(event);
        };
        const timer = setTimeout(() => {
          control.events.off('event', onEvent);
          reject(
            new Error(`${options.user}: no ${type} within ${timeoutMs} ms\n${child.output().slice(-2000)}`),
          );
        }, timeoutMs);
        control.events.on('event', onEvent);
      }),
    async stop() {
      control.socket.destroy();
      await stopProcess(child);
    },
  };
}

function config(o: BaresipOptions & { sipPort: number; ctrlPort: number; dumpDir: string }): string {
  return [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${o.sipPort}`,
    'net_interface 127.0.0.1',
    'call_local_timeout 120',
    'audio_player alsa,null',
    'audio_alert alsa,null',
    `audio_source aufile,${o.wav}`,
    `rtp_ports ${o.rtpPorts[0]}-${o.rtpPorts[1]}`,
    'rtcp_mux no',
    'module_path /usr/lib/baresip/modules',
    'module g711.so',
    'module aufile.so',
    'module alsa.so',
    'module sndfile.so',
    'module_tmp account.so',
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${o.ctrlPort}`,
    `snd_path ${o.dumpDir}`,
    '',
  ].join('\n');
}

/** ctrl_tcp speaks netstrings (`<length>:<json>,`) both ways; responses carry our token back. */
async function openControl(port: number, child: Tracked) {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (err) => reject(new Error(`ctrl_tcp: ${err.message}\n${child.output()}`)));
  });
  const events = new EventEmitter<{ event: [BaresipEvent] }>();
  const pending = new Map<string, (r: { ok: boolean; data?: string }) => void>();
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length + 1) return;
      const message = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString());
      buffer = buffer.subarray(colon + 1 + length + 1);
      if (message.event) events.emit('event', message as BaresipEvent);
      else if (message.response) pending.get(message.token)?.(message);
    }
  });
  let tokens = 0;
  const command = (name: string, params?: string) =>
    new Promise<{ ok: boolean; data?: string }>((resolve, reject) => {
      tokens += 1;
      const token = String(tokens);
      const timer = setTimeout(() => reject(new Error(`ctrl_tcp: no answer to ${name}`)), 5_000);
      pending.set(token, (response) => {
        clearTimeout(timer);
        pending.delete(token);
        resolve(response);
      });
      const json = JSON.stringify({ command: name, params, token });
      socket.write(`${Buffer.byteLength(json)}:${json},`);
    });
  return { socket, events, command };
}
