# %% [markdown] en="15b79693"
# # 09 · 架构：控制平面、节点组件与插件 — Kubernates, 控制平面组件, Node组件, 插件
#
# ← [08 无状态应用](08-stateless-app.ipynb) · [课程首页](00-start-here.ipynb) · [10 ReplicaSet、Deployment 与 Service](10-replicaset-deployment-service.ipynb) →
# （[English version](../09-architecture.ipynb)）
#
# **本章内容**
#
# - 笔记列出的各个组件 —— kube-apiserver、etcd、kube-scheduler、kube-controller-manager
#   （以及其中有哪些控制器）、cloud-controller-manager、kubelet、kube-proxy、容器运行时（Container Runtime）——
#   以及各种插件（Addons）：DNS、仪表板、监控、日志；
# - 在一条真实命令的轨迹里，看每个组件各自做了什么，分别以表格和时序图呈现；
# - 解释整个架构的那一条规则：组件之间从不直接调用，它们都通过 API 服务器监视（watch）和写入对象。
#
# 官方文档：[Kubernetes 组件](https://kubernetes.io/zh-cn/docs/concepts/overview/components/)。
#
# **哪些是模拟的。** 每个组件都是本套件中的一段程序，行为与真实组件一致，
# 并以自己的名字记录它对 API 的每一次写入。轨迹和图示都是从这些记录画出来的，而不是照剧本演的。
# etcd 是本套件的对象存储；容器运行时是本套件的镜像库和容器程序。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.exercises import ch09
from kubelab.viz.trace import trace_table, sequence_table, show_sequence, messages
cluster = kubelab.current_cluster()

# %% [markdown] en="2415a5c8"
# ## Kubernates
#
# > 可移植,可扩展的开源平台,管理容器化的工作负载和服务,方便了声明式配置和自动化。
#
# > **勘误：标题中的 “Kubernates” 应为 “Kubernetes”。**
#
# 这句话出自 kubernetes.io 概述页的第一句：
# [Kubernetes 是一个可移植、可扩展的开源平台，用于管理容器化的工作负载和服务，方便进行声明式配置和自动化](https://kubernetes.io/zh-cn/docs/concepts/overview/)。
# **声明式**的意思是：你把想要的状态存起来，各个组件就会一直工作，直到实际状态与之相符。
#
# 在 minikube 的集群里，每个组件都作为 `kube-system` 中的 Pod 运行 —— 控制平面是静态 Pod，
# kube-proxy 是一个 DaemonSet，CoreDNS 是一个 Deployment：

# %%
%kubectl get pods -n kube-system -o wide

# %% [markdown] en="d98f9dae"
# ## 一条命令，所有组件
#
# 笔记中的第一个应用（[第 03 章](03-deployments.ipynb)和[第 04 章](04-services.ipynb)）：
# 一个 Deployment，它前面的一个 Service，以及一个从你的电脑发出的请求。
# 先记下此刻的时间，让轨迹从这里开始：

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

# %% [markdown] en="dc9f2792"
# 谁做了什么，照记录列出（按顺序列出对 API 的写入）：

# %%
print(trace_table(cluster, since=start))

# %% [markdown] en="a6fdf7f3"
# 同样的内容画成时序图 —— 每个组件一条生命线，每个要紧的步骤一个箭头（簿记性的步骤 —— 状态更新、etcd 的其他写入 ——
# 没有画进图里；完整的列表在后面以文本给出）：每次写入都发往 kube-apiserver，由它存入 etcd；
# kubelet 的事件（Event）就是它对容器运行时的调用；kube-proxy 以监视事件的形式收到 Service 和 EndpointSlice，
# 把它们变成节点内核中的规则。最下面的请求从你的电脑直接到达 Pod 里的应用，由应用应答：
# 途中内核会应用 kube-proxy 写下的规则（DNAT 到 Pod 的地址），但数据包从不经过 kube-proxy 进程，也不经过容器运行时。

# %%
show_sequence(cluster, start, requests=[(asked, response)], essential=True,
              title="kubectl create deployment + expose + a request from your computer")

# %% [markdown] en="fcf505e7"
# 轨迹中的每一个箭头，包括簿记性的步骤 —— 每次写入对 etcd 的 `PUT`、控制器的状态更新、kubelet 的状态报告：

# %%
print(sequence_table(cluster, start, requests=[(asked, response)]))

