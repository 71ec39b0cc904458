# %% [markdown] en="b17404ed"
# # 01 · 安装集群：kubeadm、kubeconfig、flannel、minikube — 初始化, kubeadm安装, minkube
#
# ← [00 从这里开始](00-start-here.ipynb) · [课程首页](00-start-here.ipynb) · [02 镜像与镜像加速源](02-images-and-mirrors.ipynb) →
# （[English version](../01-installing-a-cluster.ipynb)）
#
# **本章内容**
#
# - 笔记中的安装过程一步步做了什么：安装软件包、`kubeadm init` 及其三个参数、复制 kubeconfig、
#   Pod 网络（flannel）、在其他机器上执行 `kubeadm join`；
# - 为什么在安装 Pod 网络之前，节点一直是 `NotReady`，CoreDNS 一直是 `Pending`；
# - `kubeadm join` 如何确认自己连上的是正确的集群（启动引导令牌和 CA 哈希），
#   以及为什么笔记中打印的那行 join 命令会被任何其他集群拒绝；
# - `--ignore-preflight-errors=Swap` 如今起什么作用，以及应该怎么做；
# - 单机的替代方案：minikube。
#
# 官方文档：[使用 kubeadm 创建集群](https://kubernetes.io/zh-cn/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/)。
#
# **哪些是模拟的。** 没有 root 权限、Docker 和三台机器，无法在笔记本里安装 Kubernetes，
# 所以本套件给你三台模拟的机器 —— `master`（10.150.31.115，即笔记中的地址）、`node1` 和 `node2` ——
# 先是笔记当时的样子（CentOS 7），然后是如今你会怎样搭建它们。`%%shell` 单元格就是 `master` 上的一个终端
# （`%%shell node1` 则是另一台机器上的）：笔记中的命令在那里照原样运行 —— 引号、`$VAR`、`$(…)`、
# 通过管道交给 `grep`、`&&`。kubeadm、docker、minikube、kubectl、`mkdir`、`cp`、`chown`、`scp` 和 `swapoff`
# 都是模拟的，输出与真实工具（kubeadm v1.32）一致；`yum` 和 `curl` 只说明它们会做什么（不会下载任何东西）。
# 真实的部分有：kubeadm 的预检（preflight）及其措辞，集群的 CA 证书和私钥（由笔记本的随机种子生成，
# 所以每次都相同），其公钥的哈希，启动引导令牌以及 kubeadm 校验的签名，kubeconfig 文件，
# flannel 清单（v0.26.3，随本套件附带），以及这些步骤创建的每一个 Kubernetes 对象。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.exercises import ch01

# %% [markdown] en="1812b36f"
# ## 笔记当时的三台机器
#
# `%kubelab reset profile=bare os=centos7` 提供三台 CentOS 7 机器，还没有集群。和当时许多实验机器一样，
# 它们开着交换分区（`swap=true`）—— 这正是笔记要传 `--ignore-preflight-errors=Swap` 的原因 ——
# 容器引擎是 Docker Engine。

# %%
%kubelab reset profile=bare machines=3 swap=true os=centos7
cluster = kubelab.current_cluster()

# %%
%%shell master
hostname && id
uname -r

# %% [markdown] en="9c38ac8e"
# 本章中 `%kubectl` 是 `master` 上的 kubectl。它现在还没有可以通信的对象：没有 kubeconfig 时，
# kubectl 会尝试 `localhost:8080`，而那里没有任何程序在监听。（它会尝试五次才放弃，
# 所以同一行 `memcache.go` 会出现五次；本章后面再出现同样的失败时，只显示它的最后一行。）

# %%
%kubectl get nodes
# %% [markdown] en="fc0307fb"
# ## 初始化 — 安装软件包
#
# 笔记（初始化）添加了一个 yum 仓库，并安装三个程序：
#
# ```
# cat > /etc/yum.repos.d/kubernetes.repo << EOF
# [kubernetes]
# name=Kubernetes
# baseurl=https://mirrors.aliyun.com/kubernetes/yum/repos/kubernetes-el7-x86_64
# enabled=1
# gpgcheck=0
# repo_gpgcheck=0
# gpgkey=https://mirrors.aliyun.com/kubernetes/yum/doc/yum-key.gpg https://mirrors.aliyun.com/kubernetes/yum/doc/rpm-package-key.gpg
# yum install -y kubelet kubeadm kubectl --disableexcludes=kubernetes
# ```
#
# - **kubeadm** 负责搭建集群（证书、控制平面的静态 Pod、令牌）；
# - **kubelet** 是在每台机器上运行 Pod 的代理（一个 systemd 服务）；
# - **kubectl** 是之后你使用的客户端。
#
# 本套件不安装软件包：这三个程序已经在每台机器上了，所以 `yum` 只会如此说明。

