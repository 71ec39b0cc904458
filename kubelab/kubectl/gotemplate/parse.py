"""Go's text/template lexer and parser (text/template/parse), for the templates
kubectl users write.  Nodes are small dataclasses; parse errors read as Go's
(``template: output:1: unexpected EOF``)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

NAME = "output"                  # kubectl names its template "output"
SPACE = " \t\r\n"


class TemplateError(Exception):
    """A parse or execution error, with Go's text."""


# --- nodes -----------------------------------------------------------------------------

@dataclass
class Node:
    pos: int


@dataclass
class Text(Node):
    text: str


@dataclass
class Field(Node):               # .a.b
    idents: list[str]

    def __str__(self) -> str:
        return "".join("." + i for i in self.idents)


@dataclass
class Variable(Node):            # $x.a.b
    idents: list[str]

    def __str__(self) -> str:
        return ".".join(self.idents)


@dataclass
class Dot(Node):
    def __str__(self) -> str:
        return "."


@dataclass
class Nil(Node):
    def __str__(self) -> str:
        return "nil"


@dataclass
class Ident(Node):               # a function name
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class Const(Node):               # a string, number, bool or char literal
    value: Any
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Chain(Node):               # (pipeline).a.b
    node: Node
    fields: list[str]

    def __str__(self) -> str:
        inner = f"({self.node})" if isinstance(self.node, Pipe) else str(self.node)
        return inner + "".join("." + f for f in self.fields)


@dataclass
class Command(Node):
    args: list[Node]

    def __str__(self) -> str:
        return " ".join(f"({a})" if isinstance(a, Pipe) else str(a) for a in self.args)


@dataclass
class Pipe(Node):
    decl: list[Variable]
    cmds: list[Command]
    is_assign: bool = False

    def __str__(self) -> str:
        text = " | ".join(str(c) for c in self.cmds)
        if self.decl:
            text = ", ".join(str(v) for v in self.decl) + (" = " if self.is_assign else " := ") + text
        return text


@dataclass
class Action(Node):
    line: int
    pipe: Pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass
class Branch(Node):              # if / range / with
    kind: str
    line: int
    pipe: Pipe
    body: list[Node]
    else_body: list[Node] | None = None


@dataclass
class Break(Node):
    line: int


@dataclass
class Continue(Node):
    line: int


@dataclass
class TemplateCall(Node):        # {{template "name" pipeline}}
    line: int
    name: str
    pipe: Pipe | None

    def __str__(self) -> str:
        return "{{template " + f'"{self.name}"' + (f" {self.pipe}" if self.pipe else "") + "}}"


@dataclass
class Tree:
    root: list[Node]
    defines: dict[str, list[Node]] = field(default_factory=dict)
    text: str = ""


# --- lexer (text/template/parse/lex.go) --------------------------------------------------

@dataclass
class Tok:
    typ: str          # text, left, right, space, field, var, ident, string, raw, char, number, bool, nil,
                      # dot, pipe, lparen, rparen, declare, assign, charitem, keyword, error, eof
    val: str
    pos: int
    line: int

    def __str__(self) -> str:
        """item.String(): how a parse error names the token."""
        if self.typ == "eof":
            return "EOF"
        if self.typ == "error":
            return self.val
        if self.typ in ("keyword", "nil", "dot"):
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote_prefix(self.val, 10) + "..."
        return _q(self.val)


def _q(s: str) -> str:
    from .gofmt import go_quote
    return go_quote(s)


def go_quote_prefix(s: str, n: int) -> str:
    """%.10q: the first n characters, quoted."""
    return _q(s[:n])


KEYWORDS = {"if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"}
SPACE_CHARS = " \t\r\n"


