# %% [markdown]
# # 04 · Services and how to expose them — 创建Service
#
# ← [03 Deployments](03-deployments.ipynb) · [Course start](00-start-here.ipynb) · [05 Labels, scaling, rollout](05-scaling-and-rolling-updates.ipynb) →
#
# **What you will learn**
#
# - why a pod's own IP is not enough, and what a Service adds: one stable name and address in front
#   of a changing set of pods;
# - the five kinds of Service — ClusterIP, headless, NodePort, LoadBalancer, ExternalName — and
#   which clients can reach each;
# - what `kubectl expose` builds, and what the Endpoints controller, kube-proxy and cluster DNS do
#   with it;
# - how one request travels from your computer to a container, hop by hop;
# - why the notes' `--type=LoadBalancer` shows `<pending>` on minikube, and what `minikube tunnel` does.

# %%
%load_ext kubelab
import kubelab
from kubelab.viz import traffic
cluster = kubelab.current_cluster()

# %% [markdown]
# ## What a Service is
#
# The notes (创建Service):
#
# > Service下的一组Pod通常由LabelSelector来标记。
# > 尽管每个Pod都有一个唯一的IP地址,但是如果没有Service,这些IP不会暴露在集群外部。Service运行应用程序接收流量
#
# A Service picks its pods with a label selector. Every pod has its own IP, but pods come and go
# (and their IPs with them), and those IPs are not reachable from outside the cluster. A Service
# gives the set of pods one fixed entry point. The notes then list the types:
#
# > ClusterIP (默认) - 在集群的内部IP上公开Service。这种类型使得Service只能从集群内访问
# > -- Headless (无头服务) spec.clusterIP: None。服务DNS名称会直接解析为Pod的IP地址
# > NodePort - 使用NAT在集群中每个选定Node的相同端口上公开Service。使用<NodeIP>:<NodePort>从集群外部访问Service。是ClusterIP的超集
# > LoadBalancer - 在当前云中创建一个外部负载均衡器(如果支持),并为Service分配一个固定的外部IP。是NodePort的超集
# > ExternalName - 通过返回带有该名称的CNAME记录,使用任意名称(spec中的externalName指定)公开Service。不使用代理
#
# We will meet each of them. First, the application of chapter 03 again (each chapter starts with a
# fresh cluster):

# %%
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4
%kubelab settle
%kubectl get pods -o wide

# %% [markdown]
# ## A pod's IP is not reachable from your computer
#
# > 默认情况下,Pod只能通过k8s集群中的内部IP地址访问
#
# The pod has the IP shown above. `cluster.curl(url)` sends a request the way `curl` on your own
# computer would, and tells every hop of its way (`.explain()`):

# %%
pod_ip = cluster.api.list("pods", "default")[0]["status"]["podIP"]
r = cluster.curl(f"http://{pod_ip}:8080/")
print(r)
print(r.explain())

# %% [markdown]
# ## Expose the Deployment
#
# > 要使得hello-node容器可以从k8s虚拟网络的外部访问,必须将Pod暴露为k8s Service
#
# The notes' command (they spell it `kubectl expore` once; it is `expose`):

# %%
%kubectl expose deployment hello-node --type=LoadBalancer --port=8080

# %% [markdown]
# > --type=LoadBalancer表示希望将Service暴露到集群外部
# > 镜像k8s.gcr.io/echoserver中的应用程序代码仅监听TCP8080端口
#
# `--port=8080` is the Service's port; since we gave no `--target-port`, the port on the pods is
# 8080 too — exactly where echoserver listens. Look at the Service:

# %%
%kubectl get services

# %% [markdown]
# Four things to read in that line:
#
# - **CLUSTER-IP** — a virtual IP from the Service range 10.96.0.0/12, allocated by the API server.
# - **EXTERNAL-IP `<pending>`** — a LoadBalancer Service asks the *cloud* for a load balancer.
#   minikube has no cloud, so it stays pending (we fix that below).
# - **PORT(S) `8080:3xxxx/TCP`** — port 8080 on the ClusterIP, and a **nodePort** (30000–32767)
#   opened on every node. A LoadBalancer is a NodePort Service plus an external address.
# - the `kubernetes` Service is the API server itself.
#
# `describe` shows the rest, including **Endpoints**: the pod addresses behind the Service.

# %%
%kubectl describe service hello-node

# %% [markdown]
# ## Who filled in the Endpoints
#
# kubectl only created the Service. The **endpoint controllers** (in kube-controller-manager)
# watch Services and pods and keep two objects listing the *ready* pods the selector picks:
# `Endpoints` (the classic form) and `EndpointSlices` (what kube-proxy and DNS actually read).

# %%
%kubectl get endpoints hello-node
%kubectl get endpointslices

