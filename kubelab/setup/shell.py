"""A small bash for the simulated machines: the notes' shell lines, verbatim.

The notes type lines such as::

    export POD_NAME=$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')
    echo Name of the Pod: $POD_NAME
    kubectl get pods | grep hello

:func:`run` reads them as bash does for what the notes need: quoting (``'…'`` is
literal, ``"…"`` expands), ``$VAR`` / ``${VAR}`` and ``$(…)`` command
substitution (split into words outside double quotes, trailing newlines
dropped), ``VAR=value`` and ``export``, pipelines ``|``, lists ``;`` ``&&``
``||`` and newlines, one-line ``for X in …; do …; done`` loops, ``\\`` continuations, comments, and the redirections
``2>&1``, ``2>/dev/null``, ``>/dev/null``.  A few text tools work on a
pipeline's text (``echo``, ``grep``, ``head``, ``tail``, ``wc -l``); every
other command goes to the machine (:mod:`kubelab.setup.machines`: kubeadm,
kubectl, docker, minikube and its coreutils).  Nothing runs on the real host.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..result import Result
from . import machines
from .host import Machine

OPERATORS = ("&&", "||", ";", "|", "\n")
FOR_LOOP = re.compile(r"^\s*for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(.*?)\s*;\s*do\s+(.*?)\s*;?\s*done\s*$")


@dataclass
class _Word:
    text: str = ""
    quoted: bool = False           # any quoting seen: "" is a word, unquoted nothing is not
    fields: list[str] | None = None  # an unquoted $(…) split the word into several


@dataclass
class _Command:
    argv: list[str] = field(default_factory=list)
    merge_stderr: bool = False     # 2>&1
    drop_stderr: bool = False      # 2>/dev/null
    drop_stdout: bool = False      # >/dev/null
    redirect: str | None = None    # > FILE ("" while the file name is still to come)
    append: bool = False           # >> FILE


class ShellError(Exception):
    pass


def run(cluster, machine: Machine, text: str, stdin: str | None = None) -> Result:
    """Run ``text`` on ``machine`` as bash would; the result holds both streams in order."""
    try:
        return _Shell(cluster, machine).run_list(text, stdin)
    except ShellError as err:
        return Result("", f"bash: {err}\n", 2)


class _Shell:
    def __init__(self, cluster, machine: Machine):
        self.cluster, self.m = cluster, machine
        self.transcript: list[tuple[str, str]] = []

    # ---------------------------------------------------------------- lists
    def run_list(self, text: str, stdin: str | None) -> Result:
        """Run the text; a one-line ``for X in WORDS; do BODY; done`` repeats BODY."""
        text = text.replace("\\\n", "")
        chunk: list[str] = []
        code = 0
        for line in text.split("\n") + [None]:
            m = FOR_LOOP.match(line) if line is not None else None
            if line is not None and m is None:
                chunk.append(line)
                continue
            if chunk:
                code = self._run_text("\n".join(chunk), stdin)
                chunk = []
            if m is not None:
                for value in self._expand(self._lex(m.group(2))).argv:
                    self.m.env[m.group(1)] = value
                    code = self._run_text(m.group(3), stdin)
        out = "".join(t for s, t in self.transcript if s == "stdout")
        err = "".join(t for s, t in self.transcript if s == "stderr")
        return Result(out, err, code, tuple(self.transcript))

    def _run_text(self, text: str, stdin: str | None) -> int:
        tokens = self._lex(text) + [";"]
        code, run_next, pipeline = 0, True, []
        for t in tokens:
            if t not in ("&&", "||", ";", "\n"):
                pipeline.append(t)
                continue
            if pipeline and run_next:
                code = self._pipeline(pipeline, stdin)
            if pipeline or t in (";", "\n"):
                run_next = t in (";", "\n") or (t == "&&") == (code == 0)
            pipeline = []
        return code

    def _pipeline(self, tokens: list, stdin: str | None) -> int:
        commands, current = [], []
        for t in tokens + ["|"]:
            if t == "|":
                if not current:
                    raise ShellError("syntax error near unexpected token `|'")
                commands.append(current)
                current = []
            else:
                current.append(t)
        data, code = stdin, 0
        for n, words in enumerate(commands):
            cmd = self._expand(words)
            last = n == len(commands) - 1
            r = self._command(cmd.argv, data)
            code = r.returncode
            piped: list[str] = []          # to the next command, or to the file
            for stream, text in r.transcript or (("stdout", r.stdout), ("stderr", r.stderr)):
                if not text or (stream == "stderr" and cmd.drop_stderr) or (stream == "stdout" and cmd.drop_stdout):
                    continue
                as_stdout = stream == "stdout" or cmd.merge_stderr
                if as_stdout and (not last or cmd.redirect):
                    piped.append(text)
                else:
                    self.transcript.append(("stdout" if as_stdout else "stderr", text))
            data = "".join(piped)
            if cmd.redirect:
                path = machines.abspath(self.m, cmd.redirect)
                self.m.write(path, data, cmd.append)
                data = ""
        return code

    # ---------------------------------------------------------------- commands
    def _command(self, argv: list[str], stdin: str | None) -> Result:
        assigns = []
        while argv and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", argv[0]):
            assigns.append(argv.pop(0))
        if not argv:
            for a in assigns:
                k, _, v = a.partition("=")
                self.m.env[k] = v
            return Result()
        while argv and argv[0] == "sudo":
            argv = argv[1:]
        tool = TOOLS.get(argv[0])
        if tool is not None:
            return tool(self, argv[1:], stdin)
        if argv[0] == "kubectl" and self.cluster.profile != "bare" and self.m.kubeconfig_path() not in self.m.files:
            # the learner's laptop in the chapters: the same kubectl as %kubectl
            return self.m.kubectl(argv[1:], None, stdin)
        return machines.run_argv(self.cluster, self.m, argv)

    # ---------------------------------------------------------------- words
    def _lex(self, text: str) -> list:
        """Tokens: operator strings, or lists of raw word pieces to expand later."""
        tokens: list = []
        i, n = 0, len(text)
        word: list[tuple[str, str]] | None = None
        while i < n:
            c = text[i]
            if c in " \t":
                if word is not None:
                    tokens.append(word)
                    word = None
                i += 1
                continue
            if c == "#" and word is None:
                while i < n and text[i] != "\n":
                    i += 1
                continue
            op = next((o for o in ("&&", "||", ";", "|", "\n") if text.startswith(o, i)), None)
            if op is not None:
                if word is not None:
                    tokens.append(word)
                    word = None
                tokens.append(op)
                i += len(op)
                continue
            word = word if word is not None else []
            if c == "'":
                end = text.find("'", i + 1)
                if end < 0:
                    raise ShellError("unexpected EOF while looking for matching `''")
                word.append(("single", text[i + 1:end]))
                i = end + 1
            elif c == '"':
                end = _closing_quote(text, i)
                word.append(("double", text[i + 1:end]))
                i = end + 1
            elif c == "\\" and i + 1 < n:
                word.append(("single", text[i + 1]))
                i += 2
            elif text.startswith("$(", i):
                end = _closing_paren(text, i + 1)
                word.append(("subst", text[i + 2:end]))
                i = end + 1
            else:
                j = i + 1          # a lone "&" (as in 2>&1) is part of the word
                while (j < n and text[j] not in " \t'\"\\;|\n" and not text.startswith("$(", j)
                       and not text.startswith("&&", j)):
                    j += 1
                word.append(("plain", text[i:j]))
                i = j
        if word is not None:
            tokens.append(word)
        return tokens

    def _expand(self, words: list) -> _Command:
        cmd = _Command()
        for pieces in words:
            raw = "".join(t for k, t in pieces) if all(k == "plain" for k, _ in pieces) else None
            if raw in ("2>&1",):
                cmd.merge_stderr = True
                continue
            if raw in ("2>/dev/null",):
                cmd.drop_stderr = True
                continue
            if raw in (">/dev/null", "1>/dev/null"):
                cmd.drop_stdout = True
                continue
            if cmd.redirect == "":
                cmd.redirect = self._word(pieces)
                continue
            if raw is not None and re.fullmatch(r"1?>>?.*", raw):
                cmd.append = ">>" in raw
                target = raw.lstrip("1").lstrip(">")
                cmd.redirect = target if target else ""
                continue
            fields, current, quoted = [], "", False
            for kind, text in pieces:
                if kind == "single":
                    current, quoted = current + text, True
                elif kind == "double":
                    current, quoted = current + self._vars(text, in_double=True), True
                elif kind == "subst":
                    current = _split_into(fields, current, self._subst(text))
                else:
                    for literal, value in self._plain(text):
                        current = current + literal if value is None else _split_into(fields, current, value)
            if current or quoted:
                fields.append(current)
            cmd.argv += fields
        return cmd

    def _word(self, pieces) -> str:
        fields: list[str] = []
        current = ""
        for kind, text in pieces:
            if kind == "single":
                current += text
            elif kind == "double":
                current += self._vars(text, in_double=True)
            elif kind == "subst":
                current += self._subst(text)
            else:
                current += "".join(lit if val is None else val for lit, val in self._plain(text))
        return current

    def _plain(self, text: str):
        """(literal, None) and (None-literal '', variable value) pieces of an unquoted word part."""
        env = {"HOME": self.m.home, "USER": self.m.user, **self.m.env}
        at = 0
        for m in re.finditer(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))", text):
            yield text[at:m.start()], None
            yield "", env.get(m.group(1) or m.group(2), "")
            at = m.end()
        yield text[at:], None

    def _vars(self, text: str, in_double: bool) -> str:
        env = {"HOME": self.m.home, "USER": self.m.user, **self.m.env}
        out, i = [], 0
        while i < len(text):
            if text.startswith("$(", i):
                end = _closing_paren(text, i + 1)
                out.append(self._subst(text[i + 2:end]))
                i = end + 1
                continue
            m = re.match(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))", text[i:])
            if m:
                out.append(env.get(m.group(1) or m.group(2), ""))
                i += m.end()
            elif in_double and text[i] == "\\" and i + 1 < len(text) and text[i + 1] in '$"\\`':
                out.append(text[i + 1])
                i += 2
            else:
                out.append(text[i])
                i += 1
        return "".join(out)

    def _subst(self, text: str) -> str:
        inner = _Shell(self.cluster, self.m)
        r = inner.run_list(text, None)
        self.transcript += [(s, t) for s, t in inner.transcript if s == "stderr"]
        return r.stdout.rstrip("\n")


def _split_into(fields: list[str], current: str, value: str) -> str:
    """Field splitting of an unquoted expansion: its words join the word being built."""
    parts = value.split()
    if not parts:
        return current
    if value[:1].isspace() and current:
        fields.append(current)
        current = ""
    current += parts[0]
    for p in parts[1:]:
        fields.append(current)
        current = p
    if value[-1:].isspace():
        fields.append(current)
        current = ""
    return current


def _closing_quote(text: str, i: int) -> int:
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == '"':
            return j
        if text.startswith("$(", j):
            j = _closing_paren(text, j + 1) + 1
            continue
        j += 1
    raise ShellError('unexpected EOF while looking for matching `"\'')


def _closing_paren(text: str, i: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``i``; quotes inside are skipped."""
    depth, j = 0, i
    while j < len(text):
        c = text[j]
        if c == "'":
            j = text.find("'", j + 1)
            if j < 0:
                break
        elif c == '"':
            j = _closing_quote(text, j)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise ShellError("unexpected EOF while looking for matching `)'")


