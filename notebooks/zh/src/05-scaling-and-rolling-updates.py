# %% [markdown] en="6aec0104"
# # 05 · 标签、ReplicaSet、扩缩、滚动更新与回滚 — 标签、副本集、扩展、滚动更新、回滚
#
# ← [04 Service](04-services.ipynb) · [课程首页](00-start-here.ipynb) · [06 ConfigMap 和 Secret](06-configmaps-and-secrets.ipynb) →
# （[English version](../05-scaling-and-rolling-updates.ipynb)）
#
# **本章内容**
#
# - 标签有什么用，为什么 `kubectl label pod $POD_NAME app=v1` 在 Deployment 的 Pod 上会失败 ——
#   以及强行修改后 Pod 会怎样；
# - Deployment 创建的 ReplicaSet（`kubectl get rs`）及其名字；
# - 用 `kubectl scale` 扩缩；
# - 用 `kubectl set image` 做滚动更新，一步一步地看：每一刻有多少旧 Pod 和新 Pod，以及 `maxSurge` 和 `maxUnavailable` 的算法；
# - 坏镜像会让上线（rollout）怎样，以及 `kubectl rollout undo`（回滚到上个版本）；
# - `rollout status`、`rollout history` 和修订版本。
#
# 本章跟随笔记，从 `kubectl label` 讲到“回滚到上个版本”。和笔记一样，使用 Kubernetes 入门教程（bootcamp）的应用
# `kubernetes-bootcamp`（先是 v1 镜像，然后是 v2）。
# 官方教程：[执行滚动更新](https://kubernetes.io/zh-cn/docs/tutorials/kubernetes-basics/update/update-intro/)。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.viz.draw import show
from kubelab.viz import timeline
cluster = kubelab.current_cluster()
history = timeline.history(cluster)     # records every change from now on, for the pictures below

# %% [markdown] en="26d397d2"
# 我们从第 04 章结束的地方开始 —— `hello-node` 及其 Service 已经存在 —— 再加上 bootcamp 应用：

# %%
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4
%kubectl expose deployment hello-node --type=LoadBalancer --port=8080
%kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1
%kubelab settle
%kubectl get pods --show-labels

# %% [markdown] en="d960398e"
# ## 标签
#
# 每个 Pod 都带有标签，也就是键值对。`kubectl create deployment` 给 Pod 加上了 `app=kubernetes-bootcamp`
# （取自 Deployment 的名字），ReplicaSet 又加上了 `pod-template-hash`。Kubernetes 对象就是靠标签互相找到的：
# ReplicaSet 统计与它的**选择算符**匹配的 Pod，Service 把流量发给它的选择算符匹配的 Pod。
#
# 笔记（来自 bootcamp）先把 `POD_NAME` 设为 Pod 的名字，然后给它加标签。`%%shell` 单元格就是一个终端
# （在你的笔记本电脑上，minikube 旁边）：bootcamp 的命令在这里照原样运行。bootcamp 只有一个 Pod；
# 这里有两个 Deployment，所以用 `-l` 挑出 bootcamp 的那个：

# %%
%%shell
export POD_NAME=$(kubectl get pods -l app=kubernetes-bootcamp -o go-template --template '{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}')
echo Name of the Pod: $POD_NAME
kubectl label pod $POD_NAME app=v1

# %% [markdown] en="764757be"
# > **勘误：笔记中的 `kubectl label pod $POD_NAME app=v1` 在这里会失败。** 在 bootcamp 教程里它能成功，
# > 是因为那里的 Pod 没有 `app` 标签；而由 `kubectl create deployment` 创建的 Pod 已经有 `app=kubernetes-bootcamp`，
# > 不加 `--overwrite`，kubectl 不会修改已有的标签。
#
# 改正方法是加上 `--overwrite` —— 但先想一想这个标签是干什么用的：ReplicaSet 的选择算符是
# `app=kubernetes-bootcamp,pod-template-hash=…`。（和真实的 shell 一样，`POD_NAME` 在这个终端里一直保留，供后面的单元格使用。）

# %%
%%shell
kubectl label pod $POD_NAME app=v1 --overwrite
kubectl get pods -l app=v1

