"""A shell that reads its commands as they are typed: ``kubectl exec -it POD -- sh``,
``kubectl run -it --image=busybox x -- sh`` (the container's own ``sh``, attached).

Two parts, as on a real node:

* :class:`Terminal`, the pty's line discipline in cooked mode (what a container
  with ``tty: true`` gets): it echoes what is typed, edits the line (Backspace,
  Ctrl-U), hands over a line at Enter, turns Ctrl-D on an empty line into end of
  input and Ctrl-C into an interrupt, and writes ``\\r\\n`` for each newline the
  program prints.  Without a tty, input arrives as it is sent, with no echo.
* :class:`Console`, the shell process reading that input: each complete line
  (or several lines, for an ``if ... fi`` typed over several) runs at once, its
  output appended to :attr:`Console.output`; with a tty it prints a prompt
  (busybox ash ``/ # ``, Debian's bash ``root@POD:/# ``, dash ``# ``) before each
  command and ``> `` while a command is unfinished.  ``exit [N]`` or the end of
  input ends it (:attr:`Console.exit_code`).

Commands run to completion at once (a ``sleep`` returns immediately), as
``kubectl exec`` does in the kit; a command that reads stdin gets none.

>>> from kubelab.apps.testing import FakeContext
>>> from kubelab.apps.toolbox import Toolbox
>>> c = Console(Toolbox.of({"sh", "echo", "cat"}).shell(FakeContext()), tty=True)
>>> c.take()
'/ # '
>>> c.write("echo hi\\r")
>>> c.take()
'echo hi\\r\\nhi\\r\\n/ # '
>>> c.write("exit 3\\r"); c.exit_code
3
"""
from __future__ import annotations

from typing import Callable

from . import shellparse as sp
from .shellio import IO, ShellExit, Sink

#: argv[0] names that start a shell, and the flags that keep it reading stdin
SHELLS = frozenset({"sh", "ash", "bash", "dash", "zsh"})
INTERACTIVE_FLAGS = frozenset({"-i", "-l", "--login", "-il", "-li", "-"})

ETX, EOT, BS, DEL, NAK = "\x03", "\x04", "\x08", "\x7f", "\x15"


def is_interactive_shell(argv: list[str] | tuple[str, ...]) -> bool:
    """``sh``, ``/bin/bash -l``, ...: a shell with no script, reading its stdin."""
    return bool(argv) and argv[0].rsplit("/", 1)[-1] in SHELLS and all(a in INTERACTIVE_FLAGS for a in argv[1:])


class Terminal:
    """A pty's line discipline (ICANON, ECHO, ONLCR), or a plain pipe without a tty."""

    def __init__(self, tty: bool):
        self.tty = tty
        self.line = ""

    def input(self, data: str) -> tuple[str, list[str | None]]:
        """What typing ``data`` echoes, and what the program reads: complete lines
        (with their newline), ``None`` for end of input, ``ETX`` for an interrupt."""
        events = self.events(data)
        return ("".join(t for kind, t in events if kind == "echo"),
                [t for kind, t in events if kind == "read"])

    def events(self, data: str) -> list[tuple[str, str | None]]:
        """The same, in the order it happens: ("echo", text) and ("read", line | None | ETX)."""
        if not self.tty:
            self.line += data
            *lines, self.line = self.line.split("\n")
            return [("read", line + "\n") for line in lines]
        out: list[tuple[str, str | None]] = []
        echo = out.append
        for ch in data:
            if ch in "\r\n":
                echo(("echo", "\r\n"))
                echo(("read", self.line + "\n"))
                self.line = ""
            elif ch == EOT:
                echo(("read", self.line if self.line else None))   # mid-line: hands over what is typed
                self.line = ""
            elif ch == ETX:
                echo(("echo", "^C\r\n"))
                echo(("read", ETX))
                self.line = ""
            elif ch in (DEL, BS):
                if self.line:
                    self.line = self.line[:-1]
                    echo(("echo", "\b \b"))
            elif ch == NAK:
                echo(("echo", "\b \b" * len(self.line)))
                self.line = ""
            elif ch == "\x1b" or ch < " " and ch != "\t":
                continue                             # arrow keys and other controls: not simulated
            else:
                self.line += ch
                echo(("echo", ch))
        return out

    def output(self, text: str) -> str:
        return text.replace("\r\n", "\n").replace("\n", "\r\n") if self.tty else text