# %% [markdown] en="ea292095"
# ## 控制平面组件(Control Plane Components)
#
# > 对集群作出全局决策(e.g.调度),检测和响应集群事件(e.g. 不满足部署的replicas时,启动新的pod)
#
# 控制平面（Control Plane）做出全局决策（例如调度），并响应集群事件
# （例如副本数不足的 Deployment 会得到新的 Pod）。
#
# ### kube-apiserver
#
# > k8s控制面的前端
#
# 控制平面的前端：唯一与 etcd 通信的组件，也是其他所有组件（以及 kubectl）通信的对象。
# 它负责身份验证、校验、设置默认值和准入控制、存储，并告诉监视者发生了哪些变化。
# 图中每一个蓝色箭头都终止于它。被它拒绝的请求不会改变任何东西：

# %%
%kubectl create deployment Hello --image=nginx

# %% [markdown] en="a4b45963"
# ### etcd
#
# > 键值数据库,保存k8s所有集群数据的后台数据库
#
# > **勘误：笔记漏掉了这个组件的名字。** 保存全部集群数据的键值数据库叫 **etcd**。
#
# API 服务器把每个对象保存在键 `/registry/<资源>/<名字空间>/<名称>` 下。
# 上面那条命令写入的键：

# %%
keys = sorted({m.text.split(" ", 1)[1] for m in messages(cluster, start) if m.kind == "store"})
print("\n".join(keys))

# %% [markdown] en="14cb139f"
# 在本套件中，这个存储就是 `cluster.api`：`kubectl get` 显示的正是它保存的内容。

# %%
stored = cluster.api.get("deployments", "hello-node", "default")
stored["spec"]["replicas"], stored["status"]["readyReplicas"], stored["metadata"]["resourceVersion"]

# %% [markdown] en="ba2c5422"
# ### kube-scheduler
#
# > 监视那些新创建的未指定运行节点的Pod,并选择节点让Pod在上面运行
#
# 它监视尚未分配节点的新 Pod，并为其选择一个节点。在轨迹中：`default-scheduler` 更新 Pod
# （绑定操作设置了 `spec.nodeName`），并记录一个 `Scheduled` 事件：

# %%
%kubectl get events --field-selector reason=Scheduled

# %% [markdown] en="75be0008"
# ### kube-controller-manager
#
# > 在主节点上运行控制器的组件
# > 节点控制器(Node Controller)、副本控制器(Replication Controller)、端点控制器(Endpoints Controller)、服务账号和令牌控制器(Service Account & Token Controllers)
#
# 一个程序，多个控制回路（control loop）。每个控制器监视某些对象，并写入另一些对象，
# 使实际状态趋向预期状态。轨迹中写着它们的名字：

# %%
print(trace_table(cluster, since=start, kinds={"ReplicaSet", "Pod", "Endpoints", "EndpointSlice", "Deployment"}))

# %% [markdown] en="d5ee6142"
# - **Deployment 控制器**和 **ReplicaSet 控制器**：Deployment → ReplicaSet → Pod。
#
#   > **勘误：笔记中的“副本控制器（Replication Controller）”管理的是旧的 ReplicationController 对象，
#   > 它已被 ReplicaSet 取代**（[第 10 章](10-replicaset-deployment-service.ipynb)）；这个控制器仍在运行，只为兼容旧的清单。
#
# - **端点控制器（Endpoints Controller）**，以及如今的**端点切片控制器（EndpointSlice Controller）**：
#   维护 Service 背后那些就绪 Pod 的地址列表（上面的 `endpoint-controller`、`endpointslice-controller`）——
#   kube-proxy 读取的就是它。
# - **节点控制器（Node Controller）**（`node-lifecycle-controller`）：监视各节点的心跳；
#   不再报告的节点会变成 `NotReady`/`Unknown` 并被打上污点（taint），于是其上的 Pod 会被驱逐。
#   心跳就是 Lease 对象，每个 kubelet 每 10 秒续约一次：

# %%
%kubectl get leases -n kube-node-lease

# %% [markdown] en="9f83cb96"
# - **服务账号和令牌控制器（Service Account & Token Controllers）**：ServiceAccount 控制器给每个名字空间
#   创建一个名为 `default` 的 ServiceAccount。Pod 通过 `kube-api-access-…` 卷拿到其账号的令牌
#   （见 `kubectl describe pod`）。
#
#   > **勘误：自 v1.24 起，Pod 的令牌不再来自令牌控制器。** 现在是 **kubelet** 通过 TokenRequest API
#   > 向 API 服务器申请一个与该 Pod 绑定的短期令牌，并负责续期。令牌控制器如今只为有人特意创建的
#   > `kubernetes.io/service-account-token` 类型的 Secret 填入令牌（旧式的、永不过期的那种）。
#
#   本套件为 minikube 启动时就有的名字空间提供了 `default` 账号，但不会为你新建的名字空间运行这个控制器
#   （真实集群在新的名字空间里也会列出 `default`）：

