"""``registry.k8s.io/e2e-test-images/agnhost``: Kubernetes' test server, one binary
with subcommands (kubernetes/kubernetes ``test/images/agnhost``).

The image's ``ENTRYPOINT ["/agnhost"]`` and ``CMD ["pause"]``.  The subcommands
the kubernetes.io pages use are simulated:

* ``netexec [--http-port=8080]`` (Hello Minikube): ``/`` answers ``NOW: <time>``,
  ``/hostname``, ``/clientip``, ``/echo?msg=``, ``/healthz``, ``/shell?cmd=``
  (runs in the container, JSON answer), ``/dial?host=&port=&request=``, ``/exit``
  and ``/shutdown``;
* ``serve-hostname [--port=9376]``: answers the pod's hostname (no newline);
* ``liveness`` (the http-liveness probe example): ``/healthz`` is 200 ``ok`` for
  10 s, then 500 ``error: <seconds>``;
* ``pause``: waits for a signal.

Its log lines go through klog (``log.go:195``).  UDP and SCTP are not simulated.
"""
from __future__ import annotations

import json
from urllib.parse import parse_qs

from .base import App, Request, Response
from .kubesystem import klog
from .web import wall

SUBCOMMANDS = ("netexec", "serve-hostname", "liveness", "pause")


