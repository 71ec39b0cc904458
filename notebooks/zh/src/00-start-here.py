# %% [markdown] en="d31d1e8c" zh="stale"
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
# `Run → Run All Cells`（运行全部单元格） 运行整章。如果弄糊涂了，就 `Kernel → Restart Kernel and Clear Outputs`（重启内核并清除输出），然后从头开始：
# 集群会被原样重建。
#
# ## 在笔记本中使用 kubectl
#
# 每一章的第一个单元格加载本套件。它创建一个与 `minikube start` 得到的集群相同的集群：
# 一个名为 `minikube` 的节点，上面运行着控制平面的各个组件。
#
# <!-- zh-sync: the English cell changed; it now reads: -->
# # 00 · Start here — 从这里开始
#
# *中文版：[从这里开始](zh/00-start-here.ipynb)（the whole course in Chinese, with the same code).*
#
# Welcome to **kubelab**, a course that teaches Kubernetes from a set of study notes
# (*kubernetes-notes.zh.md*), one chapter per section. Every command and every manifest of the
# notes runs here, in this notebook, against a **simulated cluster** that behaves like a real one:
# the same objects, the same `kubectl` output, the same errors, the same state changes — on a
# simulated clock, so nothing depends on your machine, your network or luck.
#
# **What you will learn in this chapter**
#
# - how to run a cell, and how to run `kubectl` in a notebook (`%kubectl`, `%%kubectl`);
# - how time passes in the simulated cluster, and how to start again from a clean cluster;
# - how to open a terminal beside the notebook and type the real `kubectl` against the same cluster;
# - what is simulated and what is real;
# - where each section of the notes is taught.
#
# ## Running cells
#
# Click into a cell and press **Shift+Enter** to run it and move to the next one. Run a chapter's
# cells from the top: later cells use what earlier ones created. *Run → Run All Cells* runs the
# whole chapter. If something gets confusing, *Kernel → Restart Kernel and Clear Outputs* and start
# from the top: the cluster is rebuilt exactly as it was.
#
# ## kubectl in a notebook
#
# The first cell of every chapter loads the kit. It creates a cluster like the one `minikube start`
# gives you: one node called `minikube` with the control-plane components running.

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

# %% [markdown] en="c89b08db" zh="stale"
# ## 哪些是模拟的，哪些是真实的
#
# | 真实的 | 模拟的 |
# |---|---|
# | API 对象、它们的字段、默认值和校验（真实的 OpenAPI 模式） | 机器、网络、容器运行时 |
# | kubectl 的输出、错误和退出码（与 kubectl v1.32 核对过） | 容器：每个镜像运行一个小的 Python 程序，应答与真实程序一致（echoserver、nginx、node-hello、redis、busybox `sh`……） |
# | 控制器、调度器和 kubelet 如何反应，顺序与 Kubernetes 相同 | 时间（模拟时钟）和随机性（带种子） |
# | 与 kubectl 相同的 YAML 解析方式，kustomize 的输出 | 模拟机器上的 `kubeadm`、`docker` 和 `minikube`（第 01、02 章） |
#
# 本套件做了简化的地方，相应的章节会说明。你输入的任何东西都不会在你的电脑上运行。
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
# 演练场（每个一个交互式控件）：[流量探索器](../../widgets/zh/traffic.ipynb)、[探针实验室](../../widgets/zh/probes.ipynb)、
# [存储实验室](../../widgets/zh/storage.ipynb)、[集群仪表板](../../widgets/zh/dashboard.ipynb)。
#
# ## 检验一下
#
# 各章最后都有练习，答案由代码检查。试试这个：创建一个名为 `practice` 的名字空间（`kubectl create namespace ...`），然后运行检查。
#
# <!-- zh-sync: the English cell changed; it now reads: -->
# ## A terminal beside the notebook
#
# People who work with Kubernetes type `kubectl` in a terminal. JupyterLab has terminals too:
# *File → New → Terminal* (or the **Terminal** tile of the Launcher, the **+** button) opens a
# shell on the machine JupyterLab runs on — a real one, not simulated. Drag its tab to the right
# half of the window to see it beside this notebook. The real `kubectl` is installed there on
# Binder; on your own computer the README says how to get it (`kubectl version --client` tells
# you whether you have it). The chapters do not need it.
#
# The notebook's cluster can answer the real `kubectl`: `%kubelab serve` starts the Kubernetes
# API of this cluster on your computer (https://127.0.0.1, reachable from your computer only,
# with a token only its kubeconfig file holds) and prints the line that points a terminal's
# `kubectl` at it:

