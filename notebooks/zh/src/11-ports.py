# %% [markdown] en="6ad9c394"
# # 11 · port、targetPort 与 nodePort — port, targetPort, nodePort的关系
#
# ← [10 ReplicaSet、Deployment 与 Service](10-replicaset-deployment-service.ipynb) · [课程首页](00-start-here.ipynb) · [12 Pod](12-pods.ipynb) →
# （[English version](../11-ports.ipynb)）
#
# **本章内容**
#
# - Service 的三个端口，以及各由谁使用：`port`（集群内的客户端）、`nodePort`（集群外的客户端）、`targetPort`（容器）；
# - 跟着一个请求分别经过它们，并读懂流量图；
# - 人们在这些端口上常犯的错误、每种错误的确切症状，以及改正方法；
# - 具名的目标端口。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.viz import traffic
cluster = kubelab.current_cluster()

# %% [markdown] en="c6b2a506"
# ## 笔记怎么说
#
# > port: k8s中服务之间访问的端口
# >
# > targetPort: 容器暴露出来的端口。targetPort是pod上的端口,从port和nodePort上到来的数据最终经过kube-proxy流入到后端pod的targetPort上
# >
# > nodePort: 外部机器可以访问的端口
# >
# > port和nodePort都是service的端口,前者暴露给集群内客户访问服务,后者暴露给集群外客户访问服务。从这两个端口到来的数据都需要经过反向代理kube-proxy流入后端pod的targetPort,从而到达pod上的容器内
#
# > **勘误：数据并不“经过反向代理 kube-proxy”。** 在 iptables（或 IPVS）模式下，kube-proxy 只写规则，
# > 由节点内核改写每个数据包的目的地址，数据包从不经过 kube-proxy 进程（见第 09 章）。
#
# ## 三个不同的数字
#
# 为了区分它们，让三个数字各不相同：nginx 监听 **80**（targetPort），Service 提供 **8080**（port），节点开放 **31000**（nodePort）。

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

# %% [markdown] en="a1a7d855"
# `PORT(S) 8080:31000/TCP` 显示了 port 和 nodePort；targetPort 出现在 Endpoints（`10.244.0.x:80`）和 `describe` 中：

# %%
%kubectl describe service web

# %% [markdown] en="37b5e868"
# ## 从集群内部：`port`

# %%
r = cluster.curl("http://web:8080/", from_pod="client")
print(r.explain())

# %% [markdown] en="4d7aca10"
# ## 从集群外部：`nodePort`

# %%
r = cluster.curl("http://192.168.49.2:31000/")
print(r.explain())

# %%
traffic.show(cluster, "web", r, title="outside → node :31000 → Service :8080 → pod :80")

# %% [markdown] en="ee659d98"
# ## 直达 Pod：`targetPort`
#
# Pod IP 加 targetPort 可以直接到达容器，不经过 Service 和 kube-proxy
# （只能在集群内部这样做；kube-proxy 正是把每个请求改写成这个地址）：

# %%
pod_ip = cluster.get("endpoints", "web")["subsets"][0]["addresses"][0]["ip"]
r = cluster.curl(f"http://{pod_ip}:80/", from_pod="client")
print(r.explain())

# %% [markdown] en="47d57f12"
# | 谁发起连接 | 连向 | 使用的端口 | 在那里应答的是 |
# |---|---|---|---|
# | 一个 Pod | `web` / ClusterIP | **port** 8080 | kube-proxy 为该 Service 写的规则 |
# | 你的电脑 | 任意节点 IP | **nodePort** 31000 | 该节点上 kube-proxy 的规则 |
# | kube-proxy（改写之后） | 一个 Pod IP | **targetPort** 80 | 容器（nginx） |
#
# 在 kube-proxy 自己的规则里也是这样：ClusterIP 上的 `--dport 8080`，KUBE-NODEPORTS 中的 `--dport 31000`，
# 以及 `DNAT --to-destination <podIP>:80`：

# %%
from kubelab.network.proxy import iptables_rules
print("\n".join(iptables_rules(cluster.proxy.rules("default/web")[0])))

# %% [markdown] en="b9357202"
# ### 动手试试：流量探索器
#
# 下面的探索器作用于 `web` 这个 Service。修改 **port**、**targetPort**、**nodePort** 或**类型**，按**应用 Service**，
# 然后从**外部**（outside）、从**节点 minikube** 或从 **client** Pod **发送请求**：图中每一跳都标出所用的端口，
# 轨迹说明请求在哪里停下。（在保存下来的笔记本中，这里只显示一行占位文字，直到你运行这个单元格：控件活在正在运行的内核里。）
# 更多内容见[流量演练场](../../widgets/zh/traffic.ipynb)。

# %% tags=["nbval-ignore-output"]
from kubelab.ui import TrafficExplorer
explorer = TrafficExplorer(cluster, service="web")
explorer

# %% [markdown] en="2c8cb892"
# 用代码做同样的事。变成 ClusterIP 类型后，`web` 失去了它的 nodePort：从外部没有应答，从节点上（kube-proxy 的规则在那里）可以访问。
# 然后再改回那三个数字：

