# %% [markdown]
# # 09 · Architecture: control plane, node components, addons — Kubernates, 控制平面组件, Node组件, 插件
#
# ← [08 A stateless application](08-stateless-app.ipynb) · [Course start](00-start-here.ipynb) · [10 ReplicaSet, Deployment, Service](10-replicaset-deployment-service.ipynb) →
#
# **What you will learn**
#
# - the components the notes list — kube-apiserver, etcd, kube-scheduler, kube-controller-manager
#   (and which controllers), cloud-controller-manager, kubelet, kube-proxy, the container runtime —
#   and the addons (DNS, dashboard, monitoring, logging);
# - each of them doing its job in the trace of one real command, as a table and as a sequence picture;
# - the one rule that explains the architecture: components never call each other, they watch and
#   write objects through the API server.
#
# **What is simulated.** Each component is a piece of the kit that behaves like the real one and
# records every write it makes to the API with its name. The trace and the picture are drawn from
# those records, not from a script. etcd is the kit's object store; the container runtime is the
# kit's image store and container programs.

# %%
%load_ext kubelab
import kubelab
from kubelab.exercises import ch09
from kubelab.viz.trace import trace_table, sequence_table, show_sequence, messages
cluster = kubelab.current_cluster()

# %% [markdown]
# ## Kubernates
#
# > 可移植,可扩展的开源平台,管理容器化的工作负载和服务,方便了声明式配置和自动化。
#
# "A portable, extensible, open-source platform for managing containerized workloads and services,
# that facilitates both declarative configuration and automation" (the first sentence of
# kubernetes.io's overview; the notes' heading misspells Kubernetes). *Declarative*: you store the
# state you want; components keep working until the actual state matches it.
#
# In minikube's cluster every component runs as a pod in `kube-system` — the control plane as
# static pods, kube-proxy as a DaemonSet, CoreDNS as a Deployment:

# %%
%kubectl get pods -n kube-system -o wide

# %% [markdown]
# ## One command, every component
#
# The notes' first application ([chapters 03](03-deployments.ipynb) and
# [04](04-services.ipynb)): a Deployment, a Service in front of it, and a request from your computer.
# Note the time before, so that the trace starts there:

# %%
start = cluster.now
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4
%kubelab settle
%kubectl expose deployment hello-node --type=NodePort --port=8080
%kubelab settle
node_port = cluster.get("service", "hello-node")["spec"]["ports"][0]["nodePort"]
asked = cluster.now
response = cluster.curl(f"http://192.168.49.2:{node_port}/")
print(response.status, response.pod)

# %% [markdown]
# Who did what, as recorded (writes to the API, in order):

# %%
print(trace_table(cluster, since=start))

# %% [markdown]
# The same as a sequence picture — one lifeline per component, one arrow per essential step (the
# bookkeeping — status updates, the other etcd writes — is left out of the picture; the full list
# follows as text): each write goes to kube-apiserver, which stores it in etcd; the kubelet's
# Events are its calls to the container runtime; kube-proxy receives the Service and EndpointSlice
# as watch events and turns them into rules in the node's kernel. The request at the bottom goes
# from your computer straight to the app in its pod, and the app answers: the kernel applies
# kube-proxy's rules on the way (DNAT to the pod's address), but the packets never pass through
# the kube-proxy process or the container runtime.

# %%
show_sequence(cluster, start, requests=[(asked, response)], essential=True,
              title="kubectl create deployment + expose + a request from your computer")

# %% [markdown]
# Every arrow of the trace, bookkeeping included — each write's `PUT` to etcd, the controllers'
# status updates, the kubelet's status reports:

# %%
print(sequence_table(cluster, start, requests=[(asked, response)]))