# %%
%kubectl get serviceaccounts -A

# %% [markdown] en="8099bd93"
# ### cloud-controller-manager
#
# 笔记只列出了它的名字，没有说明。它运行那些需要调用云服务供应商 API 的控制回路：
# 节点（这台虚拟机还存在吗？）、路由，以及服务（为 `LoadBalancer` 类型的 Service 创建云上的负载均衡器）。
# minikube 不运行在任何云上，所以没有它 —— 看看上面 `kube-system` 中的 Pod。
# 因此 LoadBalancer 类型的 Service 的 `EXTERNAL-IP` 会一直是 `<pending>`，直到 `minikube tunnel`
# 来扮演这个角色（[第 04 章](04-services.ipynb)）。
#
# ## Node组件
#
# > 在每个节点上运行,维护运行的Pod并提供Kubernetes运行环境
#
# ### kubelet
#
# > 在集群中每个节点上运行的代理。保证容器都运行在Pod中
#
# 每个节点上的代理：它监视绑定到本节点的 Pod，通过容器运行时让它们运行起来，并报告它们的状态。
# 在轨迹中它叫 `kubelet`：`update status pod/…`（Pending → ContainerCreating → Running），
# 以及事件 `Pulling`、`Pulled`、`Created`、`Started`：

# %%
%kubectl get events --field-selector involvedObject.kind=Pod

# %% [markdown] en="c066ccaf"
# ### 容器运行时(Container Runtime)
#
# > 负责容器运行的软件。Docker、containerd、CRI-O
#
# minikube 的节点使用 Docker（通过 cri-dockerd：kubelet 已不再直接与 Docker 通信，dockershim 在 v1.24 中被移除）；
# 如今用 kubeadm 搭建的集群通常使用 containerd。节点会说明自己用的是哪一个：

# %%
%kubectl get nodes -o wide
%host minikube docker images

# %% [markdown] en="a8e3c412"
# ### kube-proxy
#
# > 集群中每个节点上运行的网络代理。维护节点上的网络规则
# > kube-proxy 负责为 Service 实现了一种 VIP(虚拟 IP)的形式,而不是 ExternalName 的形式
#
# 每个节点上都有的一个 DaemonSet。它监视 Service 和 EndpointSlice，并写下节点的网络规则：
# 发往 Service 虚拟 IP（或节点端口）的数据包会被改写为发往某个就绪 Pod 的地址。
# kube-proxy 只负责**写**规则；真正对每个数据包应用规则的是内核。它并不是每次变化都重写规则：
# 最多连续两次，之后每秒一次（`--iptables-min-sync-period`），所以一个节点上的规则可能比 API 落后最多一秒 ——
# [第 08 章](08-stateless-app.ipynb)展示了这在滚动更新中的代价。下面是 `hello-node` 的规则，
# 就像在节点上执行 `iptables-save -t nat` 列出的那样（kube-proxy v1.32，iptables 模式）：
#
# - `KUBE-SERVICES` 匹配集群 IP，跳转到服务链 `KUBE-SVC-…`；
#   `KUBE-NODEPORTS` 匹配节点端口，跳转到 `KUBE-EXT-…` —— 这是处理外部流量的链，它调用
#   `KUBE-MARK-MASQ`（给数据包打上标记，出去时源地址会被改写为节点的地址 —— 于是 Pod 经由节点应答），
#   然后继续跳到 `KUBE-SVC-…`；
# - `KUBE-SVC-…` 对不是来自 Pod 网络（`! -s 10.244.0.0/16`）的集群 IP 流量打标记，
#   然后随机（`--probability`）选择一条端点链 `KUBE-SEP-…`；
# - `KUBE-SEP-…` 对通过 Service 访问自己的 Pod（发夹，hairpin）打标记，然后 DNAT 到 Pod 的地址。

# %%
from kubelab.network.proxy import iptables_rules
for rule in cluster.proxy.rules("default/hello-node"):
    print("\n".join(iptables_rules(rule)))

# %% [markdown] en="c3a08900"
# 上面那个请求走的正是这些规则：

# %%
print("\n".join(response.trace))

