import { defineStore } from 'pinia';
import { computed, ref, watchEffect } from 'vue';

export type ThemePreference = 'light' | 'dark' | 'system';

/** Same key as the pre-paint script, public/theme-init.js. */
export const THEME_STORAGE_KEY = 'iris.theme';

function readStoredPreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system'; // storage blocked (privacy mode): follow the system
  }
}

function writeStoredPreference(preference: ThemePreference): void {
  try {
    if (preference === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Not persisted; the choice still applies to this page.
  }
}

/** Dark mode: follows prefers-color-scheme until the user picks, then remembers the pick. */
export const useThemeStore = defineStore('theme', () => {
  const preference = ref<ThemePreference>(readStoredPreference());
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
  const systemDark = ref(media?.matches ?? false);
  media?.addEventListener('change', (event) => {
    systemDark.value = event.matches;
  });

  const isDark = computed(() =>
    preference.value === 'system' ? systemDark.value : preference.value === 'dark',
  );

  watchEffect(() => {
    document.documentElement.classList.toggle('dark', isDark.value);
  });

  function setPreference(next: ThemePreference): void {
    preference.value = next;
    writeStoredPreference(next);
  }

  function toggle(): void {
    setPreference(isDark.value ? 'light' : 'dark');
  }

  return { preference, isDark, setPreference, toggle };
});