# %% [markdown]
# ## 控制平面组件(Control Plane Components)
#
# > 对集群作出全局决策(e.g.调度),检测和响应集群事件(e.g. 不满足部署的replicas时,启动新的pod)
#
# The control plane makes global decisions (scheduling) and reacts to cluster events (a Deployment
# with too few replicas gets new pods).
#
# ### kube-apiserver
#
# > k8s控制面的前端
#
# The front end of the control plane: the only component that talks to etcd, and the one every
# other component (and kubectl) talks to. It authenticates, validates, applies defaults and admission,
# stores, and tells watchers what changed. In the picture every blue arrow ends at it. A request
# it refuses changes nothing:

# %%
%kubectl create deployment Hello --image=nginx

# %% [markdown]
# ### etcd
#
# > 键值数据库,保存k8s所有集群数据的后台数据库
#
# The notes dropped this component's name: the key-value database that holds all cluster data is
# **etcd**. The API server keeps each object under a key `/registry/<resource>/<namespace>/<name>`.
# The keys the command above wrote:

# %%
keys = sorted({m.text.split(" ", 1)[1] for m in messages(cluster, start) if m.kind == "store"})
print("\n".join(keys))

# %% [markdown]
# In the kit the store is `cluster.api`: what `kubectl get` shows is what it holds.

# %%
stored = cluster.api.get("deployments", "hello-node", "default")
stored["spec"]["replicas"], stored["status"]["readyReplicas"], stored["metadata"]["resourceVersion"]

# %% [markdown]
# ### kube-scheduler
#
# > 监视那些新创建的未指定运行节点的Pod,并选择节点让Pod在上面运行
#
# It watches new pods without a node and chooses one. In the trace: `default-scheduler` updates the
# pod (the binding sets `spec.nodeName`) and records a `Scheduled` event:

# %%
%kubectl get events --field-selector reason=Scheduled

# %% [markdown]
# ### kube-controller-manager
#
# > 在主节点上运行控制器的组件
# > 节点控制器(Node Controller)、副本控制器(Replication Controller)、端点控制器(Endpoints Controller)、服务账号和令牌控制器(Service Account & Token Controllers)
#
# One program, many control loops. Each watches some objects and writes others so that actual state
# meets desired state. The trace names them:

# %%
print(trace_table(cluster, since=start, kinds={"ReplicaSet", "Pod", "Endpoints", "EndpointSlice", "Deployment"}))

# %% [markdown]
# - **Deployment** and **ReplicaSet** controllers: Deployment → ReplicaSet → Pods. The notes'
#   *Replication Controller* is the older object the ReplicaSet replaced ([chapter 10](10-replicaset-deployment-service.ipynb));
#   its controller still runs for old manifests.
# - **Endpoints controller**, and today the **EndpointSlice controller**: the list of ready pod
#   addresses behind a Service (`endpoint-controller`, `endpointslice-controller` above) —
#   what kube-proxy reads.
# - **Node controller** (`node-lifecycle-controller`): watches the nodes' heartbeats; a node that
#   stops reporting becomes `NotReady`/`Unknown` and is tainted, so its pods are evicted. Its
#   heartbeats are Leases, renewed by each kubelet every 10 s:

# %%
%kubectl get leases -n kube-node-lease

# %% [markdown]
# - **Service Account & Token controllers**: the ServiceAccount controller gives every namespace
#   a ServiceAccount `default`. Pods get a token for their account in the `kube-api-access-…`
#   volume (`kubectl describe pod`) — but since **v1.24** the token does not come from the Token
#   controller: the **kubelet** asks the API server for a short-lived token bound to the pod
#   (the TokenRequest API) and renews it. The Token controller now only fills in Secrets of type
#   `kubernetes.io/service-account-token` that someone creates on purpose (the old, non-expiring
#   kind). The kit gives the namespaces minikube starts with their `default` account, but does not
#   run this controller for namespaces you create (a real cluster would list `default` in a new
#   one too):

# %%
%kubectl get serviceaccounts -A