# %%
%host master yum install -y kubelet kubeadm kubectl --disableexcludes=kubernetes

# %% [markdown] en="34a75fd5"
# > **勘误：笔记中的 here-document 没有结束** —— 缺少单独一行的 `EOF`。应在 `gpgkey=` 那一行之后另起一行写 `EOF`。
#
# 关于笔记中这个仓库文件，有三点值得了解（本套件不会运行这条 `cat`）：
#
# - here-document 没有结束：缺少 `EOF` 这一行。照这样输入，bash 会继续读下去，`yum install` 那一行
#   最终会落进仓库文件**里面**，bash 还会警告
#   `here-document at line 1 delimited by end-of-file (wanted 'EOF')`。
# - `--disableexcludes=kubernetes` 只在仓库里有一行 `exclude=kubelet kubeadm kubectl ...` 时才有意义
#   （官方说明会加上这一行，免得一次例行的 `yum update` 在你不知情时升级了集群）。笔记中的文件没有这一行。
# - 那个仓库是**旧版**的 Google 仓库（及其镜像），已于 2023 年冻结。当前版本的软件包来自 `pkgs.k8s.io`，
#   每个次版本一个仓库，并校验签名（`gpgcheck=1`；笔记把校验关掉了）：
#
# ```
# [kubernetes]
# name=Kubernetes
# baseurl=https://pkgs.k8s.io/core:/stable:/v1.32/rpm/
# enabled=1
# gpgcheck=1
# gpgkey=https://pkgs.k8s.io/core:/stable:/v1.32/rpm/repodata/repomd.xml.key
# exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni
# ```
#
# ## kubeadm安装 — `kubeadm init`
#
# 笔记（kubeadm安装，“以 root 身份运行”）：
#
# ```
# kubeadm init --image-repository registry.aliyuncs.com/google_containers \
#              --pod-network-cidr=10.244.0.0/16 \
#              --ignore-preflight-errors=Swap
# ```
#
# - `--image-repository registry.aliyuncs.com/google_containers`：从阿里云的副本而不是 `registry.k8s.io`
#   拉取控制平面的镜像（kube-apiserver、etcd……），因为笔记所在的网络访问不到后者（[第 02 章](02-images-and-mirrors.ipynb)）；
# - `--pod-network-cidr=10.244.0.0/16`：Pod 的地址范围，每个节点分得其中的一个 /24。
#   它必须与你接下来安装的 Pod 网络一致 —— flannel 的默认值正好是 10.244.0.0/16；
# - `--ignore-preflight-errors=Swap`：把交换分区检查从错误降为警告。
#
# 像笔记那样在 master 上运行：

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap

