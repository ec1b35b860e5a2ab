"""nbclient's client with the grader's output and time limits, beside the run stage that uses it (run.py).

Output kept per cell is capped (OUTPUT_BYTES; past it the rest is dropped and the cell interrupted once, so
a flood costs neither memory nor time); a cell that does not stop INTERRUPT_GRACE_S after its timeout's
interrupt gets its kernel stopped; the cell running when the kernel died is remembered.
"""
from __future__ import annotations

import asyncio
from queue import Empty

from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

# 13 times the largest lesson cell's output (a 75 KB chart).
OUTPUT_BYTES = 1024 * 1024
# After a cell's timeout the kernel is interrupted; if the cell has not stopped this much later (a loop the
# interrupt cannot break), the kernel is stopped, so later cells do not each wait out a timeout on a busy kernel.
INTERRUPT_GRACE_S = 5


class GradingClient(NotebookClient):
    """nbclient's client with the grader's limits: at most OUTPUT_BYTES of output kept per cell (the cell is
    interrupted once when it overflows), the cell running when the kernel died remembered, and the kernel
    manager it is given shut down like one it created."""

    def __init__(self, nb, km=None, **kw):
        super().__init__(nb, km=km, **kw)
        self.owns_km = True  # shut the kernel down and stop the channels at the end, as for our own manager
        self.output_bytes: dict[int, int] = {}
        self.truncated: dict[int, int] = {}  # cell index -> bytes dropped
        self.current_cell: int | None = None
        self.stopped_after_timeout: int | None = None  # the cell whose timeout made us stop the kernel
        self.idle_seen: set[int] = set()
        self.lost_output: set[int] = set()  # cells whose output the kernel itself dropped (see async_execute_cell)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        self.current_cell = cell_index
        result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if cell.cell_type == "code" and cell.source.strip() and cell_index not in self.idle_seen:
            # The kernel's output socket holds 1000 messages; a cell that prints faster than we read loses the
            # rest, its closing "idle" status included (nbclient then gives up after iopub_timeout).
            self.lost_output.add(cell_index)
        return result

    def process_message(self, msg, cell, cell_index):
        if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
            self.idle_seen.add(cell_index)
        return super().process_message(msg, cell, cell_index)

    async def _async_handle_timeout(self, timeout, cell=None):
        await self.km.interrupt_kernel()
        try:
            # The interrupted cell's execute_reply: nothing else is outstanding on the shell channel.
            return await self.kc.shell_channel.get_msg(timeout=INTERRUPT_GRACE_S)
        except Empty:
            self.stopped_after_timeout = self.current_cell
            await self.km.shutdown_kernel(now=True)
            raise DeadKernelError("the kernel did not stop when interrupted after a timeout") from None

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(len(str(v)) for v in (content.get("data") or {}).values())
        used = self.output_bytes.get(cell_index, 0)
        self.output_bytes[cell_index] = used + size
        if used + size <= OUTPUT_BYTES:
            return super().output(outs, msg, display_id, cell_index)
        room = OUTPUT_BYTES - used
        if cell_index not in self.truncated and msg.get("msg_type") == "stream" and room > 0:
            # Keep the beginning of an overflowing stream: it usually says what the flood is.
            kept = {**msg, "content": {**content, "text": content["text"][:room]}}
            super().output(outs, kept, display_id, cell_index)
            size -= room
        if cell_index not in self.truncated:
            self.truncated[cell_index] = 0
            if self.km is not None:  # stop the flood at its source rather than read it all
                asyncio.ensure_future(self.km.interrupt_kernel())
        self.truncated[cell_index] += size
        return None
