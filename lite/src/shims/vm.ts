// node:vm in kernel-lib's browser build: only tslab's cell-line mapping uses it (display/cell-lines.ts), and
// it returns before reaching vm unless tslab's own module is loaded, which never happens in the browser.
export const runInThisContext = (): never => {
  throw new Error("kernel-lib in the browser: vm.runInThisContext is not available (it is for tslab's cell lines)");
};
