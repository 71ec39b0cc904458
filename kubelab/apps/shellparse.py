"""Parse POSIX-shell text (the part of it container commands use) into a tree.

Supported: simple commands with assignments and redirections (``>``, ``>>``,
``<``, ``2>``, ``2>>``, ``2>&1``, ``>&2``), pipelines ``|``, ``!``, lists with
``;``, ``&``, newlines, ``&&`` and ``||``; ``while``/``until``, ``if``/``elif``/
``else``, ``for NAME in ...``, ``{ ...; }`` and ``( ... )``.  Words keep their
quoting so that expansion can happen when the command runs (variables change
inside loops):

>>> parse("echo \\"Hello, Kubernetes!\\" && sleep 3600")
AndOr(first=Pipeline(commands=[Simple(assigns=[], words=[[('u', 'echo')], [('d', 'Hello, Kubernetes!')]], redirs=[])], negate=False), rest=[('&&', Pipeline(commands=[Simple(assigns=[], words=[[('u', 'sleep')], [('u', '3600')]], redirs=[])], negate=False))])

A word is a list of segments: ``('u', raw)`` unquoted (``$`` expansions and
field splitting apply), ``('d', raw)`` double-quoted (expansions apply, no
splitting), ``('s', text)`` literal (single quotes or a backslash escape).
"""
from __future__ import annotations

from dataclasses import dataclass, field

Word = list  # list[tuple[str, str]]

RESERVED = {"while", "until", "do", "done", "if", "then", "elif", "else", "fi",
            "for", "in", "{", "}", "!", "case", "esac"}
_OPERATORS = ["&&", "||", ";;", ">>", "2>>", "2>&1", ">&2", "1>&2", "2>", "1>", ">", "<", "|", ";", "&", "(", ")", "\n"]


class ShellSyntaxError(Exception):
    pass


@dataclass
class Simple:
    assigns: list = field(default_factory=list)   # [(name, Word)]
    words: list = field(default_factory=list)     # [Word]
    redirs: list = field(default_factory=list)    # [(op, Word | None)]


@dataclass
class Pipeline:
    commands: list
    negate: bool = False


@dataclass
class AndOr:
    first: Pipeline
    rest: list          # [("&&" | "||", Pipeline)]


@dataclass
class Seq:
    items: list         # [AndOr | compound]


@dataclass
class Loop:
    cond: Seq
    body: Seq
    until: bool = False


@dataclass
class If:
    branches: list      # [(cond Seq, body Seq)]
    orelse: Seq | None = None


@dataclass
class For:
    name: str
    words: list | None  # None: "$@"
    body: Seq


@dataclass
class Group:
    body: Seq
    subshell: bool = False
    redirs: list = field(default_factory=list)


# ---------------------------------------------------------------- tokenizer

def _scan_dollar(text: str, i: int) -> int:
    """Index just past a ``$(...)``, ``$((...))`` or ``${...}`` starting at i."""
    opener = text[i + 1]
    close = ")" if opener == "(" else "}"
    depth, j, quote = 0, i + 1, None
    while j < len(text):
        c = text[j]
        if quote:
            if c == quote:
                quote = None
            elif c == "\\" and quote == '"':
                j += 1
        elif c in "'\"":
            quote = c
        elif c == "\\":
            j += 1
        elif c == opener:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise ShellSyntaxError(f"unterminated {text[i:i + 2]}")