# %% [markdown] en="85b27194"
# ### 笔记写成之后发生的变化
#
# kubeadm v1.32 还没开始做事就拒绝了笔记中的机器。请从下往上读输出：
#
# - **`[ERROR SystemVerification]: kernel release 3.10.0-1160.el7.x86_64 is unsupported`。**
#   Kubernetes v1.32 需要 4.19 内核（或任意 5.x、6.x）；CentOS 7 自带的是 3.10。第二个错误从另一个角度说了同一件事：
#   kubelet 在 cgroups v2 上做设备控制要用到的 `CONFIG_CGROUP_BPF`，从内核 4.10 才有。
#   错误上方的长长列表是 kubeadm 失败时打印的校验报告：它检查过的每个内核选项和 cgroup 控制器。
# - **`[WARNING SystemVerification]: cgroups v1 support is in maintenance mode`。**
#   CentOS 7 使用 cgroups v1；kubelet 对 cgroups v1 的支持不再增加新特性（例如交换分区就只在 cgroups v2 上可用）。
# - **`WARNING: Couldn't create the interface used for talking to the container runtime`**
#   （靠近顶部的 `W…checks.go` 那一行）。kubeadm 和 kubelet 通过 CRI 与容器运行时通信。
#   Docker Engine 不提供 CRI：kubelet 内置的适配器 **dockershim** 已在 **v1.24** 中移除。
#   Docker Engine 确实运行着 containerd，所以 kubeadm 找到了 `containerd.sock` ——
#   但 Docker 附带的 containerd 配置关闭了 CRI 插件（`disabled_plugins = ["cri"]`），
#   于是出现 `unknown service runtime.v1.RuntimeService`。
# - **`[WARNING Swap]`** 只是一个警告：kubeadm 在 **v1.23** 中把交换分区检查从错误改成了警告（交换分区的事见下文）。
#
# 还有机器本身：**CentOS 7 已于 2024 年 6 月 30 日结束生命周期** —— 不再有安全更新，
# 它的 yum 镜像也搬进了归档（`vault.centos.org`）。
#
# 忽略内核检查（`--ignore-preflight-errors=SystemVerification`）也只能走到下一堵墙，即容器运行时：
# kubeadm 无法通过一个不存在的 CRI 拉取控制平面镜像。下面是输出的最后四行
# （`2>&1` 把错误也送进管道，`tail -n 4` 保留结尾）：

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap,SystemVerification 2>&1 | tail -n 4

# %% [markdown] en="619f85a2"
# ## 如今行得通的路
#
# kubeadm v1.32 对机器的要求：
#
# - **受支持的内核**：一个当前的发行版（Rocky Linux 或 AlmaLinux 9、Ubuntu 22.04 或 24.04、Debian 12；
#   在 CentOS 7 上，只有发行版之外的内核，例如 ELRepo 的 `kernel-lt`，才能通过检查，而系统本身已不再更新）；
# - **一个 CRI 运行时**：打开了 CRI 插件的 containerd（通常的选择；如果用的是 Docker 带的 containerd，
#   就把 `cri` 从 `/etc/containerd/config.toml` 的 `disabled_plugins` 中去掉，然后重启它），CRI-O，
#   或者 —— 像笔记那样继续用 Docker Engine —— **cri-dockerd**，即 Mirantis 提供的、放在 Docker 前面的 CRI 适配器；
# - 来自 `pkgs.k8s.io` 的软件包（见上文），或者它的镜像 `mirrors.aliyun.com/kubernetes-new/`。
#
# 本套件中“如今的机器”：Rocky Linux 9（内核 5.14，cgroups v2），装有 Docker Engine 和 cri-dockerd。
# 为了把笔记的故事讲完，交换分区仍然开着：

# %%
%kubelab reset profile=bare machines=3 swap=true os=rocky9
cluster = kubelab.current_cluster()

# %%
%%shell master
uname -r
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap

# %% [markdown] en="16dd8bc9"
# Docker Engine 带来了 containerd，cri-dockerd 又带来第二个 CRI 套接字：kubeadm 不会去猜 kubelet
# 应该用哪个运行时。**`--cri-socket`** 指明它 —— 在这样的机器上，每次 `kubeadm join`（以及 `kubeadm reset`）
# 都要带上同样的参数：

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap \
             --cri-socket unix:///var/run/cri-dockerd.sock 2>&1 | grep -E 'WARNING|kubelet-check|error'

# %% [markdown] en="d04e8d60"
# （这里只用 `grep` 挑出了要紧的几行：中间还有 kubeadm 生成证书和清单的步骤，下文会完整显示。）
#
# ### 笔记错在哪里：交换分区参数已经没用了
#
# > **勘误：`--ignore-preflight-errors=Swap` 已不能解决交换分区的问题。** 应执行 `swapoff -a`
# > （并从 `/etc/fstab` 中删掉交换分区），然后 `kubeadm reset -f`，再重新 `kubeadm init`。
#
# 笔记写成时（kubeadm v1.23 之前），交换分区检查是一个预检**错误**：
# `[ERROR Swap]: running with swap on is not supported. Please disable swap`，这个参数能让 `init` 继续下去。
# 从 v1.23 起 kubeadm 只打印 `[WARNING Swap]`，所以这个参数什么也不改变 —— 真正的障碍在后面：
# 只要交换分区开着，**kubelet** 本身就拒绝启动（它的设置 `failSwapOn` 默认为 true）。
# kubeadm 等待健康的 kubelet 等了四分钟，然后放弃：`The kubelet is not healthy after 4m0s`。
#
# 改正方法是关闭交换分区（并把它从 `/etc/fstab` 中删除，这样重启后也保持关闭），用 `kubeadm reset`
# 撤销做了一半的 init，然后再运行一次 `kubeadm init`。如果不先 reset，第二次 init 会停在预检，
# 因为第一次留下了它的文件和占用的端口：