# %%
print(explorer.configure("ClusterIP", port=8080, target_port=80), end="")
explorer.fire("outside")
print(explorer.report())
explorer.fire("node minikube")
print(explorer.report())
print(explorer.configure("NodePort", port=8080, target_port=80, node_port=31000), end="")
%kubectl get service web

# %% [markdown] en="c230be15"
# ## 把它们搞混了：症状
#
# **1. 从外部访问 Service 的 port。** 节点上并没有开放 8080（开放的只有 nodePort）：

# %%
r = cluster.curl("http://192.168.49.2:8080/")
print(r)
print(r.trace[-1])

# %% [markdown] en="744cf3ab"
# **2. 在 ClusterIP 上用 nodePort。** 这个 Service 没有 31000 端口，kube-proxy 没有相应的规则，数据包被丢弃 ——
# 结果是超时，这比直接拒绝更慢，也更让人困惑：

# %%
%kubectl exec client -- wget -qO- http://web:31000/
r = cluster.curl("http://web:31000/", from_pod="client")
print(r.trace[-1])

# %% [markdown] en="65aeff73"
# **3. targetPort 上没有程序监听。** 最常见的一种：Service 的 targetPort 不是容器的端口。
# Service 和它的 Endpoints 看起来都正常 —— 只有请求失败，被 Pod 拒绝：

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

# %% [markdown] en="3df9b927"
# Endpoints 中每个 Pod 都显示 `:8080` —— 端点控制器只是照抄 targetPort，并不检查那里是否有程序在监听。
# 要发现这种错误，就要对照 `kubectl get endpoints` 和容器的 `containerPort`（或镜像的文档）。
#
# ## 具名的目标端口
#
# targetPort 可以是一个**名字**，由每个 Pod 的容器端口定义。这样 Service 就不关心 Pod 用的是哪个数字，
# Pod 改端口时 Service 也不用改：

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

# %% [markdown] en="2697de32"
# ## 不用 nodePort，从你的电脑访问：`kubectl port-forward`
#
# 开发时，你常常想从自己的机器访问某个 Pod，又不想暴露任何东西。`kubectl port-forward` 在**你的电脑**上打开一个端口，
# 把每个连接经由 API 服务器和节点的 kubelet 直接送进一个 Pod。给它一个 Service 时，它只用 Service 来挑选一个 Pod，
# 并把 Service 的 `port` 换算成 `targetPort`（这里是具名端口 `http-web`，即 8080）—— 然后就绕开 Service：
# 不经过 kube-proxy，也没有负载均衡。

# %%
%kubectl port-forward svc/hello 8080:80
r = cluster.curl("http://localhost:8080/")
print(r.body)
print(r.explain())

# %% [markdown] en="15f1741a"
# 在终端里，`kubectl port-forward` 会一直运行，直到你按下 Ctrl-C。笔记本的单元格必须结束，
# 所以这里它在后台继续运行（就像 `kubectl port-forward … &` 那样），并在它的 Pod 消失时停止；
# `cluster.network.forwards.clear()` 可以让它提前停止。
#
# ## 练习
#
# 每个检查都会告诉你还缺什么；在它上方新建单元格完成练习，然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 修好 `web-wrong`：从 `client` 这个 Pod 发往 `web-wrong:8080` 的请求必须到达 nginx。只能修改 Service。

# %%
from kubelab.exercises import ch11
ch11.fixed_target_port(cluster, "web-wrong")

# %% [markdown] en="8a5899ce"
# 参考答案（已折叠）：targetPort 必须是 nginx 的端口，即 80。

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

# %% [markdown] en="9f01bfd6"
# **练习 2.** 让你的电脑可以通过 `http://192.168.49.2:31001/` 访问 `hello`。

# %%
ch11.node_port_31000(cluster, "hello", 31001)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

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

# %% [markdown] en="ce83ebab"
# **练习 3.** 在下面这个清单里，哪个数字是 port，哪个是 targetPort，哪个是 nodePort？
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

# %% [markdown] en="d6f0c4dd"
# 参考答案（已折叠；先看一个诱人的错误答案）：

# %% tags=["solution"]
print(ch11.which_port(port=5000, target_port=80, node_port=30080, svc=quiz))
ch11.which_port(port=80, target_port=5000, node_port=30080, svc=quiz)

# %% [markdown] en="7cb43d0c"
# ## 小结
#
# - **port**：Service 在其 ClusterIP 上的端口 —— Pod 使用它（`svc:port`）。
# - **nodePort**：同一个 Service 在每个节点 IP 上的端口，30000–32767 —— 集群外的客户端使用它。
# - **targetPort**：Pod 上的端口 —— 容器监听的地方；默认等于 port；也可以是一个名字，在每个 Pod 的容器端口中查找。
# - kube-proxy 把 `ClusterIP:port` 和 `节点IP:nodePort` 都变成 `PodIP:targetPort`。
# - 症状：从外部访问 Service 的 port → 被节点拒绝连接；在 ClusterIP 上用 nodePort → 超时；
#   targetPort 写错 → 被 Pod 拒绝连接，而 Service 和它的 Endpoints 看起来都很健康。
