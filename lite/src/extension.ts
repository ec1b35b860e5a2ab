/**
 * The JupyterLite extension, as a module-federation container written by hand (no webpack): JupyterLite
 * loads `static/remoteEntry.js`, calls `init(shareScope)` with the app's shared modules and then
 * `get("./extension")` for the plugins. The plugin needs two of the app's modules, and needs the very
 * instances the app uses (a plugin's requirements are matched by token identity): @jupyterlite/services
 * (IKernelSpecs) and @jupyterlite/javascript-kernel (the kernel class, shared by its own extension).
 *
 * The kernel is registered under the lessons' kernel name and shown under the browser kernel's display name (tools/course.json, both given at build time), so
 * each lesson opens with it unchanged, and the JavaScript kernels are hidden (jupyter-lite.json disables
 * their plugins): the site offers one kernel.
 */
import { BANNER, makeTypeScriptKernel, type JavaScriptKernelLike } from "./kernel";
import { addLessonStyle } from "./lesson-style";
import { plotlyRendererExtension } from "./plotly-renderer";
import { besideThisScript, sharedModule, type ShareScope } from "./share-scope";

declare const KERNEL_NAME: string;
declare const KERNEL_LANGUAGE: string;
declare const KERNEL_DISPLAY_NAME: string;
declare const KERNEL_LANGUAGE_INFO: Record<string, unknown>;
declare const EXTENSION_NAME: string;

// The lessons' stylesheet, as in JupyterLab (lesson-style.ts).
addLessonStyle(`${EXTENSION_NAME}-style`);

let shareScope: ShareScope | undefined;
const shared = <T>(name: string) => sharedModule<T>(shareScope, name, KERNEL_DISPLAY_NAME);
const asset = besideThisScript();

interface KernelSpecs {
  register(options: { spec: Record<string, unknown>; create: (options: Record<string, unknown>) => Promise<unknown> }): void;
}

async function plugins() {
  const services = await shared<{ IKernelSpecs: unknown }>("@jupyterlite/services");
  const javascript = await shared<{ JavaScriptKernel: new (options: Record<string, unknown>) => JavaScriptKernelLike }>(
    "@jupyterlite/javascript-kernel",
  );
  // The start-up note (kernel.ts's startupNote), once per page: a notification that closes itself, in the
  // app's corner and its notification list, never in a cell's output.
  let notified = false;
  const notify = async (message: string) => {
    if (notified) return;
    notified = true;
    try {
      const { Notification } = await shared<{ Notification: { info(message: string, options: { autoClose: number }): unknown } }>("@jupyterlab/apputils");
      Notification.info(message, { autoClose: 15_000 });
    } catch (error) {
      console.warn(`${KERNEL_DISPLAY_NAME}: ${message}`, error);
    }
  };
  const assets = {
    modules: { "kernel-lib": asset("kernel-lib/kernel-lib.js"), mathjs: asset("kernel-lib/mathjs.js") },
    prelude: asset("prelude.js"),
    language: { name: KERNEL_LANGUAGE, displayName: KERNEL_DISPLAY_NAME, info: KERNEL_LANGUAGE_INFO },
    notify: (message: string) => void notify(message),
  };
  return [
    {
      id: `${EXTENSION_NAME}:kernel`,
      description: "The lessons' TypeScript kernel, running in the browser",
      autoStart: true,
      requires: [services.IKernelSpecs],
      activate: (_app: unknown, kernelspecs: KernelSpecs) => {
        kernelspecs.register({
          spec: {
            name: KERNEL_NAME,
            display_name: KERNEL_DISPLAY_NAME,
            language: KERNEL_LANGUAGE,
            argv: [],
            spec: { argv: [], env: {}, display_name: KERNEL_DISPLAY_NAME, language: KERNEL_LANGUAGE, interrupt_mode: "message", metadata: { banner: BANNER } },
            resources: { "logo-32x32": asset("logo-32x32.svg"), "logo-64x64": asset("logo-64x64.svg") },
          },
          create: async (options) => {
            const kernel = new javascript.JavaScriptKernel({ ...options, runtime: "worker", startupExtensions: [] });
            return makeTypeScriptKernel(kernel, assets);
          },
        });
      },
    },
  ];
}

const jupyterlab = ((window as unknown as { _JUPYTERLAB?: Record<string, unknown> })._JUPYTERLAB ??= {});
jupyterlab[EXTENSION_NAME] = {
  init(scope: ShareScope) {
    shareScope = scope;
  },
  async get(module: string) {
    if (module === "./mimeExtension") {
      const { Widget } = await shared<{ Widget: Parameters<typeof plotlyRendererExtension>[0] }>("@lumino/widgets");
      // The lesson pages' plotly.js, at the top of the site (this file is lite/extensions/@scope/name/static/remoteEntry.js).
      const extension = plotlyRendererExtension(Widget, { plotly: asset("../../../../../assets/plotly.min.js") }, EXTENSION_NAME);
      return () => ({ __esModule: true, default: extension });
    }
    if (module !== "./extension") throw new Error(`${EXTENSION_NAME} has no module ${module}`);
    const list = await plugins();
    return () => ({ __esModule: true, default: list });
  },
};
