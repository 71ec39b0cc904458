"""The real kubectl's typed clients send protobuf: the objects they create through the
served API must be the very objects kubelab's own kubectl creates from the same command
(a twin cluster, same seed, same commands), zero values and pointers included."""
from __future__ import annotations

import os
import subprocess

import pytest

from kubelab import Cluster

KUBECTL = "/usr/bin/kubectl"

pytestmark = pytest.mark.skipif(not os.access(KUBECTL, os.X_OK), reason=f"no real kubectl at {KUBECTL}")

COMMANDS = [
    ("deployment", "web", ["create", "deployment", "web", "--image=nginx:1.25", "--replicas=0", "--port=80"]),
    ("configmap", "cm", ["create", "configmap", "cm", "--from-literal=a=b", "--from-literal=empty="]),
    ("secret", "s", ["create", "secret", "generic", "s", "--from-literal=password=hunter2"]),
    ("service", "np", ["create", "service", "nodeport", "np", "--tcp=80:8080"]),
    ("job", "j", ["create", "job", "j", "--image=busybox", "--", "echo", "hi"]),
    ("cronjob", "cj", ["create", "cronjob", "cj", "--image=busybox", "--schedule=*/5 * * * *", "--", "date"]),
    ("namespace", "team-a", ["create", "namespace", "team-a"]),
    ("serviceaccount", "robot", ["create", "serviceaccount", "robot"]),
    # an IngressRule inlines its IngressRuleValue: protobuf field 2 holds it, JSON has no such key
    ("ingress", "ing", ["create", "ingress", "ing", "--rule=a.com/=svc:80"]),
]


def _comparable(obj: dict) -> dict:
    md = {k: v for k, v in obj["metadata"].items() if k not in ("uid", "resourceVersion", "creationTimestamp", "managedFields")}
    out = {**obj, "metadata": md}
    if obj["kind"] == "Service":
        out["spec"] = {k: v for k, v in obj["spec"].items() if k not in ("clusterIP", "clusterIPs")}
        out["spec"]["ports"] = [{k: v for k, v in p.items() if k != "nodePort"} for p in obj["spec"]["ports"]]
    if obj["kind"] == "Job":
        out["spec"] = {k: v for k, v in obj["spec"].items() if k not in ("selector", "template")}
    out.pop("status", None)
    return out


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    served, plain = Cluster(), Cluster()
    cache = tmp_path_factory.mktemp("cache")
    with served.serve() as srv:
        env = dict(os.environ, KUBECONFIG=srv.kubeconfig, KUBECACHEDIR=str(cache), HOME=str(cache))
        results = []
        for kind, name, argv in COMMANDS:
            real = subprocess.run([KUBECTL, *argv], env=env, capture_output=True, text=True, timeout=60)
            served.run(served.pause)          # what %kubectl does after each command
            emu = plain.kubectl(argv)
            results.append((kind, name, real, emu))
        yield served, plain, results


@pytest.mark.parametrize("index", range(len(COMMANDS)), ids=[c[0] for c in COMMANDS])
def test_typed_creates_store_the_same_object(twins, index):
    served, plain, results = twins
    kind, name, real, emu = results[index]
    assert (real.returncode, real.stdout, real.stderr) == (emu.returncode, emu.stdout, emu.stderr)
    ns = "default"
    got, want = served.get(kind, name, ns), plain.get(kind, name, ns)
    assert got is not None and want is not None
    assert _comparable(got) == _comparable(want)


def test_errors_print_as_the_real_kubectl_prints_them(tmp_path):
    c = Cluster()
    with c.serve() as srv:
        env = dict(os.environ, KUBECONFIG=srv.kubeconfig, KUBECACHEDIR=str(tmp_path), HOME=str(tmp_path))
        run = lambda *argv: subprocess.run([KUBECTL, *argv], env=env, capture_output=True, text=True, timeout=60)
        missing = run("get", "pod", "nope")
        assert (missing.returncode, missing.stderr) == (1, 'Error from server (NotFound): pods "nope" not found\n')
        unknown = run("get", "widgets")
        assert unknown.returncode == 1
        assert unknown.stderr.endswith('error: the server doesn\'t have a resource type "widgets"\n')
        run("create", "deployment", "twice", "--image=nginx")
        again = run("create", "deployment", "twice", "--image=nginx")
        assert (again.returncode, again.stderr) == (
            1, 'error: failed to create deployment: deployments.apps "twice" already exists\n')
        bad = run("create", "configmap", "Bad_Name", "--from-literal=a=b")
        assert bad.returncode == 1
        assert bad.stderr.startswith('error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"')