# %%
%%shell master
swapoff -a && kubeadm init --image-repository registry.aliyuncs.com/google_containers --pod-network-cidr=10.244.0.0/16 --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown] en="db2ed7cd"
# `kubeadm reset -f`（`-f`：不要求确认），然后再次 `init`：

# %%
%%shell master
kubeadm reset -f --cri-socket unix:///var/run/cri-dockerd.sock

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown] en="a7c9ab37"
# 从上往下读输出 —— 每一行都是一个步骤：
#
# - `[preflight]` 检查机器，并拉取七个控制平面镜像（从阿里云）；
# - `[certs]` 创建集群的证书机构（`ca`），以及 API 服务器、etcd 和各个客户端的证书；
# - `[kubeconfig]` 写下 kubeconfig 文件：`admin.conf` 是管理员的；
# - `[etcd]`、`[control-plane]` 把**静态 Pod** 清单写到 `/etc/kubernetes/manifests`：kubelet 根据这些文件
#   启动 etcd、kube-apiserver、kube-controller-manager 和 kube-scheduler（它们各自做什么见[第 09 章](09-architecture.ipynb)）；
# - `[mark-control-plane]` 给节点加标签和污点，让普通 Pod 不调度到它上面；
# - `[bootstrap-token]` 生成一个用于加入集群的令牌，`[addons]` 安装 CoreDNS 和 kube-proxy；
# - 最后几行是给你的操作说明 —— 包括那行 `kubeadm join`。
#
# 静态 Pod 的清单就是 master 上的普通文件：

# %%
%host master cat /etc/kubernetes/manifests/kube-scheduler.yaml

# %% [markdown] en="bd918e24"
# 文件里 Pod 的名字就是 `kube-scheduler`。运行它的 kubelet 会在名字后面加上本节点的名字，并把它报告给 API，
# 所以下面的 `kubectl get pods -n kube-system` 列出的是 `kube-scheduler-master`，每个控制平面节点一个。
#
# ## kubeconfig
#
# 接着，笔记把管理员的 kubeconfig 复制到 kubectl 查找它的位置（`$HOME/.kube/config`），并把它的属主改成你自己：
#
# ```
# mkdir -p $HOME/.kube
# sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config
# sudo chown $(id -u):$(id -g) $HOME/.kube/config
# ```

# %%
%%host master
mkdir -p $HOME/.kube
sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config
sudo chown $(id -u):$(id -g) $HOME/.kube/config

# %% [markdown] en="fdb10200"
# 现在 kubectl 知道了 API 服务器的地址（`https://10.150.31.115:6443`）、要信任的 CA，
# 以及一个客户端证书（`kubectl config view` 会隐藏内嵌的密钥）：

# %%
%kubectl config view

# %% [markdown] en="f3b7db68"
# > **勘误：笔记的注释 `#此时非root用户可以执行kubelet命令` 有两处不对。** 现在能运行的命令是 **kubectl**，
# > 不是 kubelet；而且文件复制到了运行这几行命令的那个用户的主目录 —— 这里是 root（`/root/.kube/config`）。
#
# 非 root 用户要以自己的身份运行同样的三行命令（`sudo` 和 `chown` 正是为此而写的）。
# 以 root 身份，也可以像 kubeadm 的输出所说，直接 `export KUBECONFIG=/etc/kubernetes/admin.conf`。
#
# ## 没有 Pod 网络，就一直 NotReady

# %%
%kubectl get nodes
%kubectl get pods -n kube-system

# %% [markdown] en="6f485d68"
# 节点是 `NotReady`，CoreDNS 是 `Pending`，而静态 Pod 和 kube-proxy 在运行（它们使用宿主机网络）。
# Kubernetes 本身不带 Pod 网络：在某个网络插件把配置放进 `/etc/cni/net.d` 之前，kubelet 一直报告
# `cni plugin not initialized`；在此之前，节点保留着一个 `not-ready` 污点，让 CoreDNS 这样的普通 Pod 无法调度上来：

