/**
 * The documentation a newcomer reads first stays short and its links lead somewhere: README.md is the front
 * page (what this is, the two commands, the paths for students, instructors and authors, the commands), the
 * library's reference lives in kernel-lib/README.md, and every relative link in the project's Markdown
 * names a file that exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

const markdownFiles = [
  "README.md",
  "kernel-lib/README.md",
  "notebooks/README.md",
  "tools/README.md",
  ...readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
];

describe("the documentation", () => {
  it("README.md is a front page of at most 12 KB with the two commands", () => {
    const readme = read("README.md");
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12 * 1024);
    expect(readme).toContain("npm start");
    expect(readme).toContain("npm test");
    for (const heading of ["## Students", "## Instructors", "## Authors", "## Commands"]) expect(readme).toContain(heading);
  });

  it("kernel-lib has its own README, the library's reference", () => {
    expect(existsSync(path.join(ROOT, "kernel-lib", "README.md"))).toBe(true);
    expect(read("README.md")).toContain("(kernel-lib/README.md)");
  });

  it.each(markdownFiles.map((f) => [f]))("every relative link in %s names a file that exists", (file) => {
    const text = read(file).replace(/```[\s\S]*?```/g, "");
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:|^#/.test(target)) continue;
      const resolved = path.resolve(ROOT, path.dirname(file), decodeURIComponent(target.split("#")[0]));
      if (!existsSync(resolved) || !(statSync(resolved).isFile() || statSync(resolved).isDirectory())) broken.push(target);
    }
    expect(broken, `${file} links to missing files`).toEqual([]);
  });
});
