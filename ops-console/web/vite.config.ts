import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** The console server (ops-console/server) listens here in development; contract §1 default PORT. */
const consoleServer = process.env.CITYOPS_CONSOLE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [svelte()],
  // The console server serves dist/ at `/` with an SPA fallback.
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // maplibre-gl and deck.gl are large by nature; they load in their own lazy chunk after sign-in.
    chunkSizeWarningLimit: 1600,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': { target: consoleServer, changeOrigin: false },
      '/metrics': { target: consoleServer },
      '/socket.io': { target: consoleServer, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: consoleServer },
      '/socket.io': { target: consoleServer, ws: true },
    },
  },
});
