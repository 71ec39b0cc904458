"""The shell's builtins: what ``sh`` does itself, without looking at the image's PATH.

Each is ``fn(shell, argv, io) -> int`` (or a generator of sleeps returning an int).
``echo`` is the one whose behaviour depends on the shell: dash (Debian's /bin/sh)
always interprets backslash escapes and knows only ``-n``; busybox ash and bash
interpret them only with ``-e`` (busybox is built with FEATURE_FANCY_ECHO):

>>> from kubelab.apps.shellio import Flavour
>>> echo_text(["a\\\\nb"], Flavour("sh", "dash")), echo_text(["a\\\\nb"], Flavour("sh", "ash"))
('a\\nb\\n', 'a\\\\nb\\n')
"""
from __future__ import annotations

import re

from .shellio import Flavour, ShellExit

_ESCAPES = {"\\": "\\", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t", "v": "\v"}


def backslash_escapes(text: str) -> tuple[str, bool]:
    """``printf %b`` / ``echo -e`` escapes: the text and whether ``\\c`` stopped the output."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 == len(text):
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "c":
            return "".join(out), True
        if nxt == "0":
            m = re.match(r"[0-7]{0,3}", text[i + 2:])
            out.append(chr(int(m.group(0) or "0", 8)))
            i += 2 + m.end()
            continue
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
        else:
            out.append("\\" + nxt)
        i += 2
    return "".join(out), False


def echo_text(args: list[str], flavour: Flavour) -> str:
    """What ``echo ARGS`` prints in a shell of this flavour (the builtin)."""
    newline, escapes = True, flavour.kind == "dash"
    if flavour.kind == "dash":
        if args and args[0] == "-n":
            newline, args = False, args[1:]
    else:
        while args and re.fullmatch(r"-[neE]+", args[0]):
            newline = newline and "n" not in args[0]
            escapes = ("e" in args[0]) if ("e" in args[0] or "E" in args[0]) else escapes
            args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stopped = backslash_escapes(text)
        if stopped:
            return text
    return text + ("\n" if newline else "")


def _echo(sh, argv, io):
    io.out.write(echo_text(argv[1:], sh.flavour))
    return 0


def echo_program(sh, argv, io):
    """``/bin/echo``: GNU coreutils or busybox, escapes only with ``-e`` whatever the shell."""
    io.out.write(echo_text(argv[1:], Flavour(sh.flavour.name, "bash")))
    return 0


def _exit(sh, argv, io):
    code = sh.status
    if len(argv) > 1:
        try:
            code = int(argv[1]) & 0xFF
        except ValueError:
            io.err.write(f"{sh.flavour.name}: exit: Illegal number: {argv[1]}\n")
            code = 2
    raise ShellExit(code)


def _export(sh, argv, io):
    for arg in argv[1:]:
        name, eq, value = arg.partition("=")
        if eq:
            sh.vars[name] = value
        sh.exported.add(name)
    return 0


def _unset(sh, argv, io):
    for name in argv[1:]:
        sh.vars.pop(name, None)
        sh.exported.discard(name)
    return 0


def _cd(sh, argv, io):
    target = sh.path(argv[1] if len(argv) > 1 else sh.vars.get("HOME", "/"))
    if not sh.ctx.fs.is_dir(target):
        io.err.write(f"{sh.flavour.name}: cd: can't cd to {argv[1]}: No such file or directory\n")
        return 2
    sh.cwd = target
    return 0


def printf(sh, argv, io):
    if len(argv) < 2:
        io.err.write("printf: usage: printf FORMAT [ARGUMENT]...\n")
        return 1
    fmt, args = argv[1], argv[2:]
    fmt = fmt.replace("\\n", "\n").replace("\\t", "\t")
    out, idx = [], 0
    while True:
        def sub(m):
            nonlocal idx
            if m.group(0) == "%%":
                return "%"
            arg = args[idx] if idx < len(args) else ""
            idx += 1
            if m.group(2) in "di":
                return ("%" + m.group(1) + "d") % int(arg or 0)
            if m.group(2) == "b":
                return backslash_escapes(arg)[0]
            return ("%" + m.group(1) + "s") % arg
        out.append(re.sub(r"%([-0-9.]*)([sdib%])|%%", sub, fmt))
        if idx == 0 or idx >= len(args):
            break
    io.out.write("".join(out))
    return 0


def test(sh, argv, io):
    args = argv[1:]
    if argv[0] == "[":
        if not args or args[-1] != "]":
            io.err.write("[: missing ]\n")
            return 2
        args = args[:-1]
    return 0 if _test_expr(sh, args) else 1


def _test_expr(sh, a: list[str]) -> bool:
    if not a:
        return False
    if a[0] == "!":
        return not _test_expr(sh, a[1:])
    if len(a) == 1:
        return a[0] != ""
    if len(a) == 2:
        op, x = a
        fs, p = sh.ctx.fs, sh.path(x)
        return {"-z": x == "", "-n": x != "", "-e": fs.exists(p), "-f": fs.read(p) is not None,
                "-d": fs.is_dir(p), "-s": bool(fs.read(p))}.get(op, False)
    x, op, y = a[:3]
    if op in ("=", "=="):
        return x == y
    if op == "!=":
        return x != y
    compare = {"-eq": int.__eq__, "-ne": int.__ne__, "-lt": int.__lt__, "-le": int.__le__,
               "-gt": int.__gt__, "-ge": int.__ge__}
    if op in compare:
        try:
            return compare[op](int(x), int(y))
        except ValueError:
            return False
    return False


def _eval(sh, argv, io):
    return (yield from sh.run_script(" ".join(argv[1:]), io))


def _exec(sh, argv, io):
    if len(argv) == 1:
        return 0
    status = yield from sh.call(argv[1:], io)
    raise ShellExit(status)


def noop(sh, argv, io):
    return 0


def false(sh, argv, io):
    return 1


def _read(sh, argv, io):
    names = [a for a in argv[1:] if not a.startswith("-")] or ["REPLY"]
    if not io.stdin:
        return 1
    line, _, rest = io.stdin.partition("\n")
    io.stdin = rest
    parts = line.split(None, len(names) - 1)
    for k, name in enumerate(names):
        sh.vars[name] = parts[k] if k < len(parts) else ""
    return 0


def _pwd(sh, argv, io):
    io.out.write(sh.cwd + "\n")
    return 0


BUILTINS = {
    "exit": _exit, "export": _export, "unset": _unset, "cd": _cd, "echo": _echo,
    "printf": printf, "test": test, "[": test, "true": noop, ":": noop,
    "false": false, "eval": _eval, "exec": _exec, "trap": noop,
    "set": noop, "read": _read, "pwd": _pwd, "wait": noop,
}
