"""What a simulated shell and the programs it runs share: output sinks, the
I/O of one command, how the image's ``/bin/sh`` words its errors, and the
exception ``exit`` raises.  A leaf module: the shell, its builtins and the
image utilities all import it, and it imports none of them."""
from __future__ import annotations

from dataclasses import dataclass, field

#: ExecResult.exit_code when the runtime could not start the process at all
#: (missing binary).  ``kubectl exec`` then prints ``error: Internal error
#: occurred: error executing command in container: failed to exec in
#: container: failed to start exec "<id>": <stderr>`` and exits 1.
START_FAILED = -1


class ShellExit(Exception):
    def __init__(self, code: int):
        self.code = code


class Sink:
    def write(self, text: str) -> None:
        raise NotImplementedError


class BufferSink(Sink):
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


class NullSink(Sink):
    def write(self, text: str) -> None:
        pass


class LogSink(Sink):
    """Container stdout/stderr: complete lines go to ``ctx.log``."""

    def __init__(self, ctx) -> None:
        self.ctx, self.pending = ctx, ""

    def write(self, text: str) -> None:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.ctx.log(line)

    def flush(self) -> None:
        if self.pending:
            self.ctx.log(self.pending)
            self.pending = ""


@dataclass
class IO:
    stdin: str | None
    out: Sink
    err: Sink
    env: dict = field(default_factory=dict)    # extra env for this command only


@dataclass(frozen=True)
class Flavour:
    """Which shell the image's ``/bin/sh`` is, for its wording and its ``echo``.

    ``kind`` is ``ash`` (busybox: Alpine, busybox), ``dash`` (Debian and Ubuntu's
    /bin/sh) or ``bash``; ``name`` is what the shell calls itself in messages.
    """
    name: str = "sh"
    kind: str = "ash"

    def not_found(self, cmd: str, interactive: bool = False) -> str:
        """``interactive``: typed at a terminal, where bash names no line."""
        if self.kind == "dash":
            return f"{self.name}: 1: {cmd}: not found\n"
        if self.kind == "bash" and interactive:
            return f"{self.name}: {cmd}: command not found\n"
        if self.kind == "bash":
            return f"{self.name}: line 1: {cmd}: command not found\n"
        return f"{self.name}: {cmd}: not found\n"

    def syntax(self, msg: str) -> str:
        if self.kind == "dash":
            return f"{self.name}: 1: {msg}\n"
        if self.kind == "bash":
            return f"{self.name}: -c: line 1: {msg}\n"
        return f"{self.name}: {msg}\n"


def exec_not_found(argv0: str) -> str:
    """What containerd/runc say when the exec'd binary does not exist."""
    if argv0.startswith("/"):
        return (f"OCI runtime exec failed: exec failed: unable to start container process: "
                f"exec: \"{argv0}\": stat {argv0}: no such file or directory: unknown")
    return (f"OCI runtime exec failed: exec failed: unable to start container process: "
            f"exec: \"{argv0}\": executable file not found in $PATH: unknown")
