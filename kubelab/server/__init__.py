"""The Kubernetes API over HTTPS, served from a simulated cluster.

>>> import kubelab                                              # doctest: +SKIP
>>> c = kubelab.Cluster()                                       # doctest: +SKIP
>>> with c.serve(port=0) as srv:                                # doctest: +SKIP
...     print(srv.url, srv.kubeconfig)
https://127.0.0.1:40123 /tmp/kubelab-serve-x1y2/kubeconfig

The real ``kubectl`` (``KUBECONFIG=srv.kubeconfig kubectl get pods``), the official
client libraries and tools built on client-go then talk to the cluster the notebook
shows, as they would to a real apiserver: discovery, OpenAPI, every verb, watch,
server-side printing, errors as ``metav1.Status``.

Time (the ``clock`` argument):

* ``"notebook"`` (the default): simulated time moves only when the notebook moves
  it (``%kubectl``, ``c.run``, ``c.settle``), so every chapter's output stays the
  same whether or not the cluster is served.  A request from a terminal changes
  the cluster at the current instant; a client that waits on a watch (``kubectl
  get -w``, ``kubectl wait``, ``rollout status``, the wait after ``kubectl
  delete``) sees each change as the notebook makes it and otherwise waits, up to
  its own timeout.
* ``"live"``: simulated time follows the wall clock, ``speed`` simulated seconds
  per second (``python -m kubelab serve`` uses it), so ``kubectl get pods -w`` in a
  terminal shows pods being pulled, started and becoming ready.

Requests reach the cluster one at a time: every access takes the cluster's lock,
which ``Cluster.kubectl``, ``run`` and ``settle`` take too.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass, field

from . import credentials
from .app import ApiServer
from .httpd import Server, tls_context

__all__ = ["serve", "Served"]

CLOCKS = ("notebook", "live")


@dataclass
class Served:
    """A running server: ``url``, ``kubeconfig`` (a file path), ``stop()``."""
    url: str
    kubeconfig: str
    port: int
    clock: str
    _server: Server = field(repr=False)
    _api: ApiServer = field(repr=False)
    _threads: list[threading.Thread] = field(repr=False, default_factory=list)
    _stopped: threading.Event = field(repr=False, default_factory=threading.Event)
    _cleanup: str | None = field(repr=False, default=None)

    @property
    def export_line(self) -> str:
        return f"export KUBECONFIG={self.kubeconfig}"

    def stop(self) -> None:
        """Stop serving: open watches end, the port closes, temporary files go."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._server.shutdown()
        self._server.server_close()
        self._api.close()
        for t in self._threads:
            t.join(timeout=5)
        if self._cleanup:
            shutil.rmtree(self._cleanup, ignore_errors=True)

    @property
    def running(self) -> bool:
        return not self._stopped.is_set()

    def __enter__(self) -> "Served":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(cluster, port: int = 0, *, clock: str = "notebook", speed: float = 1.0,
          kubeconfig: str | None = None) -> Served:
    """Serve ``cluster`` on https://127.0.0.1:``port`` (0: any free port)."""
    if clock not in CLOCKS:
        raise ValueError(f"clock must be one of {', '.join(CLOCKS)}, not {clock!r}")
    if speed <= 0:
        raise ValueError("speed must be positive")
    if kubeconfig:
        credentials.refuse_user_kubeconfig(kubeconfig)
    creds = credentials.make_credentials(cluster)
    stopped = threading.Event()
    api = ApiServer(cluster, cluster.lock, creds.token, stopped)
    server = Server(port, api, tls_context(creds.cert_file, creds.key_file))
    bound = server.server_address[1]
    url = f"https://127.0.0.1:{bound}"
    path = kubeconfig or os.path.join(creds.state_dir, "kubeconfig")
    credentials.write_kubeconfig(path, url, creds)
    loop = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                            name=f"kubelab-apiserver-{bound}", daemon=True)
    loop.start()
    handle = Served(url, path, bound, clock, server, api, [loop], stopped, creds.state_dir)
    if clock == "live":
        ticker = threading.Thread(target=_live_clock, args=(cluster, speed, stopped),
                                  name=f"kubelab-clock-{bound}", daemon=True)
        ticker.start()
        handle._threads.append(ticker)
    return handle


#: Wall seconds between two steps of the live clock.
LIVE_TICK = 0.05


def _live_clock(cluster, speed: float, stopped: threading.Event) -> None:
    """Simulated time follows the wall clock, ``speed`` times as fast."""
    wall0 = time.monotonic()                         # wall-clock ok: the live clock's one reading of it
    sim0 = cluster.now
    while not stopped.wait(LIVE_TICK):
        target = sim0 + (time.monotonic() - wall0) * speed   # wall-clock ok
        with cluster.lock:
            if target > cluster.now:
                cluster.run_until(target)
