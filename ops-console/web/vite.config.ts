import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** The console server (ops-console/server) listens here in development: its default PORT, 8080. */
const consoleServer = process.env.CITYOPS_CONSOLE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [svelte()],
  // The console server serves dist/ at `/` with an SPA fallback.
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // maplibre-gl (~1 MB with its worker) is one indivisible prebuilt file; it loads after sign-in.
    chunkSizeWarningLimit: 1100,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // Vendor chunks change far less often than our code, so a redeploy keeps them cached.
        codeSplitting: {
          groups: [
            // Vite's preload helper is shared by our and deck.gl's dynamic imports; left alone it lands
            // in the deck.gl chunk and drags 770 kB into the sign-in page.
            { name: 'preload', test: /preload-helper/, priority: 10 },
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deckgl', test: /node_modules[\\/]@(deck|luma|math|loaders|probe)\.gl/ },
          ],
        },
      },
    },
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
