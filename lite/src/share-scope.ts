/**
 * A hand-written module-federation container's view of the app's shared modules (webpack's share scope:
 * package name → version → factory). JupyterLab and JupyterLite both call `init(scope)` on an extension's
 * container before asking it for a module; a plugin must use the app's very instances (its tokens are
 * matched by identity, its widgets must be the app's Widget class), so they are taken from here.
 */
export type ShareScope = Record<string, Record<string, { get: () => Promise<() => unknown> }>>;

/** The app's copy of a shared package (the highest version offered, as a singleton would be). */
export async function sharedModule<T>(scope: ShareScope | undefined, name: string, who: string): Promise<T> {
  const versions = scope?.[name];
  if (!versions || Object.keys(versions).length === 0) throw new Error(`${who}: the app shares no ${name}`);
  const newest = Object.keys(versions).sort((a, b) => a.localeCompare(b, "en", { numeric: true })).pop() as string;
  const factory = await versions[newest].get();
  return factory() as T;
}

/** The URL of a file next to the script being run (a container's static/ folder), read while it runs. */
export function besideThisScript(): (file: string) => string {
  const here = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;
  return (file: string) => new URL(file, here).href;
}
