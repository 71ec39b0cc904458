"""kubectl as a client of the simulated API: parse a command line the way
cobra/pflag do, dispatch to a command, collect stdout/stderr and an exit code.

Commands live in :mod:`kubelab.kubectl.commands`, one module each, and register
a :class:`Command` (its path, its flags, its run function) in ``COMMANDS``.
"""
from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..api.errors import ApiError
from ..result import Result

if TYPE_CHECKING:
    from .session import Session


class CommandError(Exception):
    """Stop the command: print ``text`` to stderr and exit with ``code``."""

    def __init__(self, text: str, code: int = 1):
        super().__init__(text)
        self.text = text
        self.code = code


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    kind: str = "str"            # bool | str | int | list (repeatable) | csv (comma-separated, repeatable)
    default: Any = None
    no_opt: str | None = None    # value when given without one (pflag NoOptDefVal), e.g. --dry-run


@dataclass
class Command:
    path: str                                    # "get", "create deployment", "rollout undo"
    run: Callable[["Ctx", list[str], dict], None]
    flags: tuple[Flag, ...] = ()
    required: tuple[str, ...] = ()               # flags cobra marks required
    help_name: str = ""                          # for "See 'kubectl X -h' for help and examples"


GLOBAL_FLAGS = (
    Flag("namespace", "n"), Flag("context"), Flag("kubeconfig"), Flag("cluster"), Flag("user"),
    Flag("server", "s"), Flag("v", "v", "int", 0), Flag("request-timeout", default="0"),
    Flag("insecure-skip-tls-verify", kind="bool"), Flag("as"), Flag("match-server-version", kind="bool"),
    Flag("warnings-as-errors", kind="bool"), Flag("profile", default="none"),
)

COMMANDS: dict[str, Command] = {}
TOP_LEVEL = ("annotate", "api-resources", "api-versions", "apply", "attach", "auth", "autoscale", "certificate",
             "cluster-info", "completion", "config", "cordon", "cp", "create", "debug", "delete", "describe",
             "diff", "drain", "edit", "events", "exec", "explain", "expose", "get", "kustomize", "label", "logs",
             "options", "patch", "plugin", "port-forward", "proxy", "replace", "rollout", "run", "scale", "set",
             "taint", "top", "uncordon", "version", "wait")


def register(cmd: Command) -> Command:
    COMMANDS[cmd.path] = cmd
    return cmd


class _Stream(list):
    """A command's stdout or stderr: the pieces written to it, each also noted in the
    shared transcript so a terminal's interleaving can be replayed."""

    def __init__(self, name: str, transcript: list[tuple[str, str]], pieces=()) -> None:
        super().__init__(pieces)
        self.name, self.transcript = name, transcript

    def append(self, text: str) -> None:
        super().append(text)
        self.transcript.append((self.name, text))


@dataclass
class Ctx:
    """What a running command sees: its session (the API, the clock, the kubeconfig:
    never the Cluster object), its options, its output."""
    session: "Session"
    namespace: str
    namespace_given: bool
    cwd: str
    stdin: str | None
    command: Command
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    global_opts: dict = field(default_factory=dict)
    transcript: list[tuple[str, str]] = field(default_factory=list)
    #: the file each object read with -f came from, by id (the objects live as
    #: long as the command), for kubectl's ``error when creating "FILE"`` wording
    sources: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Both streams also go into one transcript, in the order they are written.
        self.out = _Stream("stdout", self.transcript, self.out)
        self.err = _Stream("stderr", self.transcript, self.err)

    @property
    def api(self):
        return self.session.api

    def print(self, text: str = "", end: str = "\n") -> None:
        self.out.append(text + end)

    def eprint(self, text: str = "", end: str = "\n") -> None:
        self.err.append(text + end)


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _unknown_command(name: str) -> CommandError:
    suggestions = [c for c in TOP_LEVEL if _levenshtein(name, c) <= 2 or c.startswith(name)]
    text = f'error: unknown command "{name}" for "kubectl"'
    if suggestions:
        text += "\n\nDid you mean this?\n" + "".join(f"\t{s}\n" for s in suggestions)
    text = text.replace("error:", "Error:", 1)
    return CommandError(text + ("\n" if suggestions else "\nRun 'kubectl --help' for usage.\n"), 1)


def _klog_error(session: "Session", message: str) -> str:
    """kubectl prints some errors through klog: E<MMDD hh:mm:ss.uuuuuu> <pid> run.go:72] ..."""
    t = session.clock.datetime()
    stamp = t.strftime("E%m%d %H:%M:%S.%f")
    return f'{stamp}    4242 run.go:72] "command failed" err="{message}"'