# %% [markdown] en="7cc5ac2d"
# `kubectl get pods -l app=v1`（根据标签获取pods）按新标签找到了这个 Pod。但这个 Pod 不再匹配它的 ReplicaSet 的选择算符，
# 于是 ReplicaSet **释放**了它（去掉它的 `ownerReference`），并且因为少了一个 Pod，又创建了一个替代者：

# %%
%kubelab settle

# %%
%%shell
kubectl get pods --show-labels
echo "ownerReferences of $POD_NAME: [$(kubectl get pod $POD_NAME -o jsonpath='{.metadata.ownerReferences}')]"

# %% [markdown] en="8e22e100"
# 改了标签的 Pod 成了孤儿：它还在运行，但没有控制器照看它（删掉它，就没有什么会把它带回来）。
# 把标签改回去，ReplicaSet 又会**领养**它 —— 然后因为多了一个 Pod，删除一个（它优先删除最年轻的）：

# %%
%%shell
kubectl label pod $POD_NAME app=kubernetes-bootcamp --overwrite

# %%
%kubelab settle
%kubectl get pods -l app=kubernetes-bootcamp

# %% [markdown] en="c167adbe"
# 接着，笔记清理了第 04 章的对象：

# %%
%kubectl delete service hello-node
%kubectl delete deployment hello-node

# %% [markdown] en="2bd7c8f8"
# ## ReplicaSet — 副本集
#
# > 查看Deployment创建的ReplicaSet(副本集),会展示:[DEPLOYMENT-NAME]-[RANDOM-STRING]。例如:kubernetes-bootcamp-765bf4c7b4

# %%
%kubectl get rs

# %% [markdown] en="c711c596"
# > **勘误：这个“随机字符串”并不随机**：它是 `pod-template-hash`，即 Pod 模板的哈希。
#
# 模板相同，哈希就相同 —— 回滚时，Deployment 就是靠它重新找到某个模板对应的 ReplicaSet 的。
# （本套件计算模板哈希的方式与 Kubernetes 不同，所以具体的值与真实集群不一样；形式和稳定性是相同的。）
#
# ## 扩缩 — 扩展到4倍

# %%
%kubectl scale deployments/kubernetes-bootcamp --replicas=4
%kubectl get deployments

# %% [markdown] en="0f7b632c"
# Deployment 控制器把 ReplicaSet 的 `replicas` 改成了 4；ReplicaSet 控制器创建了三个 Pod，调度器安排了它们的位置，kubelet 启动了它们：

# %%
%kubelab settle
%kubectl get pods -o wide
%kubectl describe deployment kubernetes-bootcamp

# %% [markdown] en="9509d041"
# 底部的事件说明了谁做了什么：`Scaled up replica set kubernetes-bootcamp-… from 1 to 4`。
#
# ## 滚动更新 — 滚动更新应用
#
# > 镜像和之前不一样的话,会触发重新部署
#
# 改变镜像就改变了 Pod 模板，于是 Deployment 创建一个**新的 ReplicaSet**，每次把几个 Pod 挪过去。
# Deployment 的 `strategy.rollingUpdate` 中有两个数字约束着每一步，默认都是 25%：
#
# - `maxSurge`：最多可以比 `replicas` **多**出多少个 Pod —— 4 的 25% = 1，**向上**取整，所以最多 5 个 Pod；
# - `maxUnavailable`：最多可以比 `replicas` **少**多少个可用的 Pod —— 4 的 25% = 1，**向下**取整，所以至少 3 个可用。

# %%
%kubectl get deployment kubernetes-bootcamp -o jsonpath='{.spec.strategy}{"\n"}'
show(cluster, "before the update", namespace="default", kinds=["Deployment", "ReplicaSet", "Pod"])

# %%
start = cluster.now
%kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v2
%kubectl rollout status deployments/kubernetes-bootcamp

# %% [markdown] en="1ba363b5"
# `rollout status` 监视 Deployment，每次变化打印一行，直到上线完成。下面是同一次上线的表格 ——
# 每个时刻各个 ReplicaSet 的 `ready/replicas`（T+ 从开始记录时算起）—— 以及图：

# %%
print(timeline.rollout_table(history, "kubernetes-bootcamp"))

# %%
from kubelab.viz.style import image, figure_png
image(figure_png(timeline.draw_rollout(history, "kubernetes-bootcamp")))

