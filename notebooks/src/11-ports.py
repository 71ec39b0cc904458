# %% [markdown]
# # 11 · port, targetPort, nodePort — port, targetPort, nodePort的关系
#
# ← [10 ReplicaSet, Deployment, Service](10-replicaset-deployment-service.ipynb) · [Course start](00-start-here.ipynb) · [12 Pods](12-pods.ipynb) →
#
# **What you will learn**
#
# - the three ports of a Service and who uses each: `port` (clients inside the cluster),
#   `nodePort` (clients outside), `targetPort` (the container);
# - to follow one request through each of them, and to read the traffic picture;
# - the mistakes people make with them, the exact symptom of each, and the fix;
# - named target ports.

# %%
%load_ext kubelab
import kubelab
from kubelab.viz import traffic
cluster = kubelab.current_cluster()

# %% [markdown]
# ## What the notes say
#
# > port: k8s中服务之间访问的端口
# >
# > targetPort: 容器暴露出来的端口。targetPort是pod上的端口,从port和nodePort上到来的数据最终经过kube-proxy流入到后端pod的targetPort上
# >
# > nodePort: 外部机器可以访问的端口
# >
# > port和nodePort都是service的端口,前者暴露给集群内客户访问服务,后者暴露给集群外客户访问服务。从这两个端口到来的数据都需要经过反向代理kube-proxy流入后端pod的targetPort,从而到达pod上的容器内
#
# In English: `port` is the Service's port for clients inside the cluster; `nodePort` is the
# Service's port on every node, for clients outside; both lead, through kube-proxy, to `targetPort`
# on a pod — the port the container listens on.
#
# ## Three different numbers
#
# To tell them apart, make them all different: nginx listens on **80** (targetPort), the Service
# offers **8080** (port), and the nodes open **31000** (nodePort).

# %%
%kubectl create deployment web --image=nginx --replicas=2 --port=80
%kubectl run client --image=busybox -- sleep 3600

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 8080        # clients in the cluster: web:8080 or CLUSTER-IP:8080
    targetPort: 80    # where nginx listens in each pod
    nodePort: 31000   # clients outside: <any node IP>:31000

# %%
%kubelab settle
%kubectl get service web
%kubectl get endpoints web

# %% [markdown]
# `PORT(S) 8080:31000/TCP` shows port and nodePort; the targetPort appears in the Endpoints
# (`10.244.0.x:80`) and in `describe`:

# %%
%kubectl describe service web

# %% [markdown]
# ## From inside the cluster: `port`

# %%
r = cluster.curl("http://web:8080/", from_pod="client")
print(r.explain())

# %% [markdown]
# ## From outside: `nodePort`

# %%
r = cluster.curl("http://192.168.49.2:31000/")
print(r.explain())

# %%
traffic.show(cluster, "web", r, title="outside → node :31000 → Service :8080 → pod :80")

# %% [markdown]
# ## Straight to a pod: `targetPort`
#
# A pod IP with the targetPort reaches the container directly, without the Service and kube-proxy
# (only from inside the cluster; it is what kube-proxy rewrites every request to):

# %%
pod_ip = cluster.get("endpoints", "web")["subsets"][0]["addresses"][0]["ip"]
r = cluster.curl(f"http://{pod_ip}:80/", from_pod="client")
print(r.explain())

# %% [markdown]
# | who connects | to | port used | what answers there |
# |---|---|---|---|
# | a pod | `web` / ClusterIP | **port** 8080 | kube-proxy's rule for the Service |
# | your computer | any node IP | **nodePort** 31000 | kube-proxy's rule on that node |
# | kube-proxy (after rewriting) | a pod IP | **targetPort** 80 | the container (nginx) |
#
# The same in kube-proxy's own rules: `--dport 8080` on the ClusterIP, `--dport 31000` in
# KUBE-NODEPORTS, and `DNAT --to-destination <podIP>:80`:

# %%
from kubelab.network.proxy import iptables_rules
print("\n".join(iptables_rules(cluster.proxy.rules("default/web")[0])))

# %% [markdown]
# ### Try it: the traffic explorer
#
# The explorer below works on the `web` Service. Change **port**, **targetPort**, **nodePort** or
# the **type**, press **apply service**, then **send request** from **outside**, from **node
# minikube** or from the **client** pod: the picture labels each hop with the port it used, and
# the trace says where a request stops. (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.) More in the
# [traffic playground](../widgets/traffic.ipynb).

# %% tags=["nbval-ignore-output"]
from kubelab.ui import TrafficExplorer
explorer = TrafficExplorer(cluster, service="web")
explorer

# %% [markdown]
# The same in code. As a ClusterIP Service, `web` loses its nodePort: from outside nothing
# answers, from the node (kube-proxy's rules are there) it works. Then back to the three numbers:

# %%
print(explorer.configure("ClusterIP", port=8080, target_port=80), end="")
explorer.fire("outside")
print(explorer.report())
explorer.fire("node minikube")
print(explorer.report())
print(explorer.configure("NodePort", port=8080, target_port=80, node_port=31000), end="")
%kubectl get service web

# %% [markdown]
# ## Mixing them up: the symptoms
#
# **1. The Service port from outside.** 8080 is not open on the node (only the nodePort is):

# %%
r = cluster.curl("http://192.168.49.2:8080/")
print(r)
print(r.trace[-1])

