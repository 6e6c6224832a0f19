import tailwindcss from '@tailwindcss/vite';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// In development the SPA runs on Vite's server; API paths go to a local `iris start` (default port 3000).
const API_PATHS = ['/v1', '/hooks', '/docs', '/health', '/ready', '/metrics'];
const apiTarget = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue(), tailwindcss()],
  // The manifest lets scripts/bundle-budget.ts measure what the login route loads up front.
  build: { outDir: 'dist', emptyOutDir: true, manifest: true },
  server: {
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: apiTarget, ws: path === '/v1' }])),
  },
});