# %% [markdown]
# ## One request, hop by hop
#
# From outside, you reach a NodePort or LoadBalancer Service at **any node's IP** and the
# **nodePort**. `minikube service --url` prints exactly that address:

# %%
print(cluster.minikube("service hello-node --url"))

# %%
url = cluster.minikube("service hello-node --url").stdout.strip()
r = cluster.curl(url + "/hello?from=notes")
print(r.body)

# %% [markdown]
# echoserver echoes the request: the path, the headers, and `client_address` — the address it saw
# the request come from. It is not your computer's address: kube-proxy *masqueraded* the packet on
# the node. The trace says what happened at each hop:

# %%
print(r.explain())

# %% [markdown]
# The same path as a picture, top to bottom: your computer → node `minikube`'s IP on the nodePort
# → the Service's port → the Endpoints → one pod on its targetPort. Each arrow carries its port;
# the thick blue arrows are the path this request took. There is no arrow from your computer to
# the Service's ClusterIP: that address exists only in the nodes' rules, so from outside the way
# in is a node's IP and the nodePort.

# %%
traffic.show(cluster, "hello-node", r, title="GET " + url + "/hello — the path of one request")

# %% [markdown]
# kube-proxy on the node holds the rules that did the rewriting. In iptables mode (minikube's
# default) they look like this:

# %%
from kubelab.network.proxy import iptables_rules
for rule in cluster.proxy.rules("default/hello-node"):
    print("\n".join(iptables_rules(rule)))

# %% [markdown]
# ## `<pending>` and `minikube tunnel`
#
# On a cloud, a controller would now create a load balancer and write its address into the
# Service's `status.loadBalancer`. On minikube, `minikube tunnel` plays that part: it adds a route
# from your computer to the Service range through the node, and sets each LoadBalancer Service's
# external IP to its ClusterIP. (A real tunnel keeps running in its own terminal.)

# %%
print(cluster.minikube("tunnel"))
%kubectl get services hello-node

# %%
ip = cluster.get("service", "hello-node")["spec"]["clusterIP"]
r = cluster.curl(f"http://{ip}:8080/")
print(r.status, "from", r.pod)
print(r.explain())

# %% [markdown]
# ## From inside the cluster: ClusterIP and DNS
#
# Pods use Services by **name**. Cluster DNS (CoreDNS) answers `hello-node`,
# `hello-node.default` and `hello-node.default.svc.cluster.local` with the ClusterIP. Start a
# client pod and ask from there:

# %%
%kubectl run client --image=busybox -- sleep 3600
%kubelab settle
%kubectl exec client -- wget -qO- http://hello-node:8080/from-a-pod

# %% [markdown]
# The client address is now the pod's own IP: inside the cluster nothing is masqueraded. Every
# name form works, and the trace shows the DNS step:

# %%
r = cluster.curl("http://hello-node.default.svc.cluster.local:8080/", from_pod="client")
print(r.explain())

# %% [markdown]
# The kubelet also gives each container environment variables for the Services that existed when
# it started (older than DNS, still there):

# %%
%kubectl exec client -- sh -c "env | grep HELLO_NODE_SERVICE"

# %% [markdown]
# ### Try it: the traffic explorer
#
# The explorer below works on this chapter's `hello-node` Service. Send a request from
# **outside**, from **node minikube** and from the **client** pod; then change the type to
# `ClusterIP`, or the targetPort to `9376`, press **apply service** and send again: the picture
# and the trace show where the request now stops, and why. (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.) More in the
# [traffic playground](../widgets/traffic.ipynb).

# %% tags=["nbval-ignore-output"]
from kubelab.ui import TrafficExplorer
explorer = TrafficExplorer(cluster, service="hello-node")
explorer

# %% [markdown]
# The same in code: a wrong targetPort, a request from the client pod, then the right one again and
# a request from the node (a node has no cluster DNS: the explorer sends it to the ClusterIP):

# %%
node_port = explorer.settings()["nodePort"]
print(explorer.configure("LoadBalancer", port=8080, target_port=9376, node_port=node_port), end="")
explorer.fire("client")
print(explorer.report())
print(explorer.configure("LoadBalancer", port=8080, target_port=8080, node_port=node_port), end="")
explorer.fire("node minikube")
print(explorer.report())

# %% [markdown]
# ## Headless and ExternalName
#
# A **headless** Service (`clusterIP: None`) gets no virtual IP and no kube-proxy rules: its DNS
# name resolves straight to the ready pods' IPs. Scale to three pods to see it:

# %%
%kubectl scale deployment hello-node --replicas=3
%kubectl expose deployment hello-node --name=hello-headless --cluster-ip=None --port=8080
%kubelab settle
%kubectl get service hello-headless
print(cluster.network.resolve("hello-headless", "default").ips)

