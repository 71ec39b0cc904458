"""A small POSIX shell over simulated time, for container commands and ``kubectl exec``.

Every executor is a generator: it *yields* a number of seconds whenever the
script sleeps and *returns* an exit status.  A long-running container
(:class:`kubelab.apps.busybox.ShellApp`) resumes it from ``ctx.schedule``; an
exec (:meth:`kubelab.apps.toolbox.Toolbox.exec`) drains it at once, because the
cluster clock cannot move during one ``kubectl exec`` call (so ``sleep`` in an
exec returns immediately; documented simplification).

The shell knows its builtins (:mod:`.builtins`); every other command is a
program of the container's image, handed to it as ``commands`` when the
container starts (:mod:`.toolbox`).  It never asks which image it runs in.

>>> from kubelab.apps.testing import FakeContext
>>> from kubelab.apps.toolbox import Toolbox
>>> Toolbox.of({"sh"}).exec(FakeContext(env={"GREETING": "hi"}), ["sh", "-c", 'echo "$GREETING there" && exit 3'])
ExecResult(stdout='hi there\\n', stderr='', exit_code=3)

Not simulated: globbing, functions, here-documents, job control (``&`` runs
the command to completion), ``trap`` (accepted and ignored: a shell that is
PID 1 and sleeping would only run it after the sleep anyway).
"""
from __future__ import annotations

import ast
import operator
import re
from types import GeneratorType
from typing import Callable, Mapping

from . import shellparse as sp
from .builtins import BUILTINS
from .shellio import START_FAILED, IO, BufferSink, Flavour, NullSink, ShellExit, Sink

__all__ = ["Shell", "drain", "Flavour", "IO", "ShellExit", "BufferSink", "START_FAILED"]

#: A loop that never sleeps still takes time: every BUSY_STEPS commands the
#: long-running shell yields BUSY_PAUSE simulated seconds.
BUSY_STEPS, BUSY_PAUSE = 200, 1.0
#: An exec that would run forever is stopped after this many commands.
EXEC_STEP_LIMIT = 20000


def drain(gen) -> int:
    """Run a shell generator to the end, ignoring its sleeps."""
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value or 0


