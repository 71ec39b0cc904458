"""API errors: each wraps a metav1.Status as the apiserver returns it."""
from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error the API server answers with; ``status`` is the metav1.Status body."""

    def __init__(self, code: int, reason: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details or {}

    @property
    def status(self) -> dict[str, Any]:
        return {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "details": self.details,
            "code": self.code,
        }

    def kubectl_text(self) -> str:
        """What kubectl prints for this error (``Error from server (Reason): message``).

        Invalid errors are printed from their causes, as kubectl's CheckErr does:
        ``The Deployment "x" is invalid: field: message`` (one cause) or one
        ``* field: message`` line per cause."""
        causes = self.details.get("causes") if self.reason == "Invalid" else None
        if causes:
            head = f'The {self.details.get("kind", "")} "{self.details.get("name", "")}" is invalid: '
            lines = [f'{c["field"]}: {c["message"]}' if c.get("field") else c["message"] for c in causes]
            if len(lines) == 1:
                return head + lines[0]
            return head + "\n" + "\n".join("* " + line for line in lines)
        if self.reason in ("", "Unknown"):
            return f"Error from server: {self.message}"
        return f"Error from server ({self.reason}): {self.message}"


def _resource(group: str, plural: str) -> str:
    return f"{plural}.{group}" if group else plural


def not_found(group: str, plural: str, name: str) -> ApiError:
    return ApiError(404, "NotFound", f'{_resource(group, plural)} "{name}" not found',
                    {"name": name, "group": group, "kind": plural})


def already_exists(group: str, plural: str, name: str) -> ApiError:
    return ApiError(409, "AlreadyExists", f'{_resource(group, plural)} "{name}" already exists',
                    {"name": name, "group": group, "kind": plural})


def conflict(group: str, plural: str, name: str, why: str) -> ApiError:
    return ApiError(409, "Conflict",
                    f'Operation cannot be fulfilled on {_resource(group, plural)} "{name}": {why}',
                    {"name": name, "group": group, "kind": plural})


def invalid(kind: str, group: str, name: str, causes: list[tuple[str, str]]) -> ApiError:
    """422 Invalid.  ``causes`` are (field, message) pairs, message already worded
    as field.ErrorList words it, e.g. ``Invalid value: "x": must be ...``."""
    qualified = f"{kind}.{group}" if group else kind
    # the same error twice is said once (a Job's two job-name labels carry one bad value:
    # the real apiserver answers one cause, as ErrorList.ToAggregate dedupes)
    causes = list(dict.fromkeys(causes))
    joined = ", ".join(f"{f}: {m}" if f else m for f, m in causes)
    if len(causes) > 1:
        joined = "[" + joined + "]"
    message = f'{qualified} "{name}" is invalid: {joined}'
    return ApiError(422, "Invalid", message, {
        "name": name, "group": group, "kind": kind,
        "causes": [{"field": f, "message": m} for f, m in causes],
    })


def bad_request(message: str) -> ApiError:
    return ApiError(400, "BadRequest", message)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "Forbidden", message)


def namespace_not_found(namespace: str) -> ApiError:
    return not_found("", "namespaces", namespace)
