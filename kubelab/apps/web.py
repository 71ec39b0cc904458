"""HTTP servers of the notes' images: echoserver, nginx, node-hello, kubernetes-bootcamp.

Bodies are the real ones, taken from the images' sources or the tutorials that
show them (see each class).
"""
from __future__ import annotations

from datetime import timedelta

from functools import lru_cache

from kubelab import clock as simclock

from .base import App, Request, Response


def wall(ctx, t: float | None = None):
    return simclock.EPOCH + timedelta(seconds=ctx.now() if t is None else t)


def js_date(ctx, t: float | None = None) -> str:
    """How node's console.log prints a Date: ``2025-01-06T09:00:00.000Z``."""
    d = wall(ctx, t)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


def js_number(x: float) -> str:
    """A JavaScript number as console.log prints it (no trailing zeros)."""
    x = round(x, 3)
    return str(int(x)) if x == int(x) else f"{x:.3f}".rstrip("0")


def host_of(req: Request, ctx) -> str:
    return req.host or f"{ctx.pod_ip}:{req.port}"


class EchoServer(App):
    """k8s.gcr.io/echoserver:1.4 — nginx 1.10 with a Lua page that echoes the request.

    The format is the one every hello-minikube transcript shows; ``real path``
    is nginx's ``$request_uri`` (path and query), ``request_uri`` rebuilds the
    URL from the Host header without its port plus the port nginx listens on
    (8080), so a request to a NodePort still shows ``:8080``.  Headers come
    sorted; the body ends without a newline (``ngx.print``).
    """

    ports = frozenset({8080})
    #: the last request answered (requests are frozen), its response (callers
    #: only read responses) and its access line around the time: a probe sends
    #: the same request every period, and the answer does not depend on time
    #: (only the log line's timestamp does)
    _memo: tuple | None = None

    def http(self, req: Request) -> Response:
        memo = self._memo
        if memo is None or memo[0] is not req:
            resp = Response(200, self.body(req), {"Content-Type": "text/plain", "Server": "nginx/1.10.0"})
            memo = self._memo = (req, resp, *access_parts(req, 200, len(resp.body.encode()), extra=False))
        self.ctx.log(memo[2] + _log_time(int(self.ctx.now())) + memo[3])
        return memo[1]

    def body(self, req: Request) -> str:
        host_header = host_of(req, self.ctx)
        host = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
        query = req.path.split("?", 1)[1] if "?" in req.path else "nil"
        headers = {k.lower(): v for k, v in req.headers.items()}
        headers.setdefault("host", host_header)
        lines = ["CLIENT VALUES:",
                 f"client_address={req.client_ip}",
                 f"command={req.method}",
                 f"real path={req.path}",
                 f"query={query}",
                 "request_version=1.1",
                 f"request_uri=http://{host.lower()}:8080{req.path}",
                 "",
                 "SERVER VALUES:",
                 "server_version=nginx: 1.10.0 - lua: 10001",
                 "",
                 "HEADERS RECEIVED:"]
        lines += [f"{k}={headers[k]}" for k in sorted(headers)]
        lines.append("BODY:")
        return "\n".join(lines) + "\n" + (req.body or "-no body in request-")


@lru_cache(maxsize=64)
def _log_time(second: int) -> str:
    return (simclock.EPOCH + timedelta(seconds=second)).strftime("%d/%b/%Y:%H:%M:%S +0000")


def access_parts(req: Request, status: int, size: int, extra: bool = True) -> tuple[str, str]:
    """nginx's access log line (the docker image's ``main`` format adds
    X-Forwarded-For), in the two parts around its ``[time]``."""
    headers = {k.lower(): v for k, v in req.headers.items()}
    after = (f'] "{req.method} {req.path} HTTP/1.1" {status} {size} '
             f'"{headers.get("referer", "-")}" "{headers.get("user-agent", "-")}"')
    return f"{req.client_ip} - - [", after + (f' "{headers.get("x-forwarded-for", "-")}"' if extra else "")


def access_line(ctx, req: Request, status: int, size: int, extra: bool = True) -> str:
    before, after = access_parts(req, status, size, extra)
    return before + _log_time(int(ctx.now())) + after


NGINX_INDEX_OLD = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

#: docs/html/index.html from nginx 1.21.1 on (``color-scheme`` added); 1.27.3 ships this
NGINX_INDEX_NEW = NGINX_INDEX_OLD.replace("""<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>""", """<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>""")


@lru_cache(maxsize=256)       # asked at every nginx start
def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def nginx_index(version: str) -> str:
    return NGINX_INDEX_NEW if version_tuple(version) >= (1, 21) else NGINX_INDEX_OLD


def nginx_error_page(status: int, reason: str, version: str) -> str:
    """src/http/ngx_http_special_response.c: CRLF lines, server_tokens on.
    Before 1.15.4 the body tag carried ``bgcolor="white"``."""
    body = '<body bgcolor="white">' if version_tuple(version) < (1, 15, 4) else "<body>"
    return (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n{body}\r\n"
            f"<center><h1>{status} {reason}</h1></center>\r\n"
            f"<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n")