# %% [markdown]
# ### cloud-controller-manager
#
# The notes list it without a word. It runs the loops that need a cloud provider's API: node
# (does this VM still exist?), route, and service (create a cloud load balancer for a Service of
# type `LoadBalancer`). minikube runs on no cloud, so there is none — look at the `kube-system` pods
# above. A LoadBalancer Service therefore keeps `EXTERNAL-IP <pending>` until `minikube tunnel`
# plays that part ([chapter 04](04-services.ipynb)).
#
# ## Node组件
#
# > 在每个节点上运行,维护运行的Pod并提供Kubernetes运行环境
#
# ### kubelet
#
# > 在集群中每个节点上运行的代理。保证容器都运行在Pod中
#
# The agent on each node: it watches pods bound to its node and makes them run — via the container
# runtime — and reports their status. In the trace it is `kubelet`: `update status pod/…` (Pending
# → ContainerCreating → Running) and the Events `Pulling`, `Pulled`, `Created`, `Started`:

# %%
%kubectl get events --field-selector involvedObject.kind=Pod

# %% [markdown]
# ### 容器运行时(Container Runtime)
#
# > 负责容器运行的软件。Docker、containerd、CRI-O
#
# minikube's node uses Docker (through cri-dockerd, since the kubelet no longer talks to Docker
# itself: dockershim was removed in v1.24); kubeadm clusters today usually use containerd. The node
# says which:

# %%
%kubectl get nodes -o wide
%host minikube docker images

# %% [markdown]
# ### kube-proxy
#
# > 集群中每个节点上运行的网络代理。维护节点上的网络规则
# > kube-proxy 负责为 Service 实现了一种 VIP(虚拟 IP)的形式,而不是 ExternalName 的形式
#
# A DaemonSet on every node. It watches Services and EndpointSlices and writes the node's network
# rules: a packet for a Service's virtual IP (or nodePort) is rewritten to a ready pod's address.
# kube-proxy only *writes* the rules; the kernel applies them to every packet. It does not rewrite
# them on every change: at most twice in a row, then once a second (`--iptables-min-sync-period`),
# so a node's rules can lag the API by up to a second — [chapter 08](08-stateless-app.ipynb)
# shows what that costs in a rolling update. The rules for
# `hello-node`, as `iptables-save -t nat` on the node lists them (kube-proxy v1.32, iptables mode):
#
# - `KUBE-SERVICES` matches the cluster IP and jumps to the service chain `KUBE-SVC-…`;
#   `KUBE-NODEPORTS` matches the node port and jumps to `KUBE-EXT-…`, the chain for traffic from
#   outside, which calls `KUBE-MARK-MASQ` (mark the packet, so its source is rewritten to the
#   node's address on the way out — the pod then answers through the node) and goes on to
#   `KUBE-SVC-…`;
# - `KUBE-SVC-…` marks cluster-IP traffic that does not come from the pod network (`! -s
#   10.244.0.0/16`), then picks one endpoint chain `KUBE-SEP-…` at random (`--probability`);
# - `KUBE-SEP-…` marks a pod talking to itself through the Service (hairpin), and DNATs to the
#   pod's address.

# %%
from kubelab.network.proxy import iptables_rules
for rule in cluster.proxy.rules("default/hello-node"):
    print("\n".join(iptables_rules(rule)))

# %% [markdown]
# The request above followed exactly these rules:

# %%
print("\n".join(response.trace))

# %% [markdown]
# An `ExternalName` Service is only a DNS alias (a CNAME): it has no virtual IP, so kube-proxy
# writes no rules for it — the second line of the notes:

# %%
%kubectl create service externalname docs --external-name=kubernetes.io
%kubectl get service docs
cluster.proxy.rules("default/docs")

