// Applies the stored or system theme before the first paint, so dark mode never flashes white.
// A classic blocking script (not a module) on purpose; same storage key as src/shared/theme/theme.store.ts.
(() => {
  let stored = null;
  try {
    stored = localStorage.getItem('iris.theme');
  } catch {
    // Storage blocked: follow the system.
  }
  const dark =
    stored === 'dark' || (stored !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
})();
