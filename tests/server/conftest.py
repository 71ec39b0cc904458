"""A served cluster per test module, a raw HTTPS client for it, and the real kubectl.

Serving costs a few seconds the first time in a process (the cluster CA's RSA key
is drawn from the seed), so each module shares one served cluster.
"""
from __future__ import annotations

import base64
import http.client
import json
import os
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass

import pytest
import yaml

from kubelab import Cluster

KUBECTL = "/usr/bin/kubectl"


def has_kubectl() -> bool:
    return os.access(KUBECTL, os.X_OK)


needs_kubectl = pytest.mark.skipif(not has_kubectl(), reason=f"no real kubectl at {KUBECTL} on this machine")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self):
        return json.loads(self.raw)


class Client:
    """Plain HTTPS requests to the served API, trusting the kubeconfig's CA."""

    def __init__(self, srv, token: str | None = "from-kubeconfig"):
        doc = yaml.safe_load(open(srv.kubeconfig))
        ca = base64.b64decode(doc["clusters"][0]["cluster"]["certificate-authority-data"])
        self.context = ssl.create_default_context(cadata=ca.decode())
        self.host, self.port = "127.0.0.1", srv.port
        self.token = doc["users"][0]["user"]["token"] if token == "from-kubeconfig" else token

    def connect(self) -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=30)

    def request(self, method: str, path: str, body=None, headers: dict | None = None) -> Answer:
        conn = self.connect()
        hdrs = dict(headers or {})
        if self.token:
            hdrs.setdefault("Authorization", f"Bearer {self.token}")
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        answer = Answer(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        conn.close()
        return answer

    def get(self, path: str, **kw) -> Answer:
        return self.request("GET", path, **kw)


@pytest.fixture(scope="module")
def served():
    c = Cluster()
    with c.serve() as srv:
        yield c, srv


@pytest.fixture(scope="module")
def api(served) -> Client:
    return Client(served[1])


@pytest.fixture(scope="module")
def client_with():
    """``client_with(srv, token=...)``: a client with other credentials."""
    return Client


@pytest.fixture(scope="module")
def kubectl(served, tmp_path_factory):
    """Run the real kubectl against the served cluster: ``kubectl("get pods")`` ->
    CompletedProcess.  ``drive=True`` moves simulated time while it runs (for the
    commands that wait: delete, rollout status, wait)."""
    c, srv = served
    cache = tmp_path_factory.mktemp("kubectl-cache")
    env = dict(os.environ, KUBECONFIG=srv.kubeconfig, KUBECACHEDIR=str(cache), HOME=str(cache))
    return Kubectl(c, env)


class Kubectl:
    def __init__(self, cluster, env: dict, cwd: str | None = None):
        self.cluster, self.env, self.cwd = cluster, env, cwd

    def __call__(self, args, stdin: str | None = None, drive: bool = False, timeout: float = 60):
        import shlex
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        proc = subprocess.Popen([KUBECTL, *argv], env=self.env, cwd=self.cwd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        driver = None
        if drive:
            driver = threading.Thread(target=drive_until_done, args=(self.cluster, proc), daemon=True)
            driver.start()
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
            if driver is not None:
                driver.join()
        return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def drive_until_done(cluster, proc, step: float = 1.0) -> None:
    """Move simulated time a second at a time while a waiting client runs (what the
    notebook's own %kubectl does inside the command)."""
    while proc.poll() is None:
        time.sleep(0.05)
        if proc.poll() is None:
            cluster.run(step)