def go_json(value) -> str:
    """encoding/json: sorted map keys, no spaces, <>& escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def go_time_string(ctx, started: float) -> str:
    """time.Now().String(): ``2025-01-06 09:00:05.5 +0000 UTC m=+5.500000001``."""
    t = wall(ctx)
    frac = f"{t.microsecond:06d}".rstrip("0")
    stamp = t.strftime("%Y-%m-%d %H:%M:%S") + (f".{frac}" if frac else "")
    return f"{stamp} +0000 UTC m=+{ctx.now() - started:.9f}"


def go_duration_string(seconds: float) -> str:
    """time.Duration.String() for a positive duration: ``12.5s``, ``1m5s``."""
    minutes, secs = divmod(seconds, 60)
    text = f"{secs:.9f}".rstrip("0").rstrip(".") + "s"
    return f"{int(minutes)}m{text}" if minutes else text


def flags(args: list[str]) -> dict[str, str]:
    """cobra/pflag: ``--name=value`` or ``--name value``."""
    out, i = {}, 0
    while i < len(args):
        a = args[i]
        if a.startswith("--"):
            name, eq, value = a[2:].partition("=")
            if not eq and i + 1 < len(args) and not args[i + 1].startswith("--"):
                value, i = args[i + 1], i + 1
            out[name] = value
        i += 1
    return out


class Agnhost(App):
    """The agnhost binary: picks its subcommand from its arguments."""

    def start(self) -> None:
        args = list(self.ctx.args)
        if args and args[0].rsplit("/", 1)[-1] == "agnhost":
            args = args[1:]
        self.sub = args[0] if args else ""
        self.opts = flags(args[1:])
        self.started = self.ctx.now()
        self.requests = 0
        if self.sub not in SUBCOMMANDS:
            self._unknown()
            return
        getattr(self, "_start_" + self.sub.replace("-", "_"))()

    def _unknown(self) -> None:
        if self.sub:
            self.ctx.log(f'Error: unknown command "{self.sub}" for "agnhost"')
            self.ctx.log("Run 'agnhost --help' for usage.")
        else:
            self.ctx.log("agnhost is a test image for Kubernetes end-to-end tests. See 'agnhost --help'.")
        self.running = False
        self.ctx.exit(1 if self.sub else 0, "Error" if self.sub else "Completed")

    def _log(self, msg: str) -> None:
        self.ctx.log(klog(self.ctx, "log.go:195", msg))

    # ------------------------------------------------------------ subcommands
    def _start_netexec(self) -> None:
        port = int(self.opts.get("http-port") or 8080)
        self.listening = {port}
        self._log(f"Started HTTP server on port {port}")
        udp = int(self.opts.get("udp-port") or 8081)
        if udp != -1:
            self._log(f"Started UDP server on port  {udp}")

    def _start_serve_hostname(self) -> None:
        port = int(self.opts.get("port") or 9376)
        self.listening = {port}
        self.ctx.log(f"{wall(self.ctx):%Y/%m/%d %H:%M:%S} Serving on port {port}.")

    def _start_liveness(self) -> None:
        self.listening = {8080}

    def _start_pause(self) -> None:
        self.ctx.log("Paused")

    # ------------------------------------------------------------------ HTTP
    def http(self, req: Request) -> Response:
        self.requests += 1
        handler = getattr(self, "_http_" + self.sub.replace("-", "_"), None)
        return handler(req) if handler else Response(404, "404 page not found\n")

    def _http_serve_hostname(self, req: Request) -> Response:
        self.ctx.log(f"{wall(self.ctx):%Y/%m/%d %H:%M:%S} HTTP request from {req.client_ip}:{40000 + self.requests}")
        return Response(200, self.ctx.hostname, {"Content-Type": "text/plain; charset=utf-8"})

    def _http_liveness(self, req: Request) -> Response:
        path = req.path.split("?", 1)[0]
        elapsed = self.ctx.now() - self.started
        if path == "/healthz":
            if elapsed > 10:
                return Response(500, f"error: {elapsed:g}", {})
            return Response(200, "ok", {})
        if path == "/started":
            return Response(200, go_duration_string(elapsed), {})
        return Response(404, "404 page not found\n", {"Content-Type": "text/plain; charset=utf-8"})

    def _http_netexec(self, req: Request) -> Response:
        path, _, query = req.path.partition("?")
        q = {k: v[0] for k, v in parse_qs(query).items()}
        text = {"Content-Type": "text/plain; charset=utf-8"}
        if path in ("/hostname", "/hostName"):
            self._log("GET /hostname")
            return Response(200, self.ctx.hostname, text)
        if path == "/clientip":
            self._log("GET /clientip")
            return Response(200, f"{req.client_ip}:{40000 + self.requests}", text)
        if path == "/echo":
            self._log(f"GET /echo?msg={q.get('msg', '')}&code={q.get('code', '')}")
            code = int(q["code"]) if q.get("code", "").isdigit() else 200
            return Response(code, q.get("msg", ""), text)
        if path == "/healthz":
            self._log("GET /healthz")
            return Response(200, "", {})
        if path == "/shell":
            return self._shell(q.get("shellCommand") or q.get("cmd", ""))
        if path == "/dial":
            return self._dial(q)
        if path in ("/exit", "/shutdown"):
            code = int(q.get("code") or 0) if path == "/exit" else 0
            self._log(f"GET {path}")
            self.running = False
            self.ctx.exit(code, "Completed" if code == 0 else "Error")
            return Response(200, "", {})
        self._log("GET /")
        return Response(200, f"NOW: {go_time_string(self.ctx, self.started)}", text)

    def _shell(self, cmd: str) -> Response:
        self._log(f"GET /shell?cmd={cmd}")
        result = self.exec(["/bin/sh", "-c", cmd])
        output: dict[str, str] = {}
        if result.stdout + result.stderr:
            output["output"] = result.stdout + result.stderr
        if result.exit_code:
            output["error"] = f"exit status {result.exit_code}"
        self._log(f"Output: map[{' '.join(f'{k}:{v}' for k, v in sorted(output.items()))}]")
        return Response(200, go_json(output), {"Content-Type": "text/plain; charset=utf-8"})

    def _dial(self, q: dict[str, str]) -> Response:
        host, port, request = q.get("host", ""), q.get("port", ""), q.get("request", "")
        tries = int(q.get("tries") or 1) if (q.get("tries") or "1").isdigit() else 1
        self._log(f"GET /dial?host={host}&protocol={q.get('protocol', '')}&port={port}&request={request}&tries={tries}")
        if not request:
            return Response(400, "request parameter not specified. <nil>\n", {})
        url = f"http://{host}:{port}/{request.lstrip('/')}"
        responses, errors = [], []
        for _ in range(tries):
            resp = self.ctx.http(url)
            if resp is None or resp.status == 0:
                errors.append(f'Get "{url}": dial tcp {host}:{port}: connect: connection refused')
            else:
                responses.append(resp.body)
        out = {}
        if responses:
            out["responses"] = responses
        if errors:
            out["errors"] = errors
        return Response(200, go_json(out), {"Content-Type": "text/plain; charset=utf-8"})

    # --------------------------------------------------------------- signals
    def signal(self, sig: str) -> None:
        if sig == "SIGTERM" and self.running and self.sub == "serve-hostname":
            t = f"{wall(self.ctx):%Y/%m/%d %H:%M:%S}"
            self.ctx.log(f"{t} Shutting down after receiving signal: terminated.")
            self.ctx.log(f"{t} Awaiting pod deletion.")
            return                   # it sleeps 60 s: the kubelet's SIGKILL ends it
        super().signal(sig)
