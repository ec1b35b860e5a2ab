"""A sandboxed kernel (tslab or Deno) for grading: one fresh kernel per submission, shut in by bubblewrap.

While a submission runs, its kernel sees a file system that holds only what it needs, read-only: the Node
binary, the system's shared libraries, this checkout's node_modules/ and kernel-lib/. Its own scratch folder
(a size-capped tmpfs holding a copy of what the grader leaves for it: the connection file)
is the one place it can write; /dev, /dev/shm included, is read-only. Everything else — notebooks/ with the solutions and hidden tests, release/, the other
submissions, the grades — is simply not there. It has no network (a fresh network namespace with nothing
but its own loopback), sees only its own processes (a fresh PID namespace), has no shell or any other
program to start (no /bin, no /usr/bin inside), and Node's permission model refuses child processes and
worker threads on top of that. Memory is capped twice: V8's heap (--max-old-space-size) and the process's
data segment (RLIMIT_DATA, which also catches Buffers outside the heap); files it writes are capped one by
one (RLIMIT_FSIZE) and in all (the scratch tmpfs's size), and the data limit is the memory budget minus the
scratch folder's, so files kept in memory count inside the one cap.

The kernel cannot reach the grader over TCP from its own network namespace, so the Jupyter channels use
ZeroMQ's `ipc` transport: Unix sockets in a socket folder shared with the sandbox. jupyter_client names
them `<ip>-<port>`, tslab binds `<ip>:<port>`; symlinks from the first to the second join the two. Deno's
ZeroMQ has no ipc transport: a Deno kernel runs behind deno_relay.py inside the sandbox (the relay's Python
is the one other program there), which serves the grader over ipc and Deno over the sandbox's own loopback.

Where bubblewrap is missing or cannot create namespaces (macOS, Windows, some containers), `kernel_manager`
returns a plain kernel manager and `status()` says why: grading still works, UNSANDBOXED, and says so.
See docs/grading-sandbox.md.
"""
from __future__ import annotations

import functools
import os
try:
    import resource
except ImportError:  # Windows: no rlimits; the unsandboxed fallback does without them
    resource = None
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from .notebook_runner import ROOT, is_deno, kernel_name

# Generous for every lesson (the largest needs ~150 MB), small enough that a class on a laptop survives a bomb.
HEAP_MB = 512
# One budget for all a kernel can hold in memory: its data (heap, Buffers) and its scratch folder, which is a
# tmpfs (in memory) capped at SCRATCH_BYTES; so the data limit is what the scratch folder leaves.
MEMORY_BYTES = 2 * 1024**3
SCRATCH_BYTES = 128 * 1024**2
DATA_BYTES = MEMORY_BYTES - SCRATCH_BYTES
FILE_BYTES = 64 * 1024**2
SCRATCH_PARENT = ROOT / ".scratch-grading"
# Read-only library folders of the host, bound when they exist (Debian's merged /usr makes /lib a symlink).
LIBRARY_DIRS = ["/usr/lib", "/usr/lib64", "/usr/lib32", "/lib", "/lib64", "/lib32"]
# What a Node process may read besides those: the kernel's own packages and the library they import.
READ_ONLY = [ROOT / "node_modules", ROOT / "kernel-lib"]
# Deno also needs the checkout's package.json: it finds node_modules/ (and so `import … from "kernel-lib"`)
# through it. Not tsconfig.json (Deno only warns about its options). Deno's cache, .deno/, is bound read-only:
# Deno falls back to an in-memory cache for what it cannot write (see docs/grading-sandbox.md).
READ_ONLY_DENO = [ROOT / "package.json", ROOT / ".deno"]
# Deno's ZeroMQ has no ipc transport, so a Deno kernel runs behind the relay (deno_relay.py) inside the sandbox:
# the relay serves the Jupyter channels over ipc in the socket folder, and Deno talks TCP to it on the sandbox's
# own loopback. What the relay needs, read-only: its two files and course.json, and a Python to run it (the
# interpreter, its standard library and libpython, and the site-packages holding pyzmq).
RELAY_FILES = [Path(__file__).with_name("deno_relay.py"), Path(__file__).with_name("deno_cells.py"), ROOT / "tools" / "course.json"]
PYTHON = Path(getattr(sys, "_base_executable", sys.executable)).resolve()
PYTHON_DIRS = sorted({Path(d) for d in (sysconfig.get_paths()["stdlib"], sysconfig.get_config_var("LIBDIR")) if d})
PYTHON_PACKAGES = Path(sysconfig.get_paths()["purelib"])


