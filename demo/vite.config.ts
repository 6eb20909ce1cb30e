import { resolve } from 'node:path';

import { defineConfig } from 'vite';

export default defineConfig({
  root: __dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { main: resolve(__dirname, 'index.html'), engineCheck: resolve(__dirname, 'engine-check.html') },
    },
  },
  worker: { format: 'es' },
  esbuild: { jsx: 'automatic' },
  server: { fs: { allow: ['..'] } },
});
