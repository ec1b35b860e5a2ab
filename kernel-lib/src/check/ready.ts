/**
 * Imported last by index.ts: every kernel-lib module has loaded, so on Deno's kernel the check library can
 * take its tamper snapshot and lock kernel-lib now, before the import cell ends and any solution cell runs
 * (deno-session.ts). On tslab the session arms itself at the first execution after the import (session.ts).
 */
import { denoSession } from "./deno-session";

denoSession()?.arm();