# %%
%kubectl get node master -o jsonpath='{.spec.taints}{"\n"}{.status.conditions[?(@.type=="Ready")].message}{"\n"}'

# %% [markdown] en="7318d68f"
# ### 安装 flannel
#
# 笔记安装的是 **flannel**（`#安装flannel网络附加组件`）。
#
# > **勘误：flannel 的地址已经变了** —— GitHub 上的 `coreos/flannel` 现在是 `flannel-io/flannel`，旧地址会重定向过去。
#
# 本套件用它附带的副本（flannel v0.26.3）提供这个文件：

# %%
%kubectl apply -f https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml

# %% [markdown] en="f0e0e4d7"
# 一个名字空间，flannel 读取节点信息所需的 RBAC，它的配置（网络 `10.244.0.0/16`，VXLAN），
# 以及一个 **DaemonSet**：每个节点一个 flannel Pod。它的 Init 容器把 CNI 插件和配置复制到宿主机上；
# 随后 kubelet 报告网络已就绪：

# %%
%kubelab settle
%kubectl get nodes
%kubectl get ds -A
%kubectl get pods -n kube-system -l k8s-app=kube-dns -o wide

# %% [markdown] en="0a8208a7"
# 节点变成 `Ready`，`not-ready` 污点消失了，CoreDNS 处于 `Running`，地址来自节点的 `10.244.0.0/24`。
# （笔记中的“此时kubernate启动成功”直到现在才成立。）
#
# ## 让其他机器加入
#
# 笔记来到其他每台机器上，以 root 身份运行 `kubeadm join`，用的是它们自己那次 `kubeadm init` 打印出的那一行：
#
# ```
# kubeadm join 10.150.31.115:6443 --token doz94r.6xebnfstr9nfz7tg \
#     --discovery-token-ca-cert-hash sha256:a5e181604418fc6531e928e3a614c3b4882598f2de1a13efbdc8d939945ca5b7
# ```
#
# 这两个值都属于**他们的**集群。这里交换分区也开着，所以先把它关掉。然后在 node1 上试一试笔记中的这一行 ——
# 和 master 一样，加上这台机器需要的 `--cri-socket` 参数：

# %%
%%shell node1
swapoff -a
kubeadm join 10.150.31.115:6443 --token doz94r.6xebnfstr9nfz7tg \
    --discovery-token-ca-cert-hash sha256:a5e181604418fc6531e928e3a614c3b4882598f2de1a13efbdc8d939945ca5b7 \
    --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown] en="f3f45061"
# 被拒绝了（kubeadm 重试了五分钟之后）。加入集群的过程是这样的：
#
# 1. **令牌**（`<6 个字符>.<16 个字符>`）是一个共享的秘密，在集群中保存为 Secret `bootstrap-token-<id>`。
#    新机器取来公开的 ConfigMap `cluster-info`（API 服务器的地址和 CA 证书），并检查它是否用这个令牌签过名。
#    这个集群从未签发过令牌 `doz94r`，所以没有对应的签名。
# 2. **CA 哈希**是集群 CA 公钥的 SHA-256。签名通过之后，kubeadm 还会检查 `cluster-info` 中的 CA
#    是否具有这个哈希 —— 这样即使有人知道令牌，也骗不了机器去加入一个冒牌的集群。
#
# 这个集群的令牌，以及 `cluster-info` 中的签名（每个令牌一个 `jws-kubeconfig-<令牌 id>` 键）：

# %%
%%shell master
kubectl get secrets -n kube-system --field-selector type=bootstrap.kubernetes.io/token
kubectl get configmap cluster-info -n kube-public -o yaml | grep jws-kubeconfig

# %% [markdown] en="7f211d00"
# 用这个集群的令牌、但配上笔记中的哈希：签名验证通过了，CA 却对不上。
# 在 master 上运行 `kubeadm token create` 会打印一个新令牌；`scp` 把它放在一个文件里带到 node1，
# `$(cat token)` 再把它放进 node1 的命令行：

# %%
%%shell master
kubeadm token create > token
scp token node1:/root/token

# %%
%%shell node1
kubeadm join 10.150.31.115:6443 --token $(cat token) \
    --discovery-token-ca-cert-hash sha256:a5e181604418fc6531e928e3a614c3b4882598f2de1a13efbdc8d939945ca5b7 \
    --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown] en="0f8760d1"
