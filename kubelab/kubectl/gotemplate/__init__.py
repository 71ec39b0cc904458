r"""Go text/template, as kubectl's ``-o go-template`` runs it
(k8s.io/cli-runtime/pkg/printers/template.go: Go's text/template with sprig's and
kubectl's functions, the object decoded from its JSON).

>>> render('{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', {"items": [{"metadata": {"name": "web"}}]})
'web\n'
>>> render('{{(index .spec.ports 0).nodePort}}', {"spec": {"ports": [{"nodePort": 30080}]}})
'30080'
>>> render('{{.spec.missing}}', {"spec": {}})
'<no value>'
"""
from __future__ import annotations

from typing import Any

from .execute import PartialOutput, execute_partial
from .funcs import NAMES
from .parse import TemplateError, Tree, parse

__all__ = ["PartialOutput", "TemplateError", "compile", "render", "run"]


def compile(text: str) -> Tree:
    """Parse, raising TemplateError with Go's message."""
    return parse(text, NAMES)


def run(tree: Tree, data: Any, *, missing_error: bool = False) -> str:
    """Execute; an error raises PartialOutput carrying what was written before it."""
    return execute_partial(tree, data, missing_error=missing_error)


def render(text: str, data: Any, *, missing_error: bool = False) -> str:
    return run(compile(text), data, missing_error=missing_error)
