import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useAuthStore } from '../auth/auth.store';

/** An event from the tenant's event log as /v1/realtime sends it (docs/inbox.md). */
export type RealtimeEvent = { id: string; type: string; data: Record<string, unknown>; createdAt: string };
type Handler = (event: RealtimeEvent) => void;

const MAX_BACKOFF_MS = 15_000;

/**
 * The one WebSocket of the app (`/v1/realtime`). Pages subscribe by event-type prefix; the socket
 * opens with the first subscriber, resumes from the last event id after a drop, and renews the
 * access token before reconnecting (a 401 on the upgrade shows up as a close).
 */
export const useRealtimeStore = defineStore('realtime', () => {
  const status = ref<'idle' | 'connecting' | 'open' | 'closed'>('idle');
  const handlers = new Map<symbol, { prefix: string; handler: Handler }>();
  let socket: WebSocket | undefined;
  let cursor: string | undefined;
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen = new Set<string>();

  function dispatch(event: RealtimeEvent) {
    // Delivery is at least once: drop ids we already handled.
    if (seen.has(event.id)) return;
    seen.add(event.id);
    if (seen.size > 2000) seen.delete(seen.values().next().value as string);
    if (!cursor || event.id > cursor) cursor = event.id;
    for (const { prefix, handler } of handlers.values()) if (event.type.startsWith(prefix)) handler(event);
  }

  async function connect() {
    if (socket || handlers.size === 0) return;
    const auth = useAuthStore();
    const token = attempts > 0 ? await auth.refresh() : auth.accessToken;
    if (!token || handlers.size === 0) {
      status.value = 'closed';
      return;
    }
    const url = new URL('/v1/realtime', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    if (cursor) url.searchParams.set('cursor', cursor);
    status.value = 'connecting';
    const ws = new WebSocket(url);
    socket = ws;
    ws.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { type: string; id?: string; cursor?: string };
      if (frame.type === 'ready') {
        status.value = 'open';
        attempts = 0;
        cursor ??= frame.cursor;
      } else if (frame.type === 'resync') {
        for (const { handler, prefix } of handlers.values())
          handler({ id: '', type: `${prefix}resync`, data: {}, createdAt: new Date().toISOString() });
      } else if (typeof frame.id === 'string') {
        dispatch(frame as RealtimeEvent);
      }
    };
    ws.onclose = () => {
      socket = undefined;
      status.value = 'closed';
      if (handlers.size === 0) return;
      attempts += 1;
      timer = setTimeout(() => void connect(), Math.min(500 * 2 ** attempts, MAX_BACKOFF_MS));
    };
  }

  function disconnect() {
    clearTimeout(timer);
    socket?.close(1000, 'no subscribers');
    socket = undefined;
    status.value = 'idle';
  }

  /** Calls `handler` for events whose type starts with `prefix`; returns the unsubscribe function. */
  function subscribe(prefix: string, handler: Handler): () => void {
    const key = Symbol(prefix);
    handlers.set(key, { prefix, handler });
    void connect();
    return () => {
      handlers.delete(key);
      if (handlers.size === 0) disconnect();
    };
  }

  return { status, subscribe, disconnect };
});
