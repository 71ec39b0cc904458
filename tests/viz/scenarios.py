"""The notes' scenarios, built once per test (shared by the viz and ui tests)."""
from __future__ import annotations

import kubelab

SYSTEM_INVENTORY = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: system-deployment, labels: {app: system}}
spec:
  selector: {matchLabels: {app: system}}
  template:
    metadata: {labels: {app: system}}
    spec:
      containers:
      - name: system-container
        image: system:1.0-SNAPSHOT
        ports: [{containerPort: 9080}]
        env:
        - name: APP_NAME
          valueFrom: {configMapKeyRef: {name: sys-app-name, key: name}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: inventory-deployment, labels: {app: inventory}}
spec:
  selector: {matchLabels: {app: inventory}}
  template:
    metadata: {labels: {app: inventory}}
    spec:
      containers:
      - name: inventory-container
        image: inventory:1.0-SNAPSHOT
        ports: [{containerPort: 9080}]
        env:
        - name: SYSTEM_APP_USERNAME
          valueFrom: {secretKeyRef: {name: sys-app-credentials, key: username}}
        - name: SYSTEM_APP_PASSWORD
          valueFrom: {secretKeyRef: {name: sys-app-credentials, key: password}}
---
apiVersion: v1
kind: Service
metadata: {name: system-service}
spec:
  type: NodePort
  selector: {app: system}
  ports: [{protocol: TCP, port: 9080, targetPort: 9080, nodePort: 31000}]
---
apiVersion: v1
kind: Service
metadata: {name: inventory-service}
spec:
  type: NodePort
  selector: {app: inventory}
  ports: [{protocol: TCP, port: 9080, targetPort: 9080, nodePort: 32000}]
"""

REDIS = """
apiVersion: v1
kind: ConfigMap
metadata: {name: example-redis-config}
data:
  redis-config: |
    maxmemory 2mb
    maxmemory-policy allkeys-lru
---
apiVersion: v1
kind: Pod
metadata: {name: redis}
spec:
  containers:
  - name: redis
    image: redis:5.0.4
    command: [redis-server, /redis-master/redis.conf]
    env: [{name: MASTER, value: "true"}]
    ports: [{containerPort: 6379}]
    resources: {limits: {cpu: "0.1"}}
    volumeMounts:
    - {mountPath: /redis-master-data, name: data}
    - {mountPath: /redis-master, name: config}
  volumes:
  - name: data
    emptyDir: {}
  - name: config
    configMap:
      name: example-redis-config
      items: [{key: redis-config, path: redis.conf}]
"""


def system_inventory() -> kubelab.Cluster:
    c = kubelab.Cluster()
    c.kubectl("create configmap sys-app-name --from-literal name=my-system")
    c.kubectl("create secret generic sys-app-credentials --from-literal username=bob --from-literal password=bobpwd")
    assert c.kubectl("apply -f -", stdin=SYSTEM_INVENTORY).ok
    c.settle()
    return c


def only(g, kind: str, prefix: str) -> str:
    """The one node of ``kind`` whose name starts with ``prefix``."""
    found = [n for n, d in g.nodes(data=True) if d["kind"] == kind and d["name"].startswith(prefix)]
    assert len(found) == 1, found
    return found[0]
