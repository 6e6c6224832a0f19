import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { useSystemStatus } from './use-system-status';

const READY = { status: 'ready', checks: { database: { ok: true, ms: 1 } } };

function stubFetch() {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const body = String(input) === '/health' ? { status: 'ok' } : READY;
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function mountWith(refreshMs: number) {
  let api: ReturnType<typeof useSystemStatus> | undefined;
  const wrapper = mount(
    defineComponent({
      setup() {
        api = useSystemStatus({ refreshMs });
        return () => h('p', api?.state.value.kind);
      },
    }),
  );
  return { wrapper, api: api! };
}

describe('useSystemStatus', () => {
  it('refreshes on its interval and stops when unmounted', async () => {
    vi.useFakeTimers();
    try {
      const fetchMock = stubFetch();
      const { wrapper } = mountWith(1000);
      await vi.advanceTimersByTimeAsync(0);
      expect(fetchMock).toHaveBeenCalledTimes(2);
      expect(wrapper.text()).toBe('loaded');

      await vi.advanceTimersByTimeAsync(1000);
      expect(fetchMock).toHaveBeenCalledTimes(4);

      wrapper.unmount();
      await vi.advanceTimersByTimeAsync(5000);
      expect(fetchMock).toHaveBeenCalledTimes(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the last result while a refresh is in flight and lets the newest one win', async () => {
    const fetchMock = stubFetch();
    const { wrapper, api } = mountWith(0);
    await flushPromises();
    expect(api.state.value.kind).toBe('loaded');

    const first = api.refresh();
    const second = api.refresh();
    expect(api.refreshing.value).toBe(true);
    expect(api.state.value.kind).toBe('loaded');
    await Promise.all([first, second]);
    expect(api.refreshing.value).toBe(false);
    expect(api.state.value.kind).toBe('loaded');
    // The first refresh was aborted: its signal is aborted, the second's is not.
    const signals = fetchMock.mock.calls.slice(2).map((call) => (call as unknown[])[1] as RequestInit);
    expect(signals.map((init) => init.signal?.aborted)).toEqual([true, true, false, false]);
    wrapper.unmount();
  });
});