# 正确的那一行，是**你自己的** `kubeadm init` 在输出末尾打印的那一行（见上文）；在终端里你会像笔记说的那样把它复制下来。
# 其中的令牌 24 小时后过期；在 master 上运行 `kubeadm token create --print-join-command` 会生成一个新的令牌，
# 并打印出完整的 join 命令。这里把它写进一个文件，由 `scp` 复制到每个工作节点：

# %%
%%shell master
kubeadm token create --print-join-command > join.sh
cat join.sh
scp join.sh node1:/root/join.sh
scp join.sh node2:/root/join.sh

# %% [markdown] en="5e2da767"
# 在每个工作节点上，运行文件中的那一行，再加上它缺少的参数（kubeadm 打印的 join 命令不带 `--cri-socket`）：

# %%
%%shell node1
$(cat join.sh) --cri-socket unix:///var/run/cri-dockerd.sock

# %%
%%shell node2
swapoff -a
$(cat join.sh) --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown] en="d31a44cf"
# 新节点注册时是 `NotReady`，和 master 当初一样；DaemonSet 控制器立即在它上面放一个 flannel Pod
# （flannel 容忍 `not-ready` 污点），等这个 Pod 的 Init 容器写好 CNI 配置，节点就变成 `Ready` ——
# 这里在刚刚过去的那一秒之内就完成了：

# %%
%kubectl get nodes
%kubelab settle
%kubectl get nodes -o wide
%kubectl get pods -n kube-flannel -o wide

# %% [markdown] en="cf80ac8f"
# 三个节点，都是 `Ready`，各自拥有 Pod 网络中的一段：

# %%
%kubectl get nodes -o custom-columns=NAME:.metadata.name,POD-CIDR:.spec.podCIDR,TAINTS:.spec.taints[*].key

# %% [markdown] en="f72ba991"
# 整个搭建过程画在一张图里，数据读自集群自己的对象（每个节点的创建时间及其 `Ready` 状况的 `lastTransitionTime`，
# flannel DaemonSet 和 Pod 的时间，CoreDNS 的 Pod）：每一行是一个时刻，T+ 是从 `kubeadm init` 起的“分:秒”；
# 每个节点一列，显示它在那一刻之后的状态（`NotReady` 时是橙色斜线，`Ready` 后是绿色），还有 CoreDNS
# （在 Pod 网络就绪之前一直是 `Pending`）。每个节点都在它的 flannel Pod 运行之后才变为 `Ready` —— 而不是在它加入集群的时候。

# %%
from kubelab.viz.bootstrap import show_bootstrap
show_bootstrap(cluster)

# %% [markdown] en="7c3db2b7"
# 只有 master 保留了一个污点（`node-role.kubernetes.io/control-plane`）：你的 Pod 会调度到工作节点上。
#
# ### CA 哈希只不过是一个哈希
#
# 任何人都可以从 CA 证书重新算出它 —— 这也是核对别人给你的 join 命令的方法。kubeadm 的文档用 openssl 来算：
# `openssl x509 -pubkey -in /etc/kubernetes/pki/ca.crt | openssl rsa -pubin -outform der 2>/dev/null | sha256sum`。
# 下面用 Python 对 master 上真实的证书做同样的计算：

# %%
import hashlib
from cryptography import x509
from cryptography.hazmat.primitives import serialization

pem = cluster.machines["master"].files["/etc/kubernetes/pki/ca.crt"]
cert = x509.load_pem_x509_certificate(pem.encode())
spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
print(cert.subject.rfc4514_string(), cert.not_valid_before_utc.date(), "→", cert.not_valid_after_utc.date())
print("sha256:" + hashlib.sha256(spki).hexdigest())

# %% [markdown] en="b9886437"
# ## 在工作节点上使用 kubectl
#
# 笔记：“如果该节点要执行kubelet命令,可以把上面.kube/config文件复制到本节点的对应路径”
#
# > **勘误：这里同样应为 kubectl，而不是 kubelet。** 要在工作节点上运行 kubectl，就把 kubeconfig 复制过去。
#
# 没有它，node1 上的 kubectl 和当初 master 上的一样找不到方向（这是它的最后一行；
# 之前那五行 `memcache.go` 与本章开头的相同）：

