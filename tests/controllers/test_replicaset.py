"""ReplicaSet and ReplicationController: selectors, adoption and release."""
import kubelab
from kubelab.api.meta import controller_ref

RS = """apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 2
  selector:
    matchExpressions:
    - {key: tier, operator: In, values: [frontend]}
    - {key: env, operator: NotIn, values: [dev]}
    - {key: app, operator: Exists}
  template:
    metadata:
      labels: {tier: frontend, app: guestbook}
    spec:
      containers:
      - name: php
        image: nginx
"""

RC = """apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 2
  selector:
    app: nginx
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx
"""


def owned_by(c, name):
    return sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")
                  if (controller_ref(p) or {}).get("name") == name and not p["metadata"].get("deletionTimestamp"))


def test_replicaset_with_set_based_selector_keeps_its_replicas():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=RS)
    c.settle()
    assert len(owned_by(c, "frontend")) == 2


def test_relabelled_pod_is_released_and_replaced():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello --image=nginx")
    c.settle()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    r = c.kubectl(f"label pod {pod} app=v1 --overwrite")
    assert r.stdout == f"pod/{pod} labeled\n"
    c.settle()
    released = c.get("pod", pod)
    assert controller_ref(released) is None and released["metadata"]["labels"]["app"] == "v1"
    rs = c.api.list("replicasets", "default")[0]["metadata"]["name"]
    assert len(owned_by(c, rs)) == 1 and pod not in owned_by(c, rs)


def test_a_matching_orphan_is_adopted_and_the_surplus_removed():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello --image=nginx")
    c.settle()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    c.kubectl(f"label pod {pod} app=v1 --overwrite")
    c.settle()
    c.kubectl(f"label pod {pod} app=hello --overwrite")      # matches again: adopted
    c.settle()
    rs = c.api.list("replicasets", "default")[0]["metadata"]["name"]
    assert len(owned_by(c, rs)) == 1
    assert len([p for p in c.api.list("pods", "default") if not p["metadata"].get("deletionTimestamp")]) == 1


def test_replication_controller_uses_an_equality_selector():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=RC)
    c.settle()
    assert len(owned_by(c, "nginx")) == 2
    assert c.kubectl("get rc nginx").stdout.splitlines()[1].split()[:4] == ["nginx", "2", "2", "2"]