def memory_words() -> str:
    return f"{MEMORY_BYTES / 1024**3:g} GB in all with its {SCRATCH_BYTES // 1024**2} MB scratch folder"


@dataclass(frozen=True)
class Status:
    sandboxed: bool
    reason: str  # why not, when not

    def banner(self) -> str:
        if self.sandboxed:
            return "grade: each submission runs in a bubblewrap sandbox (no network, no processes, no access to notebooks/ or other submissions)"
        return (
            "grade: WARNING: grading UNSANDBOXED — " + self.reason + ". Student code runs with your permissions and can read "
            "the solutions in notebooks/ and other submissions. Install bubblewrap (Debian/Ubuntu: apt install bubblewrap) "
            "on Linux to sandbox it; see docs/grading-sandbox.md."
        )


@functools.lru_cache(maxsize=None)
def status() -> Status:
    """Whether submissions can be sandboxed here: bubblewrap present and able to create every namespace we use."""
    if os.environ.get("LESSONS_GRADE_UNSANDBOXED") == "1":
        return Status(False, "LESSONS_GRADE_UNSANDBOXED=1 is set")
    if not sys.platform.startswith("linux"):
        return Status(False, f"bubblewrap needs Linux and this is {sys.platform}")
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return Status(False, "bubblewrap (bwrap) is not installed")
    probe = subprocess.run(
        [bwrap, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "--", "true"],
        capture_output=True, text=True, timeout=30,
    )
    if probe.returncode != 0:
        return Status(False, f"bwrap cannot create namespaces here ({probe.stderr.strip() or 'exit ' + str(probe.returncode)})")
    return Status(True, "")


def new_scratch(label: str) -> Path:
    """A fresh scratch folder for one submission, under the checkout so that `import … from "kernel-lib"`
    resolves through node_modules/ exactly as in the lessons."""
    SCRATCH_PARENT.mkdir(exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in label)[:40]
    return Path(tempfile.mkdtemp(prefix=f"{safe}-", dir=SCRATCH_PARENT))


def _bind_libraries() -> list[str]:
    args: list[str] = []
    for d in LIBRARY_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    return args


def without_relay(kernel_cmd: list[str]) -> list[str]:
    """Deno's own command, for grading without the sandbox (PlainKernelManager). The Deno kernelspec starts
    Deno behind tools/lessontools/deno_relay.py (for JupyterLab's several connections at once; see that
    file); a grading kernel has one client, nbclient, which bare Deno 2.3.7 serves correctly over TCP: start
    Deno itself, with the same arguments and the connection file the relay would have passed on. The relay
    may itself be started by a wrapper (on POSIX, `sh -c 'trap "" INT; exec "$@"'`: see tools/node/deno.mjs),
    which is dropped too. (Inside the sandbox the relay stays: relay_command.)"""
    for i, part in enumerate(kernel_cmd):
        if part.endswith("deno_relay.py") and len(kernel_cmd) > i + 2:
            return [*kernel_cmd[i + 2:], kernel_cmd[i + 1]]
    return kernel_cmd


def relay_command(kernel_cmd: list[str]) -> list[str]:
    """The Deno kernelspec's command as it runs inside the sandbox: the relay, started by the sandbox's Python
    (no shell wrapper: there is no shell inside), then Deno's own command, which the relay starts."""
    for i, part in enumerate(kernel_cmd):
        if part.endswith("deno_relay.py") and len(kernel_cmd) > i + 2:
            return [str(PYTHON), "-s", "-B", part, *kernel_cmd[i + 1:]]
    raise ValueError(f"the Deno kernelspec does not start deno_relay.py: {kernel_cmd}")


def _bind_read_only(paths) -> list[str]:
    args: list[str] = []
    for path in paths:
        if not path.exists():
            continue
        real = path.resolve()
        args += ["--ro-bind", str(real), str(real)]
        if real != path:
            args += ["--symlink", str(real), str(path)]
    return args


