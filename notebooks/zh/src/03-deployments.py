# %% [markdown] en="2681b893"
# # 03 · Deployment — 创建Deployment
#
# ← [02 镜像与镜像加速源](02-images-and-mirrors.ipynb) · [课程首页](00-start-here.ipynb) · [04 Service](04-services.ipynb) →
# （[English version](../03-deployments.ipynb)）
#
# **本章内容**
#
# - Deployment 是什么，`kubectl create deployment` 实际上请集群做了什么；
# - 如何查看结果：`kubectl get deployments`、`get pods`、`get events`、`config view`；
# - 你的命令执行之后，各个组件 —— kubectl、API 服务器、Deployment 和 ReplicaSet 控制器、调度器、kubelet ——
#   分别做了什么，按什么顺序；
# - 笔记所说的自我修复：删除的 Pod 会被替换。
#
# 这里的一切都运行在这个笔记本中的模拟集群上（见[第 00 章](00-start-here.ipynb)）。时间也是模拟的：
# 每条命令前进 1 秒，以及我们明确要求时（`%kubelab settle`、`%kubelab run 30s`）。
# 官方文档：[Deployment](https://kubernetes.io/zh-cn/docs/concepts/workloads/controllers/deployment/)。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.viz.trace import trace_table
from kubelab.viz.draw import show
cluster = kubelab.current_cluster()

# %% [markdown] en="3e94de06"
# ## Deployment 是什么
#
# 笔记（创建Deployment）：
#
# > Deployment指挥k8s如何创建和更新应用程序的实例。创建Deployment后,k8s master将应用程序实例调度到集群中的各个节点上。
# >
# > 创建应用程序实例后,k8s Deployment控制器会持续监视这些实例。如果托管实例的节点关闭或被删除,则Deployment控制器会将实例替换为集群中另一个节点上的实例。这提供了一种自我修复机制来解决机器故障维护问题。
#
# 这里的“应用程序实例”就是 Pod。要点在于：你描述的是**预期状态**（desired state），
# 控制器则不断让**实际状态**与之相符。
#
# ## 创建一个
#
# 笔记创建的 Deployment 用 `echoserver` 镜像运行一个 Pod —— 这是一个很小的 Web 服务器，会把收到的每个 HTTP 请求原样回显：

# %%
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4

# %% [markdown] en="1ea3cd5f"
# kubectl 回答 `deployment.apps/hello-node created`：**API 服务器**接受并保存了一个 Deployment 对象。
# 此刻还没有任何东西在运行。（笔记还保留了一个被注释掉的写法，从阿里云镜像
# `registry.aliyuncs.com/google_containers/echoserver:1.4` 拉取同一个镜像，用于访问不到 `k8s.gcr.io` 的网络 ——
# 第 02 章讲的就是这个。）
#
# 马上看看这个 Deployment：

# %%
%kubectl get deployments

# %% [markdown] en="8e385d71"
# `READY 0/1`：想要一个副本，一个也没就绪。`UP-TO-DATE` 统计运行当前模板的 Pod，
# `AVAILABLE` 统计已经就绪足够久、可以提供服务的 Pod。那么 Pod 呢？

# %%
%kubectl get pods

# %% [markdown] en="7adc63cd"
# Pod 已经存在，状态是 `ContainerCreating`：它已经有了节点，节点上的 kubelet 正在拉取镜像。
# 它的名字是 `hello-node-<pod-template-hash>-<5 个随机字符>`，来自拥有它的那个 ReplicaSet。
#
# ## 内部发生了什么
#
# kubectl 只做了一件事：把 Deployment 发给 API 服务器。其余的一切都由其他组件完成，
# 每个组件都监视着 API 并做出反应。模拟器记录了每一次写入，以及做出这次写入的组件：

# %%
print(trace_table(cluster, since=60))

