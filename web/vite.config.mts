import path from 'node:path';
import react from '@vitejs/plugin-react-swc';
import { defineConfig } from 'vite';

// Built into dist/web, which the API serves on its own port; `npm run dev:web` serves the
// sources with the API (npm start, port 3000) behind /api.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: process.env.IJRO_WEB_DIR ?? path.join(import.meta.dirname, '..', 'dist', 'web'),
    emptyOutDir: true,
    manifest: true,
    // The shared chunk (React, Ant Design's core) is larger than Vite's warning size; what a
    // user waits for is checked by scripts/web-budget.ts instead.
    chunkSizeWarningLimit: 1024,
  },
  server: { proxy: { '/api': process.env.IJRO_API ?? 'http://localhost:3000' } },
});
