import { defineConfig } from 'vite';

export default defineConfig({
  root: __dirname,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  esbuild: { jsx: 'automatic' },
});
