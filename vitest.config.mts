import { defineConfig } from "vitest/config";

// Two projects: `unit` is the pure library (seconds, no Python, Jupyter or Chromium: `npm run test:unit`);
// `integration` runs notebooks in the real tslab kernel, the Python tools, JupyterLab in Chromium, export
// and hosting. `npm test` runs both.
export default defineConfig({
  test: {
    // Kernel and browser tests start Jupyter servers and kernels; two cores cannot run many at once.
    maxWorkers: 2,
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 30_000 } },
      { test: { name: "integration", include: ["test/integration/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 120_000 } },
    ],
  },
});
