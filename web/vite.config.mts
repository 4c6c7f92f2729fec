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
  },
  server: { proxy: { '/api': process.env.IJRO_API ?? 'http://localhost:3000' } },
});
