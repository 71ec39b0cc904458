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
# - what happens to traffic when a pod goes away, and why a rolling update can lose requests
#   (and how a `preStop` hook stops that);
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
# **But do not take "deleting a pod loses no requests" from this.** Two things start *at the same
# moment* when a pod is deleted, and they race:
#
# 1. the kubelet on the pod's node runs the `preStop` hook, if there is one, then sends the stop
#    signal (SIGTERM, or the image's STOPSIGNAL) to the container;
# 2. the EndpointSlice controller marks the pod's endpoint *terminating* (not ready), and then
#    kube-proxy on **every** node rewrites its rules without it — at its next *sync*.
#
# kube-proxy does not rewrite the rules on every change. Its sync runner allows two syncs in a row,
# then one per `--iptables-min-sync-period` (1 s by default): a change that arrives just after two
# syncs waits up to a second. Until then that node still sends new connections to the pod. Above,
# kube-proxy had been quiet, so it dropped the endpoint in the same instant. And node-hello ignores
# SIGTERM anyway: it runs as PID 1 with no SIGTERM handler, so it keeps answering until the SIGKILL
# 30 s later.
#
# ## Losing requests in a rolling update
#
# A rolling update deletes old pods while new ones become ready: many endpoint changes a second,
# just when kube-proxy is throttled. Take an app that stops *promptly* on SIGTERM, as a
# well-behaved one does: Google's `hello-app` (a Go server; Go exits on SIGTERM). Five replicas
# behind a NodePort Service:

# %%
%kubectl create deployment hello --image=gcr.io/google-samples/hello-app:1.0 --replicas=5 --port=8080
%kubectl expose deployment hello --type=NodePort
%kubelab settle
hello_url = cluster.minikube("service hello --url").stdout.strip()
print(cluster.curl(hello_url))

# %% [markdown]
# A client that never stops: 10 requests every 0.1 simulated seconds (100 a second) while a
# command runs. It counts the answers by version, lists every refused connection with the pod
# that refused it, and says when kube-proxy synced (`cluster.proxy.syncs`):

# %%
def under_load(command, seconds=10.0, every=0.1, per_tick=10):
    pause, cluster.pause = cluster.pause, 0      # no typing pause: the load starts with the command
    try:
        print(cluster.kubectl(command), end="")
    finally:
        cluster.pause = pause
    start, answers, refused = cluster.now, Counter(), Counter()
    while cluster.now < start + seconds:
        for _ in range(per_tick):
            r = cluster.curl(hello_url)
            if r.status:
                answers[r.body.splitlines()[1]] += 1                 # "Version: 1.0.0"
            else:                                                    # "Pod <name> (<ip>) has no process ..."
                refused[f"+{cluster.now - start:.1f}s", r.hops[-1].text.split()[1]] += 1
        cluster.run(every)
    total = sum(answers.values()) + sum(refused.values())
    print(f"{total} requests: " + ", ".join(f"{n} answered {v}" for v, n in sorted(answers.items()))
          + f", {sum(refused.values())} refused")
    for (t, pod), n in sorted(refused.items()):
        print(f"  {t}: {n} refused by {pod}")
    syncs = [f"+{t - start:.1f}s" for t, changed in cluster.proxy.syncs if t >= start and "default/hello" in changed]
    print("kube-proxy synced at", ", ".join(syncs))

under_load("set image deployment/hello hello-app=gcr.io/google-samples/hello-app:2.0")

# %% [markdown]
# Most requests were answered, by version 1 and then by version 2 — but some were refused. Read
# the timeline: kube-proxy synced twice as the update began (+0.0 s), then at +1.0, +2.2 and
# +3.2 s as new pods became ready and old ones left. When the
# old pod listed above was deleted, a moment after +3.2 s, kube-proxy had just synced: the removal
# had to wait for the next sync, at +4.0 s. The pod got SIGTERM at once, hello-app exited, and
# every new connection the stale rules still sent there was refused (nothing listened on the pod's
# port any more). On a real cluster the race is the same, with the delays of real machines on top
# (watches, `iptables-restore`), and an external load balancer later still.
#
# The fix is to keep serving until the endpoint's removal has reached every node: a `preStop` hook
# that waits before the signal. Kubernetes v1.32 has a `sleep` action for it (beta since v1.30; on
# older clusters, with an image that has `sleep`: `exec: {command: ["sleep", "5"]}`). Add it to the
# pod template — this is itself a rolling update — and let it finish:

# %%
%kubectl patch deployment hello -p '{"spec":{"template":{"spec":{"containers":[{"name":"hello-app","lifecycle":{"preStop":{"sleep":{"seconds":5}}}}]}}}}'
%kubelab settle

# %% [markdown]
# Now the same rolling update, back to version 1, under the same load:

# %%
under_load("set image deployment/hello hello-app=gcr.io/google-samples/hello-app:1.0", seconds=15)

# %% [markdown]
# Not one request refused. Each old pod left the Endpoints at once, as before, and kube-proxy
# dropped it within a second, as before; but the kubelet ran the 5-second `preStop` sleep first,
# so hello-app kept answering whatever the stale rules sent it, and got SIGTERM only when no rule
# pointed at it any more. (The hook protects the pods that carry it: the `patch` rollout above
# replaced pods that had none.) Two more pieces belong with it on a real application: a shutdown
# that finishes the requests already in flight, and a `terminationGracePeriodSeconds` longer than
# the hook plus that shutdown (30 s by default; the hook's time counts against it).
# [Chapter 13](13-pod-lifecycle.ipynb) shows the hooks, the stop signal and the grace period one
# by one.

# %%
%kubectl delete service hello
%kubectl delete deployment hello

# %% [markdown]
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
# **Exercise 3.** Back to `hello`, the Go app that exits on SIGTERM, five replicas behind a NodePort
# Service (the cell below creates them). Make its rolling updates lose no request — without
# changing its image.

# %%
%kubectl create deployment hello --image=gcr.io/google-samples/hello-app:1.0 --replicas=5 --port=8080
%kubectl expose deployment hello --type=NodePort
%kubelab settle
hello_url = cluster.minikube("service hello --url").stdout.strip()
ch08.survives_rollouts(cluster)

# %% [markdown]
# Solution (collapsed): a `preStop` wait longer than kube-proxy's second, well inside the grace
# period; then a rolling restart under load to see it hold:

# %% tags=["solution"]
%kubectl patch deployment hello -p '{"spec":{"template":{"spec":{"containers":[{"name":"hello-app","lifecycle":{"preStop":{"sleep":{"seconds":5}}}}]}}}}'
%kubelab settle
print(ch08.survives_rollouts(cluster))
under_load("rollout restart deployment/hello", seconds=15)

# %% [markdown]
# ## Summary
#
# - A Deployment keeps five identical, stateless pods running; one LoadBalancer Service in front
#   of them gives them one address.
# - The Endpoints list follows the ready pods; kube-proxy spreads new connections over them at
#   random, or keeps a client on one pod with `sessionAffinity: ClientIP`.
# - A deleted pod leaves the Endpoints and its replacement joins when ready — but the endpoint's
#   removal reaches kube-proxy only at its next sync (two in a row, then one a second), while the
#   container gets SIGTERM at once: an app that exits promptly loses requests in a rolling update.
#   A `preStop` sleep keeps it serving until the rules have caught up.
# - On minikube the LoadBalancer's external IP comes from `minikube tunnel`; the nodePort works
#   without it.
