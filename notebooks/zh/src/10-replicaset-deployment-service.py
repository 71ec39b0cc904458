# %% [markdown] en="e839baa4"
# # 10 · ReplicaSet、Deployment 与 Service 如何配合 — ReplicaSet、Deployment、Service
#
# ← [09 架构](09-architecture.ipynb) · [课程首页](00-start-here.ipynb) · [11 port、targetPort 与 nodePort](11-ports.ipynb) →
# （[English version](../10-replicaset-deployment-service.ipynb)）
#
# **本章内容**
#
# - ReplicationController 和 ReplicaSet 做什么，它们的选择算符（selector）有何不同；
# - 选择算符如何**计数**：ReplicaSet 会领养一个与之匹配、但并非它创建的 Pod，也会释放一个不再匹配的 Pod；
# - Deployment 如何管理 ReplicaSet（每个 Pod 模板一个，旧的保留在 0 个副本以备回滚），ReplicaSet 又如何管理 Pod；
# - Service 如何找到它的 Pod（同样是标签选择算符，属主关系无关紧要）、如何把请求分散到这些 Pod 上，
#   以及一张图里的整条链。
#
# 官方文档：[ReplicaSet](https://kubernetes.io/zh-cn/docs/concepts/workloads/controllers/replicaset/)、
# [Deployment](https://kubernetes.io/zh-cn/docs/concepts/workloads/controllers/deployment/)、
# [服务（Service）](https://kubernetes.io/zh-cn/docs/concepts/services-networking/service/)。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.viz.draw import show
cluster = kubelab.current_cluster()

# %% [markdown] en="367e4c26"
# ## ReplicaSet
#
# 笔记（ReplicaSet … Service）：
#
# > Replication Controller的作用是确保Pod以指定的副本个数运行。ReplicaSet是Replication Controller的升级版。Replication Controller只支持基于等式的selector(env=dev或environment!=qa),但ReplicaSet还支持新的,基于集合的selector(version in (v1,v2))
#
# ReplicationController 让一定数量的 Pod 保持运行。它的选择算符是一个简单的映射：每一项的意思都是 `键 == 值`。

# %%
%%kubectl apply -f -
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx-rc
spec:
  replicas: 2
  selector:
    app: nginx-rc
  template:
    metadata:
      labels: {app: nginx-rc}
    spec:
      containers:
      - name: nginx
        image: nginx

# %% [markdown] en="1abe9809"
# ReplicaSet 做同样的事，但选择算符更丰富：`matchLabels`（等式）和 `matchExpressions`，
# 后者支持运算符 `In`、`NotIn`、`Exists` 和 `DoesNotExist` —— 即笔记中的 `version in (v1,v2)`：

# %%
%%kubectl apply -f -
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 2
  selector:
    matchExpressions:
    - {key: version, operator: In, values: [v1, v2]}
    - {key: env, operator: NotIn, values: [qa]}
  template:
    metadata:
      labels: {version: v1, env: dev}
    spec:
      containers:
      - name: web
        image: nginx

# %%
%kubelab settle
%kubectl get rc,rs
%kubectl get pods --show-labels
%kubectl get pods -l 'version in (v1,v2)'

# %% [markdown] en="3f0a64e0"
# 两个控制器并排放在一起：每个控制器都**拥有**它创建的 Pod（箭头就是 Pod 的 `ownerReference`，指向它的控制器）：

# %%
show(cluster, "ReplicationController and ReplicaSet, each with its pods", namespace="default",
     kinds=["ReplicationController", "ReplicaSet", "Pod"])

# %% [markdown] en="3415ec51"
# > **勘误：笔记在这里说得含糊。** `environment!=qa` 是**查询**中的一种基于等式的条件
# > （`kubectl get pods -l 'environment!=qa'` 可以用），但 ReplicationController 自己的选择算符是一个映射，
# > 只能写 `键: 值`。其他任何写法都需要 ReplicaSet。
#
# 两个控制器都会统计与选择算符匹配的 Pod，并通过 `ownerReference` 拥有它们。删除一个，就会有新的来替代
# （在 `%%shell` 单元格里，也就是一个终端里，`$(…)` 取出第一个 Pod 的名字）：

# %%
%%shell
kubectl delete pod $(kubectl get pods -l version=v1 -o jsonpath='{.items[0].metadata.name}') --wait=false

# %%
%kubelab settle
%kubectl get rs frontend

# %% [markdown] en="9cabf4b2"
# ### 选择算符只认标签，不管 Pod 是谁创建的
#
# ReplicaSet 并不记得“自己的” Pod：每次同步时，它都会列出选择算符匹配到的 Pod。你自己创建的、
# 标签匹配且没有属主的 Pod 会被**领养**（ReplicaSet 把自己写进该 Pod 的 `ownerReferences`）——
# 于是 `frontend` 多出了一个 Pod，它就删掉一个：

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: stray
  labels: {version: v2, env: dev}
