# %% [markdown]
# # 08 · A stateless application behind a LoadBalancer — 无状态应用程序
#
# ← [07 Redis with a ConfigMap](07-redis-with-kustomize.ipynb) · [Course start](00-start-here.ipynb) · [09 Architecture](09-architecture.ipynb) →
#
# **What you will learn**
#
# - to run five replicas of a web application and put one Service in front of them, as the notes do;
# - to read `kubectl describe` for a Deployment, its ReplicaSet and the Service;
# - how requests are spread over the five pods (and how to keep one client on one pod);
# - what happens to traffic when a pod goes away;
# - how the LoadBalancer's external IP appears on minikube.
#
# The notes' goals (目标):
#
# > • 运行Hello World应用程序的五个实例
# > • 创建一个公开外部IP地址的Service对象
# > • 使用Service对象访问正在运行的应用程序

# %%
%load_ext kubelab
from collections import Counter
import kubelab
from kubelab.viz import traffic
cluster = kubelab.current_cluster()

# %% [markdown]
# ## Five instances of Hello World
#
# The notes' `load-balancer-example.yaml` (the kubernetes.io tutorial's file, with the image taken
# from a mirror of `gcr.io/google-samples/node-hello:1.0`). The container is a tiny Node.js server
# that answers every request with `Hello Kubernetes!` on port 8080.

# %%
%%kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/name: load-balancer-example
  name: hello-world
spec:
  replicas: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: load-balancer-example
  template:
    metadata:
      labels:
        app.kubernetes.io/name: load-balancer-example
    spec:
      containers:
      - image: anjia0532/google-samples.node-hello:1.0
        name: hello-world
        ports:
        - containerPort: 8080

# %% [markdown]
# 显示Deployment的信息 — information about the Deployment (right away, then once the image is pulled):

# %%
%kubectl get deployments hello-world
%kubelab settle
%kubectl get deployments hello-world
%kubectl describe deployments hello-world

# %% [markdown]
# 显示ReplicaSet对象的信息 — the ReplicaSet the Deployment made, which owns the five pods:

# %%
%kubectl get replicasets
%kubectl describe replicasets

# %%
%kubectl get pods -o wide

# %% [markdown]
# ## One Service for the five pods
#
# 创建公开Deployment的Service对象. This time there is no `--port`: the Deployment declares
# `containerPort: 8080`, so `kubectl expose` copies it (and targetPort = port = 8080).

# %%
%kubectl expose deployment hello-world --type=LoadBalancer --name=my-service

# %% [markdown]
# 显示有关Service的信息:

# %%
%kubectl get services my-service
%kubectl describe services my-service

# %% [markdown]
# The `Endpoints:` line lists the first three pod addresses and `+ 2 more...`: five pods, all ready.
# The selector is the Deployment's `app.kubernetes.io/name=load-balancer-example`.
#
# ## Requests are spread over the pods
#
# The tutorial continues with `curl http://<external-ip>:<port>`. The external IP is still
# `<pending>` (no cloud here), but the nodePort works: send 100 requests and count which pod
# answered each.

# %%
url = cluster.minikube("service my-service --url").stdout.strip()
print(url)
answers = Counter()
for _ in range(100):
    r = cluster.curl(url)
    answers[r.pod] += 1
print(r.body)
for pod, n in sorted(answers.items()):
    print(f"{pod}  {'#' * n} {n}")

# %% [markdown]
# Every pod got a share. kube-proxy picks one ready endpoint at random for each new connection
# (its iptables rules use `--probability 1/5`, then `1/4`, … so each pod gets 1/5 on average).
# The picture shows all the ways in, and the path of the last request:

# %%
traffic.show(cluster, "my-service", r, title="my-service: five endpoints, one request's path")

# %% [markdown]
# ## When a pod goes away
#
# Delete one pod. A terminating pod is taken out of the Endpoints, so new requests go to the
# others; the ReplicaSet creates a replacement, which joins once it is ready.

# %%
victim = sorted(answers)[0]
%kubectl delete pod {victim} --wait=false
%kubectl get endpoints my-service -o jsonpath='{range .subsets[*].addresses[*]}{.targetRef.name}{"\n"}{end}'

# %%
during = [cluster.curl(url) for _ in range(50)]
print("failed:", sum(1 for r in during if not r.status))
print("answered by the deleted pod:", sum(1 for r in during if r.pod == victim))
print("pods that answered:", len({r.pod for r in during}))
%kubelab settle
%kubectl get endpoints my-service

# %% [markdown]
# Here not one request failed, and none went to the deleted pod: any replica can answer any
# request, which is what makes the application *stateless* — replicas can come and go.
#
# **But do not take "deleting a pod loses no requests" from this.** In the kit the endpoint
# disappears from every node's rules in the same instant the pod starts terminating. On a real
# cluster two things start *at the same moment* and race:
#
# 1. the kubelet runs the pod's `preStop` hook, if any, then sends the stop signal (SIGTERM) to
#    the container;
# 2. the EndpointSlice controller removes the pod's address, and then kube-proxy on **every** node
#    rewrites its rules — from milliseconds to seconds later, node by node (and an external load
#    balancer later still).
#
# Until step 2 has reached a node, that node still sends new connections to the terminating pod.
# node-hello gets away with it: it runs as PID 1 with no SIGTERM handler, so it ignores the signal
# and keeps answering until the SIGKILL 30 s later. An app that exits promptly on SIGTERM — as a
# well-behaved one does — refuses those connections: clients see `connection refused` or resets.
# The usual fix is a `preStop` hook that waits before the signal, so the pod keeps serving while
# the endpoint removal spreads, and a graceful shutdown that finishes the requests in flight:
#
# ```yaml
#       containers:
#       - name: hello-world
#         image: anjia0532/google-samples.node-hello:1.0
#         lifecycle:
#           preStop:
#             sleep:
#               seconds: 5        # v1.32 (beta); on older clusters: exec: {command: ["sleep", "5"]}
# ```
#
# (The kit does not yet model the delay of step 2, so it cannot show requests being lost here;
# [chapter 13](13-pod-lifecycle.ipynb) shows `preStop` and the stop signal.)
#
# ## The external IP
#
# On a cloud, the LoadBalancer's address would appear in EXTERNAL-IP. On minikube, run
# `minikube tunnel` (in a real terminal it keeps running):