# %% [markdown]
# An **ExternalName** Service is only a DNS alias (a CNAME); no proxy, no ports:

# %%
%kubectl create service externalname search --external-name=www.example.com
%kubectl get service search
r = cluster.curl("http://search/", from_pod="client")
print(r.explain())

# %% [markdown]
# ## Labels decide membership
#
# The notes go on with labels: `kubectl label pod $POD_NAME app=v1`, then `kubectl get pods -l
# app=v1`. `$POD_NAME` comes from the tutorial the notes follow, which stores a pod's name in a
# shell variable; do the same on your computer's shell (`%%shell`), taking the third of our pods:

# %%
%%shell
export POD_NAME=$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}' | head -3 | tail -1)
echo Name of the Pod: $POD_NAME
kubectl label pod $POD_NAME app=v1

# %% [markdown]
# The pod already has an `app` label (`app=hello-node`, which the Service selects), so kubectl
# refuses to change it without `--overwrite`. With it:

# %%
%%shell
kubectl label pod $POD_NAME app=v1 --overwrite

# %%
%kubelab settle
%kubectl get pods -l app=v1
%kubectl get pods -L app

# %% [markdown]
# The relabelled pod still runs, but it no longer matches `app=hello-node`: the ReplicaSet made a
# replacement, and the Service's Endpoints dropped the old pod and picked up the new one.

# %%
%kubectl get endpoints hello-node

# %% [markdown]
# ## What the notes get wrong, or leave out
#
# - `kubectl expose` needs a port. echoserver's Deployment declares no `containerPort`, so without
#   `--port` kubectl has nothing to copy:

# %%
%kubectl expose deployment hello-node --name=no-port

# %% [markdown]
# - `--type=LoadBalancer` does not by itself expose anything on minikube: the external IP stays
#   `<pending>` until `minikube tunnel` runs. The nodePort works from the start.
# - A nodePort must be in 30000–32767 and unused. The API server says so:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: low-port
spec:
  type: NodePort
  selector:
    app: hello-node
  ports:
  - port: 8080
    nodePort: 8080

# %% [markdown]
# Finally the notes clean up (and we remove what we added: the other Services, the relabelled pod):

# %%
%kubectl delete service hello-node
%kubectl delete deployment hello-node
%kubectl delete service hello-headless search
%kubectl delete pod $POD_NAME --wait=false

# %% [markdown]
# ## Exercises
#
# Each check says what is still missing; work in new cells above it, then run it again. The
# worked solution follows each check, collapsed: click it to open it — try first.
#
# **Exercise 1.** Make `hello-node` reachable from your computer at `http://192.168.49.2:31000/`.
# (`kubectl expose` cannot choose the nodePort; a manifest can.)

# %%
from kubelab.exercises import ch04
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4 --replicas=2
%kubelab settle
ch04.node_port_31000(cluster)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: hello-node
spec:
  type: NodePort
  selector:
    app: hello-node
  ports:
  - port: 8080
    targetPort: 8080
    nodePort: 31000

# %% tags=["solution"]
ch04.node_port_31000(cluster)

# %% [markdown]
# **Exercise 2.** From your computer, what does `curl http://<CLUSTER-IP>:8080/` do when no tunnel
# runs (as at the start of this chapter): `200`, `connection refused`, `timeout` or
# `could not resolve host`?

# %%
my_answer = ""
ch04.cluster_ip_from_outside(my_answer)

# %% [markdown]
# Solution (collapsed; a tempting wrong answer first):

# %% tags=["solution"]
print(ch04.cluster_ip_from_outside("connection refused"))
ch04.cluster_ip_from_outside("timeout")

# %% [markdown]
# **Exercise 3.** Create a headless Service `hello-headless` for `hello-node` whose DNS name returns
# every pod's IP.

# %%
ch04.headless(cluster)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%kubectl delete service hello-headless --ignore-not-found
%kubectl expose deployment hello-node --name=hello-headless --cluster-ip=None --port=8080
%kubelab settle
ch04.headless(cluster)

# %% [markdown]
# ## Summary
#
# - A Service selects pods by label and gives them one name, one virtual IP (ClusterIP) and one
#   port; the endpoint controllers keep the list of ready pods behind it.
# - kube-proxy on each node rewrites `ClusterIP:port` and `NodeIP:nodePort` to one ready
#   `podIP:targetPort`; cluster DNS turns the Service's name into the ClusterIP (headless: the pod
#   IPs; ExternalName: a CNAME).
# - ClusterIP is reachable only inside the cluster; NodePort adds a port on every node;
#   LoadBalancer adds an external address, which on minikube comes from `minikube tunnel`.
#
# Next: [05 · Labels, ReplicaSets, scaling](05-scaling-and-rolling-updates.ipynb). Chapter 11 looks
# closely at port, targetPort and nodePort.