def bwrap_command(kernel_cmd: list[str], scratch: Path, sockets: Path, env: dict[str, str], *, deno: bool = False,
                  seeds: dict[str, int] | None = None) -> list[str]:
    """The kernel command wrapped in bubblewrap: see the module doc for what it can and cannot reach. The
    kernel's programs are the only programs inside (Node for tslab; for Deno, the relay's Python and Deno's
    binary). `seeds`: file name → open file descriptor, copied into the scratch tmpfs (bubblewrap's --file)."""
    node = Path(kernel_cmd[0]).resolve()
    args = [
        shutil.which("bwrap") or "bwrap",
        # user, ipc, pid, net, uts, cgroup namespaces: no network (a loopback of its own), no view of other
        # processes. Deno too: it talks TCP to the relay on the sandbox's own loopback (RELAY_FILES).
        "--unshare-all",
        "--die-with-parent",
        "--tmpfs", "/",
        "--proc", "/proc",
        "--dev", "/dev",
        # /dev/shm is a tmpfs outside every memory limit (Deno's took 4 GB past the 2 GB cap): read-only,
        # with the rest of /dev (the device nodes still work: a read-only mount does not stop /dev/null).
        "--remount-ro", "/dev",
        *_bind_libraries(),
        "--ro-bind", str(node), str(node),
    ]
    if node != Path(kernel_cmd[0]):
        args += ["--symlink", str(node), kernel_cmd[0]]
    args += _bind_read_only(READ_ONLY)
    if deno:
        deno_binary = Path(kernel_cmd[kernel_cmd.index("jupyter") - 1])
        args += _bind_read_only([deno_binary, *READ_ONLY_DENO, *RELAY_FILES, *PYTHON_DIRS, PYTHON_PACKAGES])
    # The scratch folder: a tmpfs of its own, capped in size (2 GB written in 5 s stops at SCRATCH_BYTES with
    # ENOSPC), holding copies of the grader's files. The host's scratch folder is not bound: nothing the
    # kernel writes reaches the grader's disk. The sockets folder is bound for the ipc channels (Node's
    # permission model refuses JavaScript writes there; Deno's write permission is revoked by kernel-lib).
    args += ["--size", str(SCRATCH_BYTES), "--tmpfs", str(scratch)]
    for file_name, fd in (seeds or {}).items():
        args += ["--file", str(fd), str(scratch / file_name)]
    args += ["--bind", str(sockets), str(sockets)]
    args += [
        "--chdir", str(scratch),
        # Nothing of the grader's environment (tokens, paths) reaches student code: only what is set here.
        "--clearenv",
        "--setenv", "HOME", str(scratch),
        "--setenv", "TMPDIR", str(scratch),
        "--setenv", "LANG", "C.UTF-8",
    ]
    for key, value in env.items():
        args += ["--setenv", key, value]
    args += [
        "--remount-ro", "/",
        "--",
    ]
    return args + kernel_cmd


def node_flags(scratch: Path) -> list[str]:
    """Node's own limits inside the sandbox: heap size, and the permission model refusing child processes
    and worker threads (reads are left to bubblewrap, which already hides all but the kernel's packages)."""
    return [
        f"--max-old-space-size={HEAP_MB}",
        "--experimental-permission",
        "--allow-fs-read=*",
        f"--allow-fs-write={scratch}",
        "--allow-addons",  # tslab's ZeroMQ binding is a native addon
        "--no-warnings",  # the permission model's "experimental" warning would land in every submission's stderr
    ]


def deno_env() -> dict[str, str]:
    """Deno's own limits inside the sandbox, through its environment (`deno jupyter` takes no V8 or permission
    flags on its command line): the same heap cap as Node's. Deno's permission model is applied from inside
    the kernel, by kernel-lib, when it reads grading mode (kernel-lib/src/check/deno-permissions.ts)."""
    return {"DENO_V8_FLAGS": f"--max-old-space-size={HEAP_MB}", "NO_COLOR": "1"}


def _limits() -> None:  # runs in the child between fork and exec
    # bwrap itself must survive the interrupt the grader sends to the kernel's process group; Node installs
    # its own SIGINT handler (tslab's, and V8's breakOnSigint for a running cell), so the kernel still gets it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _rlimits()