# %% tags=["nbval-ignore-output"]
%kubelab serve

# %% [markdown] en="d71dcaa6" zh="todo"
# Copy the `export KUBECONFIG=...` line printed above (yours names another folder and port),
# paste it into the terminal and press Enter. From then on, in that terminal, `kubectl` talks to
# this notebook's cluster — the real kubectl v1.32, over HTTPS, as it would to any cluster:
#
# ```bash
# export KUBECONFIG=/tmp/kubelab-serve-…/kubeconfig
# kubectl get nodes
# kubectl get pods -w
# ```
#
# `kubectl get pods -w` ("watch") prints the pods once, then keeps running and prints a line each
# time a pod changes, until you press **Ctrl-C**. Leave it running and run the next cells: the
# notebook creates a Deployment and scales it to three pods, and the terminal shows each new pod
# appear and go from `Pending` through `ContainerCreating` to `Running`.

# %%
%kubectl create deployment web --image=nginx:1.16.1
%kubectl scale deployment web --replicas=3

# %%
%kubelab settle
%kubectl get pods

# %% [markdown] en="17871b0a" zh="todo"
# The terminal's lines arrive as the notebook's cells run, not by themselves: the cluster's clock
# is the notebook's (`%kubectl` takes a simulated second, `%kubelab settle` runs until the work is
# done), so every chapter prints the same whether a terminal watches or not.
#
# ### First steps in the terminal
#
# Everything a chapter does with `%kubectl`, you can type in the terminal: the same words,
# after `kubectl` instead of `%kubectl`. For a terminal that behaves like a real cluster, where
# time passes by itself, serve the cluster on the wall clock instead — `%kubelab serve clock=live`
# in a notebook cell (then `export` the new line it prints) — and try:
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
# A manifest you would give `%%kubectl apply -f -` in a cell goes to the terminal's kubectl
# through a shell "here document" — everything up to the line `EOF` is the command's standard
# input:
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
# The up-arrow brings back earlier commands, **Tab** completes file names, and `kubectl help` or
# `kubectl COMMAND --help` explain every command. `%kubelab serve stop` stops serving and removes
# the kubeconfig file; the terminal's `kubectl` then answers as it does without one, `The
# connection to the server localhost:8080 was refused - did you specify the right host or port?`:

# %%
%kubelab serve stop

# %% [markdown] en="725abbba" zh="todo"
# Have a real cluster (minikube, kind, a cloud provider's)? `%kubelab connect` makes `%kubectl`
# run the real kubectl against the cluster of your kubeconfig (`$KUBECONFIG`, or
# `~/.kube/config`; `%kubelab connect PATH` for another file), so the chapters' commands run
# there; `%kubelab status` says which cluster `%kubectl` talks to, `%kubelab disconnect` returns
# to the simulated one. What only the simulation can do (`%kubelab run` and `settle`, `%%shell`,
# `cluster.curl(...)`, the pictures and exercise checks) then says what to do on a real cluster
# instead.

