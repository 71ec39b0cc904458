"""kubectl explain: the API's own field documentation, from the v1.32 schemas.

kubectl v1.32 renders ``explain`` with a Go template over the apiserver's
OpenAPI v3 document (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/
plaintext.tmpl at kubernetes-1.32.4); this module follows that template step by
step::

    >>> print(c.kubectl("explain deployment.spec.strategy"))   # doctest: +SKIP
    GROUP:      apps
    KIND:       Deployment
    VERSION:    v1
    <BLANKLINE>
    FIELD: strategy <DeploymentStrategy>
    ...

The schemas come from the ``kubernetes-validate`` package (the v1.32 OpenAPI
v2 definitions turned into JSON schema).  Descriptions, types and required
fields are the apiserver's; what differs from a real v1.32 server:

* v2 keeps a field that points at another type as ``{"$ref", "description"}``
  where v3 writes ``{"allOf": [{"$ref"}], "description"}``; :func:`_v3` rewrites
  the first into the second so the template's description walk (the field's
  own text, then its type's) comes out the same.
* kubernetes-validate drops the ``enum`` lists and the "Possible enum values:"
  paragraphs the v1.32 descriptions carry, so fields such as
  ``restartPolicy`` print without their ``ENUM:`` / ``enum:`` lines.
"""
from __future__ import annotations

from ...api import resources
from ...api.decoding import schemas as _schemas
from ..cli import Command, CommandError, Ctx, Flag, register

__all__ = ["explain_text", "wrap"]


class ExplainError(CommandError):
    """An error the template throws after it has written ``stdout`` (the header)."""

    def __init__(self, text: str, stdout: str = ""):
        super().__init__(text)
        self.stdout = stdout


# ---------------------------------------------------------------- go-wordwrap
def wrap(s: str, lim: int) -> str:
    """github.com/mitchellh/go-wordwrap v1.0.1 ``WrapString``, which kubectl's
    ``wrap`` template function uses: break at white space so lines stay within
    ``lim`` runes, keep existing newlines, never split a word.

    >>> wrap("one two three", 7)
    'one two\\nthree'
    """
    buf: list[str] = []
    current = 0
    word: list[str] = []
    space: list[str] = []
    for ch in s:
        if ch == "\n":
            if not word:
                if current + len(space) > lim:
                    current = 0
                else:
                    buf.extend(space)
            else:
                buf.extend(space)
                buf.extend(word)
                word = []
            space = []
            buf.append(ch)
            current = 0
        elif ch.isspace() and ch != "\u00a0":
            if not space or word:
                current += len(space) + len(word)
                buf.extend(space)
                buf.extend(word)
                space, word = [], []
            space.append(ch)
        else:
            word.append(ch)
            if current + len(word) + len(space) > lim and len(word) < lim:
                buf.append("\n")
                current = 0
                space = []
    if not word:
        if current + len(space) <= lim:
            buf.extend(space)
    else:
        buf.extend(space)
        buf.extend(word)
    return "".join(buf)


def _indent(amount: int, text: str) -> str:
    pad = " " * amount
    return pad + text.replace("\n", "\n" + pad)


# ---------------------------------------------------------------- schema access
def _defs() -> dict:
    return _schemas()[0]


def _ref(schema: dict) -> str:
    ref = schema.get("$ref") or ""
    return ref.rsplit("/", 1)[1] if ref else ""


def _resolve(schema: dict) -> dict:
    """resolveRef: the schema a ``$ref`` points at, or the schema itself."""
    name = _ref(schema)
    return _v3(_defs().get(name, schema)) if name else schema


def _v3(schema: dict) -> dict:
    """v2's ``{$ref, description}`` as the v3 document writes it: ``{allOf: [{$ref}], description}``."""
    if "$ref" in schema and len(schema) > 1:
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        rest["allOf"] = [{"$ref": schema["$ref"]}]
        return rest
    return schema


def _props(schema: dict) -> dict:
    return {k: _v3(v) for k, v in (schema.get("properties") or {}).items()}


def _type(schema: dict) -> str:
    """v2 JSON schema types are ``["string", "null"]``; v3 says ``string``."""
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "")
    return t or ""


def _sub(schema: dict, key: str) -> dict | None:
    """``items`` or a map's ``additionalProperties`` (a bool there does not count)."""
    v = schema.get(key)
    return _v3(v) if isinstance(v, dict) and v else None


def type_guess(schema: dict) -> str:
    """The template's ``typeGuess``: ``string``, ``[]Container``, ``map[string]string``,
    ``IntOrString``, ``Object``."""
    items, extra, all_of = _sub(schema, "items"), _sub(schema, "additionalProperties"), schema.get("allOf")
    if items is not None:
        return "[]" + type_guess(items)
    if extra is not None:
        return "map[string]" + type_guess(extra)
    if all_of and not schema.get("properties") and len(all_of) == 1:
        return type_guess(all_of[0])
    if schema.get("$ref"):
        name = _ref(schema)
        target = _defs().get(name)
        if not target or not _type(target) or _type(target) == "object":
            return name.split(".")[-1] or "Object"
        return _type(target)
    t = _type(schema)
    return "Object" if t in ("object", "") else t


def _description(schema: dict) -> str:
    """The template's ``description``: the schema's text, then its allOf's, items', map values'."""
    s = _resolve(schema)
    out = s["description"] + "\n" if s.get("description") else ""
    for part in s.get("allOf") or ():
        out += _description(part)
    for key in ("items", "additionalProperties"):
        sub = _sub(s, key)
        if sub is not None:
            out += _description(sub)
    return out