def _rlimits() -> None:
    resource.setrlimit(resource.RLIMIT_DATA, (DATA_BYTES, DATA_BYTES))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class SandboxedKernelManager(AsyncKernelManager):
    """An AsyncKernelManager for one of the lessons' kernels (tslab or Deno) that launches it inside
    bubblewrap, over ipc."""

    def __init__(self, scratch: Path, env: dict[str, str] | None = None, kernel: str | None = None, **kwargs):
        self.scratch = scratch
        self.env = dict(env or {})
        self.deno = is_deno(kernel)
        self.sockets = Path(tempfile.mkdtemp(prefix="lessons-ipc-"))  # short: Unix socket paths max out at 107 bytes
        super().__init__(
            kernel_name=kernel_name(kernel),
            transport="ipc",
            ip=str(self.sockets / "k"),
            connection_file=str(scratch / "connection.json"),
            **kwargs,
        )

    def _open_seeds(self) -> dict[str, int]:
        """The files the grader left in the host's scratch folder (the connection file),
        opened for bubblewrap to copy into the kernel's own scratch tmpfs."""
        self._close_seeds()
        self.seed_fds = {p.name: os.open(p, os.O_RDONLY) for p in sorted(self.scratch.iterdir()) if p.is_file()}
        return self.seed_fds

    def _close_seeds(self) -> None:
        for fd in getattr(self, "seed_fds", {}).values():
            os.close(fd)
        self.seed_fds = {}

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        seeds = self._open_seeds()  # after jupyter_client wrote the connection file
        if self.deno:
            # The kernelspec's environment (DENO_DIR, no update check, no prompt) does not pass --clearenv; the
            # relay's Python finds pyzmq through PYTHONPATH and passes the rest on to Deno.
            env = {**(self.kernel_spec.env or {}), **deno_env(), "PYTHONPATH": str(PYTHON_PACKAGES), **self.env}
            return bwrap_command(relay_command(cmd), self.scratch, self.sockets, env, deno=True, seeds=seeds)
        return bwrap_command([cmd[0], *node_flags(self.scratch), *cmd[1:]], self.scratch, self.sockets, self.env, seeds=seeds)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        _capture_kernel_log(self, kw)
        for port in (self.shell_port, self.iopub_port, self.stdin_port, self.control_port, self.hb_port):
            link = self.sockets / f"k-{port}"
            if not self.deno and not link.is_symlink():
                os.symlink(f"k:{port}", link)
        kw["preexec_fn"] = _limits
        kw["cwd"] = str(self.scratch)
        kw["pass_fds"] = tuple(getattr(self, "seed_fds", {}).values())
        try:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        finally:
            self._close_seeds()  # bubblewrap has copied them (or failed)
        self.process = self.provisioner.process

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart)
        if not restart:
            shutil.rmtree(self.sockets, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources  # what AsyncKernelManager calls it (nbclient uses this name)


class PlainKernelManager(AsyncKernelManager):
    """The unsandboxed fallback: same kernel, same scratch folder as working directory, TCP on localhost."""

    def __init__(self, scratch: Path, env: dict[str, str] | None = None, kernel: str | None = None, **kwargs):
        self.scratch = scratch
        self.deno = is_deno(kernel)
        self.env = {**(deno_env() if self.deno else {}), **(env or {})}
        super().__init__(kernel_name=kernel_name(kernel), connection_file=str(scratch / "connection.json"), **kwargs)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        return without_relay(cmd) if self.deno else [cmd[0], f"--max-old-space-size={HEAP_MB}", *cmd[1:]]

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        _capture_kernel_log(self, kw)
        if os.name == "posix":
            kw["preexec_fn"] = _rlimits
        kw["cwd"] = str(self.scratch)
        kw["env"] = {**kw.get("env", os.environ), **self.env}
        await super()._async_launch_kernel(kernel_cmd, **kw)
        self.process = self.provisioner.process


def kernel_manager(scratch: Path, env: dict[str, str] | None = None, kernel: str | None = None):
    """A kernel manager for one submission whose kernel (`kernel`: "tslab", "deno" or a kernelspec name;
    default $LESSONS_KERNEL, else tslab) works in `scratch`: sandboxed when status() allows."""
    return (SandboxedKernelManager if status().sandboxed else PlainKernelManager)(scratch, env, kernel)


def _capture_kernel_log(km, kw: dict) -> None:
    """The kernel's own stdout/stderr (V8's fatal errors, anything written to fd 1/2) go to a file outside the
    scratch folder instead of the grader's terminal; the grader reads its tail when the kernel dies."""
    km.log_file = tempfile.TemporaryFile()
    km.process = None
    kw["stdout"] = km.log_file
    kw["stderr"] = subprocess.STDOUT


def kernel_log_tail(km, limit: int = 4096) -> str:
    log = getattr(km, "log_file", None)
    if log is None or log.closed:
        return ""
    log.seek(0, os.SEEK_END)
    size = log.tell()
    log.seek(max(0, size - limit))
    return log.read().decode("utf-8", "replace")


def exit_status(km) -> int | None:
    """The kernel process's exit code (negative: killed by that signal), or None while it runs."""
    process = getattr(km, "process", None)
    return None if process is None else process.poll()
