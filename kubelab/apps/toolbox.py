"""The programs on a container's PATH, given to it when it starts.

An image carries a set of programs (busybox's applets, Debian's coreutils, none
at all in a distroless image) and a ``/bin/sh`` of some flavour.  The registry
(:mod:`.images`) turns that into a :class:`Toolbox` when a container starts
(:func:`kubelab.apps.images.app_for`); the running :class:`~.base.App` keeps it,
and ``kubectl exec``, exec probes and lifecycle hooks run through it.  A program
may add commands of its own (``redis-cli`` talks to the redis server next to it).

>>> from kubelab.apps.testing import FakeContext
>>> box = Toolbox.of({"sh", "echo", "cat"})
>>> box.exec(FakeContext(), ["sh", "-c", "echo hi | cat"]).stdout
'hi\\n'
>>> print(box.exec(FakeContext(), ["curl", "x"]).stderr)
OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from . import apt, nslookup
from .base import ExecResult
from .shell import Shell, drain
from .shellio import IO, START_FAILED, BufferSink, Flavour, ShellExit, exec_not_found
from .tools import TOOLS

#: a hook that runs longer than a day never finishes (``sleep infinity``)
_FOREVER = 86400


def not_simulated(sh, argv, io) -> int:
    """A program the image has but kubelab does not model."""
    io.err.write(f"{sh.flavour.name}: {argv[0]}: not simulated in kubelab\n")
    return 127


@dataclass(frozen=True)
class Toolbox:
    """The programs of one image, by name, and how its ``/bin/sh`` behaves."""
    commands: Mapping[str, Callable] = field(default_factory=dict)
    flavour: Flavour = Flavour()

    @classmethod
    def of(cls, names: Iterable[str], flavour: Flavour = Flavour()) -> "Toolbox":
        """The toolbox of an image whose PATH holds these program names."""
        return cls({n: TOOLS.get(n, not_simulated) for n in sorted(names)}, flavour)

    def with_programs(self, extra: Mapping[str, Callable]) -> "Toolbox":
        return self if not extra else Toolbox({**self.commands, **extra}, self.flavour)

    def has(self, argv0: str) -> bool:
        return argv0.rsplit("/", 1)[-1] in self.commands

    def shell(self, ctx, exec_mode: bool = True) -> Shell:
        return Shell(ctx, commands=_Programs(self.commands, ctx), flavour=self.flavour, exec_mode=exec_mode)

    def exec(self, ctx, argv: list[str], stdin: str | None = None, *, tty: bool = False) -> ExecResult:
        """``kubectl exec POD -- argv...``: run a program of the image, at once."""
        if not argv:
            return ExecResult("", "you must specify at least one command for the container\n", START_FAILED)
        if not self.has(argv[0]) and apt.installed(ctx, argv[0], _APT, not_simulated) is None:
            return ExecResult("", exec_not_found(argv[0]), START_FAILED)
        out, err = BufferSink(), BufferSink()
        shell = self.shell(ctx)
        shell.tty = tty                       # tools that format differently on a terminal look at it
        status = drain(shell.run_argv(list(argv), IO(stdin, out, err)))
        return ExecResult(out.text(), err.text(), status)

    def exec_timed(self, ctx, argv: list[str]) -> tuple[ExecResult, float]:
        """Run a lifecycle hook's command: its result and how long its ``sleep``s
        make it take (a preStop ``sleep 5`` delays SIGTERM by 5 s)."""
        if not argv or not self.has(argv[0]):
            return self.exec(ctx, argv), 0.0
        out, err = BufferSink(), BufferSink()
        gen = self.shell(ctx, exec_mode=False).run_argv(list(argv), IO(None, out, err))
        seconds = 0.0
        while True:
            try:
                delay = next(gen)
            except StopIteration as stop:
                code = stop.value or 0
                break
            except ShellExit as e:
                code = e.code
                break
            if not math.isfinite(delay) or seconds > _FOREVER:
                return ExecResult(out.text(), err.text(), 137), math.inf
            seconds += delay
        return ExecResult(out.text(), err.text(), int(code)), seconds


#: what apt installs runs as these (Debian's nslookup is BIND's, from dnsutils)
_APT = {**TOOLS, "nslookup": nslookup.bind}


class _Programs(Mapping):
    """The programs a container's shell finds: its image's, and those apt installed since."""

    def __init__(self, image: Mapping[str, Callable], ctx):
        self.image, self.ctx = image, ctx

    def __getitem__(self, name: str) -> Callable:
        fn = self.image.get(name) or apt.installed(self.ctx, name, _APT, not_simulated)
        if fn is None:
            raise KeyError(name)
        return fn

    def __iter__(self):
        return iter(self.image)

    def __len__(self) -> int:
        return len(self.image)


#: what a container of an image kubelab does not know gets: no programs at all
EMPTY = Toolbox()