# ---------------------------------------------------------------- rendering
def _field_detail(name: str, parent: dict, short: bool, level: int) -> str:
    ind = level * 2
    field = _props(parent)[name]
    out = _indent(ind, name) + "\t<" + type_guess(field) + ">"
    if name in (parent.get("required") or ()):
        out += " -required-"
    out += "\n"
    if not short:
        out += _indent(ind + 2, wrap(field.get("description") or "<no description>", 78 - ind)) + "\n\n"
    return out


def _field_list(schema: dict, level: int, recursive: bool, history: frozenset) -> str:
    ref = schema.get("$ref") or ""
    if ref and ref in history:
        return ""                                   # a cycle: the template stops here
    history = history | {ref}
    s = _resolve(schema)
    out = ""
    props = _props(s)
    for name in sorted(props):                      # Go's range over a map is sorted
        out += _field_detail(name, s, recursive, level)
        if recursive:
            out += _field_list(props[name], level + 1, recursive, history)
    for part in s.get("allOf") or ():
        out += _field_list(part, level, recursive, history)
    for key in ("items", "additionalProperties"):
        sub = _sub(s, key)
        if sub is not None:
            out += _field_list(sub, level, recursive, history)
    return out


def _output(schema: dict, path: list[str], recursive: bool, history: frozenset) -> str:
    """The template's ``output``: follow ``path``, then describe where it ends ("" if it can't)."""
    ref = schema.get("$ref") or ""
    s = _resolve(schema)
    if not path:
        out = "DESCRIPTION:\n" + _indent(4, wrap(_description(s) or "<empty>", 76)) + "\n"
        fields = _field_list(s, 1, recursive, frozenset())     # a fresh dict in the template
        return out + ("FIELDS:\n" + fields if fields else "")
    if ref and ref in history:
        return ""
    nxt = history | {ref}
    props = _props(s)
    if path[0] in props:
        sub = props[path[0]]
        head = f"FIELD: {path[0]} <{type_guess(sub)}>\n\n\n" if len(path) == 1 else ""
        return head + _output(sub, path[1:], recursive, frozenset())
    for key in ("items", "additionalProperties"):
        sub = _sub(s, key)
        if sub is not None:
            return _output(sub, path, recursive, nxt)
    for part in s.get("allOf") or ():
        text = _output(part, path, recursive, nxt)
        if text:
            return text
    return ""


def explain_text(rt: resources.ResourceType, path: list[str], recursive: bool = False,
                 api_version: str | None = None) -> str:
    """What ``kubectl explain`` prints for a resource type and a field path.

    Raises :class:`ExplainError`; a bad field path fails after the template has
    already written the GROUP/KIND/VERSION header, which kubectl v1.32 leaves on
    stdout (kubernetes/kubectl#1872), so the error carries it.
    """
    from .info import api_versions_served
    group, version = rt.group, rt.version
    if api_version:
        group, _, version = api_version.rpartition("/")
    gvr = f"{group}/{version}, Resource={rt.plural}"          # schema.GroupVersionResource.String()
    av = f"{group}/{version}" if group else version
    if av not in api_versions_served():
        # pkg/explain/v2/explain.go: no "api/v1" / "apis/G/V" path in the OpenAPI v3 index
        raise ExplainError(f'error: couldn\'t find resource for "{gvr}"')
    same_group = group == rt.group or resources.by_plural(group, rt.plural) is not None
    name = _schemas()[1].get((av, rt.kind)) if same_group else None
    if name is None:
        raise ExplainError(f"error: GVR ({gvr}) not found in OpenAPI schema")
    head = (f"GROUP:      {group}\n" if group else "") + f"KIND:       {rt.kind}\nVERSION:    {version}\n\n"
    body = _output(_defs()[name], path, recursive, frozenset())
    if not body:
        raise ExplainError(f'error: field "{path[-1]}" does not exist', stdout=head)
    return head + body + "\n"


def _split(arg: str) -> tuple[resources.ResourceType, list[str]]:
    """``deployments.apps.spec.strategy`` -> (deployments, [spec, strategy]), as
    SplitAndParseResourceRequestWithMatchingPrefix does: a ``plural.group``
    prefix wins, else the first word is the resource."""
    for rt in resources.RESOURCES:
        if rt.group and arg.lower().startswith(rt.group_resource + "."):
            return rt, [p for p in arg[len(rt.group_resource):].split(".") if p]
        if rt.group and arg.lower() == rt.group_resource:
            return rt, []
    first, *rest = arg.split(".")
    rt = resources.lookup(first)
    if rt is None:
        # cmdutil.CheckErr on a NoResourceMatchError (pkg/cmd/util/helpers.go)
        raise CommandError(f'error: the server doesn\'t have a resource type "{first}"')
    return rt, rest


def explain(ctx: Ctx, args: list[str], opts: dict) -> None:
    # pkg/cmd/explain/explain.go Validate; CheckErr prefixes "error: ".
    if not args:
        raise CommandError('error: You must specify the type of resource to explain. Use "kubectl api-resources" '
                           "for a complete list of supported resources.")
    if len(args) > 1:
        raise CommandError("error: We accept only this format: explain RESOURCE")
    output = opts["output"] or "plaintext"
    if output == "plaintext-openapiv2":     # the pre-1.27 renderer over OpenAPI v2: not simulated
        raise CommandError('error: the simulated kubectl does not support "explain --output=plaintext-openapiv2" yet')
    if output != "plaintext":
        raise CommandError(f"error: unrecognized format: {output}")      # generator.go Render
    rt, path = _split(args[0])
    try:
        ctx.out.append(explain_text(rt, path, bool(opts["recursive"]), opts["api-version"]))
    except ExplainError as err:
        ctx.out.append(err.stdout)
        raise


register(Command("explain", explain, (Flag("recursive", kind="bool"), Flag("api-version"), Flag("output", "o"))))
