import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The build lands where the studio server reads it from the classpath: dev/patchline/studio/web/.
// Relative asset URLs ('./assets/…') keep the page working under any path the server mounts it at.
export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    outDir: 'target/classes/dev/patchline/studio/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