# %% [markdown] en="be1dcd8c"
# 一步一步地读：在第 0 秒，新 ReplicaSet 增长到 1（5 个 Pod：这就是 surge），旧的缩到 3（3 个可用：这是下限），
# 新的又增长到 2 —— 三步发生在同一瞬间，所以图上显示的是它们最后的结果；随着新 Pod 变为可用，旧的继续缩小，新的继续增长。
# 在图的下半部分，全部 Pod（黑线）从不超过 maxSurge 线，可用的 Pod（绿色虚线）从不低于 maxUnavailable 线：
# 从不超过 5 个 Pod，可用的从不少于 3 个。控制器每次查看只走一步，所以事件列出了每一步：

# %%
%kubectl get events --field-selector reason=ScalingReplicaSet
show(cluster, "after the update", namespace="default", kinds=["Deployment", "ReplicaSet", "Pod"])

# %% [markdown] en="f15bd0ce"
# 旧的 ReplicaSet 被保留下来，缩到 0：正是这份历史让回滚成为可能。

# %%
%kubectl get rs
%kubectl rollout history deployments/kubernetes-bootcamp

# %% [markdown] en="4d7b2ef9"
# `CHANGE-CAUSE` 是注解 `kubernetes.io/change-cause`；用 `kubectl annotate` 设置它，说明这次上线的原因
# （旧的 `--record` 参数已被弃用）。
#
# ## 坏镜像
#
# bootcamp 接着更新到一个不存在的镜像 `v10`：

# %%
%kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v10
%kubectl rollout status deployments/kubernetes-bootcamp --timeout=60s
%kubectl get pods

# %% [markdown] en="0a586714"
# 新 Pod 拉取不到镜像（`ErrImagePull`，然后是 `ImagePullBackOff`，kubelet 两次尝试之间等待的时间越来越长）。
# 它们永远不会变为可用，所以旧 ReplicaSet 只会缩到 `maxUnavailable` 允许的程度：**三个 v2 的 Pod 仍在提供服务**。
# 上线卡住了，但服务没有坏。Pod 的事件说明了原因：

# %%
%%shell
kubectl get events --field-selector reason=Failed | grep -E '^LAST|not found'

# %% [markdown] en="aec08764"
# ## 回滚 — 回滚到上个版本

# %%
%kubectl rollout undo deployments/kubernetes-bootcamp
%kubectl rollout status deployments/kubernetes-bootcamp
%kubectl get pods

# %% [markdown] en="37fb8f2e"
# `rollout undo`（由 kubectl 自己完成）把上一个修订版本的 Pod 模板复制回 Deployment。Deployment 控制器找到具有这个模板的
# ReplicaSet —— v2 的那个 —— 再把它扩上来，并给它**下一个**修订版本号：修订版本 2 变成了 4。

# %%
%kubectl rollout history deployments/kubernetes-bootcamp
%kubectl rollout history deployments/kubernetes-bootcamp --revision=4

# %% [markdown] en="07a3a1e8"
# ### 动手试试：仪表板
#
# 现在自己驱动一次上线：选中 `kubernetes-bootcamp`，**扩缩**它，**设置镜像**为 `gcr.io/google-samples/kubernetes-bootcamp:v1`
# （或者坏的那个 `…:v10`），按几次 **+1 秒**，看**上线**图和标签页画出新旧两个 ReplicaSet；然后**回滚（rollout undo）**。
# （在保存下来的笔记本中，这里只显示一行占位文字，直到你运行这个单元格：控件活在正在运行的内核里。）
# 更多内容见[仪表板演练场](../../widgets/zh/dashboard.ipynb)。

# %% tags=["nbval-ignore-output"]
from kubelab.ui import Dashboard
dash = Dashboard(cluster, timeline=True)
dash.w["deployment"].value = "kubernetes-bootcamp"
dash

# %% [markdown] en="d38df4c0"
# 用按钮在代码中的对应做同样的事：回到 v1，每次前进几秒，然后撤销（回到 v2）：

# %%
print(dash.set_image("kubernetes-bootcamp", "gcr.io/google-samples/kubernetes-bootcamp:v1"), end="")
for _ in range(5):
    dash.step(2)                                   # the "+1s" button, two seconds at a time
print(dash.undo("kubernetes-bootcamp"), end="")
dash.settle()
print(dash.rollout_text)

