# %% [markdown] en="d31d1e8c"
# # 00 · 从这里开始
#
# （[English version](../00-start-here.ipynb) · 本课程的中文版。术语对照见[术语表](glossary.md)。）
#
# 欢迎来到 **kubelab**：一门根据一份学习笔记（*kubernetes-notes.zh.md*）讲授 Kubernetes 的课程，笔记的每一节对应一章。
# 笔记里的每一条命令、每一份清单都在这里、在这个笔记本中运行，对象是一个行为与真实集群一致的**模拟集群**：
# 同样的对象，同样的 `kubectl` 输出，同样的错误，同样的状态变化 —— 而且运行在模拟时钟上，
# 所以一切都不取决于你的机器、你的网络或者运气。
#
# **本章内容**
#
# - 如何运行单元格，以及如何在笔记本里运行 `kubectl`（`%kubectl`、`%%kubectl`）；
# - 模拟集群里的时间如何流逝，以及如何从一个干净的集群重新开始；
# - 如何在笔记本旁边打开一个终端，用真实的 `kubectl` 操作同一个集群；
# - 哪些是模拟的，哪些是真实的；
# - 笔记的每一节在哪一章里讲。
#
# **关于中文版。** 中文版与英文版的代码单元格完全相同，只有第一个代码单元格的第一行不同：
# `kubelab.set_lang("zh")` 让本套件自己说的话 —— 练习的判定与提示、请求轨迹的解释、小部件的标签、
# 图示的标题和图例 —— 使用中文。kubectl 的输出保持英文，与真实集群上看到的一致。
#
# ## 运行单元格
#
# 点进一个单元格，按 **Shift+Enter** 运行它并移到下一个。请从头开始运行一章的单元格：后面的单元格会用到前面创建的东西。
# `Run → Run All Cells`（运行全部单元格）运行整章。如果弄糊涂了，就 `Kernel → Restart Kernel and Clear Outputs`（重启内核并清除输出），
# 然后从头开始：集群会被原样重建。
#
# ## 在笔记本中使用 kubectl
#
# 每一章的第一个单元格加载本套件。它创建一个与 `minikube start` 得到的集群相同的集群：
# 一个名为 `minikube` 的节点，上面运行着控制平面的各个组件。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab

# %% [markdown] en="c8924432"
# `%kubectl` 运行一行 kubectl 命令 —— 就是你在终端里 `kubectl` 后面要敲的那些字：

# %%
%kubectl get nodes

# %%
%kubectl get pods -A

# %% [markdown] en="cfadcc90"
# 这些是控制平面（etcd、kube-apiserver、kube-controller-manager、kube-scheduler）、节点上的 kube-proxy、
# 集群 DNS（coredns）以及 minikube 的存储制备器 —— 第 09 章会逐一解释。
#
# 错误信息和 kubectl 打印的完全一样（红色：它们输出到标准错误输出），而且不会改变任何东西：

# %%
%kubectl get pod does-not-exist
%kubectl gett pods

# %% [markdown] en="8217a6c0"
# `%%kubectl`（两个百分号）把单元格的其余部分作为命令的标准输入。在笔记本里写好的清单就是这样 `apply` 的 ——
# `-f -` 的意思是“从标准输入读取”：

# %%
%%kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: greeting
data:
  message: hello from the notes

# %%
%kubectl get configmap greeting -o yaml

# %% [markdown] en="21a256d3"
# 不确定某个字段的含义？`kubectl explain` 会根据 API 自己的文档作答（Kubernetes v1.32 的 OpenAPI 模式，
# 模拟的 API 服务器也用它们做校验）：

# %%
%kubectl explain configmap.data

# %% [markdown] en="893386a9"
# `-f 文件` 和 `-k 目录` 相对于这个笔记本所在的文件夹读取文件，就像在终端里相对于当前工作目录一样；
# `%%writefile`（Jupyter 自带的命令）用来写这样的文件。
#
# ## 用 Python 做同样的事
#
# 这些魔法命令背后是一个 `kubelab.Cluster`。在 Python 中你可以创建自己的集群（愿意的话，可以同时创建好几个），
# 运行命令，并读取 API 中保存的对象 —— 它们就是普通的字典：

# %%
import kubelab

