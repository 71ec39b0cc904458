"""Chapter 10 checks: the solution passes, a wrong answer does not."""
import kubelab
from kubelab.exercises import ch10

RS = """apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: {replicas}
  selector:
    matchExpressions:
    - {{key: version, operator: In, values: [{values}]}}
  template:
    metadata:
      labels: {{version: v1}}
    spec:
      containers:
      - name: web
        image: nginx
"""


def test_set_based_replicaset():
    c = kubelab.Cluster()
    assert not ch10.set_based_replicaset(c)
    c.kubectl("apply -f -", stdin=RS.format(replicas=2, values="v1, v3"))
    c.settle()
    assert not ch10.set_based_replicaset(c)
    c.kubectl("delete rs frontend")
    c.settle()
    c.kubectl("apply -f -", stdin=RS.format(replicas=2, values="v1, v2"))
    c.settle()
    assert ch10.set_based_replicaset(c)


def test_rc_can_express():
    assert ch10.rc_can_express("env=dev", True)
    assert not ch10.rc_can_express("env=dev", False)
    assert ch10.rc_can_express("version in (v1,v2)", False)
    assert not ch10.rc_can_express("version in (v1,v2)", True)
    assert ch10.rc_can_express("environment!=qa", False)


def test_service_reaches_unowned_pod():
    c = kubelab.Cluster()
    assert not ch10.service_reaches_unowned_pod(c)
    c.kubectl("create deployment web --image=k8s.gcr.io/echoserver:1.4 --replicas=2")
    c.kubectl("expose deployment web --port=8080")
    c.kubectl("run loose --image=k8s.gcr.io/echoserver:1.4 --labels=app=other")
    c.settle()
    check = ch10.service_reaches_unowned_pod(c)
    assert not check and "lacks the labels" in check.message       # owned pods alone do not count
    c.kubectl("label pod loose app=web --overwrite")
    c.settle()
    assert ch10.service_reaches_unowned_pod(c)