class Console:
    """An interactive shell process: ``write`` what is typed, ``take`` what it showed."""

    def __init__(self, shell, tty: bool, hostname: str = ""):
        self.shell = shell
        self.shell.tty = tty
        self.terminal = Terminal(tty)
        self.hostname = hostname
        self.pending = ""                 # lines of an unfinished command
        self.output: list[str] = []       # what the terminal shows (stdout; with a tty stderr too)
        self.errors: list[str] = []       # stderr, without a tty
        self._taken = self._taken_err = 0
        self.exit_code: int | None = None
        #: called with each piece of output as it is shown, and once more ("") at the end
        self.on_output: Callable[[str], None] | None = None
        if tty:
            self._show(self.prompt())

    # ------------------------------------------------------------ what is shown
    def prompt(self) -> str:
        if self.pending:
            return "> "
        kind, cwd = self.shell.flavour.kind, self.shell.cwd
        home = self.shell.vars.get("HOME", "")
        short = "~" + cwd[len(home):] if home and home != "/" and (cwd == home or cwd.startswith(home + "/")) else cwd
        root = self.shell.vars.get("USER", "root") == "root"
        sign = "#" if root else "$"
        if kind == "bash":
            return f"{'root' if root else self.shell.vars.get('USER', '')}@{self.hostname}:{short}{sign} "
        if kind == "dash":
            return f"{sign} "
        return f"{short} {sign} "

    def _show(self, text: str, stderr: bool = False, raw: bool = False) -> None:
        if text:
            text = text if raw else self.terminal.output(text)
            (self.errors if stderr and not self.terminal.tty else self.output).append(text)
            if self.on_output is not None:
                self.on_output(text)

    def peek(self) -> str:
        """Everything shown so far."""
        return "".join(self.output)

    def take(self) -> str:
        """What was shown (stdout) since the last call."""
        out = "".join(self.output[self._taken:])
        self._taken = len(self.output)
        return out

    def take_errors(self) -> str:
        """What went to stderr since the last call (without a tty; with one it is in ``take``)."""
        err = "".join(self.errors[self._taken_err:])
        self._taken_err = len(self.errors)
        return err

    @property
    def done(self) -> bool:
        return self.exit_code is not None

    # ------------------------------------------------------------ input
    def write(self, data: str) -> None:
        if self.done:
            return
        for kind, item in self.terminal.events(data):
            if self.done:
                return
            if kind == "echo":
                self._show(item, raw=True)
            elif item is None:
                self.close()
            elif item == ETX:
                self.pending = ""
                self._show(self.prompt())
            else:
                self._line(item)

    def close(self) -> None:
        """End of input (Ctrl-D, or the client closed stdin): the shell exits."""
        if self.done:
            return
        if self.pending:
            self._run(self.pending)
            self.pending = ""
        if not self.done:
            if self.terminal.tty:                 # the shell leaves its prompt's line
                self._show("exit\n" if self.shell.flavour.kind == "bash" else "\n")
            self._end(self.shell.status)

    def _end(self, code: int) -> None:
        self.exit_code = code
        if self.on_output is not None:
            self.on_output("")

    def _line(self, line: str) -> None:
        text = self.pending + line
        try:
            sp.parse(text)
        except sp.ShellSyntaxError as e:
            if "end of file" in str(e) or "unterminated" in str(e):
                self.pending = text                   # the command goes on on the next line
                if self.terminal.tty:
                    self._show(self.prompt())
                return
        self.pending = ""
        self._run(text)
        if not self.done and self.terminal.tty:
            self._show(self.prompt())

    def _run(self, text: str) -> None:
        if not text.strip():
            return
        out, err = _Shown(self, False), _Shown(self, True)
        io = IO(None, out, err)
        try:
            tree = sp.parse(text)
        except sp.ShellSyntaxError as e:
            err.write(self.shell.flavour.syntax(str(e)))
            self.shell.status = 2
            return
        gen = self.shell.run(tree, io)
        try:
            while True:
                next(gen)                              # sleeps return at once, as in an exec
        except StopIteration as stop:
            self.shell.status = stop.value or 0
        except ShellExit as e:
            if self.terminal.tty and self.shell.flavour.kind == "bash":
                self._show("exit\n")
            self._end(e.code)


class _Shown(Sink):
    def __init__(self, console: Console, stderr: bool):
        self.console, self.stderr = console, stderr

    def write(self, text: str) -> None:
        self.console._show(text, self.stderr)


__all__ = ["Console", "Terminal", "is_interactive_shell"]