# ---------------------------------------------------------------- text tools
def _echo(sh: _Shell, args: list[str], stdin: str | None) -> Result:
    newline = True
    while args and args[0] in ("-n", "-e"):
        newline = newline and args[0] != "-n"
        args = args[1:]
    return Result(" ".join(args) + ("\n" if newline else ""))


def _export(sh: _Shell, args: list[str], stdin: str | None) -> Result:
    for a in args:
        k, eq, v = a.partition("=")
        if eq:
            sh.m.env[k] = v
    return Result()


def _grep(sh: _Shell, args: list[str], stdin: str | None) -> Result:
    flags, rest = set(), []
    for a in args:
        if a.startswith("-") and len(a) > 1 and not rest:
            flags |= set(a[1:])
        else:
            rest.append(a)
    if not rest:
        return Result("", "Usage: grep [OPTION]... PATTERNS [FILE]...\n", 2)
    pattern, files = rest[0], rest[1:]
    text = stdin or ""
    if files:
        r = machines.run_argv(sh.cluster, sh.m, ["cat", *files])
        if r.returncode:
            return Result("", r.stderr.replace("cat:", "grep:"), 2)
        text = r.stdout
    try:
        rx = re.compile(pattern if "E" in flags else _basic_to_python(pattern), re.I if "i" in flags else 0)
    except re.error:
        return Result("", f"grep: Invalid regular expression\n", 2)
    lines = [ln for ln in text.splitlines() if bool(rx.search(ln)) != ("v" in flags)]
    if "c" in flags:
        return Result(f"{len(lines)}\n", "", 0 if lines else 1)
    if "q" in flags:
        return Result("", "", 0 if lines else 1)
    return Result("".join(ln + "\n" for ln in lines), "", 0 if lines else 1)


