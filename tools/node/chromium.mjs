// Headless Chromium for the bench and the browser tests: Debian's chromium (never `playwright install`),
// driven by playwright-core, with a profile that is removed when the browser closes.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

/** Debian's Chromium (or CHROMIUM=/path). Under CI it must exist; elsewhere callers skip loudly. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(Boolean);
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    const message = "Chromium not found: browser tests need Debian's chromium (apt-get install -y chromium) or CHROMIUM=/path/to/chrome";
    if (process.env.CI === "true") throw new Error(message);
    console.warn(`\n⚠️  SKIPPING BROWSER TESTS. ${message}\n`);
  }
  return found;
}

/**
 * Headless Chromium with a profile of its own. Everything it writes (profile, its temp files, the ~/.pki
 * a Chromium makes in HOME) goes into one temporary folder, removed when the context closes.
 */
export async function launchChromium(executablePath) {
  const base = mkdtempSync(path.join(os.tmpdir(), "lessons-chromium-"));
  for (const dir of ["profile", "tmp", "home"]) mkdirSync(path.join(base, dir));
  const context = await chromium.launchPersistentContext(path.join(base, "profile"), {
    executablePath,
    env: { ...process.env, HOME: path.join(base, "home"), TMPDIR: path.join(base, "tmp") },
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  // Chromium can still be writing into its profile for a moment after the context has closed (an ENOTEMPTY
  // once surfaced as an uncaught error, and profiles were left in /tmp): close() now waits until the folder
  // is really gone, and the process tries once more when it exits.
  const removeNow = () => {
    try {
      rmSync(base, { recursive: true, force: true });
    } catch {
      /* still being written: tried again */
    }
    return !existsSync(base);
  };
  const closeContext = context.close.bind(context);
  context.close = async (...args) => {
    await closeContext(...args);
    for (let attempt = 0; attempt < 50 && !removeNow(); attempt++) await new Promise((r) => setTimeout(r, 100));
  };
  process.once("exit", removeNow);
  return context;
}