# %%
print(cluster.minikube("tunnel"))
%kubectl get services my-service

# %%
external = cluster.get("service", "my-service")["status"]["loadBalancer"]["ingress"][0]["ip"]
r = cluster.curl(f"http://{external}:8080")
print(r.body)
print()
print(r.explain())

# %% [markdown]
# The tutorial's expected answer, `Hello Kubernetes!`. Note the path: the tunnel routes your computer
# to the Service's address directly; the nodePort is not used.
#
# ## Clean up — as the notes do

# %%
%kubectl delete services my-service
%kubectl delete deployment hello-world

# %% [markdown]
# ## What the notes leave out
#
# - The image `anjia0532/google-samples.node-hello:1.0` is a Docker Hub copy of
#   `gcr.io/google-samples/node-hello:1.0`, for networks where gcr.io is blocked (chapter 02).
# - `--type=LoadBalancer` gives an external IP only where something provides load balancers: a
#   cloud, MetalLB, or `minikube tunnel`. Until then EXTERNAL-IP is `<pending>` and the Service is
#   reachable on `<NodeIP>:<nodePort>`.
# - `--port` is optional only because the Deployment declares `containerPort`. Without it (as for
#   echoserver in chapter 04) `kubectl expose` fails with
#   `couldn't find port via --port flag or introspection`.
#
# ## Exercises
#
# Start again from a fresh cluster (`%kubelab reset`; the tunnel of the old one is gone with it),
# with the notes' Deployment and Service:

# %%
%kubelab reset
cluster = kubelab.current_cluster()
from kubelab.exercises import ch08

# %%
%%kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/name: load-balancer-example
  name: hello-world
spec:
  replicas: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: load-balancer-example
  template:
    metadata:
      labels:
        app.kubernetes.io/name: load-balancer-example
    spec:
      containers:
      - image: anjia0532/google-samples.node-hello:1.0
        name: hello-world
        ports:
        - containerPort: 8080

# %%
%kubectl expose deployment hello-world --type=LoadBalancer --name=my-service
%kubelab settle

# %% [markdown]
# ### Try it: the traffic explorer
#
# Before the exercises, try the explorer below on `my-service`. Press **send request** a few
# times from **outside** and see a different pod answer; send one from **node minikube**, then one from a `hello-world`
# pod (it may answer itself); set a wrong targetPort (`8081`), **apply service** and send again.
# (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.) More in the [traffic playground](../widgets/traffic.ipynb).

# %% tags=["nbval-ignore-output"]
from kubelab.ui import TrafficExplorer
explorer = TrafficExplorer(cluster, service="my-service")
explorer

# %% [markdown]
# The same in code: five requests from outside (through the node's nodePort), one from the node:

# %%
for _ in range(5):
    explorer.fire("outside")
    print(explorer.response.url, "answered by", explorer.response.pod)
explorer.fire("node minikube")
print(explorer.report())

# %% [markdown]
# Each check says what is still missing; work in new cells above it, then run it again. The
# worked solution follows each check, collapsed: click it to open it — try first.
#
# **Exercise 1.** Make every request from your computer land on the same pod (useful when an
# application keeps per-user state in memory — which a truly stateless one does not).

# %%
ch08.sticky_sessions(cluster)

# %% [markdown]
# Solution (collapsed): the Service field `sessionAffinity: ClientIP` (kubectl expose
# `--session-affinity`):

# %% tags=["solution"]
%kubectl delete service my-service
%kubectl expose deployment hello-world --type=LoadBalancer --name=my-service --session-affinity=ClientIP
%kubelab settle
ch08.sticky_sessions(cluster)

# %% [markdown]
# **Exercise 2.** Give `my-service` an EXTERNAL-IP and reach `Hello Kubernetes!` there.

# %%
ch08.external_ip(cluster)

# %% [markdown]
# Solution (collapsed): start the tunnel (on a real machine, `minikube tunnel` in another
# terminal; it keeps patching LoadBalancer Services, also ones created later):

# %% tags=["solution"]
print(cluster.minikube("tunnel"))
ch08.external_ip(cluster)

# %% [markdown]
# ## Summary
#
# - A Deployment keeps five identical, stateless pods running; one LoadBalancer Service in front
#   of them gives them one address.
# - The Endpoints list follows the ready pods; kube-proxy spreads new connections over them at
#   random, or keeps a client on one pod with `sessionAffinity: ClientIP`.
# - A deleted pod leaves the Endpoints and its replacement joins when ready — but the endpoint's
#   removal races the container's SIGTERM on a real cluster; a `preStop` sleep and a graceful
#   shutdown keep requests from being lost.
# - On minikube the LoadBalancer's external IP comes from `minikube tunnel`; the nodePort works
#   without it.