# %% [markdown] en="931cc3d8"
# 从上往下读：
#
# 1. **kubectl** 创建 Deployment。
# 2. **Deployment 控制器**（在 kube-controller-manager 中）发现一个 Deployment 还没有对应其 Pod 模板的 ReplicaSet，
#    于是创建一个（`hello-node-…`），并把它扩到 1。
# 3. **ReplicaSet 控制器**发现一个想要 1 个 Pod、实际有 0 个的 ReplicaSet，于是创建一个 Pod。
# 4. **调度器**发现一个没有节点的 Pod，选中 `minikube`，把 Pod 绑定到它上面。
# 5. `minikube` 上的 **kubelet** 发现一个绑定到本节点的 Pod，创建 Pod 的沙箱，开始拉取镜像，并持续更新 Pod 的状态。
#
# 没有哪个组件调用另一个组件：它们只通过 API 服务器读写对象。这就是 Kubernetes 架构的全貌（第 09 章逐个介绍各个组件）。
#
# 现在让集群把进行中的工作做完 —— 拉取镜像、启动容器：

# %%
%kubelab settle
%kubectl get pods
%kubectl get deployments

# %% [markdown] en="5fbae08f"
# ## 集群的事件
#
# 笔记的下一条命令 `kubectl get events` 展示了同一个过程在 API 中的记录：
# 各个组件写下的事件（Event）（`OBJECT` 列说明每个事件关于哪个对象）。

# %%
%kubectl get events

# %% [markdown] en="6fd6352b"
# `kubectl describe deployment` 汇总了 Deployment 自己的视角：它的选择算符、Pod 模板、ReplicaSet 和事件。

# %%
%kubectl describe deployment hello-node

# %% [markdown] en="6ebc7ef1"
# ## 对象及其关系
#
# 每个对象通过 `ownerReference` **拥有**下一个对象：Deployment 拥有 ReplicaSet，ReplicaSet 拥有 Pod；
# Pod **被调度到**节点上。这张图是根据 API 中的状态画出来的（绿色外圈：Running）。

# %%
show(cluster, "Deployment → ReplicaSet → Pod → Node", namespace="default")

# %% [markdown] en="04da8195"
# 同样的关系，按 API 中保存的样子：

# %%
%kubectl get pods -o jsonpath='{.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}{"\n"}'

# %% [markdown] en="5a714c0d"
# ## kubectl 的配置
#
# 笔记用 `kubectl config view` 结束这一节：它显示 kubectl 把请求发往何处。在 minikube 中，
# 有一个集群（`https://192.168.49.2:8443`）、一个用户，以及把两者连在一起的一个上下文。
# 这里的证书是文件路径；kubeconfig 也可以内嵌证书，而 `config view` 会隐藏内嵌的机密数据，除非加上 `--raw`。

# %%
%kubectl config view

# %% [markdown] en="6368b9d8"
# ## 自我修复
#
# 笔记承诺控制器会替换消失的实例。删除这个 Pod（kubectl 会一直等到它消失：容器收到 SIGTERM，最多有 30 秒时间停止）：

# %%
%kubectl delete pods -l app=hello-node
%kubectl get pods

# %% [markdown] en="620d3ce7"
# 一个名字不同的新 Pod 已经在那里了：ReplicaSet 发现自己想要 1 个 Pod 却有 0 个，于是创建了一个。
# 镜像已经在节点上了，所以这次不用拉取：

# %%
%kubelab settle
%kubectl get pods
%kubectl get events --field-selector reason=Pulled

# %% [markdown] en="8a89c2f3"
# ### 动手试试：仪表板
#
# 下面的仪表板作用于本章的集群。选择一个 Pod，按**删除 Pod**，然后按几次 **+1 秒**（或者**等待完成**），
# 看 ReplicaSet 的替代 Pod 出现在图中和**对象**标签页里。（在保存下来的笔记本中，这里只显示一行占位文字，
# 直到你运行这个单元格：控件活在正在运行的内核里。）更多内容见[仪表板演练场](../../widgets/zh/dashboard.ipynb)。

