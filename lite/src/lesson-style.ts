/**
 * The lessons' stylesheet (tools/jupyter/lessons.css says what each rule is for), bundled as text by esbuild
 * (lite/build.mjs's `common` loads .css as text). The lessons' extensions add it to the page when JupyterLab
 * or JupyterLite loads them, so the lessons look the same wherever they run: set-up's JupyterLab, Binder's,
 * the site's JupyterLite app.
 */
import LESSON_STYLE from "../../tools/jupyter/lessons.css";

/** Adds the stylesheet to the page once, as a <style> element with this `id`. */
export function addLessonStyle(id: string): void {
  if (document.getElementById(id)) return;
  const style = document.createElement("style");
  style.id = id;
  style.textContent = LESSON_STYLE;
  document.head.append(style);
}