# %% [markdown] en="e8632867"
# ## 笔记没有说的
#
# - `kubectl rollout undo --to-revision=N` 可以回到历史中的任意修订版本；`rollout pause` / `resume` 先把修改攒着、再一起放出；
#   `rollout restart` 替换每一个 Pod（它在模板上打上 `kubectl.kubernetes.io/restartedAt`）。
# - 在 `progressDeadlineSeconds`（默认 600 秒）内没有进展的 Deployment 会得到状况 `Progressing=False`
#   （`ProgressDeadlineExceeded`），此时 `rollout status` 会失败。
# - `kubectl wait` 等待一个状况：`kubectl wait --for=condition=Available deployment/名称`。

# %%
%kubectl rollout pause deployments/kubernetes-bootcamp
%kubectl rollout restart deployments/kubernetes-bootcamp
%kubectl rollout resume deployments/kubernetes-bootcamp
%kubectl wait --for=condition=Available deployment/kubernetes-bootcamp

# %% [markdown] en="326094ee"
# ## 练习
#
# 每个检查都会读取集群并说明还缺什么。在检查上方新建单元格完成练习（工具栏中的 `+`），然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 把 `kubernetes-bootcamp` 扩到 **3** 个副本，并等到全部就绪。

# %%
from kubelab.exercises import ch05
ch05.scaled(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%kubectl scale deployments/kubernetes-bootcamp --replicas=3
%kubelab settle
ch05.scaled(cluster)

# %% [markdown] en="1e52cf7b"
# **练习 2.** 把 Deployment 上线到 `jocatalin/kubernetes-bootcamp:v1`，并等待上线完成。

# %%
ch05.rolled_out(cluster, "jocatalin/kubernetes-bootcamp:v1")

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v1
%kubectl rollout status deployments/kubernetes-bootcamp
ch05.rolled_out(cluster, "jocatalin/kubernetes-bootcamp:v1")

# %% [markdown] en="af638b13"
# **练习 3.** 给这个 Deployment 的一个 Pod 加上标签 `tier=web`，但**不要**让它脱离它的 ReplicaSet。

# %%
ch05.labelled_but_kept(cluster)

# %% [markdown] en="d2d79de3"
# 参考答案（已折叠；用上文 shell 中的 `POD_NAME`，加一个选择算符不使用的标签）：

# %% tags=["solution"]
%%shell
export POD_NAME=$(kubectl get pods -l app=kubernetes-bootcamp -o jsonpath='{.items[0].metadata.name}')
kubectl label pod $POD_NAME tier=web

# %% tags=["solution"]
ch05.labelled_but_kept(cluster)

# %% [markdown] en="12220ccf"
# **练习 4.** 一个 Deployment 的 `replicas: 10`、`maxSurge: 25%`、`maxUnavailable: 25%`。上线过程中，
# 最多有多少个 Pod，至少有多少个可用？

# %%
max_pods, min_available = 0, 0       # your answer
ch05.rollout_bounds(max_pods=max_pods, min_available=min_available)

# %% [markdown] en="97972ce4"
# 参考答案（已折叠；先看一个差一点就对的答案）：

# %% tags=["solution"]
print(ch05.rollout_bounds(max_pods=12, min_available=8))
ch05.rollout_bounds(max_pods=13, min_available=8)

# %% [markdown] en="f89baba8"
# ## 小结
#
# - 标签就是选择算符所匹配的东西。修改控制器的选择算符所需要的标签，会让 Pod 脱离这个控制器（控制器会替换它）；
#   修改已有标签需要 `--overwrite`。
# - Deployment 拥有名为 `<deployment>-<pod-template-hash>` 的 ReplicaSet；每个 ReplicaSet 拥有若干 Pod。
# - `kubectl scale` 修改 `replicas`；`kubectl set image` 修改模板，开始一次滚动更新，
#   受 `maxSurge`（向上取整）和 `maxUnavailable`（向下取整）约束。
# - 坏镜像会让上线停滞，但会留下足够多的旧 Pod 继续服务；`kubectl rollout undo` 把之前的模板作为一个新的修订版本带回来。
#
# 下一章：[06 · 以环境变量使用 ConfigMap 和 Secret](06-configmaps-and-secrets.ipynb)。