# %% [markdown] en="c2312da0" zh="todo"
# ## What is simulated, what is real
#
# | real | simulated |
# |---|---|
# | the API objects, their fields, defaults and validation (the real OpenAPI schemas) | the machines, the network, the container runtime |
# | kubectl's output, errors and exit codes (checked against kubectl v1.32) | containers: each image runs a small Python program that answers like the real one (echoserver, nginx, node-hello, redis, busybox `sh`, …) |
# | how controllers, the scheduler and the kubelet react, in the order Kubernetes does | time (a simulated clock) and randomness (seeded) |
# | YAML parsing as kubectl does it, kustomize's output | `kubeadm`, `docker` and `minikube` on simulated machines (chapters 01 and 02) |
#
# Where the kit simplifies, the chapter says so. Nothing you type in a cell runs on your computer;
# only a terminal does (it is a real one).
#
# ## The chapters
#
# | # | chapter | sections of the notes |
# |---|---|---|
# | 00 | Start here (this chapter) | — |
# | 01 | [Installing a cluster: kubeadm, kubeconfig, flannel, minikube](01-installing-a-cluster.ipynb) | 初始化, kubeadm安装, minkube |
# | 02 | [Images and registry mirrors](02-images-and-mirrors.ipynb) | 镜像处理, 解决k8s.gcr.io无法拉取镜像问题 |
# | 03 | [Deployments](03-deployments.ipynb) | 创建Deployment |
# | 04 | [Services and how to expose them](04-services.ipynb) | 创建Service |
# | 05 | [Labels, ReplicaSets, scaling, rolling update, rollback](05-scaling-and-rolling-updates.ipynb) | kubectl label … 回滚到上个版本 |
# | 06 | [ConfigMaps and Secrets as environment variables](06-configmaps-and-secrets.ipynb) | k8s设置docker容器环境变量的方式 … replace --force |
# | 07 | [Configuring Redis with a ConfigMap and kustomize](07-redis-with-kustomize.ipynb) | 使用ConfigMap配置Redis |
# | 08 | [A stateless application behind a LoadBalancer](08-stateless-app.ipynb) | 无状态应用程序 |
# | 09 | [Architecture: control plane, node components, addons](09-architecture.ipynb) | Kubernates, 控制平面组件, Node组件, 插件 |
# | 10 | [ReplicaSet, Deployment, Service: how they fit](10-replicaset-deployment-service.ipynb) | ReplicaSet … Service |
# | 11 | [port, targetPort, nodePort](11-ports.ipynb) | port, targetPort, nodePort的关系 |
# | 12 | [Pods: containers, sidecars, shared network and storage, templates](12-pods.ipynb) | Pod … 资源共享和存储 |
# | 13 | [The Pod lifecycle: phases, states, restarts, conditions, probes, termination](13-pod-lifecycle.ipynb) | Pod的生命周期 … 失效Pod的垃圾收集 |
# | 14 | [Persistent Volumes, claims and StorageClasses](14-persistent-volumes.ipynb) | Persistent Volumes … Storage Classes |
#
# The order follows the notes; chapters 01 and 02 (installing) can be read after 03 if you want to
# see a running cluster first.
#
# ## Controls, and the live view
#
# Chapters embed live controls where they help — the dashboard (03, 05), the traffic explorer
# (04, 08, 11), a label lab (10), a sidecar lab (12), the probe lab (13), the storage lab (14) —
# each followed by a cell that does the same in code. A control lives in the running kernel: in a
# saved notebook its place shows a one-line placeholder until you run the cell. Each big control
# also has a playground with more room to try things: the [dashboard](../widgets/dashboard.ipynb),
# the [traffic explorer](../widgets/traffic.ipynb), the [probe lab](../widgets/probes.ipynb) and the
# [storage lab](../widgets/storage.ipynb).
#
# `%kubelab watch` keeps a picture of the cluster — who owns, selects, routes to whom — below its
# cell, and redraws it after every cell that changes the cluster. Run the next two cells and look
# back at the picture; `%kubelab watch stop` (or its *stop* button) freezes it.

# %% tags=["nbval-ignore-output"]
%kubelab watch

# %%
%kubectl create deployment web --image=nginx --replicas=2
%kubectl expose deployment web --port=80
%kubelab settle

# %%
%kubelab watch stop

# %% [markdown] en="1c54312d" zh="todo"
# ## Check yourself
#
# Chapters end with exercises whose answers are checked by code. Try this one: create a namespace
# called `practice` (`kubectl create namespace ...`), then run the check.

# %%
from kubelab.exercises import ch00
ch00.namespace_exists(kubelab.current_cluster(), "practice")

# %%
%kubectl create namespace practice
ch00.namespace_exists(kubelab.current_cluster(), "practice")

# %% [markdown] en="3bb26b43"
# 下一章：[01 · 安装集群](01-installing-a-cluster.ipynb)，或者直接跳到[03 · Deployment](03-deployments.ipynb)。