def _alnum(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or ch.isdigit()


class _Lexer:
    def __init__(self, text: str):
        self.s = text
        self.pos = 0
        self.start = 0
        self.line = 1
        self.start_line = 1
        self.toks: list[Tok] = []
        self.paren = 0

    def emit(self, typ: str) -> None:
        self.toks.append(Tok(typ, self.s[self.start:self.pos], self.start, self.start_line))
        self.start_line = self.line
        self.start = self.pos

    def ignore(self) -> None:
        self.line += self.s.count("\n", self.start, self.pos)
        self.start = self.pos
        self.start_line = self.line

    def error(self, msg: str) -> None:
        self.toks.append(Tok("error", msg, self.start, self.start_line))

    def peek(self) -> str:
        return self.s[self.pos] if self.pos < len(self.s) else ""

    def next(self) -> str:
        if self.pos >= len(self.s):
            self.pos += 1          # past the end, so backup() is symmetric
            return ""
        ch = self.s[self.pos]
        self.pos += 1
        if ch == "\n":
            self.line += 1
        return ch

    def backup(self) -> None:
        self.pos -= 1
        if self.pos < len(self.s) and self.s[self.pos] == "\n":
            self.line -= 1

    def at_right_delim(self) -> tuple[bool, bool]:
        rest = self.s[self.pos:]
        if len(rest) >= 2 and rest[0] in SPACE_CHARS and rest[1] == "-" and rest[2:].startswith("}}"):
            return True, True
        return rest.startswith("}}"), False

    def at_terminator(self) -> bool:
        r = self.peek()
        return r == "" or r in SPACE_CHARS or r in ".,|:)(" or self.s.startswith("}}", self.pos)

    def run(self) -> list[Tok]:
        state = self.lex_text
        while state is not None:
            state = state()
        return self.toks

    # states
    def lex_text(self):
        x = self.s.find("{{", self.pos)
        if x < 0:
            self.pos = len(self.s)
            if self.pos > self.start:
                self.line += self.s.count("\n", self.start, self.pos)
                self.emit("text")
            self.toks.append(Tok("eof", "", self.pos, self.line))
            return None
        self.pos = x
        trim = 0
        if self.s[x + 2:x + 3] == "-" and self.s[x + 3:x + 4] in tuple(SPACE_CHARS) and self.s[x + 3:x + 4]:
            trim = len(self.s[self.start:x]) - len(self.s[self.start:x].rstrip(SPACE_CHARS))
        if x - trim > self.start:
            self.line += self.s.count("\n", self.start, x)
            self.toks.append(Tok("text", self.s[self.start:x - trim], self.start, self.start_line))
            self.start_line = self.line
        else:
            self.line += self.s.count("\n", self.start, x)
            self.start_line = self.line
        self.start = x
        return self.lex_left_delim

    def lex_left_delim(self):
        self.pos += 2
        trim = self.s[self.pos:self.pos + 1] == "-" and self.s[self.pos + 1:self.pos + 2] != "" \
            and self.s[self.pos + 1] in SPACE_CHARS
        after = 2 if trim else 0
        if self.s.startswith("/*", self.pos + after):
            self.pos += after
            self.ignore()
            return self.lex_comment
        self.toks.append(Tok("left", "{{", self.start, self.start_line))
        self.pos += after
        self.ignore()
        self.paren = 0
        return self.lex_inside

    def lex_comment(self):
        self.pos += 2
        x = self.s.find("*/", self.pos)
        if x < 0:
            self.error("unclosed comment")
            return None
        self.pos = x + 2
        delim, trim = self.at_right_delim()
        if not delim:
            self.error("comment ends before closing delimiter")
            return None
        if trim:
            self.pos += 2
        self.pos += 2
        if trim:
            while self.pos < len(self.s) and self.s[self.pos] in SPACE_CHARS:
                self.pos += 1
        self.ignore()
        return self.lex_text

    def lex_right_delim(self):
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += 2
        tok = Tok("right", "}}", self.start, self.start_line)
        if trim:
            while self.pos < len(self.s) and self.s[self.pos] in SPACE_CHARS:
                self.pos += 1
        self.toks.append(tok)
        self.ignore()
        return self.lex_text

    def lex_inside(self):
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren == 0:
                return self.lex_right_delim
            self.error("unclosed left paren")
            return None
        r = self.next()
        if r == "":
            self.error("unclosed action")
            return None
        if r in SPACE_CHARS:
            self.backup()
            return self.lex_space
        if r == "=":
            self.emit("assign")
        elif r == ":":
            if self.next() != "=":
                self.error("expected :=")
                return None
            self.emit("declare")
        elif r == "|":
            self.emit("pipe")
        elif r == '"':
            return self.lex_quote
        elif r == "`":
            return self.lex_raw
        elif r == "$":
            return self.lex_variable
        elif r == "'":
            return self.lex_char
        elif r == "." and self.pos < len(self.s) and not ("0" <= self.s[self.pos] <= "9"):
            return self.lex_field
        elif r in "+-." or "0" <= r <= "9":
            self.backup()
            return self.lex_number
        elif _alnum(r):
            self.backup()
            return self.lex_identifier
        elif r == "(":
            self.paren += 1
            self.emit("lparen")
        elif r == ")":
            self.paren -= 1
            if self.paren < 0:
                self.error("unexpected right paren")
                return None
            self.emit("rparen")
        elif ord(r) < 128 and r.isprintable():
            self.emit("charitem")
        else:
            self.error(f"unrecognized character in action: U+{ord(r):04X} {_q_rune(r)}")
            return None
        return self.lex_inside

    def lex_space(self):
        n = 0
        while self.peek() and self.peek() in SPACE_CHARS:
            self.next()
            n += 1
        rest = self.s[self.pos - 1:]
        if len(rest) >= 2 and rest[0] in SPACE_CHARS and rest[1] == "-" and rest[2:].startswith("}}"):
            self.backup()
            if n == 1:
                return self.lex_right_delim
        self.emit("space")
        return self.lex_inside

    def lex_quote(self):
        while True:
            r = self.next()
            if r == "\\":
                r2 = self.next()
                if r2 not in ("", "\n"):
                    continue
                r = r2
            if r in ("", "\n"):
                self.error("unterminated quoted string")
                return None
            if r == '"':
                break
        self.emit("string")
        return self.lex_inside

    def lex_raw(self):
        x = self.s.find("`", self.pos)
        if x < 0:
            self.error("unterminated raw quoted string")
            return None
        self.line += self.s.count("\n", self.pos, x)
        self.pos = x + 1
        self.emit("raw")
        return self.lex_inside

    def lex_char(self):
        while True:
            r = self.next()
            if r == "\\":
                r2 = self.next()
                if r2 not in ("", "\n"):
                    continue
                r = r2
            if r in ("", "\n"):
                self.error("unterminated character constant")
                return None
            if r == "'":
                break
        self.emit("char")
        return self.lex_inside

    def lex_variable(self):
        if self.at_terminator():
            self.emit("var")
            return self.lex_inside
        return self._field_or_var("var")

    def lex_field(self):
        return self._field_or_var("field")

    def _field_or_var(self, typ: str):
        if self.at_terminator():
            self.emit("var" if typ == "var" else "dot")
            return self.lex_inside
        while True:
            r = self.next()
            if not (r and _alnum(r)):
                self.backup()
                break
        if not self.at_terminator():
            self.error(f"bad character U+{ord(r):04X} {_q_rune(r)}")
            return None
        self.emit(typ)
        return self.lex_inside

    def lex_identifier(self):
        while True:
            r = self.next()
            if not (r and _alnum(r)):
                self.backup()
                break
        word = self.s[self.start:self.pos]
        if not self.at_terminator():
            self.error(f"bad character U+{ord(r):04X} {_q_rune(r)}")
            return None
        if word in KEYWORDS:
            self.emit("keyword")
        elif word == "nil":
            self.emit("nil")
        elif word in ("true", "false"):
            self.emit("bool")
        else:
            self.emit("ident")
        return self.lex_inside

    def lex_number(self):
        if not self._scan_number():
            self.error(f"bad number syntax: {_q(self.s[self.start:self.pos])}")
            return None
        if self.peek() in ("+", "-") and self.peek():
            if not self._scan_number() or self.s[self.pos - 1] != "i":
                self.error(f"bad number syntax: {_q(self.s[self.start:self.pos])}")
                return None
            self.emit("number")
            return self.lex_inside
        self.emit("number")
        return self.lex_inside

    def _accept(self, chars: str) -> bool:
        if self.peek() and self.peek() in chars:
            self.next()
            return True
        return False

    def _accept_run(self, chars: str) -> None:
        while self.peek() and self.peek() in chars:
            self.next()

    def _scan_number(self) -> bool:
        self._accept("+-")
        digits = "0123456789_"
        if self._accept("0"):
            if self._accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self._accept("oO"):
                digits = "01234567_"
            elif self._accept("bB"):
                digits = "01_"
        self._accept_run(digits)
        if self._accept("."):
            self._accept_run(digits)
        if len(digits) == 11 and self._accept("eE"):
            self._accept("+-")
            self._accept_run("0123456789_")
        if len(digits) == 23 and self._accept("pP"):
            self._accept("+-")
            self._accept_run("0123456789_")
        self._accept("i")
        if self.peek() and _alnum(self.peek()):
            self.next()
            return False
        return True


def _q_rune(r: str) -> str:
    """%#U's rune part: 'x'."""
    return "'" + r + "'"


def _lex(text: str) -> list[Tok]:
    return _Lexer(text).run()


# --- parser ----------------------------------------------------------------------------

def unquote(tok: Tok) -> Any:
    if tok.typ == "raw":
        return tok.val[1:-1]
    if tok.typ in ("string", "char"):
        body = tok.val[1:-1]
        try:
            s = _go_unescape(body)
        except ValueError:
            raise TemplateError(f"template: {NAME}:{tok.line}: invalid syntax: {tok.val}") from None
        if tok.typ == "char":
            return ord(s)
        return s
    raise AssertionError(tok.typ)


_ESC = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\",
        '"': '"', "'": "'"}