# %% [markdown]
# ## 插件(Addons)
#
# > 插件使用k8s资源(DaemonSet、Deployment等)实现集群功能
# > Web界面(仪表盘 Dashboard)
# > 容器资源监控
# > 集群层面日志
#
# Addons are ordinary Kubernetes workloads that add features. What the kit has:
#
# - **DNS** — CoreDNS (a Deployment and the Service `kube-dns`, 10.96.0.10) is simulated: names of
#   Services resolve inside the cluster:

# %%
%kubectl get deployment,service -n kube-system -l k8s-app=kube-dns
cluster.network.resolve("hello-node")

# %% [markdown]
# - **Dashboard** (`minikube dashboard`, the Kubernetes Dashboard web UI) — not simulated; the
#   kit's pictures (`kubelab.viz`) and the [dashboard widget](../widgets/dashboard.ipynb) play
#   that part.
# - **Container resource monitoring** (metrics-server, which `kubectl top` needs; Prometheus) — not
#   simulated. The kit's cluster is like a minikube without the `metrics-server` addon: nothing
#   serves the Metrics API, and `kubectl top` says so:

# %%
%kubectl top pods

# %% [markdown]
# - **Cluster-level logging** (collecting every container's logs into one store, e.g. Fluent Bit +
#   Elasticsearch/Loki) — not simulated; `kubectl logs` shows one container's log:

# %%
%kubectl logs deployment/hello-node

# %% [markdown]
# ## Exercises
#
# Each check says what is still missing; answer in the cell (or work in new cells above it), then
# run it again. The worked solution follows each check, collapsed: click it to open it — try first.
#
# **Exercise 1.** Which component decides on which node a new pod runs? (`kubectl`,
# `kube-apiserver`, `etcd`, `kube-controller-manager`, `kube-scheduler`, `kubelet`,
# `container runtime`, `kube-proxy`, `coredns`)

# %%
my_answer = ""
ch09.who_picks_the_node(my_answer)

# %% [markdown]
# Solution (collapsed; a tempting wrong answer first):

# %% tags=["solution"]
print(ch09.who_picks_the_node("kubelet"))
ch09.who_picks_the_node("kube-scheduler")

# %% [markdown]
# **Exercise 2.** Which component turns a Service into forwarding rules on every node?

# %%
my_answer = ""
ch09.who_writes_service_rules(my_answer)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
print(ch09.who_writes_service_rules("coredns"))
ch09.who_writes_service_rules("kube-proxy")

# %% [markdown]
# **Exercise 3.** Run a pod called `manual` that the scheduler never touches. (Hint: the kubelet
# runs every pod whose `spec.nodeName` is its node.) Then look at its trace.

# %%
t = cluster.now
ch09.without_scheduler(cluster)

# %% [markdown]
# Solution (collapsed; first the way that does involve the scheduler, then the one that does not):

# %% tags=["solution"]
%kubectl run manual --image=nginx
%kubelab settle
print(ch09.without_scheduler(cluster))
%kubectl delete pod manual --now
t = cluster.now

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: manual
spec:
  nodeName: minikube
  containers:
  - name: web
    image: nginx

# %% tags=["solution"]
%kubelab settle
print(sequence_table(cluster, t))
ch09.without_scheduler(cluster)

# %% [markdown]
# ## Summary
#
# - Control plane: **kube-apiserver** (the only door to the data), **etcd** (the data),
#   **kube-scheduler** (pods → nodes), **kube-controller-manager** (the control loops: deployment,
#   replicaset, endpoints, endpointslice, node lifecycle, service accounts …), and on clouds
#   **cloud-controller-manager**.
# - Every node: **kubelet** (runs the pods bound to it, through the **container runtime**) and
#   **kube-proxy** (Service rules).
# - Addons are workloads too: CoreDNS for names; dashboard, monitoring and logging are optional.
# - Nobody calls anybody: each component watches the API and writes its part; the trace shows the
#   chain.
#
# Next: [10 · ReplicaSet, Deployment, Service: how they fit](10-replicaset-deployment-service.ipynb).
