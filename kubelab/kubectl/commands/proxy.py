"""kubectl proxy [--port=8001] [--address=127.0.0.1]

A real ``kubectl proxy`` listens on your computer and passes each request on to
the API server with kubectl's credentials, until Ctrl-C:

    Starting to serve on 127.0.0.1:8001

As with ``port-forward``, a notebook cell must end, so the kit's proxy keeps
running *in the background*: ``cluster.curl("http://localhost:8001/version")``
then reaches the API, and the paths the kubernetes.io basics tutorial uses reach
pods and Services through the API server's proxy subresources:

    http://localhost:8001/api/v1/namespaces/default/pods/POD:8080/proxy/
    http://localhost:8001/api/v1/namespaces/default/services/SVC:80/proxy/

Answered here: ``/version``; GET of an object or a list
(``/api/v1/namespaces/default/pods``, ``/apis/apps/v1/namespaces/default/deployments/web``);
the ``proxy`` paths, with the pod's or Service's answer as it gave it.  Other
API requests answer 404 (``kubectl`` in the same notebook reaches the cluster
directly; a terminal's ``kubectl`` can use the served API: ``%kubelab serve``).
"""
from __future__ import annotations

import json

from ...api import errors, resources
from ...api.connect import ProxyOptions
from ...apps.base import Response
from ..cli import Command, CommandError, Ctx, Flag, register
from .info import SERVER

FLAGS = (Flag("port", "p", "int", 8001), Flag("address", default="127.0.0.1"), Flag("api-prefix", default="/"),
         Flag("accept-hosts"), Flag("reject-paths"), Flag("www", "w"), Flag("www-prefix", "P"),
         Flag("disable-filter", kind="bool"), Flag("unix-socket", "u"), Flag("keepalive", default="0s"))

#: /version as the API server writes it (indented, in its struct's order)
VERSION_KEYS = ("major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler",
                "platform")


class LocalProxy:
    """What listens on the proxy's local port: each request to it goes to the API."""

    def __init__(self, api, prefix: str = "/"):
        self.api, self.prefix = api, "/" + prefix.strip("/")

    def serve(self, method: str, path: str, headers: dict, body: str) -> Response:
        if self.prefix != "/":
            if not path.startswith(self.prefix):
                return _status(errors.ApiError(404, "NotFound", "the server could not find the requested resource"))
            path = path[len(self.prefix):] or "/"
        try:
            return self._serve(method, path, headers, body)
        except errors.ApiError as err:
            return _status(err)

    def _serve(self, method: str, path: str, headers: dict, body: str) -> Response:
        bare, _, query = path.partition("?")
        parts = [p for p in bare.split("/") if p]
        if parts == ["version"]:
            return Response(200, json.dumps({k: SERVER[k] for k in VERSION_KEYS}, indent=2),
                            {"Content-Type": "application/json"})
        if parts[:1] == ["api"] and len(parts) >= 2:
            group, version, rest = "", parts[1], parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 3:
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            raise _not_found()
        namespace = None
        if len(rest) >= 3 and rest[0] == "namespaces":
            namespace, rest = rest[1], rest[2:]
        if len(rest) >= 3 and rest[2] == "proxy" and rest[0] in ("pods", "services") and namespace and not group:
            marker = f"/{rest[0]}/{rest[1]}/proxy"
            tail = bare[bare.index(marker) + len(marker):] or "/"
            options = ProxyOptions(path=tail + (f"?{query}" if query else ""), method=method,
                                   headers=tuple((k.lower(), v) for k, v in headers.items()), body=body)
            return self.api.connect(rest[0], rest[1], namespace, "proxy", options)
        rt = resources.by_plural(group, rest[0]) if rest else None
        if rt is None or rt.version != version or len(rest) > 2 or method != "GET":
            raise _not_found()
        if len(rest) == 2:
            return _json(self.api.get(rt, rest[1], namespace if rt.namespaced else None))
        items = [{k: v for k, v in o.items() if k not in ("kind", "apiVersion")}
                 for o in self.api.list(rt, namespace if rt.namespaced else None)]
        return _json({"kind": f"{rt.kind}List", "apiVersion": rt.api_version,
                      "metadata": {"resourceVersion": str(getattr(self.api, "_rv", ""))}, "items": items})


def _not_found() -> errors.ApiError:
    return errors.ApiError(404, "NotFound", "the server could not find the requested resource")


def _json(obj: dict) -> Response:
    return Response(200, json.dumps(obj, separators=(",", ":")), {"Content-Type": "application/json"})


def _status(err: errors.ApiError) -> Response:
    return Response(err.code, json.dumps(err.status, separators=(",", ":")), {"Content-Type": "application/json"})


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    port, address = opts["port"], opts["address"]
    forwards = ctx.session.local_ports
    if port == 0:
        port = next(p for p in range(ctx.session.rng.randrange(32768, 60000), 65536) if p not in forwards)
    if port in forwards:
        raise CommandError(f"error: listen tcp {address}:{port}: bind: address already in use")
    forwards[port] = ("", 0, LocalProxy(ctx.api, opts["api-prefix"]))
    ctx.print(f"Starting to serve on {address}:{port}")


register(Command("proxy", run, FLAGS))
