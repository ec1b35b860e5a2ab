import type { Page } from "playwright-core";
import type { Notebook } from "../site-outputs.mjs";
export function exposeApp(site: string): void;
export function folderBytes(dir: string): number;
export function gzippedTransfer(urls: string[], base: string, site: string): { files: number; bytes: number };
export interface SiteLessonRun {
  firstCellMs: number;
  runAllMs: number;
  notebook: Notebook;
  chartsDrawn: number;
  chartTextFill: string;
}
export function runSiteLesson(page: Page, base: string, lesson: string, stored: Notebook): Promise<SiteLessonRun>;
