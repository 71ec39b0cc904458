"""Chapter 11 exercises: both ways."""
from __future__ import annotations

import kubelab
from kubelab.exercises import ch11

BROKEN = """apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 8080, targetPort: 8080}]
"""
FIXED = BROKEN.replace("targetPort: 8080", "targetPort: 80")
NODEPORT = FIXED.replace("spec:\n", "spec:\n  type: NodePort\n").replace("targetPort: 80}", "targetPort: 80, nodePort: 31000}")


def setup():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --port=80")
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "client"},
                  "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "3600"]}]}})
    c.kubectl("apply -f -", stdin=BROKEN)
    c.settle()
    return c


def test_fixed_target_port_both_ways():
    c = setup()
    check = ch11.fixed_target_port(c)
    assert not check and "no process listening on port 8080" in check.message
    c.kubectl("apply -f -", stdin=FIXED)
    c.settle()
    assert ch11.fixed_target_port(c)


def test_node_port_31000_both_ways():
    c = setup()
    assert not ch11.node_port_31000(c)
    c.kubectl("apply -f -", stdin=NODEPORT)
    c.settle()
    assert ch11.node_port_31000(c)


def test_which_port_quiz():
    svc = {"spec": {"ports": [{"port": 8080, "targetPort": 80, "nodePort": 31000}]}}
    assert ch11.which_port(8080, 80, 31000, svc=svc)
    check = ch11.which_port(80, 8080, 31000, svc=svc)
    assert not check and "port (ClusterIP side): not 80" in check.message
