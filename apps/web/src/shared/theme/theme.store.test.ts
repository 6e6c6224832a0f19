import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { THEME_STORAGE_KEY, useThemeStore } from './theme.store';

type Listener = (event: { matches: boolean }) => void;

/** A controllable prefers-color-scheme media query. */
function stubSystemTheme(dark: boolean) {
  const listeners: Listener[] = [];
  const query = {
    matches: dark,
    addEventListener: (_type: string, listener: Listener) => listeners.push(listener),
  };
  vi.stubGlobal(
    'matchMedia',
    vi.fn(() => query),
  );
  return {
    change(next: boolean) {
      query.matches = next;
      for (const listener of listeners) listener({ matches: next });
    },
  };
}

beforeEach(() => {
  localStorage.clear();
  document.documentElement.classList.remove('dark');
  setActivePinia(createPinia());
});

describe('theme store', () => {
  it('follows the system preference until the user picks', async () => {
    const system = stubSystemTheme(true);
    const theme = useThemeStore();
    await nextTick();
    expect(theme.preference).toBe('system');
    expect(theme.isDark).toBe(true);
    expect(document.documentElement.classList.contains('dark')).toBe(true);

    system.change(false);
    await nextTick();
    expect(theme.isDark).toBe(false);
    expect(document.documentElement.classList.contains('dark')).toBe(false);
  });

  it('toggles, stores the choice, and keeps it over later system changes', async () => {
    const system = stubSystemTheme(false);
    const theme = useThemeStore();
    theme.toggle();
    await nextTick();
    expect(theme.isDark).toBe(true);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(document.documentElement.classList.contains('dark')).toBe(true);

    system.change(false);
    await nextTick();
    expect(theme.isDark).toBe(true);

    theme.toggle();
    await nextTick();
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
    expect(document.documentElement.classList.contains('dark')).toBe(false);
  });

  it('starts from the stored choice', () => {
    stubSystemTheme(false);
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    expect(useThemeStore().isDark).toBe(true);
  });

  it('forgets the choice when set back to the system', () => {
    stubSystemTheme(true);
    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    const theme = useThemeStore();
    expect(theme.isDark).toBe(false);
    theme.setPreference('system');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(theme.isDark).toBe(true);
  });
});
