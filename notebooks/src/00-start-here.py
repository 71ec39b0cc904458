# %% [markdown]
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
%load_ext kubelab

# %% [markdown]
# `%kubectl` runs one kubectl command line — the same words you would type in a terminal after
# `kubectl`:

# %%
%kubectl get nodes

# %%
%kubectl get pods -A

# %% [markdown]
# Those are the control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler), the
# node's kube-proxy, the cluster DNS (coredns) and minikube's storage provisioner — chapter 09
# explains each.
#
# Errors look exactly as kubectl prints them (in red: they go to stderr) and change nothing:

# %%
%kubectl get pod does-not-exist
%kubectl gett pods

# %% [markdown]
# `%%kubectl` (two percent signs) takes the rest of the cell as the command's standard input. It is
# how you `apply` a manifest written in the notebook — `-f -` means "read standard input":

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

# %% [markdown]
# Not sure what a field means? `kubectl explain` answers from the API's own documentation (the
# OpenAPI schemas of Kubernetes v1.32, which the simulated API server also validates with):

# %%
%kubectl explain configmap.data

# %% [markdown]
# `-f FILE` and `-k DIR` read files relative to this notebook's folder, as they would relative to
# your terminal's working directory; `%%writefile` (a Jupyter built-in) writes such files.
#
# ## The same from Python
#
# The magics use a `kubelab.Cluster`. In Python you can make your own clusters (several at once if
# you like), run commands, and read objects as the API holds them — plain dictionaries:

# %%
import kubelab

c = kubelab.Cluster(seed=0)
r = c.kubectl("create deployment web --image=nginx:1.16.1")
print(r.returncode, r.stdout, end="")
c.settle()
print(c.get("deployment", "web")["status"]["readyReplicas"])

# %% [markdown]
# A `Result` has `stdout`, `stderr` and `returncode`; printing it shows what a terminal would.
# `kubelab.current_cluster()` is the cluster the `%kubectl` magic uses.
#
# ## Simulated time
#
# The cluster has its own clock. It only moves when:
#
# - you run a command: each `%kubectl` takes **1 simulated second** (the time to type the next one);
# - you run `%kubelab run 30s` (or `cluster.run(30)`): time moves 30 s, and everything due in that
#   time happens in order;
# - you run `%kubelab settle` (or `cluster.settle()`): time moves until the system has nothing
#   left in flight — images pulled, containers started or stopped, pods scheduled. It does not
#   wait for what programs do later (a `sleep 3600` ending); use `run` for that;
# - a command itself waits, like `kubectl delete` (until the object is gone), `kubectl wait` and
#   `kubectl rollout status`.
#
# So right after a command you see the cluster mid-way, as you would on a real one:

# %%
%kubectl create deployment hello --image=k8s.gcr.io/echoserver:1.4
%kubectl get pods
%kubelab now

# %%
%kubelab settle
%kubectl get pods

# %% [markdown]
# Simulated time starts on Monday 6 January 2025 at 09:00 UTC (the cluster was started a minute
# before the first cell). Because time and randomness are simulated (one seeded random generator
# per cluster), a chapter gives the same output every time it runs — that is how the course is
# tested.
#
# ## Starting again
#
# `%kubelab reset` replaces the magic's cluster with a fresh one (`%kubelab reset seed=1` for other
# random names, `%kubelab reset workers=2` for a cluster with two more nodes):

# %%
%kubelab reset
%kubectl get deployments

# %% [markdown]
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
# API of this cluster on the machine JupyterLab runs on (at https://127.0.0.1, so only that
# machine reaches it, with a token only its kubeconfig file holds) and prints the line that
# points a terminal's `kubectl` at it:

# %% tags=["nbval-ignore-output"]
%kubelab serve

# %% [markdown]
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

# %% [markdown]
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

# %% [markdown]
# Have a real cluster (minikube, kind, a cloud provider's)? `%kubelab connect` makes `%kubectl`
# run the real kubectl against the cluster of your kubeconfig (`$KUBECONFIG`, or
# `~/.kube/config`; `%kubelab connect PATH` for another file), so the chapters' commands run
# there; `%kubelab status` says which cluster `%kubectl` talks to, `%kubelab disconnect` returns
# to the simulated one. What only the simulation can do (`%kubelab run` and `settle`, `%%shell`,
# `cluster.curl(...)`, the pictures and exercise checks) then says what to do on a real cluster
# instead.

# %% [markdown]
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

# %% [markdown]
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

# %% [markdown]
# Next: [01 · Installing a cluster](01-installing-a-cluster.ipynb), or jump to
# [03 · Deployments](03-deployments.ipynb).