c = kubelab.Cluster(seed=0)
r = c.kubectl("create deployment web --image=nginx:1.16.1")
print(r.returncode, r.stdout, end="")
c.settle()
print(c.get("deployment", "web")["status"]["readyReplicas"])

# %% [markdown] en="f621e3ec"
# `Result` 有 `stdout`、`stderr` 和 `returncode`；打印它，显示的就是终端里会看到的内容。
# `kubelab.current_cluster()` 就是 `%kubectl` 魔法命令所用的集群。
#
# ## 模拟时间
#
# 集群有自己的时钟。它只在以下情况下前进：
#
# - 你运行一条命令：每条 `%kubectl` 耗时**模拟的 1 秒**（敲下一条命令所需的时间）；
# - 你运行 `%kubelab run 30s`（或 `cluster.run(30)`）：时间前进 30 秒，期间到期的一切按顺序发生；
# - 你运行 `%kubelab settle`（或 `cluster.settle()`）：时间一直前进，直到系统中没有进行中的工作 ——
#   镜像拉取完毕、容器启动或停止、Pod 调度完成。它不会等待程序之后要做的事（比如一个 `sleep 3600` 结束）；那要用 `run`；
# - 命令自己在等待，比如 `kubectl delete`（等到对象消失）、`kubectl wait` 和 `kubectl rollout status`。
#
# 所以刚执行完一条命令时，你看到的是集群进行到一半的样子，和在真实集群上一样：

# %%
%kubectl create deployment hello --image=k8s.gcr.io/echoserver:1.4
%kubectl get pods
%kubelab now

# %%
%kubelab settle
%kubectl get pods

# %% [markdown] en="ae8f805f"
# 模拟时间从 2025 年 1 月 6 日（星期一）09:00 UTC 开始（集群在第一个单元格运行前一分钟启动）。
# 因为时间和随机性都是模拟的（每个集群一个带种子的随机数生成器），一章每次运行都得到同样的输出 —— 课程就是这样被测试的。
#
# ## 重新开始
#
# `%kubelab reset` 用一个全新的集群替换魔法命令所用的集群（`%kubelab reset seed=1` 换一组随机名字，
# `%kubelab reset workers=2` 得到一个多两个节点的集群）：

# %%
%kubelab reset
%kubectl get deployments

# %% [markdown] en="b35c5c51"
# ## 笔记本旁边的终端
#
# 使用 Kubernetes 的人是在终端里敲 `kubectl` 的。JupyterLab 也有终端：`File → New → Terminal`
# （或者启动器 Launcher 中的 **Terminal** 图块，即 **+** 按钮）会在运行 JupyterLab 的机器上打开一个 shell —— 真实的，不是模拟的。
# 把它的标签页拖到窗口右半边，就能和这个笔记本并排看。在 Binder 上那里已经装好了真实的 `kubectl`；
# 在你自己的电脑上，README 说明了如何安装（`kubectl version --client` 会告诉你装了没有）。各章并不需要它。
#
# 笔记本里的集群可以应答真实的 `kubectl`：`%kubelab serve` 在运行 JupyterLab 的机器上启动这个集群的 Kubernetes API
# （地址是 https://127.0.0.1，所以只有那台机器能访问，并且需要一个只保存在它的 kubeconfig 文件里的令牌），
# 并打印出让终端中的 `kubectl` 指向它的那一行命令：

# %% tags=["nbval-ignore-output"]
%kubelab serve

# %% [markdown] en="d71dcaa6"
# 复制上面打印出的 `export KUBECONFIG=...` 那一行（你的那一行里文件夹和端口会不同），粘贴到终端里并回车。
# 从此以后，在那个终端里，`kubectl` 就与这个笔记本的集群通信 —— 真实的 kubectl v1.32，经由 HTTPS，和连接任何集群一样：
#
# ```bash
# export KUBECONFIG=/tmp/kubelab-serve-…/kubeconfig
# kubectl get nodes
# kubectl get pods -w
# ```
#
# `kubectl get pods -w`（watch，监视）先把 Pod 打印一遍，然后一直运行，每当有 Pod 变化就打印一行，直到你按下 **Ctrl-C**。
# 让它一直运行，然后运行下面的单元格：笔记本创建一个 Deployment 并把它扩到三个 Pod，终端会显示每个新 Pod 出现，
# 并从 `Pending` 经过 `ContainerCreating` 变为 `Running`。