def _go_unescape(body: str) -> str:
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c); i += 1; continue
        n = body[i + 1] if i + 1 < len(body) else ""
        if n in _ESC:
            out.append(_ESC[n]); i += 2
        elif n == "x":
            out.append(chr(int(body[i + 2:i + 4], 16))); i += 4
        elif n == "u":
            out.append(chr(int(body[i + 2:i + 6], 16))); i += 6
        elif n == "U":
            out.append(chr(int(body[i + 2:i + 10], 16))); i += 10
        elif n in "01234567":
            out.append(chr(int(body[i + 1:i + 4], 8))); i += 4
        else:
            raise ValueError(body)
    return "".join(out)


def parse_number(tok: Tok) -> int | float:
    s = tok.val.replace("_", "")
    try:
        if re.fullmatch(r"[+-]?0[xXbBoO].*", s):
            return int(s, 0)
        if re.fullmatch(r"[+-]?0[0-7]+", s):
            return int(s.replace("0", "0o", 1), 0)
        if re.fullmatch(r"[+-]?0\d+", s):         # 08: not octal; Go reports it so
            raise TemplateError(f'template: {NAME}:{tok.line}: integer overflow: "{tok.val}"')
        if re.fullmatch(r"[+-]?\d+", s):
            return int(s, 10)
        return float(s)
    except ValueError:
        raise TemplateError(f'template: {NAME}:{tok.line}: illegal number syntax: "{tok.val}"') from None


