import type { Server } from "node:http";
/** Serves `folder` on 127.0.0.1:`port` (0: any free port); resolves to the listening server. */
export function serveSite(folder: string, port?: number): Promise<Server>;
