import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: frames of every shape
export type Frame = any;

/**
 * A realtime client for tests and the bench: connects to /v1/realtime, keeps every frame, and
 * awaits frames by predicate (resolves on arrival, not by polling).
 */
export async function connectRealtime(baseUrl: string, token: string, cursor?: string) {
  const url = new URL('/v1/realtime', baseUrl.replace(/^http/, 'ws'));
  url.searchParams.set('token', token);
  if (cursor) url.searchParams.set('cursor', cursor);
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  let closed = false;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    frames.push(frame);
    for (const w of [...waiters])
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
  });
  ws.on('close', () => {
    closed = true;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`realtime refused: ${res.statusCode}`)));
  });

  /** The first frame (already received or coming) that matches, within `timeoutMs`. */
  function next(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const seen = frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `no matching realtime frame within ${timeoutMs} ms; got ${JSON.stringify(frames.map((f) => f.type))}`,
          ),
        );
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      waiters.push(waiter);
    });
  }

  return {
    frames,
    next,
    /** Event frames (those with an event id), in arrival order. */
    events: () => frames.filter((f) => typeof f.id === 'string'),
    /** The highest event id received: the cursor to resume from. */
    cursor: () =>
      frames
        .filter((f) => typeof f.id === 'string')
        .map((f) => f.id as string)
        .sort()
        .at(-1),
    send: (frame: unknown) => ws.send(JSON.stringify(frame)),
    isClosed: () => closed,
    async close() {
      if (closed) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      });
    },
  };
}
export type RealtimeClient = Awaited<ReturnType<typeof connectRealtime>>;
