"""A container's filesystem made when first read (kubelet._fs_can_wait) is the one
its start would have made: the same files, mounts and termination messages, over
pods of many shapes, against a cluster that makes every filesystem at the start."""
import pytest

import kubelab
from kubelab.node import kubelet as kubelet_module

CONFIG = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "default"},
          "data": {"a": "1", "b": "2"}}


def pod(name, containers, volumes=(), **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": containers, "volumes": list(volumes), **spec}}


def box(name, script, mounts=(), **extra):
    return {"name": name, "image": "busybox:1.36", "command": ["sh", "-c", script],
            "volumeMounts": list(mounts), **extra}


CFG = {"name": "cfg", "configMap": {"name": "cfg"}}
SCRATCH = {"name": "scratch", "emptyDir": {}}
PODS = [
    pod("plain", [{"name": "web", "image": "nginx:1.16.1"}]),
    pod("ro-config", [box("c", "sleep 3600", [{"name": "cfg", "mountPath": "/etc/cfg", "readOnly": True}])], [CFG]),
    pod("rw-config", [box("c", "sleep 3600", [{"name": "cfg", "mountPath": "/etc/cfg"}])], [CFG]),
    pod("subpath", [box("c", "sleep 3600", [{"name": "cfg", "mountPath": "/etc/a", "subPath": "a",
                                              "readOnly": True}])], [CFG]),
    # the termination log on a volume the two containers share: truncated at each start
    pod("shared-dev", [box("writer", "echo old > /logs/termination-log; sleep 3600",
                           [{"name": "scratch", "mountPath": "/logs"}]),
                       box("c", "sleep 3600", [{"name": "scratch", "mountPath": "/logs"}],
                           terminationMessagePath="/logs/termination-log")], [SCRATCH]),
    pod("says-why", [box("c", "echo bye > /dev/termination-log; exit 3")], restartPolicy="Never"),
    pod("ro-says-why", [box("c", "sleep 2; exit 1", [{"name": "cfg", "mountPath": "/etc/cfg", "readOnly": True}],
                            terminationMessagePolicy="FallbackToLogsOnError")], [CFG], restartPolicy="Never"),
    pod("host", [box("c", "sleep 3600")], hostNetwork=True),
    pod("custom-path", [box("c", "sleep 3600", terminationMessagePath="/tmp/why")]),
]


def run(eager: bool, monkeypatch):
    if eager:
        monkeypatch.setattr(kubelet_module, "_fs_can_wait", lambda spec: False)
    c = kubelab.Cluster()
    c.api.create(dict(CONFIG))
    for p in PODS:
        c.api.create(p)
    c.settle()
    c.api.mutate("configmaps", "cfg", "default", lambda cm: cm["data"].update(a="changed"))
    c.run(120)
    seen = {}
    for p in PODS:
        name = p["metadata"]["name"]
        node = c.api.peek("pods", name, "default")["spec"]["nodeName"]
        w = c.kubelets[node].workers[f"default/{name}"]
        for cs in w.containers.values():
            lazy = cs.ctx._fs is None
            fs = cs.ctx.fs
            seen[name, cs.name] = (lazy, fs.listdir_all(), {p: fs.read(p) for p in fs.listdir_all()},
                                   sorted(fs.mounts), fs.read_only, len(fs.layers))
    described = c.kubectl("describe pods").stdout
    statuses = [p["status"] for p in c.api.list("pods", "default")]
    return seen, described, statuses


def test_a_filesystem_made_when_read_is_the_one_made_at_the_start(monkeypatch):
    lazy, described, statuses = run(False, monkeypatch)
    with pytest.MonkeyPatch.context() as mp:
        eager, described_eager, statuses_eager = run(True, mp)
    assert described == described_eager and statuses == statuses_eager
    waited = set()
    for key, got in lazy.items():
        assert got[1:] == eager[key][1:], key
        assert not eager[key][0]
        if got[0]:
            waited.add(key)
    # the read-only, whole mounts waited; a writable or subPath mount did not
    assert ("plain", "web") in waited and ("ro-config", "c") in waited and ("host", "c") in waited
    assert not waited & {("rw-config", "c"), ("subpath", "c"), ("shared-dev", "c"), ("shared-dev", "writer")}
    assert lazy["ro-config", "c"][2]["/etc/cfg/a"] == "changed"          # the volume seen as it is now
    assert lazy["shared-dev", "writer"][2]["/logs/termination-log"] == ""   # truncated by the later start
    assert "bye" in described
