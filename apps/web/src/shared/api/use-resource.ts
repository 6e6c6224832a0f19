import { onScopeDispose, ref, shallowRef } from 'vue';

/**
 * One fetched value with loading and error state; `reload()` refetches and `poll(ms)` keeps it
 * fresh until the component goes away.
 */
export function useResource<T>(load: () => Promise<T>) {
  const data = shallowRef<T>();
  const error = shallowRef<unknown>();
  const loading = ref(false);
  let timer: ReturnType<typeof setInterval> | undefined;

  async function reload() {
    loading.value = true;
    try {
      data.value = await load();
      error.value = undefined;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  function poll(ms: number) {
    clearInterval(timer);
    timer = setInterval(() => void reload(), ms);
  }

  onScopeDispose(() => clearInterval(timer));
  void reload();
  return { data, error, loading, reload, poll };
}
