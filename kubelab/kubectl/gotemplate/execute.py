"""Executing a parsed template the way Go's text/template does (exec.go): dot, ``$``
and variables, field chains on maps, pipelines whose previous value is the last
argument, if/with/range with else, break/continue, and Go's error texts
(``template: output:1:2: executing "output" at <.a.b>: ...``).

Values are decoded JSON.  ``MISSING`` is Go's invalid value (a key that is not
there): it prints ``<no value>``, and a field of it is again ``MISSING``.
"""
from __future__ import annotations

from typing import Any

from . import funcs as F
from .gofmt import MISSING, LitInt, sprint, type_name
from .parse import (NAME, Action, Branch, Break, Chain, Command, Const, Continue, Dot, Field, Ident, Nil, Node,
                    Pipe, TemplateCall, TemplateError, Text, Tree, Variable)


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _State:
    def __init__(self, tree: Tree, missing_error: bool):
        self.tree = tree
        self.missing_error = missing_error
        self.vars: list[list[Any]] = []
        self.node: Node | None = None
        self.out: list[str] = []
        self.depth = 0
        self.dot_wrapped = False     # dot is a range element (interface{}-typed in Go)

    # errors
    def at(self, node: Node) -> None:
        self.node = node

    def error(self, msg: str) -> TemplateError:
        if self.node is None:
            return TemplateError(f"template: {NAME}: {msg}")
        text = self.tree.text[:self.node.pos]
        line = text.count("\n") + 1
        col = self.node.pos - (text.rfind("\n") + 1)
        context = str(self.node)
        return TemplateError(f'template: {NAME}:{line}:{col}: executing "{NAME}" at <{context}>: {msg}')

    # variables
    def var(self, name: str) -> Any:
        for n, v in reversed(self.vars):
            if n == name:
                return v
        raise self.error(f"undefined variable: {name}")

    def set_var(self, name: str, value: Any) -> None:
        for entry in reversed(self.vars):
            if entry[0] == name:
                entry[1] = value
                return

    # walking
    def walk(self, dot: Any, nodes: list[Node]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                self.out.append(node.text)
            elif isinstance(node, Action):
                val = self.pipeline(dot, node.pipe)
                if not node.pipe.decl:
                    self.at(node)
                    self.out.append(sprint(val, "top") if val is not MISSING else "<no value>")
            elif isinstance(node, Branch):
                mark = len(self.vars)
                try:
                    if node.kind == "range":
                        self.walk_range(dot, node)
                    else:
                        val = self.pipeline(dot, node.pipe)
                        if F.truth(val):
                            if node.kind == "with":
                                saved, self.dot_wrapped = self.dot_wrapped, False
                                try:
                                    self.walk(val, node.body)
                                finally:
                                    self.dot_wrapped = saved
                            else:
                                self.walk(dot, node.body)
                        elif node.else_body is not None:
                            self.walk(dot, node.else_body)
                finally:
                    del self.vars[mark:]
            elif isinstance(node, Break):
                raise _Break()
            elif isinstance(node, Continue):
                raise _Continue()
            elif isinstance(node, TemplateCall):
                self.at(node)
                body = self.tree.defines.get(node.name)
                if body is None:
                    raise self.error(f'template "{node.name}" not defined')
                self.depth += 1
                if self.depth > 100000:
                    raise self.error("exceeded maximum template depth (100000)")
                new_dot = self.pipeline(dot, node.pipe) if node.pipe else None
                saved, self.vars = self.vars, [["$", new_dot]]
                try:
                    self.walk(new_dot, body)
                finally:
                    self.vars = saved
                    self.depth -= 1

    def walk_range(self, dot: Any, node: Branch) -> None:
        self.at(node)
        val = self.pipeline(dot, node.pipe)
        mark = len(self.vars)
        decl = node.pipe.decl

        def one(index: Any, elem: Any) -> bool:
            if decl:
                if node.pipe.is_assign:
                    self.set_var(decl[0].idents[0], index if len(decl) > 1 else elem)
                    if len(decl) > 1:
                        self.set_var(decl[1].idents[0], elem)
                else:
                    self.vars[mark - 1][1] = elem
                    if len(decl) > 1:
                        self.vars[mark - 2][1] = index
            saved = self.dot_wrapped
            self.dot_wrapped = True
            try:
                self.walk(elem, node.body)
            except _Continue:
                pass
            except _Break:
                return False
            finally:
                self.dot_wrapped = saved
                del self.vars[mark:]
            return True

        items: list[tuple[Any, Any]]
        if isinstance(val, list):
            items = [(LitInt(i), v) for i, v in enumerate(val)]
        elif isinstance(val, dict):
            items = [(k, val[k]) for k in sorted(val)]
        elif val is MISSING or val is None:
            items = []
        else:
            raise self.error(f"range can't iterate over {sprint(val)}")
        for index, elem in items:
            if not one(index, elem):
                break
        if not items and node.else_body is not None:
            self.walk(dot, node.else_body)

    def pipeline(self, dot: Any, pipe: Pipe) -> Any:
        self.at(pipe)
        value: Any = F.NO_FINAL
        for cmd in pipe.cmds:
            value = self.command(dot, cmd, value)
            if value is None:            # an interface{} holding nil is dug down to "no value"
                value = MISSING
        for v in pipe.decl:
            if pipe.is_assign:
                self.set_var(v.idents[0], value)
            else:
                self.vars.append([v.idents[0], value])
        return value

    def command(self, dot: Any, cmd: Command, final: Any) -> Any:
        first = cmd.args[0]
        if isinstance(first, Field):
            self.at(first)
            return self.field_chain(dot, dot, first.idents, cmd.args, final)
        if isinstance(first, Chain):
            self.at(first)
            base = self.arg(dot, first.node)
            return self.field_chain(dot, base, first.fields, cmd.args, final)
        if isinstance(first, Ident):
            self.at(first)
            return F.call(self, dot, first.name, cmd, cmd.args[1:], final)
        if isinstance(first, Pipe):
            self.not_a_function(cmd.args, final)
            return self.pipeline(dot, first)
        if isinstance(first, Variable):
            self.at(first)
            value = self.var(first.idents[0])
            if len(first.idents) == 1:
                self.not_a_function(cmd.args, final)
                return value
            return self.field_chain(dot, value, first.idents[1:], cmd.args, final)
        self.at(first)
        self.not_a_function(cmd.args, final)
        if isinstance(first, Dot):
            return dot
        if isinstance(first, Nil):
            raise self.error("nil is not a command")
        if isinstance(first, Const):
            return LitInt(first.value) if isinstance(first.value, int) and not isinstance(first.value, bool) \
                else first.value
        raise self.error(f"can't evaluate command {str(first)!r}")

    def not_a_function(self, args: list[Node], final: Any) -> None:
        if len(args) > 1 or final is not F.NO_FINAL:
            raise self.error(f"can't give argument to non-function {args[0]}")

    def field_chain(self, dot: Any, receiver: Any, idents: list[str], args: list[Node], final: Any) -> Any:
        for i, name in enumerate(idents):
            last = i == len(idents) - 1
            has_args = last and (len(args) > 1 or final is not F.NO_FINAL)
            wrapped = i > 0 or (receiver is dot and self.dot_wrapped)
            receiver = self.field(receiver, name, has_args, wrapped)
        return receiver

    def field(self, receiver: Any, name: str, has_args: bool, wrapped: bool) -> Any:
        if receiver is MISSING:
            if self.missing_error:
                raise self.error(f'nil data; no entry for key "{name}"')
            return MISSING
        if receiver is None:
            raise self.error(f"nil pointer evaluating interface {{}}.{name}")
        if isinstance(receiver, dict):
            if has_args:
                raise self.error(f"{name} is not a method but has arguments")
            if name in receiver:
                return receiver[name]
            if self.missing_error:
                raise self.error(f'map has no entry for key "{name}"')
            return MISSING
        # Go names the static type: interface {} for what came out of a map or a slice.
        raise self.error(f"can't evaluate field {name} in type {'interface {}' if wrapped else type_name(receiver)}")

    def arg(self, dot: Any, node: Node) -> Any:
        """An argument's value (evalArg for an interface{} parameter)."""
        self.at(node)
        if isinstance(node, Dot):
            return dot
        if isinstance(node, Nil):
            return None
        if isinstance(node, Field):
            return self.field_chain(dot, dot, node.idents, [node], F.NO_FINAL)
        if isinstance(node, Variable):
            value = self.var(node.idents[0])
            return value if len(node.idents) == 1 else self.field_chain(dot, value, node.idents[1:], [node], F.NO_FINAL)
        if isinstance(node, Pipe):
            return self.pipeline(dot, node)
        if isinstance(node, Ident):
            return F.call(self, dot, node.name, node, [], F.NO_FINAL)
        if isinstance(node, Chain):
            base = self.arg(dot, node.node)
            return self.field_chain(dot, base, node.fields, [node], F.NO_FINAL)
        if isinstance(node, Const):
            v = node.value
            return LitInt(v) if isinstance(v, int) and not isinstance(v, bool) else v
        raise self.error(f"can't handle {node} for arg")


def execute(tree: Tree, data: Any, *, missing_error: bool = False) -> str:
    state = _State(tree, missing_error)
    state.vars.append(["$", data])
    try:
        state.walk(data, tree.root)
    except (_Break, _Continue):
        pass
    except RecursionError:
        raise TemplateError(f"template: {NAME}: exceeded maximum template depth") from None
    return "".join(state.out)


class PartialOutput(TemplateError):
    """An execution error, with what the template wrote before it (kubectl prints both)."""

    def __init__(self, message: str, written: str):
        super().__init__(message)
        self.written = written


def execute_partial(tree: Tree, data: Any, *, missing_error: bool = False) -> str:
    state = _State(tree, missing_error)
    state.vars.append(["$", data])
    try:
        state.walk(data, tree.root)
    except (_Break, _Continue):
        pass
    except TemplateError as err:
        raise PartialOutput(str(err), "".join(state.out)) from None
    except RecursionError:
        raise PartialOutput(f"template: {NAME}: exceeded maximum template depth", "".join(state.out)) from None
    return "".join(state.out)