# %% tags=["nbval-ignore-output"]
from kubelab.ui import Dashboard
dash = Dashboard(cluster)
dash

# %% [markdown] en="1f03eea2"
# 每个按钮在代码中都有一个对应。这个单元格做的正是**删除 Pod** 和**等待完成**所做的事，所以保存下来的笔记本也能显示结果：

# %%
print(dash.delete_pod(dash.pods()[0]), end="")    # the "delete pod" button
dash.settle()                                     # the "settle" button
print(dash.table_text)

# %% [markdown] en="4c61dfd0"
# ## 笔记没有说的
#
# - `kubectl create deployment` 还有更多参数：`--replicas=3`、`--port=8080`，以及为多个容器写多个 `--image`。
#   `--dry-run=client -o yaml` 只打印对象而不创建它：

# %%
%kubectl create deployment web --image=nginx:1.16.1 --replicas=2 --dry-run=client -o yaml

# %% [markdown] en="d7815cdb"
# - 写错了会得到 API 服务器的回答，并且什么也不会改变。带大写字母的名字不是合法的名字；已存在的名字不能再创建一次：

# %%
%kubectl create deployment Hello --image=nginx
%kubectl create deployment hello-node --image=nginx

# %% [markdown] en="0e9060e8"
# ## 练习
#
# 每个练习都有一个检查，它读取集群并说明还缺什么。在检查上方新建单元格完成练习（工具栏中的 `+`），然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 创建一个名为 `web` 的 Deployment，以 **2** 个副本运行 `nginx:1.16.1`，并等到两个 Pod 都就绪。

# %%
from kubelab.exercises import ch03
ch03.web_deployment(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%kubectl create deployment web --image=nginx:1.16.1 --replicas=2
%kubelab settle
ch03.web_deployment(cluster)

# %% [markdown] en="e59024e2"
# **练习 2.** Deployment 的 Pod 对象是由哪个组件创建的：`kubectl`、`deployment-controller`、
# `replicaset-controller`、`default-scheduler` 还是 `kubelet`？（上面的轨迹里有答案。）

# %%
my_answer = ""
ch03.who_creates_pods(my_answer)

# %% [markdown] en="d6f0c4dd"
# 参考答案（已折叠；先看一个诱人的错误答案）：

# %% tags=["solution"]
print(ch03.who_creates_pods("deployment-controller"))
ch03.who_creates_pods("replicaset-controller")

# %% [markdown] en="b85499cb"
# **练习 3.** 再往上一层的自我修复。上文中，被删除的 **Pod** 回来了，因为它的 ReplicaSet 替换了它。
# 这次改为删除 `web` 的 **ReplicaSet**（不是 Deployment），看看是什么把它带回来的。新的 ReplicaSet 叫什么名字，为什么？

# %%
ch03.replicaset_recreated(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%kubectl get rs -l app=web
%kubectl delete rs -l app=web
%kubelab settle
%kubectl get rs -l app=web
ch03.replicaset_recreated(cluster)

# %% [markdown] en="7ce6a0f0"
# 删除 ReplicaSet 时，它的 Pod 也被删除了（它们的属主没了：垃圾收集）；Deployment 控制器发现 Deployment
# 没有对应其模板的 ReplicaSet，于是创建了一个。它的名字以 Pod 模板的哈希结尾，而模板没有变 —— 所以名字还是同一个。

# %% [markdown] en="fd8c2978"
# ## 小结
#
# - `kubectl create deployment 名称 --image=镜像` 保存一个 Deployment；其余的交给控制器：
#   Deployment → ReplicaSet → Pod，调度器选择节点，kubelet 运行容器。
# - `get deployments`（READY、UP-TO-DATE、AVAILABLE）、`get pods`（STATUS）、`get events` 和 `describe`
#   显示预期状态和实际状态。
# - 控制器让实际状态始终等于预期状态，所以被删除的 Pod 会回来。
#
# 下一章：[04 · Service](04-services.ipynb) —— 从集群外部访问 `hello-node`。
