import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import { ApiError, clientError } from '../../../../shared/api/api-error';
import { fetchSystemStatus, type SystemStatus } from '../system-status.api';

export type StatusState =
  | { kind: 'loading' }
  | { kind: 'loaded'; status: SystemStatus }
  | { kind: 'failed'; error: ApiError };

/**
 * Loads /health and /ready on mount, again on refresh() and every `refreshMs` while the tab is
 * visible. The last result stays on screen while a refresh is in flight (`refreshing`).
 */
export function useSystemStatus(options: { refreshMs?: number } = {}) {
  const refreshMs = options.refreshMs ?? 30_000;
  const state = shallowRef<StatusState>({ kind: 'loading' });
  const refreshing = ref(false);
  let inFlight: AbortController | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function refresh(): Promise<void> {
    inFlight?.abort();
    const current = new AbortController();
    inFlight = current;
    refreshing.value = true;
    try {
      const status = await fetchSystemStatus({ signal: current.signal });
      if (inFlight === current) state.value = { kind: 'loaded', status };
    } catch (error) {
      if (inFlight === current) state.value = { kind: 'failed', error: toApiError(error) };
    } finally {
      if (inFlight === current) {
        refreshing.value = false;
        inFlight = undefined;
      }
    }
  }

  onMounted(() => {
    void refresh();
    if (refreshMs > 0) {
      timer = setInterval(() => {
        if (document.visibilityState === 'visible' && !refreshing.value) void refresh();
      }, refreshMs);
    }
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    inFlight?.abort();
    inFlight = undefined;
  });

  return { state, refreshing, refresh, refreshMs };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiError(clientError('unexpected_response', 'Unexpected error', detail), { cause: error });
}
