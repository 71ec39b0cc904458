"""``registry.k8s.io/hpa-example``, the Horizontal Pod Autoscaler walkthrough's
php-apache server (kubernetes/website content/en/examples/application/php-apache.yaml).

The image is ``php:5-apache`` with one ``index.php`` that burns CPU before it
answers (the walkthrough shows its source)::

    $x = 0.0001;
    for ($i = 0; $i <= 1000000; $i++) { $x += sqrt($x); }
    echo "OK!";

Apache in the foreground logs its start and each request (``combined`` format).
Every request costs about a fifth of a CPU second (PHP 5 interpreting a
million-step loop), run on at most the container's CPU limit (cgroup quota: 500m in
the walkthrough), so one request takes 0.4 s to answer and the requests that find
the CPU busy wait their turn.  The answer carries that time (``Response.elapsed``):
the walkthrough's ``while sleep 0.01; do wget ...; done`` waits for each answer, so
one such loop keeps about 0.49 cores busy however many pods share its requests —
250% of one pod's 200m request, 49% each of five.  ``cpu_used(t)`` is the CPU time
spent by ``t``, the cgroup counter the kubelet reports to metrics-server.
"""
from __future__ import annotations

from datetime import timedelta

from .. import clock as simclock
from .base import App, Request, Response

#: CPU seconds one request to index.php costs (a million sqrt steps in PHP 5)
CPU_PER_REQUEST = 0.2
VERSION = "Apache/2.4.10 (Debian) PHP/5.6.31"


def _error_time(ctx) -> str:
    """Apache's error-log stamp: ``Mon Jan 06 09:00:05.000000 2025``."""
    t = ctx.now()
    d = simclock.EPOCH + timedelta(seconds=t)
    return f"{d:%a %b %d %H:%M:%S}.{int(round((t % 1) * 1e6)) % 1000000:06d} {d:%Y}"


class PhpApache(App):
    """apache2-foreground serving index.php on port 80."""

    ports = frozenset({80})
    memory_bytes = 11 * 2**20 + 364 * 2**10     # apache2 with mod_php, a few prefork children

    def start(self) -> None:
        self.cpu_total = 0.0         # CPU seconds of every request received
        self.busy_until = 0.0        # when the CPU the requests ask for is all spent
        self.requests = 0
        limit = ((self.ctx.container.get("resources") or {}).get("limits") or {}).get("cpu")
        self.cores = _cores(limit) if limit else 1.0
        warn = (f"AH00558: apache2: Could not reliably determine the server's fully qualified domain name, "
                f"using {self.ctx.pod_ip or '127.0.0.1'}. Set the 'ServerName' directive globally to suppress "
                "this message")
        for line in (warn, warn,
                     f"[{_error_time(self.ctx)}] [mpm_prefork:notice] [pid 1] AH00163: {VERSION} configured -- "
                     "resuming normal operations",
                     f"[{_error_time(self.ctx)}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'"):
            self.ctx.log(line)

    def http(self, req: Request) -> Response:
        path = req.path.split("?", 1)[0]
        elapsed = 0.0
        if path in ("/", "/index.php"):
            now = self.ctx.now()
            self.requests += 1
            # FIFO on the quota: this request runs when the ones before it are done
            self.busy_until = max(now, self.busy_until) + CPU_PER_REQUEST / self.cores
            self.cpu_total += CPU_PER_REQUEST
            elapsed = self.busy_until - now
            status, body, ctype = 200, "OK!", "text/html; charset=UTF-8"
        else:
            status, ctype = 404, "text/html; charset=iso-8859-1"
            body = (f'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n'
                    f"</head><body>\n<h1>Not Found</h1>\n<p>The requested URL {path} was not found on this server.</p>\n"
                    f"<hr>\n<address>{VERSION.split(' PHP')[0]} Server at {req.host.split(':')[0] or 'localhost'} "
                    f"Port {req.port}</address>\n</body></html>\n")
        self.ctx.log(self._access(req, status, len(body.encode())))
        return Response(status, body, {"Content-Type": ctype, "X-Powered-By": "PHP/5.6.31"} if status == 200
                        else {"Content-Type": ctype}, elapsed)

    def cpu_used(self, t: float | None = None) -> float:
        """CPU seconds spent by ``t`` (now): what was asked for, less what the quota
        has not yet let run."""
        t = self.ctx.now() if t is None else t
        idle = max(0.0, t - self.born) * self.idle_cores
        return idle + self.cpu_total - max(0.0, self.busy_until - t) * self.cores

    def _access(self, req: Request, status: int, size: int) -> str:
        """The ``combined`` LogFormat the image's apache2.conf uses."""
        headers = {k.lower(): v for k, v in req.headers.items()}
        stamp = (simclock.EPOCH + timedelta(seconds=int(self.ctx.now()))).strftime("%d/%b/%Y:%H:%M:%S +0000")
        return (f'{req.client_ip} - - [{stamp}] "{req.method} {req.path} HTTP/1.1" {status} {size} '
                f'"{headers.get("referer", "-")}" "{headers.get("user-agent", "-")}"')



def _cores(quantity: str) -> float:
    """A CPU quantity in cores: ``500m`` -> 0.5, ``2`` -> 2.0."""
    q = str(quantity)
    return int(q[:-1]) / 1000 if q.endswith("m") else float(q)