# %%
%kubectl create deployment web --image=nginx:1.16.1
%kubectl scale deployment web --replicas=3

# %%
%kubelab settle
%kubectl get pods

# %% [markdown] en="17871b0a"
# 终端里的这些行是随着笔记本单元格的运行而到来的，而不是自己出现的：集群的时钟属于笔记本
# （`%kubectl` 耗时模拟的一秒，`%kubelab settle` 一直运行到工作完成），所以不论有没有终端在监视，每一章的输出都一样。
#
# ### 在终端里迈出第一步
#
# 一章中用 `%kubectl` 做的每件事，都可以在终端里敲：同样的词，只是前面是 `kubectl` 而不是 `%kubectl`。
# 如果想要一个像真实集群那样、时间会自己流逝的终端，就按墙上时钟来提供这个集群 —— 在笔记本单元格中运行
# `%kubelab serve clock=live`（然后 `export` 它打印出的新的那一行）—— 再试试：
#
# ```bash
# kubectl get deployments                            # web, 3/3
# kubectl scale deployment web --replicas=1          # two pods go: Terminating, then gone
# kubectl get pods -w                                # watch them go; Ctrl-C to stop
# kubectl create deployment hello --image=k8s.gcr.io/echoserver:1.4
# kubectl get pods -l app=hello                      # -l: only the pods with the label app=hello
# kubectl delete deployment hello
# ```
#
# 在单元格里交给 `%%kubectl apply -f -` 的清单，在终端里要通过 shell 的 here-document 交给 kubectl ——
# 直到 `EOF` 那一行为止的所有内容都是命令的标准输入：
#
# ```bash
# kubectl apply -f - <<'EOF'
# apiVersion: v1
# kind: ConfigMap
# metadata:
#   name: typed
# data:
#   where: the terminal
# EOF
# kubectl get configmap typed -o yaml
# ```
#
# 上箭头调出之前的命令，**Tab** 补全文件名，`kubectl help` 或 `kubectl 命令 --help` 解释每一条命令。
# `%kubelab serve stop` 停止提供服务并删除 kubeconfig 文件；终端里的 `kubectl` 随后会像没有 kubeconfig 时那样回答：
# `The connection to the server localhost:8080 was refused - did you specify the right host or port?`：

# %%
%kubelab serve stop

# %% [markdown] en="725abbba"
# 手头有真实的集群（minikube、kind、云服务商的集群）？`%kubelab connect` 让 `%kubectl` 用真实的 kubectl 操作你的
# kubeconfig 中的集群（`$KUBECONFIG`，或 `~/.kube/config`；其他文件用 `%kubelab connect 路径`），
# 于是各章的命令就在那里运行；`%kubelab status` 说明 `%kubectl` 正在与哪个集群通信，`%kubelab disconnect` 回到模拟集群。
# 只有模拟才能做到的事（`%kubelab run` 和 `settle`、`%%shell`、`cluster.curl(...)`、图示和练习检查）这时会说明在真实集群上应该怎么做。

