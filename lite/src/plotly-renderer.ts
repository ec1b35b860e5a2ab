/**
 * Draws application/vnd.plotly.v1+json outputs (kernel-lib's charts) in the app with the site's own
 * plotly.js: the minified bundle the lesson pages already load (site/assets/plotly.min.js, chosen by
 * export.py for the trace types the lessons use). Plotly's JupyterLab renderer would ship a second, full
 * plotly.js (4.8 MB); this is the part of it the lessons need: draw, keep sliders and play buttons
 * (frames), follow the output's width.
 */
type Plotly = {
  newPlot(el: HTMLElement, figure: unknown): Promise<unknown>;
  Plots: { resize(el: HTMLElement): void };
};
type WidgetClass = new () => { node: HTMLElement; addClass(name: string): void };
type Model = { data: Record<string, unknown> };

const MIME = "application/vnd.plotly.v1+json";
let loading: Promise<Plotly> | undefined;

function loadPlotly(url: string): Promise<Plotly> {
  loading ??= new Promise((resolve, reject) => {
    const existing = (window as unknown as { Plotly?: Plotly }).Plotly;
    if (existing) return resolve(existing);
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve((window as unknown as { Plotly: Plotly }).Plotly);
    script.onerror = () => reject(new Error(`TypeScript (browser): could not load plotly.js from ${url}`));
    document.head.appendChild(script);
  });
  return loading;
}

export function plotlyRendererExtension(Widget: WidgetClass, plotlyUrl: string, name: string) {
  class PlotlyRenderer extends Widget {
    constructor() {
      super();
      this.addClass("lessons-PlotlyRenderer");
      // The class the site test and JupyterLab's own Plotly renderer use for a chart's output.
      this.addClass("jp-RenderedPlotly");
    }
    async renderModel(model: Model): Promise<void> {
      const figure = structuredClone(model.data[MIME]) as { layout?: { height?: number } };
      const plotly = await loadPlotly(plotlyUrl);
      this.node.style.height = `${figure.layout?.height ?? 420}px`;
      await plotly.newPlot(this.node, figure);
    }
    protected onResize(): void {
      if (this.node.querySelector(".main-svg")) void loadPlotly(plotlyUrl).then((p) => p.Plots.resize(this.node));
    }
  }
  return {
    id: `${name}:plotly`,
    rendererFactory: { safe: true, mimeTypes: [MIME], createRenderer: () => new PlotlyRenderer() },
    rank: 0,
    dataType: "json",
  };
}
