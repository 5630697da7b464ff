import { defineConfig } from 'vitest/config';

// The unit tests of the domain and the use cases: what `npm run mutation` runs against each mutant.
export default defineConfig({
  test: {
    include: ['shared/domain/**/*.test.ts', 'shared/usecases/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', '.stryker-tmp/**'],
    testTimeout: 60_000,
  },
});
