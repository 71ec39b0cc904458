"""kubernetes.io's "Configure a Pod to Use a PersistentVolume for Storage"
(content/en/docs/tasks/configure-pod-container/configure-persistent-volume-storage.md),
its commands in the page's order, with the website's ``pods/storage/pv-volume.yaml``,
``pv-claim.yaml`` and ``pv-pod.yaml`` (tests/data/website-examples).

The shell on the node is ``minikube ssh``'s: in a notebook a ``%%shell minikube``
cell, here ``shell.run`` on the node machine (``minikube ssh -- COMMAND`` from the
laptop reaches the same files).  What is written there under ``/mnt/data`` is what
the hostPath PersistentVolume holds.  ``kubectl get pv``/``pvc`` print v1.32's
columns (``ACCESS MODES``, ``VOLUMEATTRIBUTESCLASS``), not the page's older ones.
"""
import pathlib

import pytest

import kubelab
from kubelab.setup import shell

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"


@pytest.fixture
def c():
    return kubelab.Cluster(cwd=str(EXAMPLES))


def on_node(c, text):
    return shell.run(c, c.machines["minikube"], text)


def rows(c, cmd):
    return [line.split() for line in c.kubectl(cmd).stdout.splitlines()]


def test_the_page(c):
    # Create an index.html file on your Node
    assert on_node(c, "sudo mkdir /mnt/data").returncode == 0
    assert on_node(c, '''sudo sh -c "echo 'Hello from Kubernetes storage' > /mnt/data/index.html"''').returncode == 0
    assert on_node(c, "cat /mnt/data/index.html").stdout == "Hello from Kubernetes storage\n"
    r = shell.run(c, c.machines["laptop"], "minikube ssh -- cat /mnt/data/index.html")
    assert r.stdout == "Hello from Kubernetes storage\n"

    # Create a PersistentVolume
    assert c.kubectl("apply -f pods/storage/pv-volume.yaml").stdout == "persistentvolume/task-pv-volume created\n"
    got = rows(c, "get pv task-pv-volume")
    assert got[0] == ["NAME", "CAPACITY", "ACCESS", "MODES", "RECLAIM", "POLICY", "STATUS", "CLAIM", "STORAGECLASS",
                      "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"]
    assert got[1][:7] == ["task-pv-volume", "10Gi", "RWO", "Retain", "Available", "manual", "<unset>"]

    # Create a PersistentVolumeClaim: it binds to the volume
    assert c.kubectl("apply -f pods/storage/pv-claim.yaml").stdout == "persistentvolumeclaim/task-pv-claim created\n"
    c.settle()
    assert rows(c, "get pv task-pv-volume")[1][:8] == ["task-pv-volume", "10Gi", "RWO", "Retain", "Bound",
                                                      "default/task-pv-claim", "manual", "<unset>"]
    got = rows(c, "get pvc task-pv-claim")
    assert got[0] == ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS", "MODES", "STORAGECLASS",
                      "VOLUMEATTRIBUTESCLASS", "AGE"]
    assert got[1][:7] == ["task-pv-claim", "Bound", "task-pv-volume", "10Gi", "RWO", "manual", "<unset>"]

    # Create a Pod that uses the claim; nginx serves the node's file
    assert c.kubectl("apply -f pods/storage/pv-pod.yaml").stdout == "pod/task-pv-pod created\n"
    c.settle()
    assert rows(c, "get pod task-pv-pod")[1][:4] == ["task-pv-pod", "1/1", "Running", "0"]
    r = c.kubectl("exec -it task-pv-pod -- /bin/bash", stdin="apt update\napt install curl\ncurl http://localhost/\nexit\n")
    shown = "".join(text for _, text in r.transcript).replace("\r\n", "\n")
    assert "root@task-pv-pod:/# apt update\nGet:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\n" in shown
    # the nginx image has curl already
    assert "curl is already the newest version (7.88.1-10+deb12u8).\n" in shown
    assert "root@task-pv-pod:/# curl http://localhost/\nHello from Kubernetes storage\nroot@task-pv-pod:/# exit\n" in shown

    # Clean up
    assert c.kubectl("delete pod task-pv-pod").stdout == 'pod "task-pv-pod" deleted\n'
    assert c.kubectl("delete pvc task-pv-claim").stdout == 'persistentvolumeclaim "task-pv-claim" deleted\n'
    assert c.kubectl("delete pv task-pv-volume").stdout == 'persistentvolume "task-pv-volume" deleted\n'
    c.settle()
    # Retain: the file outlived the volume object, on the node
    assert on_node(c, "cat /mnt/data/index.html").stdout == "Hello from Kubernetes storage\n"
    r = on_node(c, "sudo rmdir /mnt/data")
    assert (r.stderr, r.returncode) == ("rmdir: failed to remove '/mnt/data': Directory not empty\n", 1)
    assert on_node(c, "sudo rm /mnt/data/index.html").returncode == 0
    assert on_node(c, "sudo rmdir /mnt/data").returncode == 0
    r = on_node(c, "cat /mnt/data/index.html")
    assert (r.stderr, r.returncode) == ("cat: /mnt/data/index.html: No such file or directory\n", 1)


def test_a_pod_writes_what_the_node_reads(c):
    """The other way round: the pod's writes land in the node's directory."""
    on_node(c, "sudo mkdir /mnt/data")
    c.kubectl("apply -f pods/storage/pv-volume.yaml")
    c.kubectl("apply -f pods/storage/pv-claim.yaml")
    c.kubectl("apply -f pods/storage/pv-pod.yaml")
    c.settle()
    c.kubectl(["exec", "task-pv-pod", "--", "sh", "-c", "echo from the pod > /usr/share/nginx/html/index.html"])
    assert on_node(c, "ls /mnt/data").stdout == "index.html\n"
    assert on_node(c, "cat /mnt/data/index.html").stdout == "from the pod\n"
    # the laptop has no /mnt/data: minikube runs in its own machine
    r = shell.run(c, c.machines["laptop"], "cat /mnt/data/index.html")
    assert r.returncode == 1
