/**
 * The lessons' renderer for application/vnd.plotly.v1+json outputs (kernel-lib's charts), one source for
 * both front ends: JupyterLab (jupyterlab-renderer.ts, built at set-up by lite/build-jupyterlab.mjs) and the
 * JupyterLite site (extension.ts). It draws the chart from its JSON with a local plotly.js and keeps
 * sliders and play buttons (frames) and follows the output's width.
 *
 * It never writes to the output's model. PyPI plotly's JupyterLab renderer adds a PNG snapshot of every
 * chart it draws to the model (`model.setData`): opening a lesson marked it modified without an edit, and
 * each save wrote the snapshot beside the JSON (lesson 01: 249 KB → 533 KB) into submissions and backups.
 * An output that already carries such a snapshot is drawn from its JSON like any other (the snapshot is
 * ignored, not shown as a picture until the mouse comes near, as that renderer does).
 */
type Figure = { data?: { type?: string }[]; layout?: { height?: number }; frames?: unknown[]; config?: unknown };
type Plotly = {
  newPlot(el: HTMLElement, figure: Figure): Promise<unknown>;
  react(el: HTMLElement, figure: Figure): Promise<unknown>;
  purge(el: HTMLElement): void;
  Plots: { resize(el: HTMLElement): Promise<unknown> | void };
  PlotSchema: { get(): { traces: Record<string, unknown> } };
};
type WidgetClass = new () => { node: HTMLElement; isAttached: boolean; isDisposed: boolean; addClass(name: string): void; dispose(): void };
type Model = { data: Record<string, unknown> };

const MIME = "application/vnd.plotly.v1+json";
/** kernel-lib's chart height (plot/figure.ts), for a figure that gives none: space is kept before plotly.js loads. */
const DEFAULT_HEIGHT = 420;

/** Where plotly.js is: `plotly` for every chart; `fullPlotly`, when given, for a chart with a trace type
 * `plotly` lacks (the JupyterLab edition ships the cartesian bundle and the full one beside it). */
export interface PlotlyAssets {
  plotly: string;
  fullPlotly?: string;
}

const loaded = new Map<string, Promise<Plotly>>();
let queue: Promise<unknown> = Promise.resolve();

/**
 * plotly.js from `url`, loaded once. Each bundle sets `window.Plotly` as it runs; bundles load one after
 * the other and each instance is kept here, so two bundles (or another extension's Plotly) never mix.
 */
function loadPlotly(url: string): Promise<Plotly> {
  let found = loaded.get(url);
  if (!found) {
    found = new Promise<Plotly>((resolve, reject) => {
      queue = queue.then(
        () =>
          new Promise<void>((done) => {
            const host = window as unknown as { Plotly?: Plotly };
            const before = host.Plotly;
            const script = document.createElement("script");
            script.src = url;
            script.onload = () => {
              const plotly = host.Plotly;
              host.Plotly = before ?? plotly;
              if (plotly && plotly !== before) resolve(plotly);
              else reject(new Error(`the script at ${url} did not define Plotly`));
              done();
            };
            script.onerror = () => {
              reject(new Error(`could not load plotly.js from ${url}`));
              done();
            };
            document.head.appendChild(script);
          }),
      );
    });
    loaded.set(url, found);
  }
  return found;
}

const typesOf = new WeakMap<Plotly, Set<string>>();
/** The trace types a bundle draws (read from its schema once: about 80 ms). */
function traceTypes(plotly: Plotly): Set<string> {
  let types = typesOf.get(plotly);
  if (!types) typesOf.set(plotly, (types = new Set(Object.keys(plotly.PlotSchema.get().traces))));
  return types;
}

/** The plotly.js that draws `figure`: the first bundle unless the figure needs a trace type it lacks. */
async function plotlyFor(figure: Figure, assets: PlotlyAssets): Promise<Plotly> {
  const plotly = await loadPlotly(assets.plotly);
  if (!assets.fullPlotly) return plotly;
  const known = traceTypes(plotly);
  const needsMore = (figure.data ?? []).some((trace) => !known.has(trace.type ?? "scatter"));
  return needsMore ? loadPlotly(assets.fullPlotly) : plotly;
}

export function plotlyRendererExtension(Widget: WidgetClass, assets: PlotlyAssets, name: string) {
  // Loaded while the app starts (the app asks for this extension at start-up), not when the first chart
  // arrives: a lesson opens with its charts, and the download and parse then overlap the app's own start.
  void loadPlotly(assets.plotly).catch(() => {});
  class PlotlyRenderer extends Widget {
    private plotly: Plotly | undefined;
    private width = 0;
    private attached: Promise<void>;
    private markAttached = () => {};
    // Follows the output's width (window resized, side panel opened, a hidden tab shown): plotly.js sizes
    // a chart once, when it draws it.
    private readonly observer = new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      if (width === this.width || width === 0) return;
      this.width = width;
      if (this.plotly && this.node.querySelector(".main-svg")) void this.plotly.Plots.resize(this.node);
    });

    constructor() {
      super();
      this.addClass("lessons-PlotlyRenderer");
      // The class JupyterLab's own Plotly renderer gives a chart's output; lessons.css and the tests select it.
      this.addClass("jp-RenderedPlotly");
      this.attached = new Promise((resolve) => (this.markAttached = resolve));
      this.observer.observe(this.node);
    }

    async renderModel(model: Model): Promise<void> {
      // A copy: plotly.js writes into the objects it is given, and the model is the notebook's.
      const figure = structuredClone(model.data[MIME]) as Figure;
      figure.layout = { ...figure.layout, height: figure.layout?.height ?? DEFAULT_HEIGHT };
      this.node.style.height = `${figure.layout.height}px`;
      const plotly = await plotlyFor(figure, assets);
      // Drawn once the output is in the page, so the chart takes the output's width (not plotly.js's 700 px).
      if (!this.isAttached) await this.attached;
      if (this.isDisposed) return;
      if (this.plotly && this.plotly !== plotly) this.plotly.purge(this.node);
      const redraw = this.plotly === plotly;
      this.plotly = plotly;
      this.width = Math.round(this.node.getBoundingClientRect().width);
      await (redraw ? plotly.react(this.node, figure) : plotly.newPlot(this.node, figure));
    }

    protected onAfterAttach(): void {
      this.markAttached();
    }

    dispose(): void {
      if (this.isDisposed) return;
      this.observer.disconnect();
      this.plotly?.purge(this.node);
      super.dispose();
    }
  }
  return {
    id: `${name}:plotly`,
    rendererFactory: { safe: true, mimeTypes: [MIME], createRenderer: () => new PlotlyRenderer() },
    rank: 0,
    dataType: "json",
  };
}