class Shell:
    """One shell process: variables, working directory, last status."""

    def __init__(self, ctx, *, commands: Mapping[str, Callable] | None = None,
                 flavour: Flavour | None = None, exec_mode: bool = True,
                 positional: list[str] | None = None):
        self.ctx = ctx
        self.vars: dict[str, str] = dict(ctx.env)
        self.exported: set[str] = set(ctx.env)
        #: the programs on the image's PATH, by name (builtins come first)
        self.commands: Mapping[str, Callable] = commands or {}
        self.flavour = flavour or Flavour()
        self.exec_mode = exec_mode
        self.positional = list(positional or [])
        self.status = 0
        self.cwd = "/"
        self.steps = 0
        self.busy = 0
        self.tty = False
        self.session = False           # the shell of a terminal (kubectl exec -it POD -- sh)

    # ------------------------------------------------------------- entry points
    def run_script(self, text: str, io: IO):
        try:
            tree = sp.parse(text)
        except sp.ShellSyntaxError as e:
            io.err.write(self.flavour.syntax(str(e)))
            return 2
        try:
            return (yield from self.run(tree, io))
        except ShellExit as e:
            return e.code

    def run_argv(self, argv: list[str], io: IO):
        try:
            return (yield from self.call(list(argv), io))
        except ShellExit as e:
            return e.code

    # ---------------------------------------------------------------- execution
    def run(self, node, io: IO):
        if isinstance(node, sp.Seq):
            status = 0
            for item in node.items:
                status = yield from self.run(item, io)
            return status
        if isinstance(node, sp.AndOr):
            status = yield from self.pipeline(node.first, io)
            for op, pipe in node.rest:
                if (op == "&&") == (status == 0):
                    status = yield from self.pipeline(pipe, io)
            return status
        if isinstance(node, sp.Loop):
            status = 0
            while True:
                cond = yield from self.run(node.cond, io)
                if (cond == 0) == node.until:
                    return status
                status = yield from self.run(node.body, io)
        if isinstance(node, sp.If):
            for cond, body in node.branches:
                if (yield from self.run(cond, io)) == 0:
                    return (yield from self.run(body, io))
            return (yield from self.run(node.orelse, io)) if node.orelse else 0
        if isinstance(node, sp.For):
            items = self.positional if node.words is None else [f for w in node.words for f in self.expand(w)]
            status = 0
            for item in items:
                self.vars[node.name] = item
                status = yield from self.run(node.body, io)
            return status
        if isinstance(node, sp.Group):
            io2, finish = self.redirect(node.redirs, io)
            if io2 is None:
                return 1
            if node.subshell:
                sub = self.fork()
                try:
                    status = yield from sub.run(node.body, io2)
                except ShellExit as e:
                    status = e.code
            else:
                status = yield from self.run(node.body, io2)
            finish()
            return status
        if isinstance(node, sp.Pipeline):
            return (yield from self.pipeline(node, io))
        raise TypeError(node)

    def pipeline(self, pipe: sp.Pipeline, io: IO):
        # Stages run one after the other, each reading the previous one's output.
        stdin, status = io.stdin, 0
        for k, cmd in enumerate(pipe.commands):
            last = k == len(pipe.commands) - 1
            out = io.out if last else BufferSink()
            stage = IO(stdin, out, io.err)
            if isinstance(cmd, sp.Simple):
                status = yield from self.simple(cmd, stage)
            else:
                status = yield from self.run(cmd, stage)
            stdin = None if last else out.text()
        status = int(not status) if pipe.negate else status
        self.status = status
        return status

    def simple(self, cmd: sp.Simple, io: IO):
        yield from self.tick()
        argv = [f for w in cmd.words for f in self.expand(w)]
        assigns = {name: self.expand(value, split=False)[0] if value else "" for name, value in cmd.assigns}
        io2, finish = self.redirect(cmd.redirs, io)
        if io2 is None:
            self.status = 1
            return 1
        if not argv:
            self.vars.update(assigns)
            finish()
            return self.status if cmd.words else 0
        io2.env = assigns
        status = yield from self.call(argv, io2)
        finish()
        self.status = status
        return status

    def call(self, argv: list[str], io: IO):
        """Run one command: a builtin by its name, else a program of the image
        found by name (``ls``) or by an absolute path (``/bin/ls``)."""
        name = argv[0]
        fn: Callable | None = BUILTINS.get(name)
        if fn is None:
            base = name.rsplit("/", 1)[-1]
            if base == name or name.startswith("/"):
                fn = self.commands.get(base)
        if fn is None:
            io.err.write(self.flavour.not_found(name, self.session))
            return 127
        result = fn(self, argv, io)
        if isinstance(result, GeneratorType):
            result = yield from result
        return int(result or 0)

    def tick(self):
        """Count work so endless loops neither hang the notebook nor stop the clock."""
        self.steps += 1
        self.busy += 1
        if self.exec_mode and self.steps > EXEC_STEP_LIMIT:
            raise ShellExit(124)
        if not self.exec_mode and self.busy >= BUSY_STEPS:
            yield from self.sleep(BUSY_PAUSE)

    def sleep(self, seconds: float):
        self.busy = 0
        if seconds > 0 and not self.exec_mode:
            yield seconds

    def fork(self) -> "Shell":
        sub = Shell(self.ctx, commands=self.commands, flavour=self.flavour,
                    exec_mode=self.exec_mode, positional=self.positional)
        sub.vars, sub.exported, sub.cwd = dict(self.vars), set(self.exported), self.cwd
        sub.steps = self.steps
        return sub

    def environ(self, io: IO) -> dict[str, str]:
        env = {k: v for k, v in self.vars.items() if k in self.exported}
        env.update(io.env)
        return env

    def path(self, p: str) -> str:
        if not p.startswith("/"):
            p = (self.cwd.rstrip("/") + "/" + p)
        parts: list[str] = []
        for seg in p.split("/"):
            if seg in ("", "."):
                continue
            if seg == "..":
                parts and parts.pop()
            else:
                parts.append(seg)
        return "/" + "/".join(parts)

    # ---------------------------------------------------------------- redirects
    def redirect(self, redirs: list, io: IO):
        """A new IO for the command and a function that writes files afterwards."""
        out, err, stdin = io.out, io.err, io.stdin
        pending: list[tuple[str, BufferSink, bool]] = []
        for op, word in redirs:
            if op == "2>&1":
                err = out
                continue
            if op in (">&2", "1>&2"):
                out = err
                continue
            target = self.expand(word, split=False)[0]
            if op == "<":
                text = self.ctx.fs.read(self.path(target))
                if text is None:
                    io.err.write(f"{self.flavour.name}: can't open '{target}': no such file\n")
                    return None, None
                stdin = text
                continue
            if target == "/dev/null":
                sink: Sink = NullSink()
            elif target in ("/dev/stdout", "/proc/self/fd/1"):
                sink = io.out
            elif target in ("/dev/stderr", "/proc/self/fd/2"):
                sink = io.err
            else:
                path = self.path(target)
                append = op.endswith(">>")
                if not self.ctx.fs.write(path, "", append=True):
                    io.err.write(f"{self.flavour.name}: can't create {target}: Read-only file system\n")
                    return None, None
                if not append:
                    self.ctx.fs.write(path, "")
                sink = BufferSink()
                pending.append((path, sink, append))
            if op.startswith("2"):
                err = sink
            else:
                out = sink

        def finish() -> None:
            for path, buf, _ in pending:
                self.ctx.fs.write(path, buf.text(), append=True)
        return IO(stdin, out, err, dict(io.env)), finish

    # ---------------------------------------------------------------- expansion
    def expand(self, word, split: bool = True) -> list[str]:
        """Expand one word into fields (quotes removed, variables substituted)."""
        pieces: list[tuple[str, bool]] = []
        for kind, raw in word:
            if kind == "s":
                pieces.append((raw, False))
            elif kind == "d":
                pieces.append((self.expand_text(raw, quoted=True), False))
            else:
                for text, is_expansion in self._expand_unquoted(raw):
                    pieces.append((text, is_expansion and split))
        fields: list[str] = []
        cur: str | None = None
        for text, splittable in pieces:
            if not splittable:
                cur = (cur or "") + text
                continue
            for k, chunk in enumerate(re.split(r"[ \t\n]+", text)):
                if k > 0 and cur is not None:
                    fields.append(cur)
                    cur = None
                if chunk:
                    cur = (cur or "") + chunk
        if cur is not None:
            fields.append(cur)
        return fields if split else ["".join(fields) if fields else ""]

    def _expand_unquoted(self, raw: str):
        i, lit = 0, ""
        while i < len(raw):
            if raw[i] == "$":
                value, j = self._dollar(raw, i)
                if j > i:
                    if lit:
                        yield lit, False
                        lit = ""
                    yield value, True
                    i = j
                    continue
            lit += raw[i]
            i += 1
        if lit:
            yield lit, False

    def expand_text(self, raw: str, quoted: bool = True) -> str:
        out, i = [], 0
        while i < len(raw):
            c = raw[i]
            if c == "\\" and i + 1 < len(raw) and raw[i + 1] in '$`"\\\n':
                out.append(raw[i + 1] if raw[i + 1] != "\n" else "")
                i += 2
            elif c == "$":
                value, j = self._dollar(raw, i)
                out.append(value if j > i else "$")
                i = max(j, i + 1)
            else:
                out.append(c)
                i += 1
        return "".join(out)

    def _dollar(self, raw: str, i: int) -> tuple[str, int]:
        """The value of the expansion starting at raw[i] == '$' and where it ends."""
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if raw.startswith("$((", i):
            end = sp._scan_dollar(raw, i)
            return str(self.arith(raw[i + 3:end - 2])), end
        if nxt == "(":
            end = sp._scan_dollar(raw, i)
            return self.substitute(raw[i + 2:end - 1]), end
        if nxt == "{":
            end = sp._scan_dollar(raw, i)
            return self._braced(raw[i + 2:end - 1]), end
        if nxt and nxt in "?$#@*!0123456789":
            return self._special(nxt), i + 2
        m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", raw[i + 1:])
        if m:
            return self.vars.get(m.group(0), ""), i + 1 + m.end()
        return "$", i          # a lone "$" is not an expansion: the caller keeps it

    def _special(self, c: str) -> str:
        if c == "?":
            return str(self.status)
        if c == "$":
            return "1"                            # the shell is PID 1 in its container
        if c == "#":
            return str(len(self.positional))
        if c in "@*":
            return " ".join(self.positional)
        if c == "0":
            return self.flavour.name
        if c == "!":
            return ""
        k = int(c)
        return self.positional[k - 1] if 0 < k <= len(self.positional) else ""

    def _braced(self, body: str) -> str:
        if body.startswith("#"):
            return str(len(self.vars.get(body[1:], "")))
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*|[?$#@*0-9])(:?[-=+?])?(.*)$", body, re.S)
        if not m:
            return ""
        name, op, arg = m.groups()
        value = self._special(name) if not (name[0].isalpha() or name[0] == "_") else self.vars.get(name)
        unset = value is None or (op and op.startswith(":") and value == "")
        arg_value = self.expand_text(arg) if op else ""
        if op in ("-", ":-"):
            return arg_value if unset else value
        if op in ("=", ":="):
            if unset:
                self.vars[name] = arg_value
                return arg_value
            return value
        if op in ("+", ":+"):
            return "" if unset else arg_value
        return value or ""

    def substitute(self, script: str) -> str:
        sub = self.fork()
        buf = BufferSink()
        status = drain(sub.run_script(script, IO(None, buf, BufferSink())))
        self.status = status
        return buf.text().rstrip("\n")

    def arith(self, expr: str) -> int:
        expr = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: self.vars.get(m.group(1), "0") or "0", expr)
        expr = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", lambda m: self.vars.get(m.group(0), "0") or "0", expr)
        return _safe_eval(expr)


_ARITH_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.FloorDiv: operator.floordiv, ast.Div: operator.floordiv, ast.Mod: operator.mod,
              ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Lt: operator.lt,
              ast.Gt: operator.gt, ast.LtE: operator.le, ast.GtE: operator.ge,
              ast.Eq: operator.eq, ast.NotEq: operator.ne}


def _safe_eval(expr: str) -> int:
    """Integer arithmetic of ``$(( ))`` without Python's eval."""
    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH_OPS:
            return int(_ARITH_OPS[type(node.op)](ev(node.left), ev(node.right)))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _ARITH_OPS:
            return _ARITH_OPS[type(node.op)](ev(node.operand))
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _ARITH_OPS:
            return int(_ARITH_OPS[type(node.ops[0])](ev(node.left), ev(node.comparators[0])))
        raise ValueError(expr)
    try:
        return ev(ast.parse(expr.replace("/", "//").replace("////", "//").strip() or "0", mode="eval"))
    except (SyntaxError, ValueError, ZeroDivisionError):
        return 0
