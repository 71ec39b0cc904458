"""Sample servers the kubernetes.io tutorials run: Google's ``hello-app`` and ``goproxy``.

* ``gcr.io/google-samples/hello-app:1.0`` / ``2.0`` (also
  ``us-docker.pkg.dev/google-samples/containers/gke/hello-app``), from
  GoogleCloudPlatform/kubernetes-engine-samples ``quickstarts/hello-app/main.go``:
  listens on ``$PORT`` (the image sets ``PORT=8080``), logs with Go's ``log``
  package and answers every path with three lines.
* ``registry.k8s.io/goproxy:0.1`` (the tcp-liveness-readiness example): an HTTP
  proxy on 8080 (elazarl/goproxy); a request that is not a proxy request gets
  goproxy's ``NonproxyHandler`` answer, a 500.
"""
from __future__ import annotations

from .base import App, Request, Response
from .web import wall


def go_log(ctx, msg: str) -> str:
    """Go's standard ``log`` line: ``2025/01/06 09:00:00 msg``."""
    return f"{wall(ctx):%Y/%m/%d %H:%M:%S} {msg}"


class HelloApp(App):
    """hello-app: ``Hello, world!`` / ``Version: 1.0.0`` / ``Hostname: <pod>``.

    Go's runtime handles SIGTERM by exiting (as PID 1 the re-raised signal is
    ignored, so it exits with status 2).
    """

    version = "1.0.0"

    def start(self) -> None:
        port = self.ctx.env.get("PORT") or "8080"
        self.ctx.log(go_log(self.ctx, f"Server listening on port {port}"))
        self.listening = {int(port)} if port.isdigit() else set()

    def http(self, req: Request) -> Response:
        self.ctx.log(go_log(self.ctx, f"Serving request: {req.path.split('?', 1)[0]}"))
        body = f"Hello, world!\nVersion: {self.version}\nHostname: {self.ctx.hostname}\n"
        return Response(200, body, {"Content-Type": "text/plain; charset=utf-8"})

    def signal(self, sig: str) -> None:
        if sig == "SIGTERM" and self.running:
            self.running = False
            self.ctx.exit(2, "Error")
        else:
            super().signal(sig)


class GoProxy(App):
    """goproxy's example server: a forward proxy; direct requests get a 500."""

    ports = frozenset({8080})

    def http(self, req: Request) -> Response:
        return Response(500, "This is a proxy server. Does not respond to non-proxy requests.\n",
                        {"Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff"})
