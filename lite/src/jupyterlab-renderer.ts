/**
 * The lessons' Plotly renderer as a JupyterLab 4 extension (a mimeExtension), written as a module-federation
 * container by hand, like the site's kernel (extension.ts): JupyterLab loads static/remoteEntry.js, calls
 * `init(shareScope)` with its shared modules, then `get("./mimeExtension")`. The renderer itself is
 * plotly-renderer.ts, shared with the site. plotly.js comes from this extension's own static/ folder (copied
 * from node_modules at set-up): the cartesian bundle draws every kernel-lib chart; the full bundle is
 * loaded only for a chart with another trace type. It also adds the lessons' stylesheet to JupyterLab's page.
 */
import { plotlyRendererExtension } from "./plotly-renderer";
import { addLessonStyle } from "./lesson-style";
import { besideThisScript, sharedModule, type ShareScope } from "./share-scope";

declare const EXTENSION_NAME: string;

// JupyterLab loads every mimeExtension at start-up: the lessons' stylesheet is on the page from then on.
addLessonStyle(`${EXTENSION_NAME}-style`);

let shareScope: ShareScope | undefined;
const asset = besideThisScript();

const jupyterlab = ((window as unknown as { _JUPYTERLAB?: Record<string, unknown> })._JUPYTERLAB ??= {});
jupyterlab[EXTENSION_NAME] = {
  init(scope: ShareScope) {
    shareScope = scope;
  },
  async get(module: string) {
    if (module !== "./mimeExtension") throw new Error(`${EXTENSION_NAME} has no module ${module}`);
    const { Widget } = await sharedModule<{ Widget: Parameters<typeof plotlyRendererExtension>[0] }>(shareScope, "@lumino/widgets", EXTENSION_NAME);
    const extension = plotlyRendererExtension(Widget, { plotly: asset("plotly-cartesian.min.js"), fullPlotly: asset("plotly.min.js") }, EXTENSION_NAME);
    return () => ({ __esModule: true, default: extension });
  },
};