def tokenize(text: str) -> list:
    """Tokens: ("op", op) or ("word", segments, raw)."""
    tokens: list = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t":
            i += 1
            continue
        if c == "\\" and i + 1 < n and text[i + 1] == "\n":
            i += 2
            continue
        if c == "#" :
            while i < n and text[i] != "\n":
                i += 1
            continue
        op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
        if op and not (op[0] in "12" and _mid_word(tokens, text, i)):
            tokens.append(("op", op))
            i += len(op)
            continue
        segs, raw_start = [], i
        buf = ""
        while i < n:
            c = text[i]
            if c in " \t\n;&|<>()":
                break
            if c == "\\":
                if buf:
                    segs.append(("u", buf))
                    buf = ""
                if i + 1 < n:
                    segs.append(("s", text[i + 1]))
                i += 2
            elif c == "'":
                j = text.find("'", i + 1)
                if j < 0:
                    raise ShellSyntaxError("unterminated quoted string")
                if buf:
                    segs.append(("u", buf))
                    buf = ""
                segs.append(("s", text[i + 1:j]))
                i = j + 1
            elif c == '"':
                j = i + 1
                while j < n and text[j] != '"':
                    if text[j] == "\\":
                        j += 1
                    elif text[j] == "$" and j + 1 < n and text[j + 1] in "({":
                        j = _scan_dollar(text, j) - 1
                    j += 1
                if j >= n:
                    raise ShellSyntaxError("unterminated quoted string")
                if buf:
                    segs.append(("u", buf))
                    buf = ""
                segs.append(("d", text[i + 1:j]))
                i = j + 1
            elif c == "$" and i + 1 < n and text[i + 1] in "({":
                j = _scan_dollar(text, i)
                buf += text[i:j]
                i = j
            elif c == "`":
                j = text.find("`", i + 1)
                if j < 0:
                    raise ShellSyntaxError("unterminated `")
                buf += "$(" + text[i + 1:j] + ")"
                i = j + 1
            else:
                buf += c
                i += 1
        if buf:
            segs.append(("u", buf))
        tokens.append(("word", segs, text[raw_start:i]))
    return tokens


def _mid_word(tokens, text, i) -> bool:
    # "a2>b" is one word; "2>" only redirects at the start of a word
    return i > 0 and text[i - 1] not in " \t\n;&|()"


# ------------------------------------------------------------------- parser

