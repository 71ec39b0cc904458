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
# ## What is simulated, what is real
#
# | real | simulated |
# |---|---|
# | the API objects, their fields, defaults and validation (the real OpenAPI schemas) | the machines, the network, the container runtime |
# | kubectl's output, errors and exit codes (checked against kubectl v1.32) | containers: each image runs a small Python program that answers like the real one (echoserver, nginx, node-hello, redis, busybox `sh`, …) |
# | how controllers, the scheduler and the kubelet react, in the order Kubernetes does | time (a simulated clock) and randomness (seeded) |
# | YAML parsing as kubectl does it, kustomize's output | `kubeadm`, `docker` and `minikube` on simulated machines (chapters 01 and 02) |
#
# Where the kit simplifies, the chapter says so. Nothing you type runs on your computer.
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