class Parser:
    """text/template/parse/parse.go, function for function."""

    def __init__(self, text: str, funcs: set[str]):
        self.text = text
        self.toks = _lex(text)
        self.i = 0
        self.last: Tok = self.toks[0]
        self.funcs = funcs
        self.vars: list[str] = ["$"]
        self.range_depth = 0
        self.action_line = 0
        self.defines: dict[str, list[Node]] = {}

    # tokens
    def next(self) -> Tok:
        t = self.toks[min(self.i, len(self.toks) - 1)]
        self.i += 1
        self.last = t
        return t

    def backup(self, n: int = 1) -> None:
        self.i -= n

    def peek(self) -> Tok:
        return self.toks[min(self.i, len(self.toks) - 1)]

    def next_non_space(self) -> Tok:
        t = self.next()
        while t.typ == "space":
            t = self.next()
        return t

    def peek_non_space(self) -> Tok:
        t = self.next_non_space()
        self.backup()
        return t

    # errors
    def error(self, msg: str) -> TemplateError:
        return TemplateError(f"template: {NAME}:{self.last.line}: {msg}")

    def unexpected(self, tok: Tok, context: str) -> TemplateError:
        if tok.typ == "error":
            extra = ""
            if self.action_line and self.action_line != tok.line:
                extra = f" in action started at {NAME}:{self.action_line}"
                if tok.val.endswith(" action"):
                    extra = extra[len(" in action"):]
            return self.error(f"{tok}{extra}")
        return self.error(f"unexpected {tok} in {context}")

    def expect(self, typ: str, context: str) -> Tok:
        t = self.next_non_space()
        if t.typ != typ:
            raise self.unexpected(t, context)
        return t

    # structure
    def parse(self) -> Tree:
        root: list[Node] = []
        while self.peek().typ != "eof":
            if self.peek().typ == "left":
                self.next()
                t = self.next_non_space()
                if t.typ == "keyword" and t.val == "define":
                    self.define()
                    continue
                self.i = self.toks.index(t) if False else self.i
                self._backup_to_left()
            n = self.text_or_action()
            if isinstance(n, _EndElse):
                raise self.error(f"unexpected {n}")
            if n is not None:
                root.append(n)
        return Tree(root, self.defines, self.text)

    def _backup_to_left(self) -> None:
        while self.toks[self.i - 1].typ != "left":
            self.i -= 1
        self.i -= 1

    def text_or_action(self) -> Node | None:
        t = self.next_non_space()
        if t.typ == "text":
            return Text(t.pos, t.val)
        if t.typ == "left":
            saved = self.action_line
            self.action_line = t.line
            try:
                return self.action()
            finally:
                self.action_line = 0 if not saved else saved
        raise self.unexpected(t, "input")

    def item_list(self) -> tuple[list[Node], "_EndElse"]:
        nodes: list[Node] = []
        while self.peek_non_space().typ != "eof":
            n = self.text_or_action()
            if isinstance(n, _EndElse):
                return nodes, n
            if n is not None:
                nodes.append(n)
        raise self.error("unexpected EOF")

    def action(self) -> Node | None:
        t = self.next_non_space()
        if t.typ == "keyword":
            if t.val == "block":
                return self.template_control(t, block=True)
            if t.val in ("break", "continue"):
                nxt = self.next_non_space()
                if nxt.typ != "right":
                    raise self.unexpected(nxt, "{{" + t.val + "}}")
                if self.range_depth == 0:
                    raise self.error(f"{{{{{t.val}}}}} outside {{{{range}}}}")
                return Break(t.pos, t.line) if t.val == "break" else Continue(t.pos, t.line)
            if t.val == "else":
                peek = self.peek_non_space()
                if peek.typ == "keyword" and peek.val in ("if", "with"):
                    return _EndElse("else", peek.pos)
                self.expect("right", "else")
                return _EndElse("else", t.pos)
            if t.val == "end":
                self.expect("right", "end")
                return _EndElse("end", t.pos)
            if t.val in ("if", "range", "with"):
                return self.control(t)
            if t.val == "template":
                return self.template_control(t, block=False)
            if t.val == "define":
                raise self.unexpected(t, "command")   # define only at the top level
        self.backup()
        return Action(self.peek().pos, self.peek().line, self.pipeline("command", "right"))

    def control(self, kw: Tok) -> Branch:
        mark = len(self.vars)
        try:
            pipe = self.pipeline(kw.val, "right")
            if kw.val == "range":
                self.range_depth += 1
            body, nxt = self.item_list()
            if kw.val == "range":
                self.range_depth -= 1
            else_body = None
            if nxt.kind == "else":
                peek = self.peek()
                if kw.val in ("if", "with") and peek.typ == "keyword" and peek.val == kw.val:
                    t = self.next()
                    else_body = [self.control(t)]
                else:
                    else_body, nxt2 = self.item_list()
                    if nxt2.kind != "end":
                        raise self.error(f"expected end; found {nxt2}")
            return Branch(pipe.pos, kw.val, pipe.line if hasattr(pipe, "line") else kw.line, pipe, body, else_body)
        finally:
            del self.vars[mark:]

    def template_control(self, kw: Tok, *, block: bool) -> Node:
        context = "block clause" if block else "template clause"
        t = self.next_non_space()
        if t.typ not in ("string", "raw"):
            raise self.unexpected(t, context)
        name = unquote(t)
        pipe = None
        if self.next_non_space().typ != "right":
            self.backup()
            pipe = self.pipeline(context, "right")
        if block:
            saved_vars = self.vars
            self.vars = ["$"]
            body, nxt = self.item_list()
            self.vars = saved_vars
            if nxt.kind != "end":
                raise self.error(f"unexpected {nxt} in block clause")
            self.defines[name] = body
        return TemplateCall(t.pos, kw.line, name, pipe)

    def define(self) -> None:
        t = self.next_non_space()
        if t.typ not in ("string", "raw"):
            raise self.unexpected(t, "define clause")
        name = unquote(t)
        self.expect("right", "define clause")
        saved = self.vars
        self.vars = ["$"]
        body, nxt = self.item_list()
        self.vars = saved
        if nxt.kind != "end":
            raise self.error(f"unexpected {nxt} in define clause")
        self.defines[name] = body

    def pipeline(self, context: str, end: str) -> Pipe:
        start = self.peek_non_space()
        decl: list[Variable] = []
        is_assign = False
        while True:                          # declarations: $x := / $x = / $i, $e :=
            v = self.peek_non_space()
            if v.typ != "var":
                break
            self.next_non_space()
            after = self.peek()
            nxt = self.peek_non_space()
            if nxt.typ in ("assign", "declare"):
                is_assign = nxt.typ == "assign"
                self.next_non_space()
                decl.append(Variable(v.pos, [v.val]))
                self.vars.append(v.val)
                break
            if nxt.typ == "charitem" and nxt.val == ",":
                self.next_non_space()
                decl.append(Variable(v.pos, [v.val]))
                self.vars.append(v.val)
                if context == "range" and len(decl) < 2:
                    if self.peek_non_space().typ in ("var", "right", "rparen"):
                        continue
                    raise self.error("range can only initialize variables")
                raise self.error(f"too many declarations in {context}")
            # not a declaration: put the variable (and the space after it) back
            while self.toks[self.i - 1] is not v:
                self.i -= 1
            self.i -= 1
            break
        cmds: list[Command] = []
        while True:
            t = self.next_non_space()
            if t.typ == end:
                if not cmds:
                    raise self.error(f"missing value for {context}")
                for i, c in enumerate(cmds[1:]):
                    if isinstance(c.args[0], (Const, Dot, Nil)):
                        raise self.error(f"non executable command in pipeline stage {i + 2}")
                pipe = Pipe(start.pos, decl, cmds, is_assign)
                pipe.line = start.line
                return pipe
            if t.typ in ("bool", "char", "dot", "field", "ident", "number", "nil", "raw", "string", "var", "lparen"):
                self.backup()
                cmds.append(self.command())
                continue
            raise self.unexpected(t, context)

    def command(self) -> Command:
        cmd = Command(self.peek_non_space().pos, [])
        while True:
            self.peek_non_space()
            op = self.operand()
            if op is not None:
                cmd.args.append(op)
            t = self.next()
            if t.typ == "space":
                continue
            if t.typ in ("right", "rparen"):
                self.backup()
            elif t.typ != "pipe":
                raise self.unexpected(t, "operand")
            break
        if not cmd.args:
            raise self.error("empty command")
        return cmd

    def operand(self) -> Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == "field":
            pos = self.peek().pos            # Go: the chain's position is its first trailing field
            fields = []
            while self.peek().typ == "field":
                fields.append(self.next().val[1:])
            if isinstance(node, Field):
                return Field(pos, node.idents + fields)
            if isinstance(node, Variable):
                return Variable(pos, node.idents + fields)
            if isinstance(node, (Const, Nil, Dot)):
                raise self.error(f"unexpected . after term {_q(str(node))}")
            return Chain(pos, node, fields)
        return node

    def term(self) -> Node | None:
        t = self.next_non_space()
        if t.typ == "ident":
            if t.val not in self.funcs:
                raise self.error(f'function "{t.val}" not defined')
            return Ident(t.pos, t.val)
        if t.typ == "dot":
            return Dot(t.pos)
        if t.typ == "nil":
            return Nil(t.pos)
        if t.typ == "var":
            if t.val not in self.vars:
                raise self.error(f'undefined variable "{t.val}"')
            return Variable(t.pos, [t.val])
        if t.typ == "field":
            return Field(t.pos, [t.val[1:]])
        if t.typ == "bool":
            return Const(t.pos, t.val == "true", t.val)
        if t.typ in ("number", "char"):
            return Const(t.pos, parse_number(t) if t.typ == "number" else unquote(t), t.val)
        if t.typ in ("string", "raw"):
            return Const(t.pos, unquote(t), t.val)
        if t.typ == "lparen":
            return self.pipeline("parenthesized pipeline", "rparen")
        self.backup()
        return None


@dataclass
class _EndElse:
    kind: str
    pos: int

    def __str__(self) -> str:
        return "{{" + self.kind + "}}"


def parse(text: str, funcs: set[str]) -> Tree:
    return Parser(text, funcs).parse()