def _basic_to_python(pattern: str) -> str:
    """grep's basic regular expressions: ``+ ? | ( ) { }`` are literal unless escaped."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "+?|(){}":
            out.append(pattern[i + 1])
            i += 2
            continue
        out.append("\\" + c if c in "+?|(){}" else c)
        i += 1
    return "".join(out)


def _head_tail(which: str):
    def tool(sh: _Shell, args: list[str], stdin: str | None) -> Result:
        n = 10
        for i, a in enumerate(args):
            if a == "-n" and i + 1 < len(args):
                n = int(args[i + 1].lstrip("+"))
            elif re.fullmatch(r"-\d+", a):
                n = int(a[1:])
        files = [a for i, a in enumerate(args) if not a.startswith("-") and not (i and args[i - 1] == "-n")]
        text = stdin or ""
        if files:
            r = machines.run_argv(sh.cluster, sh.m, ["cat", *files])
            if r.returncode:
                return Result("", r.stderr.replace("cat:", f"{which}:"), 1)
            text = r.stdout
        lines = text.splitlines(keepends=True)
        return Result("".join(lines[:n] if which == "head" else lines[-n:] if n else []))
    return tool


def _wc(sh: _Shell, args: list[str], stdin: str | None) -> Result:
    text = stdin or ""
    if "-l" in args:
        return Result(f"{text.count(chr(10))}\n")
    return Result(f"{text.count(chr(10)):7d} {len(text.split()):7d} {len(text.encode()):7d}\n")


def _cat(sh: _Shell, args: list[str], stdin: str | None) -> Result:
    if not args or args == ["-"]:
        return Result(stdin or "")
    return machines.run_argv(sh.cluster, sh.m, ["cat", *args])


def _uname(sh: _Shell, args: list[str], stdin: str | None) -> Result:
    if "-r" in args:
        return Result(sh.m.kernel + "\n")
    if "-a" in args:
        return Result(f"Linux {sh.m.name} {sh.m.kernel} #1 SMP x86_64 x86_64 x86_64 GNU/Linux\n")
    return Result("Linux\n")


def _true(sh, args, stdin) -> Result:
    return Result()


def _false(sh, args, stdin) -> Result:
    return Result("", "", 1)


def _base64(sh: _Shell, args: list[str], stdin: str | None) -> Result:
    """GNU coreutils base64 on stdin: encode (lines of 76), or ``-d``/``--decode``."""
    import base64
    import binascii
    data = (stdin or "").encode()
    if args and args[0] in ("-d", "--decode"):
        try:
            return Result(base64.b64decode(b"".join(data.split()), validate=True).decode(errors="replace"))
        except (binascii.Error, ValueError):
            return Result("", "base64: invalid input\n", 1)
    if args:
        return Result("", f"base64: {args[0]}: No such file or directory\n", 1)
    text = base64.b64encode(data).decode()
    return Result("".join(text[i:i + 76] + "\n" for i in range(0, len(text), 76)) or "")


def _sh(sh: _Shell, args: list[str], stdin: str | None) -> Result:
    """``sh -c 'TEXT'`` (``sudo sh -c "echo ... > /root-owned/file"``): the text in a new shell."""
    if len(args) < 2 or args[0] != "-c":
        return Result("", "(the kit runs sh -c 'COMMANDS' on its machines)\n", 2)
    return _Shell(sh.cluster, sh.m).run_list(args[1], stdin)


TOOLS = {"sh": _sh, "bash": _sh, "echo": _echo, "export": _export, "grep": _grep, "head": _head_tail("head"),
         "tail": _head_tail("tail"), "wc": _wc, "cat": _cat, "uname": _uname, "true": _true,
         "false": _false, "base64": _base64}