# %% [markdown] en="c2312da0"
# ## 哪些是模拟的，哪些是真实的
#
# | 真实的 | 模拟的 |
# |---|---|
# | API 对象、它们的字段、默认值和校验（真实的 OpenAPI 模式） | 机器、网络、容器运行时 |
# | kubectl 的输出、错误和退出码（与 kubectl v1.32 核对过） | 容器：每个镜像运行一个小的 Python 程序，应答与真实程序一致（echoserver、nginx、node-hello、redis、busybox `sh`……） |
# | 控制器、调度器和 kubelet 如何反应，顺序与 Kubernetes 相同 | 时间（模拟时钟）和随机性（带种子） |
# | 与 kubectl 相同的 YAML 解析方式，kustomize 的输出 | 模拟机器上的 `kubeadm`、`docker` 和 `minikube`（第 01、02 章） |
#
# 本套件做了简化的地方，相应的章节会说明。你在单元格里输入的任何东西都不会在你的电脑上运行；
# 只有终端会（它是真实的）。
#
# ## 各章
#
# | # | 章 | 笔记中的小节 |
# |---|---|---|
# | 00 | 从这里开始（本章） | — |
# | 01 | [安装集群：kubeadm、kubeconfig、flannel、minikube](01-installing-a-cluster.ipynb) | 初始化, kubeadm安装, minkube |
# | 02 | [镜像与镜像加速源](02-images-and-mirrors.ipynb) | 镜像处理, 解决k8s.gcr.io无法拉取镜像问题 |
# | 03 | [Deployment](03-deployments.ipynb) | 创建Deployment |
# | 04 | [Service 及其暴露方式](04-services.ipynb) | 创建Service |
# | 05 | [标签、ReplicaSet、扩缩、滚动更新与回滚](05-scaling-and-rolling-updates.ipynb) | kubectl label … 回滚到上个版本 |
# | 06 | [以环境变量使用 ConfigMap 和 Secret](06-configmaps-and-secrets.ipynb) | k8s设置docker容器环境变量的方式 … replace --force |
# | 07 | [用 ConfigMap 和 kustomize 配置 Redis](07-redis-with-kustomize.ipynb) | 使用ConfigMap配置Redis |
# | 08 | [LoadBalancer 后面的无状态应用](08-stateless-app.ipynb) | 无状态应用程序 |
# | 09 | [架构：控制平面、节点组件与插件](09-architecture.ipynb) | Kubernates, 控制平面组件, Node组件, 插件 |
# | 10 | [ReplicaSet、Deployment 与 Service 如何配合](10-replicaset-deployment-service.ipynb) | ReplicaSet … Service |
# | 11 | [port、targetPort 与 nodePort](11-ports.ipynb) | port, targetPort, nodePort的关系 |
# | 12 | [Pod：容器、边车、共享网络与存储、模板](12-pods.ipynb) | Pod … 资源共享和存储 |
# | 13 | [Pod 的生命周期：阶段、状态、重启、状况、探针、终止](13-pod-lifecycle.ipynb) | Pod的生命周期 … 失效Pod的垃圾收集 |
# | 14 | [持久卷、申领与存储类](14-persistent-volumes.ipynb) | Persistent Volumes … Storage Classes |
#
# 顺序与笔记一致；如果你想先看到一个运行中的集群，可以把第 01、02 章（安装）放到第 03 章之后再读。
#
# ## 控件与实时视图
#
# 各章在有帮助的地方嵌入了实时控件 —— 仪表板（03、05）、流量探索器（04、08、11）、标签实验室（10）、
# 边车实验室（12）、探针实验室（13）、存储实验室（14）—— 每个控件后面都跟着一个用代码做同样事情的单元格。
# 控件活在正在运行的内核里：在保存下来的笔记本中，它的位置只显示一行占位文字，直到你运行那个单元格。
# 每个大控件还有一个空间更大的演练场：[仪表板](../../widgets/zh/dashboard.ipynb)、[流量探索器](../../widgets/zh/traffic.ipynb)、
# [探针实验室](../../widgets/zh/probes.ipynb)和[存储实验室](../../widgets/zh/storage.ipynb)。
#
# `%kubelab watch` 在它的单元格下面保留一张集群的图 —— 谁拥有、选择、路由到谁 —— 并在每个改变了集群的单元格之后重画它。
# 运行接下来的两个单元格，再回头看这张图；`%kubelab watch stop`（或者它的**停止**按钮）会把它定格。

# %% tags=["nbval-ignore-output"]
%kubelab watch

# %%
%kubectl create deployment web --image=nginx --replicas=2
%kubectl expose deployment web --port=80
%kubelab settle

# %%
%kubelab watch stop

# %% [markdown] en="1c54312d"
# ## 检验一下
#
# 各章最后都有练习，答案由代码检查。试试这个：创建一个名为 `practice` 的名字空间（`kubectl create namespace ...`），然后运行检查。

# %%
from kubelab.exercises import ch00
ch00.namespace_exists(kubelab.current_cluster(), "practice")

# %%
%kubectl create namespace practice
ch00.namespace_exists(kubelab.current_cluster(), "practice")

# %% [markdown] en="3bb26b43"
# 下一章：[01 · 安装集群](01-installing-a-cluster.ipynb)，或者直接跳到[03 · Deployment](03-deployments.ipynb)。
