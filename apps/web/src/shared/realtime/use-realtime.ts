import { onScopeDispose } from 'vue';
import { type RealtimeEvent, useRealtimeStore } from './realtime.store';

/** Subscribes for the lifetime of the calling component. */
export function useRealtime(prefix: string, handler: (event: RealtimeEvent) => void) {
  const store = useRealtimeStore();
  onScopeDispose(store.subscribe(prefix, handler));
  return store;
}
