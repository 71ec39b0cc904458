"""Request bodies as the apiserver decodes them: content types, JSON and YAML,
the size limit, and ``fieldValidation`` (Strict, Warn, Ignore).
"""
from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..api import errors
from ..api.meta import Obj
from ..api.decoding import decode_errors
from ..kubectl.commands.patch import go_json_error
from . import protobuf

#: The apiserver's limit on a request body (3 MiB, --max-request-bytes' default for writes).
MAX_BODY = 3 * 1024 * 1024

BODY_TYPES = ("application/json", "application/yaml", protobuf.MEDIA_TYPE)
PATCH_TYPES = {
    "application/json-patch+json": "json",
    "application/merge-patch+json": "merge",
    "application/strategic-merge-patch+json": "strategic",
    "application/apply-patch+yaml": "apply",
}


def media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def unsupported(accepted: tuple[str, ...] | list[str]) -> errors.ApiError:
    return errors.ApiError(415, "UnsupportedMediaType",
                           "the body of the request was in an unknown format - accepted media types include: "
                           + ", ".join(accepted))


def too_large() -> errors.ApiError:
    return errors.ApiError(413, "RequestEntityTooLarge", f"Request entity too large: limit is {MAX_BODY}")


def decode_object(body: bytes, content_type: str) -> Obj:
    """The object a create or update sends, as the apiserver's decoder reads it."""
    media = media_type(content_type) or "application/json"
    if media not in BODY_TYPES:
        raise unsupported(BODY_TYPES)
    if media == protobuf.MEDIA_TYPE:
        return protobuf.decode(body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise errors.bad_request("couldn't get version/kind; json parse error: invalid character in string literal") from None
    if media == "application/yaml":
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = f"line {mark.line + 1}: " if mark is not None else ""
            raise errors.bad_request(f"yaml: {line}{getattr(err, 'problem', None) or err}") from None
    else:
        problem = go_json_error(text)
        if problem:
            raise errors.bad_request(f"couldn't get version/kind; json parse error: {problem}")
        value = json.loads(text)
    if not isinstance(value, dict):
        shown = text if len(text) < 200 else text[:200] + "..."
        raise errors.bad_request(f"Object 'Kind' is missing in '{shown}'")
    if not value.get("kind"):
        raise errors.bad_request(f"Object 'Kind' is missing in '{json.dumps(value, separators=(',', ':'))}'")
    return value


_UNKNOWN = re.compile(r'unknown field "([^"]+)"')


def field_validation(query: dict[str, str]) -> str:
    mode = query.get("fieldValidation", "Warn") or "Warn"
    if mode not in ("Strict", "Warn", "Ignore"):
        raise errors.bad_request(f"fieldValidation parameter unsupported: {mode}")
    return mode


def drop_unknown_fields(obj: Obj, mode: str) -> list[str]:
    """Warn and Ignore: remove the fields the schema does not know (returning the
    warnings for Warn); Strict leaves them for the decoder to refuse."""
    if mode == "Strict":
        return []
    problem = decode_errors(obj)
    if not problem or not problem.startswith("strict decoding error:"):
        return []
    paths = _UNKNOWN.findall(problem)
    for path in paths:
        _remove(obj, path)
    return [f'unknown field "{p}"' for p in paths] if mode == "Warn" else []


def _remove(obj: Any, path: str) -> None:
    tokens = [t for t in re.split(r"\.|\[(\d+)\]", path) if t]
    cur = obj
    for tok in tokens[:-1]:
        cur = cur[int(tok)] if isinstance(cur, list) else cur.get(tok) if isinstance(cur, dict) else None
        if cur is None:
            return
    last = tokens[-1]
    if isinstance(cur, dict):
        cur.pop(last, None)
    elif isinstance(cur, list) and last.isdigit() and int(last) < len(cur):
        cur.pop(int(last))


def dry_run(query: dict[str, str]) -> bool:
    value = query.get("dryRun", "")
    if value and value != "All":
        raise errors.bad_request(f'Invalid dryRun value: "{value}"; the only value allowed is "All"')
    return value == "All"


def field_manager(query: dict[str, str]) -> str:
    manager = query.get("fieldManager", "")
    if len(manager) > 128:
        raise errors.invalid("", "", "", [("fieldManager", f"Too long: may not be more than 128 bytes")])
    return manager