# %%
%%shell node1
kubectl get nodes 2>&1 | tail -n 1

# %%
%host node1 mkdir -p $HOME/.kube
%host master scp $HOME/.kube/config node1:/root/.kube/config
%host node1 kubectl get nodes

# %% [markdown] en="633ff1a3"
# 请记住你复制的是什么：`admin.conf` 中是一个属于 `kubeadm:cluster-admins` 组的客户端证书 ——
# 对集群拥有完全的控制权。应该给工作节点（和人）各自发放权限更少的凭据，而不是这个文件的副本。
#
# ## minkube — 用一台机器代替三台
#
# 笔记的最后一种方式（标题在笔记中拼成了“minkube”）是 **minikube**：在一台计算机上、在一个容器或虚拟机里运行整个集群。
#
# > **勘误：标题 “minkube” 应为 “minikube”。**
#
# 笔记下载、安装并启动它：
#
# ```
# curl -LO https://storage.googleapis.com/minikube/releases/latest/minikube-linux-amd64
# sudo install minikube-linux-amd64 /usr/local/bin/minikube
# minikube start
# yum install conntrack
# ```
#
# > **勘误：笔记把 URL 包在了 Markdown 链接的括号 `[...](...)` 里；** shell 需要的是不带括号的 URL。
#
# minikube 拒绝以 root 身份运行它默认的 docker 驱动 —— 而笔记在这些 CentOS 机器上做什么都是以 root 身份：

# %%
%host node2 minikube start

# %% [markdown] en="ba57e37e"
# `yum install conntrack` 就是从这里来的：错误信息指向的替代方案 `--driver=none` 以 root 身份直接在宿主机上运行
# Kubernetes，需要事先装好 `conntrack`（还有 cri-dockerd、crictl、CNI 插件）。通常的做法是以普通用户的身份、
# 配合 Docker 运行 minikube。本套件的另一个配置正是如此：一台笔记本电脑，用户 `learner`，
# 上面是 minikube 的单节点集群（其他各章用的就是这个集群）。下载和安装都是模拟的（没有任何东西离开笔记本）：

# %%
%kubelab reset
cluster = kubelab.current_cluster()
%host laptop curl -LO https://storage.googleapis.com/minikube/releases/latest/minikube-linux-amd64
%host laptop sudo install minikube-linux-amd64 /usr/local/bin/minikube
%host laptop minikube start

# %%
%host laptop minikube status
%host laptop kubectl get nodes
%kubectl get pods -A

# %% [markdown] en="2f74bb8c"
# 一个节点 `minikube`，它既是控制平面又是工作节点（minikube 去掉了控制平面的污点），同样的静态 Pod、
# CoreDNS 和 kube-proxy，一个由 minikube 自己配置的 bridge CNI，以及 minikube 的 `storage-provisioner`
# （[第 14 章](14-persistent-volumes.ipynb)）。`minikube start` 还写好了 `~/.kube/config`，所以 kubectl 马上就能用。
#
# ## 练习
#
# 练习使用 kubeadm 的机器。重新开始，换一组干净的机器（这次关掉交换分区）：

# %%
%kubelab reset profile=bare
cluster = kubelab.current_cluster()

# %% [markdown] en="50ea9ca6"
# 每个练习都有一个检查单元格：你认为完成时就运行它；在此之前，它会说明还缺什么。
# 在它上方写你自己的单元格（工具栏中的 `+`，或在命令模式下按 `B`）。每个检查后面跟着**折叠起来的**参考答案：
# 点击 `⋯`（或它左边的竖条）即可展开 —— 请先自己尝试。
#
# **练习 1.** 重新搭建三节点集群：在 master 上用笔记中的参数（再加上如今的机器需要的那个）运行 `kubeadm init`，
# 复制 kubeconfig，安装 flannel，然后在 node1 和 node2 上运行 `kubeadm join`
# （在 master 上用 `kubeadm token create --print-join-command` 得到 join 命令）。
# 检查要求三个节点都是 Ready，并且 CoreDNS 在运行。

