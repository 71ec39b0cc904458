"""ConfigMap and Secret volumes as the kubelet's volume plugins project them
(pkg/volume/configmap, pkg/volume/secret): keys as files, ``items`` with paths and
modes, ``defaultMode``; a missing object or key fails MountVolume.SetUp with the
kubelet's message and the pod recovers when it appears; changes reach mounted files
at the pod's next periodic sync (never a subPath copy, never env vars).
"""
import pytest

import kubelab
from kubelab.node.volumes import (SYNC_PERIOD, VolumeError, mount_backoff, project_files)


def pod_with(volume, mounts=None, name="p"):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": [{"name": "app", "image": "busybox", "command": ["sleep", "3600"],
                                     "volumeMounts": mounts or [{"name": "v", "mountPath": "/etc/cfg"}]}],
                     "volumes": [{"name": "v", **volume}]}}


def fs_of(c, name="p"):
    w = c.kubelets["minikube"].workers[f"default/{name}"]
    return w.containers["app"].ctx.fs


def events(c, name="p"):
    return [e for e in c.api.list("events", "default") if e["involvedObject"]["name"] == name]


def test_every_key_becomes_a_file():
    c = kubelab.Cluster()
    c.kubectl("create configmap cfg --from-literal a=1 --from-literal b=2")
    c.api.create(pod_with({"configMap": {"name": "cfg"}}))
    c.settle()
    fs = fs_of(c)
    assert fs.listdir("/etc/cfg") == ["a", "b"]
    assert fs.read("/etc/cfg/a") == "1"


def test_items_pick_keys_and_place_them_at_paths_with_modes():
    c = kubelab.Cluster()
    c.kubectl("create secret generic s --from-literal username=bob --from-literal password=bobpwd")
    c.api.create(pod_with({"secret": {"secretName": "s", "defaultMode": 0o400,
                                      "items": [{"key": "password", "path": "db/pw", "mode": 0o440},
                                                {"key": "username", "path": "user"}]}}))
    c.settle()
    fs = fs_of(c)
    assert fs.read("/etc/cfg/db/pw") == "bobpwd"           # decoded from base64
    vol = c.kubelets["minikube"].workers["default/p"].volumes["v"]
    assert vol.modes == {"/db/pw": 0o440, "/user": 0o400}
    assert fs.read("/etc/cfg/password") is None


def test_missing_configmap_fails_the_mount_then_recovers():
    c = kubelab.Cluster()
    c.api.create(pod_with({"configMap": {"name": "example-redis-config"}}))
    c.settle()
    assert c.get("pod", "p")["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] == "ContainerCreating"
    msgs = {e["message"] for e in events(c) if e["reason"] == "FailedMount"}
    assert msgs == {'MountVolume.SetUp failed for volume "v" : configmap "example-redis-config" not found'}
    c.kubectl("create configmap example-redis-config --from-literal redis-config=x")
    c.run(mount_backoff(8) + 1)
    assert "running" in c.get("pod", "p")["status"]["containerStatuses"][0]["state"]


def test_missing_key_in_items_is_a_mount_failure():
    c = kubelab.Cluster()
    c.kubectl("create configmap cfg --from-literal other=1")
    c.api.create(pod_with({"configMap": {"name": "cfg", "items": [{"key": "redis-config", "path": "redis.conf"}]}}))
    c.run(5)
    msgs = {e["message"] for e in events(c) if e["reason"] == "FailedMount"}
    assert msgs == {'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: redis-config'}


def test_missing_secret_key_message():
    with pytest.raises(VolumeError) as err:
        project_files({"a": "1"}, [{"key": "b", "path": "b"}], 0o644, kind="secrets")
    assert err.value.message == "references non-existent secret key: b"


def test_optional_volume_mounts_empty():
    c = kubelab.Cluster()
    c.api.create(pod_with({"configMap": {"name": "absent", "optional": True}}))
    c.settle()
    assert "running" in c.get("pod", "p")["status"]["containerStatuses"][0]["state"]
    assert fs_of(c).listdir("/etc/cfg") == []


def test_mount_retry_backs_off_exponentially():
    assert [mount_backoff(n) for n in range(1, 10)] == [0.5, 1, 2, 4, 8, 16, 32, 64, 122]


def test_update_reaches_mounted_file_at_the_next_sync_not_before():
    c = kubelab.Cluster()
    c.kubectl("create configmap cfg --from-literal mode=easy")
    c.api.create(pod_with({"configMap": {"name": "cfg"}}, mounts=[
        {"name": "v", "mountPath": "/etc/cfg"},
        {"name": "v", "mountPath": "/etc/mode", "subPath": "mode"}]))
    c.settle()
    started = c.now
    c.api.mutate("configmaps", "cfg", "default", lambda o: o["data"].update(mode="hard"))
    c.run(1)
    assert fs_of(c).read("/etc/cfg/mode") == "easy"
    c.run(SYNC_PERIOD)
    assert fs_of(c).read("/etc/cfg/mode") == "hard"
    assert fs_of(c).read("/etc/mode") == "easy"           # a subPath mount is a copy: never updated
    assert c.now - started <= SYNC_PERIOD + 1


def test_pods_sharing_a_configmap_each_see_it():
    c = kubelab.Cluster()
    c.kubectl("create configmap cfg --from-literal a=1")
    for n in ("p1", "p2"):
        c.api.create(pod_with({"configMap": {"name": "cfg"}}, name=n))
    c.settle()
    assert fs_of(c, "p1").read("/etc/cfg/a") == fs_of(c, "p2").read("/etc/cfg/a") == "1"