class Nginx(App):
    """The official nginx image: serves /usr/share/nginx/html on port 80.

    Files come from the container's filesystem, so a volume mounted over
    /usr/share/nginx/html (an emptyDir another container writes, a ConfigMap)
    replaces the welcome page, as on a real node.  SIGTERM: nginx exits 0 at once;
    SIGQUIT (the STOPSIGNAL of the images since 1.19): a graceful shutdown, then 0.
    """

    ports = frozenset({80})
    version = "1.27.3"
    root = "/usr/share/nginx/html"

    #: what the runtime sent it, in order (a list of its own from the first signal)
    signals: "list[str] | tuple" = ()

    def start(self) -> None:
        if version_tuple(self.version) >= (1, 19):
            for line in NGINX_ENTRYPOINT_LOG:
                self.ctx.log(line)
            t = wall(self.ctx).strftime("%Y/%m/%d %H:%M:%S")
            for msg in ('using the "epoll" event method', f"nginx/{self.version}",
                        "built by gcc 12.2.0 (Debian 12.2.0-14) ", "OS: Linux 5.15.0-1057-azure",
                        "getrlimit(RLIMIT_NOFILE): 1048576:1048576", "start worker processes",
                        "start worker process 29"):
                self.ctx.log(f"{t} [notice] 1#1: {msg}")

    def signal(self, sig: str) -> None:
        """nginx's master process: QUIT is a graceful shutdown (workers finish their
        requests), TERM and INT a fast one (nginx.org/en/docs/control.html).  The
        image's STOPSIGNAL decides which one ``kubectl delete pod`` sends."""
        if sig in ("SIGQUIT", "SIGTERM", "SIGINT") and self.running:
            self.signals = [*self.signals, sig]
            t = wall(self.ctx).strftime("%Y/%m/%d %H:%M:%S")
            number = {"SIGQUIT": 3, "SIGTERM": 15, "SIGINT": 2}[sig]
            if sig == "SIGQUIT":
                lines = [f"1#1: signal {number} ({sig}) received, shutting down", "29#29: gracefully shutting down"]
            else:
                lines = [f"1#1: signal {number} ({sig}) received, exiting"]
            lines += ["29#29: exiting", "29#29: exit", "1#1: signal 17 (SIGCHLD) received from 29",
                      "1#1: worker process 29 exited with code 0", "1#1: exit"]
            for line in lines:
                self.ctx.log(f"{t} [notice] {line}")
            self.ctx.exit(0, "Completed")
            return
        super().signal(sig)

    def http(self, req: Request) -> Response:
        path = req.path.split("?", 1)[0]
        fs = self.ctx.fs
        target = self.root + path
        if path.endswith("/"):
            target += "index.html"
        text = fs.read(target)
        if text is None and fs.is_dir(target):
            return self._answer(req, 301, nginx_error_page(301, "Moved Permanently", self.version),
                                {"Location": f"http://{host_of(req, self.ctx).rsplit(':', 1)[0]}{path}/"})
        if text is None:
            status, reason = (403, "Forbidden") if path.endswith("/") and fs.is_dir(self.root + path) else (404, "Not Found")
            t = wall(self.ctx).strftime("%Y/%m/%d %H:%M:%S")
            what = (f'directory index of "{self.root}{path}" is forbidden' if status == 403 else
                    f'open() "{target}" failed (2: No such file or directory)')
            self.ctx.log(f'{t} [error] 29#29: *1 {what}, client: {req.client_ip}, server: localhost, '
                         f'request: "{req.method} {req.path} HTTP/1.1", host: "{host_of(req, self.ctx)}"')
            return self._answer(req, status, nginx_error_page(status, reason, self.version))
        ctype = "text/html" if target.endswith((".html", ".htm")) else "text/plain"
        return self._answer(req, 200, text, {"Content-Type": ctype})

    def _answer(self, req: Request, status: int, body: str, headers: dict | None = None) -> Response:
        headers = {"Server": f"nginx/{self.version}", "Content-Type": "text/html", **(headers or {})}
        sent = "" if req.method == "HEAD" else body
        self.ctx.log(access_line(self.ctx, req, status, len(sent.encode())))
        return Response(status, sent, headers, length=len(body.encode()))

    def programs(self):
        return {"nginx": self._cli}

    def _cli(self, sh, argv, io) -> int:
        """``nginx -v``, ``-t``, ``-s quit|stop|reload`` run beside the master process
        (the lifecycle-hooks task's preStop runs ``nginx -s quit``)."""
        args = argv[1:]
        if "-v" in args or "-V" in args:
            io.err.write(f"nginx version: nginx/{self.version}\n")
            return 0
        if "-t" in args:
            io.err.write("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                         "nginx: configuration file /etc/nginx/nginx.conf test is successful\n")
            return 0
        if args[:1] == ["-s"] and len(args) > 1:
            what = args[1]
            if what not in ("quit", "stop", "reload", "reopen"):
                io.err.write(f'nginx: invalid option: "-s {what}"\n')
                return 1
            t = wall(self.ctx).strftime("%Y/%m/%d %H:%M:%S")
            if what == "reload":
                self.ctx.log(f"{t} [notice] 1#1: signal 1 (SIGHUP) received from 42, reconfiguring")
                return 0
            if what in ("quit", "stop") and self.running:
                sig = "3 (SIGQUIT)" if what == "quit" else "15 (SIGTERM)"
                verb = "shutting down" if what == "quit" else "exiting"
                for msg in (f"signal {sig} received from 42, {verb}", "exit"):
                    self.ctx.log(f"{t} [notice] 1#1: {msg}")
                self.running = False
                self.listening = set()
                self.ctx.exit(0, "Completed")
            return 0
        io.err.write("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n")
        return 1


#: what /docker-entrypoint.sh prints in nginx images since 1.19
NGINX_ENTRYPOINT_LOG = [
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
]


class NodeHello(App):
    """gcr.io/google-samples/node-hello:1.0 (GoogleCloudPlatform/nodejs-docs-samples,
    containerengine/hello-world/server.js): ``response.end('Hello Kubernetes!')``
    on every path, no newline, no logging; listens on $PORT or 8080.

    ``CMD node server.js`` runs under /bin/sh as PID 1 with no SIGTERM handler
    (nor does node install one), so deletion waits for the grace period.
    """

    handles_sigterm = False

    def start(self) -> None:
        self.listening = {int(self.ctx.env.get("PORT", "8080") or 8080)}

    def http(self, req: Request) -> Response:
        return Response(200, "Hello Kubernetes!", {})


#: /server.js of the kubernetes-bootcamp images, as the Learn Kubernetes Basics
#: tutorial shows it (``kubectl exec -ti $POD_NAME -- bash``, then ``cat server.js``);
#: v2 differs only in ``v=2``.
BOOTCAMP_SERVER_JS = """var http = require('http');
var requests=0;
var podname= process.env.HOSTNAME;
var startTime;
var host;
var handleRequest = function(request, response) {
  response.setHeader('Content-Type', 'text/plain');
  response.writeHead(200);
  response.write("Hello Kubernetes bootcamp! | Running on: ");
  response.write(host);
  response.end(" | v={version}\\n");
  console.log("Running On:" ,host, "| Total Requests:", ++requests,"| App Uptime:", (new Date() - startTime)/1000 , "seconds", "| Log Time:",new Date());
}
var www = http.createServer(handleRequest);
www.listen(8080,function () {
    startTime = new Date();;
    host = process.env.HOSTNAME;
    console.log ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " ,host, "\\n" );
});
"""


class Bootcamp(App):
    """jocatalin/kubernetes-bootcamp (= gcr.io/google-samples/kubernetes-bootcamp).

    server.js as the kubernetes.io tutorials show it: the answer is
    ``Hello Kubernetes bootcamp! | Running on: <HOSTNAME> | v=1`` and each
    request logs a ``Running On: ... | Total Requests: N`` line.  Like
    node-hello it ignores SIGTERM.
    """

    ports = frozenset({8080})
    handles_sigterm = False
    version = "1"

    def start(self) -> None:
        self.started = self.ctx.now()
        self.requests = 0
        self.host = self.ctx.env.get("HOSTNAME", self.ctx.hostname)
        # console.log(..., "| Running On: ", host, "\n") prints a trailing space, then a blank line
        self.ctx.log(f"Kubernetes Bootcamp App Started At: {js_date(self.ctx)} | Running On:  {self.host} ")
        self.ctx.log("")

    def http(self, req: Request) -> Response:
        self.requests += 1
        uptime = js_number(self.ctx.now() - self.started)
        self.ctx.log(f"Running On: {self.host} | Total Requests: {self.requests} | App Uptime: {uptime} "
                     f"seconds | Log Time: {js_date(self.ctx)}")
        return Response(200, f"Hello Kubernetes bootcamp! | Running on: {self.host} | v={self.version}\n",
                        {"Content-Type": "text/plain"})


class GenericServer(App):
    """Any other known image: listens on the container's declared ports (or the
    image's exposed ones) and answers 200 with one line naming itself."""

    exposed: frozenset[int] = frozenset()
    image = ""

    def start(self) -> None:
        declared = {p.get("containerPort") for p in self.ctx.container.get("ports") or []}
        self.listening = {p for p in declared if p} or set(self.exposed)

    def http(self, req: Request) -> Response:
        return Response(200, f"{self.image} on {self.ctx.hostname}\n", {"Content-Type": "text/plain"})