def split(cmdline: str | list[str]) -> list[str]:
    if isinstance(cmdline, list):
        return list(cmdline)
    words = shlex.split(cmdline, comments=False)
    if words and words[0] == "kubectl":
        words = words[1:]
    return words


def parse_flags(words: list[str], flags: tuple[Flag, ...], cmd_name: str) -> tuple[list[str], dict, list[str]]:
    """pflag-style parsing: flags anywhere, ``--`` ends them.  Returns
    (positional args, options, args after ``--``)."""
    # A command's own flag wins over a global one of the same name (create rolebinding --user).
    by_name: dict[str, Flag] = {}
    by_short: dict[str, Flag] = {}
    for f in flags:
        by_name.setdefault(f.name, f)
        if f.short:
            by_short.setdefault(f.short, f)
    opts: dict[str, Any] = {}
    args: list[str] = []
    dash: list[str] = []
    see = f"See 'kubectl {cmd_name} --help' for usage."

    def put(flag: Flag, value: str | None) -> None:
        if flag.kind == "bool":
            v = True if value is None else value.lower() in ("true", "1", "t")
            if value is not None and value.lower() not in ("true", "false", "1", "0", "t", "f"):
                raise CommandError(f'Error: invalid argument "{value}" for "--{flag.name}" flag: strconv.ParseBool: parsing "{value}": invalid syntax\n{see}')
            opts[flag.name] = v
        elif flag.kind == "int":
            try:
                opts[flag.name] = int(value)
            except (TypeError, ValueError):
                shown = f"-{flag.short}, --{flag.name}" if flag.short else f"--{flag.name}"
                raise CommandError(f'Error: invalid argument "{value}" for "{shown}" flag: strconv.ParseInt: parsing "{value}": invalid syntax\n{see}')
        elif flag.kind in ("list", "csv"):
            items = value.split(",") if flag.kind == "csv" else [value]
            opts.setdefault(flag.name, []).extend(items)
        else:
            opts[flag.name] = value

    i = 0
    while i < len(words):
        w = words[i]
        if w == "--":
            dash = words[i + 1:]
            break
        if w.startswith("--") and len(w) > 2:
            name, eq, value = w[2:].partition("=")
            flag = by_name.get(name)
            if flag is None:
                raise CommandError(f"Error: unknown flag: --{name}\n{see}")
            if eq:
                put(flag, value)
            elif flag.kind == "bool":
                put(flag, None)
            elif flag.no_opt is not None:
                put(flag, flag.no_opt)
            else:
                if i + 1 >= len(words):
                    raise CommandError(f"Error: flag needs an argument: --{name}\n{see}")
                i += 1
                put(flag, words[i])
        elif w.startswith("-") and len(w) > 1 and w != "-":
            j = 1
            while j < len(w):
                ch = w[j]
                flag = by_short.get(ch)
                if flag is None:
                    raise CommandError(f"Error: unknown shorthand flag: '{ch}' in {w}\n{see}")
                rest = w[j + 1:]
                if flag.kind == "bool":
                    if rest.startswith("="):
                        put(flag, rest[1:])
                        break
                    put(flag, None)
                    j += 1
                    continue
                if rest:
                    put(flag, rest[1:] if rest.startswith("=") else rest)
                elif flag.no_opt is not None:
                    put(flag, flag.no_opt)
                else:
                    if i + 1 >= len(words):
                        raise CommandError(f"Error: flag needs an argument: '{ch}' in {w}\n{see}")
                    i += 1
                    put(flag, words[i])
                break
        else:
            args.append(w)
        i += 1
    for f in flags:
        if f.name not in opts:
            opts[f.name] = list(f.default) if isinstance(f.default, (list, tuple)) else f.default
    return args, opts, dash


def _find_command(words: list[str]) -> tuple[Command | None, list[str], str | None]:
    """The longest registered command path that the non-flag words start with."""
    plain = []
    rest_index = []
    for idx, w in enumerate(words):
        if w.startswith("-"):
            continue
        plain.append(w)
        rest_index.append(idx)
        if len(plain) == 3:
            break
    for n in (3, 2, 1):
        if len(plain) >= n and " ".join(plain[:n]) in COMMANDS:
            cmd = COMMANDS[" ".join(plain[:n])]
            drop = set(rest_index[:n])
            return cmd, [w for k, w in enumerate(words) if k not in drop], None
    return None, words, plain[0] if plain else None


