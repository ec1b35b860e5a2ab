import { readFileSync } from "node:fs";
import path from "node:path";

/** tools/course.json: the constants the tools share (kernel name and display name, student stub, delimiters). */
export const COURSE = JSON.parse(readFileSync(path.resolve(__dirname, "..", "..", "tools", "course.json"), "utf8")) as {
  kernel: { name: string; displayName: string; language: string };
  studentStub: string[];
  textStub: string;
  delimiters: { beginSolution: string; endSolution: string; beginHiddenTests: string; endHiddenTests: string };
};

/** The kernelspec every lesson's metadata names, with nbformat's keys. */
export const KERNELSPEC = { name: COURSE.kernel.name, display_name: COURSE.kernel.displayName, language: COURSE.kernel.language };