spec:
  containers:
  - name: web
    image: nginx

# %%
%kubelab settle
%kubectl get pods -l 'version in (v1,v2)'
%kubectl get events --field-selector involvedObject.name=frontend

# %% [markdown] en="7830a913"
# `Deleted pod: stray`：ReplicaSet 把 `stray` 算作自己的 Pod —— 它领养了它（把自己写进了该 Pod 的 `ownerReferences`），
# 发现自己想要两个 Pod 却有三个，于是删除了一个。它选中 `stray`，是因为 ReplicaSet 缩容时先删除最年轻的 Pod。
#
# 反过来：标签不再匹配的 Pod 会被**释放** —— 第 05 章会给一个 Pod 改标签，看它的 ReplicaSet 创建一个替代者。
#
# 两个选择算符相互重叠的控制器会争夺同样的 Pod，彼此领养、彼此删除；请让选择算符互不相交
# （Deployment 添加 `pod-template-hash` 正是为了这个）。

# %% [markdown] en="18273301"
# ## Deployment
#
# > 用于管理Pod、ReplicaSet,可实现滚动升级和回滚应用、扩容和缩容
#
# 你很少需要自己创建 ReplicaSet：Deployment 为每个 Pod 模板创建一个 ReplicaSet，
# 并在模板改变时把 Pod 从一个 ReplicaSet 移到另一个（第 05 章一步步展示了滚动更新）。

# %%
%kubectl create deployment web --image=gcr.io/google-samples/kubernetes-bootcamp:v1 --replicas=3
%kubelab settle
%kubectl get deploy,rs,pods -l app=web

# %% [markdown] en="d707566c"
# 属主链，从对象中读出来（先是 ReplicaSet 的属主，然后是一个 Pod 的属主）：

# %%
%%shell
kubectl get rs -l app=web -o jsonpath='{.items[0].metadata.name} is owned by {.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}{"\n"}'
kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name} is owned by {.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}{"\n"}'
kubectl get rs -l app=web --show-labels

# %% [markdown] en="792abb38"
# ReplicaSet 的名字以及它的 Pod 上的 `pod-template-hash` 标签，都是 Pod 模板的哈希。
# 修改模板（换一个新镜像），Deployment 就会创建**第二个** ReplicaSet，并把 Pod 移过去（第 05 章展示了每一步）；
# 旧的那个会保留下来，副本数缩到 0，这样 `kubectl rollout undo` 可以再把它扩上来
# （保留的旧 ReplicaSet 数量由 `revisionHistoryLimit` 决定，默认 10 个）。
# 而扩缩并不改变模板：还是同一个 ReplicaSet，只是 `replicas` 不同。

# %%
%kubectl set image deployment/web kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v2
%kubelab settle
%kubectl get rs -l app=web
%kubectl scale deployment web --replicas=4
%kubelab settle
%kubectl get rs -l app=web
%kubectl rollout history deployment/web

# %% [markdown] en="ab9331ac"
# 新镜像产生了第二个 ReplicaSet（修订版本 2）；扩到 4 个副本只是改变了同一个 ReplicaSet 的 `replicas`，并没有产生新的修订版本。
#
# ## Service
#
# > 每个Pod都有自己的ip,前端请求不知道这个pod的ip是什么,Service定义了一个服务的访问入口地址……Service与后端Pod副本集群之间通过Label Selector实现关联。
#
# Service 也有标签选择算符，但它并不**拥有** Pod：它只把流量路由到它所选中的、已就绪的 Pod
# （第 04 章和第 11 章跟踪了一个请求穿过 Service 的全过程）。

# %%
%kubectl expose deployment web --port=8080
%kubelab settle
%kubectl get service web -o wide
%kubectl get endpoints web

# %% [markdown] en="e682c6de"
# > 前端请求不是直接发送给Pod,而是发送给Service,Service再将请求转发给Pod
#
# 一个客户端 Pod 用名字访问 Service 五次。bootcamp 应用会在应答中带上处理请求的 Pod 的名字（`Running on:`）：
# 请求被分散到各个 Pod 上 —— Service 的地址不属于任何 Pod；每个节点上 kube-proxy 的规则为每个连接选出一个 Pod：

# %%
%kubectl run client --image=busybox -- sleep 3600
%kubelab settle

# %%
%%shell
for i in 1 2 3 4 5; do kubectl exec client -- wget -qO- http://web:8080; done

# %% [markdown] en="c3a6cfde"
# > Pod被ReplicaSet管理,ReplicaSet控制Pod的数量;ReplicaSet被Deployment管理,Deployment控制Pod应用的升级、回滚,当然也能控制Pod的数量。Service提供一个统一固定入口,负责将前端请求转发给Pod
#
# 整条链：Deployment **拥有** ReplicaSet，ReplicaSet **拥有** Pod，Service **选择**（路由到）同样的 Pod，
# 每个 Pod **被调度到**一个节点上。

