// Set-up writes nothing outside the project folder: the whole of `npm run setup` (.venv and pip, npm ci,
// kernel-lib's build, the kernelspecs, Jupyter's config) on a fresh copy of this checkout's files (every
// file git tracks, as a clone would have them, with the working tree's changes), under an empty throw-away
// HOME, which must still be empty afterwards: npm's cache (~/.npm/_cacache, 160 MB) and pip's
// (~/.cache/pip) go to the project's .cache/ instead. Downloads everything once: a few minutes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../helpers/python";

describe("set-up on a fresh copy, with an empty HOME", () => {
  let base: string;
  let copy: string;
  let home: string;
  beforeAll(() => {
    base = mkdtempSync(path.join(os.tmpdir(), "lessons-setup-"));
    copy = path.join(base, "lessons");
    home = path.join(base, "home");
    mkdirSync(home);
    const tracked = spawnSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).stdout.split("\0").filter(Boolean);
    for (const file of tracked) {
      if (!existsSync(path.join(ROOT, file))) continue; // deleted in the working tree
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      copyFileSync(path.join(ROOT, file), path.join(copy, file));
    }
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("npm run setup succeeds, keeps npm's and pip's caches in .cache/, and leaves HOME empty", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    // Nothing of this machine's own set-up or of the test runner's may point elsewhere.
    for (const key of Object.keys(env)) if (/^(npm_|XDG_|LESSONS_|JUPYTER|IPYTHONDIR|PIP_CACHE_DIR|PYTHONPATH|INIT_CWD)/i.test(key)) delete env[key];
    // pip runs `rustc --version` for its user agent; where rustc is rustup's proxy (this machine's
    // ~/.cargo/bin), the proxy makes ~/.rustup/settings.toml in a HOME without one. A machine with rustup
    // has that folder in its HOME already: rustup keeps its own home here too.
    const realHome = os.homedir();
    if (!env.RUSTUP_HOME && existsSync(path.join(realHome, ".rustup"))) env.RUSTUP_HOME = path.join(realHome, ".rustup");
    const started = Date.now();
    const r = spawnSync("npm", ["run", "setup"], { cwd: copy, env, encoding: "utf8", timeout: 600_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    // A new student reads this output: npm's warning about a dependency's install script not in package.json's
    // allowScripts (esbuild's was printed on every first start) is noise.
    expect(r.stdout + r.stderr).not.toContain("install-scripts");
    console.log(`npm run setup on a fresh copy: ${seconds.toFixed(0)} s`);
    expect(existsSync(path.join(copy, "kernel-lib", "dist", "index.js")), "kernel-lib built").toBe(true);
    expect(readdirSync(path.join(copy, ".cache", "npm")).length, "npm's cache is the project's").toBeGreaterThan(0);
    const left = spawnSync("find", [home, "-mindepth", "1"], { encoding: "utf8" }).stdout.trim();
    expect(left, `written under HOME:\n${left}`).toBe("");
  }, 660_000);
});