class _Parser:
    def __init__(self, tokens):
        self.toks = tokens
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def is_op(self, *ops) -> bool:
        t = self.peek()
        return t is not None and t[0] == "op" and t[1] in ops

    def is_word(self, *words) -> bool:
        t = self.peek()
        return t is not None and t[0] == "word" and t[2] in words

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def expect_word(self, word):
        self.skip_newlines()
        if not self.is_word(word):
            got = self.peek()
            shown = "end of file" if got is None else (got[2] if got[0] == "word" else got[1].replace("\n", "newline"))
            raise ShellSyntaxError(f"syntax error: unexpected {shown!r}" if got else f"syntax error: unexpected end of file (expecting \"{word}\")")
        self.take()

    def skip_newlines(self):
        while self.is_op("\n"):
            self.take()

    def seq(self, stop=()) -> Seq:
        items = []
        while True:
            self.skip_newlines()
            while self.is_op(";"):
                self.take()
                self.skip_newlines()
            t = self.peek()
            if t is None or (t[0] == "word" and t[2] in stop) or self.is_op(")"):
                return Seq(items)
            items.append(self.and_or())
            if self.is_op(";", "&", "\n"):
                self.take()
            elif not (self.peek() is None or self.is_op(")") or (self.peek()[0] == "word" and self.peek()[2] in stop)):
                raise ShellSyntaxError(f"syntax error: unexpected {self._shown()!r}")

    def _shown(self):
        t = self.peek()
        return t[2] if t[0] == "word" else t[1]

    def and_or(self) -> AndOr:
        first = self.pipeline()
        rest = []
        while self.is_op("&&", "||"):
            op = self.take()[1]
            self.skip_newlines()
            rest.append((op, self.pipeline()))
        return AndOr(first, rest)

    def pipeline(self) -> Pipeline:
        negate = False
        if self.is_word("!"):
            self.take()
            negate = True
        cmds = [self.command()]
        while self.is_op("|"):
            self.take()
            self.skip_newlines()
            cmds.append(self.command())
        return Pipeline(cmds, negate)

    def command(self):
        if self.is_word("while", "until"):
            until = self.take()[2] == "until"
            cond = self.seq(stop=("do",))
            self.expect_word("do")
            body = self.seq(stop=("done",))
            self.expect_word("done")
            return Loop(cond, body, until)
        if self.is_word("if"):
            self.take()
            branches, orelse = [], None
            while True:
                cond = self.seq(stop=("then",))
                self.expect_word("then")
                body = self.seq(stop=("elif", "else", "fi"))
                branches.append((cond, body))
                if self.is_word("elif"):
                    self.take()
                    continue
                if self.is_word("else"):
                    self.take()
                    orelse = self.seq(stop=("fi",))
                self.expect_word("fi")
                return If(branches, orelse)
        if self.is_word("for"):
            self.take()
            name = self.take()[2]
            words = None
            self.skip_newlines()
            if self.is_word("in"):
                self.take()
                words = []
                while self.peek() and self.peek()[0] == "word":
                    words.append(self.take()[1])
            if self.is_op(";", "\n"):
                self.take()
            self.expect_word("do")
            body = self.seq(stop=("done",))
            self.expect_word("done")
            return For(name, words, body)
        if self.is_word("{"):
            self.take()
            body = self.seq(stop=("}",))
            self.expect_word("}")
            return Group(body, False, self.redirs())
        if self.is_op("("):
            self.take()
            body = self.seq()
            if not self.is_op(")"):
                raise ShellSyntaxError("syntax error: missing ')'")
            self.take()
            return Group(body, True, self.redirs())
        return self.simple()

    def redirs(self) -> list:
        out = []
        while self.is_op(">", ">>", "<", "2>", "2>>", "1>", "2>&1", ">&2", "1>&2"):
            op = self.take()[1]
            if op in ("2>&1", ">&2", "1>&2"):
                out.append((op, None))
                continue
            t = self.take()
            if t is None or t[0] != "word":
                raise ShellSyntaxError("syntax error: unexpected newline")
            out.append(({"1>": ">"}.get(op, op), t[1]))
        return out

    def simple(self) -> Simple:
        cmd = Simple()
        while True:
            t = self.peek()
            if t is None:
                break
            if t[0] == "op":
                if t[1] in (">", ">>", "<", "2>", "2>>", "1>", "2>&1", ">&2", "1>&2"):
                    cmd.redirs.extend(self.redirs())
                    continue
                break
            if not cmd.words and _is_assignment(t):
                name, _, _ = t[2].partition("=")
                cmd.assigns.append((name, _assignment_value(t[1], len(name) + 1)))
                self.take()
                continue
            if cmd.words == [] and not cmd.assigns and t[2] in RESERVED and t[1] == [("u", t[2])]:
                raise ShellSyntaxError(f"syntax error: unexpected {t[2]!r}")
            cmd.words.append(t[1])
            self.take()
        if not cmd.words and not cmd.assigns and not cmd.redirs:
            t = self.peek()
            raise ShellSyntaxError(f"syntax error: unexpected {(t[1] if t else 'end of file')!r}".replace("'\\n'", "newline"))
        return cmd


def _is_assignment(tok) -> bool:
    segs = tok[1]
    if not segs or segs[0][0] != "u" or "=" not in segs[0][1]:
        return False
    name = segs[0][1].split("=", 1)[0]
    return name.replace("_", "a").isalnum() and not name[0].isdigit()


def _assignment_value(segs, skip: int) -> list:
    first = ("u", segs[0][1][skip:])
    return ([first] if first[1] else []) + list(segs[1:])


def parse(text: str) -> Seq | AndOr:
    """Parse a script.  A single command comes back as its AndOr."""
    p = _Parser(tokenize(text))
    tree = p.seq()
    if p.peek() is not None:
        raise ShellSyntaxError(f"syntax error: unexpected {p._shown()!r}")
    return tree.items[0] if len(tree.items) == 1 and isinstance(tree.items[0], AndOr) else tree