# %%
show(cluster, "Deployment → ReplicaSet → Pod ← Service", namespace="default",
     kinds=["Deployment", "ReplicaSet", "Pod", "Service"])

# %% [markdown] en="4c3364bc"
# （`client` 这个 Pod 不在图中的链上：它没有任何标签被匹配，也没有谁拥有它。）
# 把 Deployment 缩到 1 个副本再看一次：ReplicaSet 删除了三个 Pod，Service 的端点也跟着变了，而没有谁碰过 Service。

# %%
%kubectl scale deployment web --replicas=1
%kubelab settle
%kubectl get endpoints web
show(cluster, "after scaling to 1", namespace="default", kinds=["Deployment", "ReplicaSet", "Pod", "Service"])

# %% [markdown] en="9b09cde0"
# ### 动手试试：标签实验室
#
# 选择一个 `web` Pod，修改它的标签（比如 `app=web-debug`），按**设置标签**，再按**等待完成**：
# 实验室会说明哪个 Deployment、ReplicaSet 和 Service 选中了这个 Pod、谁拥有它，图中则显示 ReplicaSet 创建的替代者。
# 把 `app=web` 改回去，看看 ReplicaSet 如何处理多出来的那个 Pod。（在保存下来的笔记本中，这里只显示一行占位文字，
# 直到你运行这个单元格：控件活在正在运行的内核里。）

# %% tags=["nbval-ignore-output"]
from kubelab.ui import LabelLab
lab = LabelLab(cluster)
lab.w["pod"].value = next(p for p in lab.pods() if p.startswith("web-"))
lab

# %% [markdown] en="73e573b1"
# 用代码做同样的事。改之前，这个 Pod 被三者都选中；改了标签之后，一个也没有 —— ReplicaSet 释放了它（它不再有属主），
# 并创建了一个替代者，Service 的端点也转到了新 Pod 上：

# %%
pod = next(p for p in lab.pods() if p.startswith("web-"))
print(lab.describe(pod))
print(lab.set_labels(pod, "app=web-debug"), end="")
lab.settle()
print(lab.describe(pod))
%kubectl get endpoints web
%kubectl get pods -l 'app in (web,web-debug)'

# %% [markdown] en="eddb9b7c"
# 没有谁拥有这个被释放的 Pod，所以也没有谁会替换或删除它：那得由你来决定。

# %%
%kubectl delete pod {pod} --wait=false

# %% [markdown] en="1fb7126e"
# ## 练习
#
# 每个检查都会告诉你还缺什么；在它上方新建单元格完成练习，然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** Service 按标签选择 Pod，并不在乎 Pod 是谁创建的。让 Service `web` 把流量发送到一个
# **不属于任何控制器**的 Pod（Deployment 的 Pod 不算）。

# %%
from kubelab.exercises import ch10
ch10.service_reaches_unowned_pod(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%kubectl run loose --image=gcr.io/google-samples/kubernetes-bootcamp:v1 --labels=app=web
%kubelab settle
%kubectl get endpoints web
ch10.service_reaches_unowned_pod(cluster)

# %% [markdown] en="569760c8"
# Deployment 的 ReplicaSet 不会领养 `loose`：它的选择算符还要求 `pod-template-hash=…`，而 `loose` 没有这个标签。
# Service 的选择算符只有 `app: web`。
#
# **练习 2.** ReplicationController 的选择算符能写 `version in (v1,v2)` 吗？能写 `env=dev` 吗？
# 对第一个问题回答 `True` 或 `False`。

# %%
my_answer = None
ch10.rc_can_express("version in (v1,v2)", my_answer)

# %% [markdown] en="62b9b306"
# 参考答案（已折叠；两个问题都有）：

# %% tags=["solution"]
print(ch10.rc_can_express("version in (v1,v2)", False))
ch10.rc_can_express("env=dev", True)

# %% [markdown] en="6a06fcbd"
# ## 小结
#
# - ReplicationController 和 ReplicaSet 让 N 个与选择算符匹配的 Pod 保持运行；只有 ReplicaSet 支持基于集合的选择算符
#   （`In`、`NotIn`、`Exists`、`DoesNotExist`）。选择算符会统计所有匹配的 Pod：没有属主的会被领养，不再匹配的会被释放。
# - Deployment 拥有 ReplicaSet（每个 Pod 模板一个，以模板的哈希命名；旧的保留在 0 个副本），为你提供滚动更新和回滚。
# - Service 按标签选择 Pod，把流量路由到已就绪的 Pod 上并分散请求；它什么也不拥有，属主关系对它也无关紧要。
#
# 下一章：[11 · port、targetPort 与 nodePort](11-ports.ipynb)。