def _needs_value(words: list[str], i: int, flags: tuple[Flag, ...]) -> bool:
    w = words[i]
    names = {f.name: f for f in flags}
    shorts = {f.short: f for f in flags if f.short}
    if w.startswith("--") and "=" not in w:
        f = names.get(w[2:])
        return f is not None and f.kind != "bool" and f.no_opt is None
    if w.startswith("-") and len(w) == 2:
        f = shorts.get(w[1])
        return f is not None and f.kind != "bool" and f.no_opt is None
    return False


#: Set (to anything but "" or "0") to let a simulator bug raise instead of exiting 1
#: with "internal error": the test suite sets it, so a test that expects a refusal
#: cannot pass on a crash.
STRICT_ENV = "KUBELAB_STRICT"


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


#: What genericclioptions.PrintFlags adds to every command that prints objects (-o).
PRINT_FLAGS = (Flag("template"), Flag("allow-missing-template-keys", kind="bool", default=True),
               Flag("show-managed-fields", kind="bool"))


def _print_flags(cmd: Command) -> tuple[Flag, ...]:
    names = {f.name for f in cmd.flags}
    if "output" not in names:
        return ()
    return tuple(f for f in PRINT_FLAGS if f.name not in names)


def run(session: "Session", cmdline: str | list[str], stdin: str | None = None, cwd: str = ".") -> Result:
    from . import commands  # noqa: F401  (registers every command)
    try:
        words = split(cmdline)
    except ValueError as err:
        return Result("", f"error: {err}\n", 1)
    # Global flags may come before the command: pull their values out first.
    stripped: list[str] = []
    i = 0
    while i < len(words):
        if words[i] == "--":                 # what follows is the container's command, not kubectl's
            stripped.extend(words[i:])
            break
        stripped.append(words[i])
        if _needs_value(words, i, GLOBAL_FLAGS) and i + 1 < len(words):
            stripped[-1] = words[i] + "=" + words[i + 1]
            i += 1
        i += 1
    from .help import answer as help_answer
    helped = help_answer(stripped, COMMANDS)
    if helped is not None:
        return Result(*helped)
    cmd, rest, unknown = _find_command(stripped)
    if cmd is None:
        if unknown in TOP_LEVEL:
            return Result("", f"error: the simulated kubectl does not support \"{unknown}\" in this form yet\n", 1)
        err = _unknown_command(unknown)
        return Result("", err.text, err.code)
    ctx = Ctx(session, "default", False, cwd, stdin, cmd)
    try:
        args, opts, dash = parse_flags(rest, cmd.flags + _print_flags(cmd) + GLOBAL_FLAGS, cmd.help_name or cmd.path)
        if opts.get("template") and "output" in opts:
            from .output import with_template
            opts["output"] = with_template(opts["output"], opts["template"], human=cmd.path == "get")
        missing = [f'"{r}"' for r in cmd.required if opts.get(r) in (None, [], "")]
        if missing:
            raise CommandError(_klog_error(session, f"required flag(s) {', '.join(missing)} not set".replace('"', '\\"')) + "\n")
        from .commands.info import kubeconfig_namespace   # the context's namespace (config set-context)
        ctx.namespace = kubeconfig_namespace(session.kubeconfig, opts.get("context"))
        ns = opts.get("namespace")
        if ns:
            ctx.namespace, ctx.namespace_given = ns, True
        ctx.global_opts = opts
        opts["--"] = dash
        session.api.component = "kubectl"
        cmd.run(ctx, args, opts)
        code = 0
    except CommandError as err:
        ctx.err.append(err.text if err.text.endswith("\n") or not err.text else err.text + "\n")
        code = err.code
    except ApiError as err:
        ctx.err.append(err.kubectl_text() + "\n")
        code = 1
    except Exception as err:     # a bug in the simulator: say so plainly, never a traceback
        if strict():
            raise
        ctx.err.append(f"error: kubelab internal error ({type(err).__name__}: {err}); this is a bug in the "
                       "simulator, not in your command\n")
        code = 1
    finally:
        session.api.component = "kubectl"
    # Warning headers the apiserver sent (e.g. the deprecated Recycle policy), once
    # each, as kubectl's deduplicating warning handler prints them, before any error.
    warnings = getattr(session.api, "warnings", None)
    transcript = list(ctx.transcript)
    if warnings:
        texts = [f"Warning: {w}\n" for w in dict.fromkeys(warnings)]
        ctx.err[:0] = texts
        transcript[:0] = [("stderr", t) for t in texts]      # they arrive with the response
        warnings.clear()
    return Result("".join(ctx.out), "".join(ctx.err), code, tuple(transcript))