# %%
ch01.three_ready_nodes(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers --pod-network-cidr=10.244.0.0/16 \
    --cri-socket unix:///var/run/cri-dockerd.sock > init.log && tail -n 2 init.log
mkdir -p $HOME/.kube && cp -i /etc/kubernetes/admin.conf $HOME/.kube/config
kubectl apply -f https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml | grep daemonset
kubeadm token create --print-join-command > join.sh
scp join.sh node1:/root/join.sh && scp join.sh node2:/root/join.sh

# %% tags=["solution"]
%%shell node1
$(cat join.sh) --cri-socket unix:///var/run/cri-dockerd.sock | grep 'has joined'

# %% tags=["solution"]
%%shell node2
$(cat join.sh) --cri-socket unix:///var/run/cri-dockerd.sock | grep 'has joined'

# %% tags=["solution"]
%kubelab settle
%kubectl get nodes
ch01.three_ready_nodes(cluster)

# %% [markdown] en="4e7b28d1"
# **练习 2.** 不要从 kubeadm 的输出中复制，而是根据 master 上的 `/etc/kubernetes/pki/ca.crt`
# （在 Python 中是 `cluster.machines["master"].files[...]`，同上一节）自己算出这个集群的
# `--discovery-token-ca-cert-hash`，存入 `my_hash`。

# %%
my_hash = ""       # "sha256:" and 64 hex digits
ch01.ca_hash(cluster, my_hash)

# %% [markdown] en="11776b8b"
# 参考答案（已折叠）。先看一个诱人的错误答案 —— 对 PEM 文本而不是对公钥求哈希：

# %% tags=["solution"]
pem = cluster.machines["master"].files["/etc/kubernetes/pki/ca.crt"]
print(ch01.ca_hash(cluster, "sha256:" + hashlib.sha256(pem.encode()).hexdigest()))
cert = x509.load_pem_x509_certificate(pem.encode())
spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
ch01.ca_hash(cluster, "sha256:" + hashlib.sha256(spki).hexdigest())

# %% [markdown] en="495e09e3"
# **练习 3.** 上文中，笔记自己的那行 join 命令（加上 `--cri-socket` 参数后）在 node1 上失败了。
# 最先导致失败的是哪一部分：`token`、`hash`、`address`、`swap` 还是 `root`？

# %%
my_answer = ""
ch01.why_refused(my_answer)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
print(ch01.why_refused("hash"))
ch01.why_refused("token")

# %% [markdown] en="7178405b"
# **练习 4.** 让 kubectl 在 node2 上可以使用。

# %%
ch01.kubectl_on_worker(cluster, "node2")

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%%shell node2
mkdir -p $HOME/.kube

# %% tags=["solution"]
%%shell master
scp /etc/kubernetes/admin.conf node2:/root/.kube/config

# %% tags=["solution"]
%%shell node2
kubectl get nodes

# %% tags=["solution"]
ch01.kubectl_on_worker(cluster, "node2")

# %% [markdown] en="4d35d479"
# ## 小结
#
# - `kubeadm init` 建立控制平面：证书、kubeconfig、etcd / kube-apiserver / kube-controller-manager / kube-scheduler
#   的静态 Pod、一个启动引导令牌、CoreDNS 和 kube-proxy。`--image-repository` 决定镜像从哪里来，
#   `--pod-network-cidr` 决定 Pod 的地址；`--ignore-preflight-errors=Swap` 已经过时 —— 请关闭交换分区。
# - kubeadm v1.32 需要 4.19 以上的内核（CentOS 7 的 3.10 通不过预检；CentOS 7 已结束生命周期），
#   以及一个 CRI 运行时：containerd、CRI-O，或 Docker Engine 加 cri-dockerd —— 后者要在 `init` 和 `join`
#   时用 `--cri-socket` 指明套接字。
# - 把 `admin.conf` 复制到 `~/.kube/config` 才能使用 kubectl（复制到哪台机器，就能在哪台机器上用）。
# - 在安装 flannel（一个 DaemonSet）这样的 Pod 网络插件之前，节点是 `NotReady`，CoreDNS 是 `Pending`。
# - `kubeadm join` 需要**你自己的**集群的令牌和 CA 哈希：令牌证明这台机器可以加入，哈希证明集群是对的那个。
#   `kubeadm token create --print-join-command` 会给出一行新的 join 命令。
# - minikube 在一台机器上完成这一切；请以普通用户的身份运行它。
#
# 下一章：[02 · 镜像与镜像加速源](02-images-and-mirrors.ipynb) —— 访问不到 `k8s.gcr.io` 时该怎么办。