# %% [markdown] en="6116f82a"
# `ExternalName` 类型的 Service 只是一个 DNS 别名（CNAME）：它没有虚拟 IP，所以 kube-proxy
# 不会为它写任何规则 —— 这就是笔记中的第二行：

# %%
%kubectl create service externalname docs --external-name=kubernetes.io
%kubectl get service docs
cluster.proxy.rules("default/docs")

# %% [markdown] en="e84e2309"
# ## 插件(Addons)
#
# > 插件使用k8s资源(DaemonSet、Deployment等)实现集群功能
# > Web界面(仪表盘 Dashboard)
# > 容器资源监控
# > 集群层面日志
#
# 插件就是增加功能的普通 Kubernetes 工作负载。本套件有的：
#
# - **DNS** —— CoreDNS（一个 Deployment 和 Service `kube-dns`，10.96.0.10）是模拟的：
#   在集群内可以解析 Service 的名字：

# %%
%kubectl get deployment,service -n kube-system -l k8s-app=kube-dns
cluster.network.resolve("hello-node")

# %% [markdown] en="afb204d1"
# - **仪表板（Dashboard）**（`minikube dashboard`，即 Kubernetes Dashboard 网页界面）—— 未模拟；
#   由本套件的图示（`kubelab.viz`）和[仪表板小部件](../../widgets/zh/dashboard.ipynb)来扮演这个角色。
# - **容器资源监控**（`kubectl top` 所需的 metrics-server；Prometheus）—— 未模拟。
#   本套件的集群就像没有启用 `metrics-server` 插件的 minikube：没有谁提供 Metrics API，`kubectl top` 会如实说明：

# %%
%kubectl top pods

# %% [markdown] en="c488172b"
# - **集群层面日志**（把所有容器的日志收集到一个存储中，例如 Fluent Bit + Elasticsearch/Loki）—— 未模拟；
#   `kubectl logs` 显示的是单个容器的日志：

# %%
%kubectl logs deployment/hello-node

# %% [markdown] en="df202c87"
# ## 练习
#
# 每个检查都会告诉你还缺什么；在单元格中作答（或者在它上方新建单元格完成练习），然后再运行一次。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 哪个组件决定新 Pod 运行在哪个节点上？（`kubectl`、`kube-apiserver`、`etcd`、
# `kube-controller-manager`、`kube-scheduler`、`kubelet`、`container runtime`、`kube-proxy`、`coredns`）

# %%
my_answer = ""
ch09.who_picks_the_node(my_answer)

# %% [markdown] en="d6f0c4dd"
# 参考答案（已折叠；先看一个诱人的错误答案）：

# %% tags=["solution"]
print(ch09.who_picks_the_node("kubelet"))
ch09.who_picks_the_node("kube-scheduler")

# %% [markdown] en="42ca6d9c"
# **练习 2.** 哪个组件把 Service 变成每个节点上的转发规则？

# %%
my_answer = ""
ch09.who_writes_service_rules(my_answer)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
print(ch09.who_writes_service_rules("coredns"))
ch09.who_writes_service_rules("kube-proxy")

# %% [markdown] en="32c53f85"
# **练习 3.** 运行一个名为 `manual` 的 Pod，让调度器完全不经手它。（提示：kubelet 会运行所有
# `spec.nodeName` 为本节点的 Pod。）然后看看它的轨迹。

# %%
t = cluster.now
ch09.without_scheduler(cluster)

# %% [markdown] en="13aa6440"
# 参考答案（已折叠；先给出仍然经过调度器的做法，再给出不经过调度器的做法）：

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

# %% [markdown] en="d05c7ec9"
# ## 小结
#
# - 控制平面：**kube-apiserver**（通往数据的唯一入口）、**etcd**（数据本身）、
#   **kube-scheduler**（把 Pod 分配到节点）、**kube-controller-manager**（各个控制回路：deployment、
#   replicaset、endpoints、endpointslice、节点生命周期、服务账号……），在云上还有
#   **cloud-controller-manager**。
# - 每个节点：**kubelet**（通过**容器运行时**运行绑定到本节点的 Pod）和 **kube-proxy**（Service 的规则）。
# - 插件也是工作负载：CoreDNS 负责名字解析；仪表板、监控和日志是可选的。
# - 谁也不直接调用谁：每个组件监视 API 并写下自己的那一部分；轨迹展示了这条链。
#
# 下一章：[10 · ReplicaSet、Deployment 与 Service 如何配合](10-replicaset-deployment-service.ipynb)。