# %% [markdown]
# **2. The nodePort on the ClusterIP.** The Service has no port 31000, kube-proxy has no rule for
# it, the packet is dropped — a timeout, which is slower and more confusing than a refusal:

# %%
%kubectl exec client -- wget -qO- http://web:31000/
r = cluster.curl("http://web:31000/", from_pod="client")
print(r.trace[-1])

# %% [markdown]
# **3. A targetPort nothing listens on.** The most common one: the Service's targetPort is not the
# container's port. The Service and its Endpoints look fine — only the request fails, refused by
# the pod:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: web-wrong
spec:
  selector:
    app: web
  ports:
  - port: 8080
    targetPort: 8080

# %%
%kubelab settle
%kubectl get endpoints web-wrong
%kubectl exec client -- wget -qO- http://web-wrong:8080/
print(cluster.curl("http://web-wrong:8080/", from_pod="client").trace[-1])

# %% [markdown]
# The Endpoints show `:8080` on each pod — the Endpoints controller copies the targetPort; it
# does not check that anything listens there. `kubectl get endpoints` plus the container's
# `containerPort` (or the image's documentation) is how you catch this one.
#
# ## Named target ports
#
# A targetPort can be a *name* that each pod's container ports define. The Service then does not
# care which number the pods use, so pods can change port without the Service changing:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: hello
  labels:
    app: hello
spec:
  containers:
  - name: hello
    image: gcr.io/google-samples/node-hello:1.0
    ports:
    - name: http-web
      containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector:
    app: hello
  ports:
  - port: 80
    targetPort: http-web

# %%
%kubelab settle
%kubectl get endpoints hello
r = cluster.curl("http://hello/", from_pod="client")
print(r.body)
print(r.trace[-4])

# %% [markdown]
# ## From your computer, without a nodePort: `kubectl port-forward`
#
# While developing you often want to reach one pod from your own machine without exposing
# anything. `kubectl port-forward` opens a port on *your computer* and carries each connection
# through the API server and the node's kubelet straight into a pod. Given a Service, it uses the
# Service only to pick a pod and to turn the Service's `port` into the `targetPort` (here the
# named port `http-web`, 8080) — then bypasses it: no kube-proxy, no load balancing.

# %%
%kubectl port-forward svc/hello 8080:80
r = cluster.curl("http://localhost:8080/")
print(r.body)
print(r.explain())

# %% [markdown]
# In a terminal `kubectl port-forward` keeps running until you press Ctrl-C. A notebook cell has
# to end, so here it keeps running in the background (as `kubectl port-forward … &` would) and
# stops when its pod goes away; `cluster.network.forwards.clear()` stops it sooner.
#
# ## Exercises
#
# Each check says what is still missing; work in new cells above it, then run it again. The
# worked solution follows each check, collapsed: click it to open it — try first.
#
# **Exercise 1.** Make `web-wrong` work: a request from the `client` pod to `web-wrong:8080` must
# reach nginx. Change only the Service.

# %%
from kubelab.exercises import ch11
ch11.fixed_target_port(cluster, "web-wrong")

# %% [markdown]
# Solution (collapsed): the targetPort must be nginx's port, 80.

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: web-wrong
spec:
  selector:
    app: web
  ports:
  - port: 8080
    targetPort: 80

# %% tags=["solution"]
%kubelab settle
ch11.fixed_target_port(cluster, "web-wrong")

# %% [markdown]
# **Exercise 2.** Make `hello` reachable from your computer at `http://192.168.49.2:31001/`.

# %%
ch11.node_port_31000(cluster, "hello", 31001)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  type: NodePort
  selector:
    app: hello
  ports:
  - port: 80
    targetPort: http-web
    nodePort: 31001

# %% tags=["solution"]
ch11.node_port_31000(cluster, "hello", 31001)

# %% [markdown]
# **Exercise 3.** In this manifest, which number is the port, the targetPort and the nodePort?
#
# ```yaml
# ports:
# - nodePort: 30080
#   targetPort: 5000
#   port: 80
# ```

# %%
quiz = {"spec": {"ports": [{"nodePort": 30080, "targetPort": 5000, "port": 80}]}}
my_port, my_target_port, my_node_port = 0, 0, 0
ch11.which_port(port=my_port, target_port=my_target_port, node_port=my_node_port, svc=quiz)

# %% [markdown]
# Solution (collapsed; a tempting wrong answer first):

# %% tags=["solution"]
print(ch11.which_port(port=5000, target_port=80, node_port=30080, svc=quiz))
ch11.which_port(port=80, target_port=5000, node_port=30080, svc=quiz)

# %% [markdown]
# ## Summary
#
# - **port**: the Service's port on its ClusterIP — what pods use (`svc:port`).
# - **nodePort**: the same Service on every node's IP, 30000–32767 — what outside clients use.
# - **targetPort**: the port on the pods — where the container listens; defaults to port; may be a
#   name looked up in each pod's container ports.
# - kube-proxy turns both `ClusterIP:port` and `NodeIP:nodePort` into `podIP:targetPort`.
# - Symptoms: Service port from outside → connection refused by the node; nodePort on the
#   ClusterIP → timeout; wrong targetPort → connection refused by the pod, while the Service and its
#   Endpoints look healthy.
