# %% [markdown] en="3262137b"
# # 02 · 镜像与镜像加速源 — 镜像处理, 解决k8s.gcr.io无法拉取镜像问题
#
# ← [01 安装集群](01-installing-a-cluster.ipynb) · [课程首页](00-start-here.ipynb) · [03 Deployment](03-deployments.ipynb) →
# （[English version](../02-images-and-mirrors.ipynb)）
#
# **本章内容**
#
# - 镜像拉取不到时 Pod 是什么样子：先是 `ErrImagePull`，然后是 `ImagePullBackOff`；
# - 笔记中绕开访问不到的 `k8s.gcr.io` / `gcr.io` 的三种办法：在节点上拉取一个副本并重新打标签
#   （`docker pull / tag / rmi`），直接使用镜像副本的名字（阿里云的 `google_containers`、Docker Hub 上的 `anjia0532`），
#   以及 kubeadm 的 `--image-repository`；
# - 镜像副本的名字是怎样构成的，分别以函数和表格的形式给出；
# - 为什么重新打标签的办法取决于 `imagePullPolicy`；
# - 2024 年发生了什么变化（在中国大陆 Docker Hub 也被屏蔽了，它上面的那些副本也随之失效），
#   以及在容器运行时的配置中设置镜像加速源（registry mirror）如何在不改镜像名的情况下解决问题。
#
# **哪些是模拟的。** 镜像仓库：本套件知道本课程用到的镜像，而集群的一个选项可以让某些镜像仓库无法访问，
# 就像在笔记写成时所在的网络里那样。连接不上的拉取会在真实的超时之后（按模拟时间）以容器运行时的真实信息失败。
# `%host minikube docker ...` 在节点的镜像存储上运行 Docker 的 `pull`、`tag`、`rmi` 和 `images` ——
# kubelet 查找镜像的也正是这个存储。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.exercises import ch02
from kubelab.setup import mirrors

# %% [markdown] en="fd7110ae"
# ## 一个访问不到 k8s.gcr.io 的集群
#
# `%kubelab reset blocked_registries=k8s.gcr.io,gcr.io` 启动 minikube 的集群，并让这两个镜像仓库无法访问。
# 现在运行笔记中的第一个 Deployment（[第 03 章](03-deployments.ipynb)）：

# %%
%kubelab reset blocked_registries=k8s.gcr.io,gcr.io
cluster = kubelab.current_cluster()
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4
%kubectl get pods

# %% [markdown] en="95ca94c1"
# kubelet 正在尝试拉取。连接一直得不到回应，30 秒后，容器运行时（minikube 节点上经由 cri-dockerd 的 Docker）放弃了：

# %%
%kubelab run 40s
%kubectl get pods

# %% [markdown] en="a5c83e17"
# `ImagePullBackOff`：拉取失败了（`ErrImagePull`），kubelet 现在要等一会儿再试 —— 10 秒，然后 20 秒、40 秒……最多 5 分钟。
# 事件讲述了整个过程；`Failed` 那一行是容器运行时给出的错误：`request canceled while waiting for connection
# (Client.Timeout exceeded while awaiting headers)`（在其他集群上，containerd 会说 `dial tcp …:443: i/o timeout`）：

# %%
%kubectl describe pods -l app=hello-node

# %% [markdown] en="630a59cc"
# 第一次拉取画成图，数据来自 Pod 的事件（`Pulling`，30 秒后是 `Failed`）以及节点眼中的各个镜像仓库：
# kubelet 请求容器运行时，运行时向 `k8s.gcr.io` 请求，却始终得不到应答（虚线箭头）。

# %%
from kubelab.viz.pull import show_pull
pod = cluster.api.list("pods", "default")[0]["metadata"]["name"]
show_pull(cluster, pod)

# %% [markdown] en="bb1f5b88"
# ## 解决k8s.gcr.io无法拉取镜像问题 — 在节点上给副本重新打标签
#
# 笔记（镜像处理，以及“解决k8s.gcr.io无法拉取镜像问题”中再次出现，用 `{}` 代表任意镜像）：
#
# ```
# docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4
# docker tag registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4 k8s.gcr.io/echoserver:1.4
# docker rmi registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4
# ```
#
# 阿里云在 `registry.cn-hangzhou.aliyuncs.com/google_containers` 下保存了一份 Google 镜像的副本。
# 思路是：拉取副本，给它起一个 Pod 所要求的名字，再去掉副本原来的名字。这些命令要在**节点**上运行
# （minikube 的节点就是机器 `minikube`），因为 kubelet 在那里查找镜像。
#
# 先看看笔记中的第二个版本会怎样：
#
# > **勘误：笔记第二处写成了 `go ogle_containers`，中间多了一个空格**，于是 shell 把它当成了两个参数。应为 `google_containers`。

# %%
%host minikube docker pull registry.cn-hangzhou.aliyuncs.com/go ogle_containers/echoserver:1.4

# %% [markdown] en="efe3ab3d"
# Docker 在下载任何东西之前就拒绝了它。去掉空格：

# %%
%host minikube docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4

# %%
%host minikube docker tag registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4 k8s.gcr.io/echoserver:1.4
%host minikube docker rmi registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4
%host minikube docker images

# %% [markdown] en="06276f53"
# `docker tag` 只是给同一个镜像（同一个 IMAGE ID）再加一个名字，而 `docker rmi` 阿里云的名字只会去掉这个名字（`Untagged:`）——
# 镜像本身还在，因为还有另一个名字指向它。节点上现在有了 `k8s.gcr.io/echoserver:1.4`。
#
# Pod 仍处于回退状态。观察它：已经在进行的那次拉取超时了（`ErrImagePull`），下一次尝试会先检查节点 —— 并找到了镜像：

# %%
%kubectl get pods -w --request-timeout=5m

# %%
%kubectl get events --field-selector reason=Pulled

# %% [markdown] en="f648f6a3"
# `Container image "k8s.gcr.io/echoserver:1.4" already present on machine`：kubelet 根本没有联系镜像仓库。
# 这是由容器的 **`imagePullPolicy`** 决定的：

# %%
%kubectl get deployment hello-node -o jsonpath='{.spec.template.spec.containers[0].imagePullPolicy}{"\n"}'

# %% [markdown] en="332b9ffe"
# - `IfNotPresent`（标签不是 `latest` 的镜像的默认值）：只有节点上没有这个镜像时才拉取。重新打标签的办法有效。
# - `Always`（`:latest` 或没有标签时的默认值）：每次启动容器都要询问镜像仓库 —— 节点上的镜像帮不上忙：

# %%
%kubectl run always --image=k8s.gcr.io/echoserver:1.4 --image-pull-policy=Always
%kubelab run 40s
%kubectl get pod always
%kubectl delete pod always --now

# %% [markdown] en="437b498c"
# - `Never`：只使用节点上已有的。
#
# 这个办法还有两个局限：Pod 可能运行在哪些节点上，就必须在**每个节点**上重复一遍（镜像存储是每个节点各自的）；
# 新加入的节点一开始也没有这个镜像。
#
# ## 直接使用镜像副本的名字
#
# 更简单的办法：在 Pod 规约里直接写镜像副本的名字。笔记为第 03 章的 Deployment 保留了这个写法（被注释掉了）。
# 用它替换重新打过标签的 `hello-node`，照笔记原样：

# %%
%kubectl delete deployment hello-node
%kubectl create deployment hello-node --image=registry.aliyuncs.com/google_containers/echoserver:1.4
%kubelab settle
%kubectl get pods -l app=hello-node

# %% [markdown] en="4dd92098"
# kubelet 从阿里云拉取了它 —— 用 `grep` 从所有事件中挑出它的 `Pulled` 事件：

# %%
%%shell
kubectl get events --field-selector reason=Pulled | grep aliyuncs

# %% [markdown] en="afdea2eb"
# 同一次拉取画成图：这次运行时向阿里云的镜像仓库请求，那里有这个镜像的副本，镜像拉了回来
# （时间取自 Pod 的 `Pulling` 和 `Pulled` 事件）。

# %%
pod = next(p["metadata"]["name"] for p in cluster.api.list("pods", "default")
           if p["metadata"]["labels"].get("app") == "hello-node")
show_pull(cluster, pod)

# %% [markdown] en="fa1a9290"
# ### 命名规则
#
# 阿里云的副本在 `google_containers` 下保留镜像原来的名字。`gcr.io` 上不属于 `google_containers` 的镜像
# （例如 `gcr.io/google-samples/...`）不在那里。对于这些镜像，笔记指向了一个把它们复制到 Docker Hub 的项目：
#
# > 作者将gcr.io相关镜像pull下来,然后push到docker官方仓库
# >
# > `gcr.io/namespace/image_name:image_tag` 等价于 `anjia0532/namespace.image_name:image_tag`
# >
# > `gcr.io/google-samples/node-hello:1.0` -> `anjia0532/google-samples.node-hello:1.0`
#
# Docker Hub 在用户名下只允许一级，所以 `namespace/image_name` 变成了 `namespace.image_name`。
# 本套件把这两种规则都写成了函数，双向都有（`kubelab.setup.mirrors`）：

# %%
print(mirrors.to_anjia0532("gcr.io/google-samples/node-hello:1.0"))
print(mirrors.from_anjia0532("anjia0532/google-samples.node-hello:1.0"))
print(mirrors.to_aliyun("k8s.gcr.io/echoserver:1.4"))
print(mirrors.from_aliyun("registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4"))

# %% [markdown] en="9910cd31"
# 本课程用到的镜像（“—”表示该规则不适用）：

# %%
from kubelab.kubectl.printers import tabwrite
course_images = ["k8s.gcr.io/echoserver:1.4", "k8s.gcr.io/pause:3.10", "k8s.gcr.io/kube-proxy:v1.32.0",
                 "gcr.io/google-samples/node-hello:1.0", "gcr.io/google-samples/kubernetes-bootcamp:v1",
                 "gcr.io/google_containers/echoserver:1.4"]
print(tabwrite([["IMAGE", "ALIYUN", "ANJIA0532"]] + [list(row) for row in mirrors.mirror_table(course_images)]))

# %% [markdown] en="122fc0b6"
# `gcr.io/google_containers/X` 是 `k8s.gcr.io/X` 的旧名字，所以它在阿里云上有副本，
# 但按 anjia0532 的规则它会被命名为 `anjia0532/google_containers.echoserver:1.4`。
#
# 笔记的例子通过 Docker Hub 的副本运行 —— 这里 `gcr.io` 本身被屏蔽了：

# %%
%host minikube docker pull gcr.io/google-samples/node-hello:1.0

# %%
%kubectl create deployment node-hello --image=anjia0532/google-samples.node-hello:1.0
%kubelab settle
%kubectl get pods -l app=node-hello

# %% [markdown] en="a618ee21"
# 笔记没有提醒的一点：镜像副本是别人的拷贝。anjia0532 的是一个个人项目（已经多年没有更新），
# 没有任何东西能保证它的 `node-hello:1.0` 就是 Google 的那个。重要的场合请比对摘要（`docker images --digests`），
# 或者通过你自己控制的代理使用上游镜像仓库。
#
# ## kubeadm 的 `--image-repository`
#
# 安装集群需要七个镜像（API 服务器、控制器管理器、调度器、kube-proxy、CoreDNS、pause、etcd）。kubeadm 会把它们打印出来：

# %%
%kubelab reset profile=bare machines=1 blocked_registries=k8s.gcr.io,gcr.io,registry.k8s.io
cluster = kubelab.current_cluster()
%host master kubeadm config images list
%host master kubeadm config images list --image-repository registry.aliyuncs.com/google_containers

# %% [markdown] en="80e36c43"
# 如今默认的是 `registry.k8s.io`，而不是 `k8s.gcr.io`：社区在 2023 年迁移了镜像，`k8s.gcr.io` 已经冻结
# （没有更新版本的镜像）。使用自定义仓库时，kubeadm 还会把 `coredns/coredns` 压平成 `coredns`，
# 因为像阿里云这样的镜像站只保留一级。
#
# 访问不到 `registry.k8s.io` 时，不带这个参数的 `kubeadm init` 会在逐个尝试每个镜像之后停在预检阶段
# （这些机器运行的是 Docker Engine 加 cri-dockerd，所以要用 `--cri-socket` 指明运行时 —— [第 01 章](01-installing-a-cluster.ipynb)）：

# %%
%%shell master
kubeadm init --pod-network-cidr=10.244.0.0/16 --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown] en="e6b6b2fe"
# 带上笔记中的参数，镜像就从阿里云拉取（用 `grep` 挑出预检的几行和结论；中间生成证书和清单的步骤见第 01 章）：

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers --pod-network-cidr=10.244.0.0/16 \
    --cri-socket unix:///var/run/cri-dockerd.sock | grep -E 'preflight|successfully'
docker images

# %% [markdown] en="5bc9d5f8"
# ## 2024 年以来：Docker Hub 也被屏蔽了
#
# 笔记写成时，访问不到的只有 Google 的镜像仓库，而 Docker Hub 正是绕过它们的办法（anjia0532 的副本）。
# 自 2024 年 6 月起，在中国大陆的大多数网络中，Docker Hub（`registry-1.docker.io`）也访问不到了，
# 而且国内大多数公开的 Docker Hub 镜像站（中科大、上海交大、南京大学、网易 163）也在同一时间关闭。
# 本套件列出的、这样的节点访问不到的地址：

# %%
from kubelab.apps.catalog import MAINLAND_CHINA_2024
print(",".join(sorted(MAINLAND_CHINA_2024)))

# %% [markdown] en="067d3db9"
# 这样一个网络中的集群，以及最普通不过的一个镜像：

# %%
%kubelab reset blocked_registries=docker.io,gcr.io,k8s.gcr.io,mirror.gcr.io,registry.k8s.io
cluster = kubelab.current_cluster()
%kubectl create deployment web --image=nginx:1.27
%kubelab run 40s
%kubectl get pods

# %%
%%shell
kubectl describe pods -l app=web | grep 'Failed to pull'

# %% [markdown] en="0749d40f"
# 和 `k8s.gcr.io` 一样的超时，这次来自 `registry-1.docker.io`。笔记中 Docker Hub 上的那些副本也以同样的方式失败；
# 托管在国内的阿里云副本仍然能够应答：

# %%
%host minikube docker pull anjia0532/google-samples.node-hello:1.0

# %%
%host minikube docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4

# %% [markdown] en="92c35dd9"
# ### 在运行时的配置中设置镜像加速源
#
# 给每个镜像改名的办法无法推广（而且 `nginx:1.27` 在阿里云上没有副本）。**镜像加速源**（registry mirror）
# 以镜像原来的名字提供某个镜像仓库的镜像：容器运行时先向加速源请求，Pod 规约里仍然写 `nginx:1.27`。配置的位置：
#
# - Docker（minikube 的节点、笔记中的机器）：`/etc/docker/daemon.json`，只对 Docker Hub 有效，
#   然后 `systemctl restart docker`：
#
#   ```json
#   {"registry-mirrors": ["https://docker.m.daocloud.io"]}
#   ```
#
# - containerd（如今 kubeadm 通常使用的运行时）：每个镜像仓库一个文件，任何镜像仓库都可以，例如
#   `/etc/containerd/certs.d/docker.io/hosts.toml`（containerd 的 `config.toml` 中要有
#   `config_path = "/etc/containerd/certs.d"`），`registry.k8s.io` 则用 `https://k8s.m.daocloud.io` 同样配置：
#
#   ```toml
#   server = "https://docker.io"
#
#   [host."https://docker.m.daocloud.io"]
#     capabilities = ["pull", "resolve"]
#   ```
#
# - minikube 会自己写 Docker 的这个文件：`minikube start --registry-mirror=https://docker.m.daocloud.io`
#   （`--image-mirror-country=cn` 则让 minikube 自己的镜像从阿里云获取）。
#
# `docker.m.daocloud.io` 是 DaoCloud 的公开加速源，目前仍在服务；阿里云账号也能得到一个自己的 Docker Hub 加速地址
# （`https://<id>.mirror.aliyuncs.com`）。公开的加速源时有时无，依赖它之前先检查一下。在本套件中，
# `%kubelab reset registry_mirrors=...` 就像 `minikube start --registry-mirror` 那样启动一个集群：

# %%
%kubelab reset blocked_registries=docker.io,gcr.io,k8s.gcr.io,mirror.gcr.io,registry.k8s.io registry_mirrors=docker.io=https://docker.m.daocloud.io
cluster = kubelab.current_cluster()
%kubectl create deployment web --image=nginx:1.27
%kubelab settle
%kubectl get pods

# %%
%%shell
kubectl describe pods -l app=web | grep -E 'Pulling|Pulled'

# %% [markdown] en="cf047030"
# 经由加速源的这次拉取画成图，数据来自 Pod 的 `Pulling` 和 `Pulled` 事件以及运行时的加速源配置：
# 运行时先向 `docker.m.daocloud.io` 请求，它提供 Docker Hub 的镜像，于是根本不必去问被屏蔽的 `registry-1.docker.io`。

# %%
pod = next(p["metadata"]["name"] for p in cluster.api.list("pods", "default")
           if p["metadata"]["labels"].get("app") == "web")
show_pull(cluster, pod)

# %% [markdown] en="3bb0c0d7"
# 拉取成功了，而且名字没变。Docker 的 `registry-mirrors` 只对 Docker Hub 有效：来自 `registry.k8s.io` 的镜像
# 仍然访问不到，需要为那个镜像仓库配置加速源（containerd 的 `hosts.toml`）、在规约中写镜像副本的名字，
# 或者对控制平面使用 kubeadm 的 `--image-repository`（见上文）：

# %%
%host minikube docker pull registry.k8s.io/pause:3.10

# %%
%host minikube docker pull k8s.m.daocloud.io/pause:3.10

# %% [markdown] en="673c0b6b"
# ## 练习
#
# 回到那个屏蔽了两个镜像仓库的 minikube 集群。

# %%
%kubelab reset blocked_registries=k8s.gcr.io,gcr.io
cluster = kubelab.current_cluster()

# %% [markdown] en="f3c932bd"
# **练习 1.** 让 `hello-node`（镜像照原样写 `k8s.gcr.io/echoserver:1.4`）运行起来 —— 用任何行得通的办法。
# 下面的单元格会创建它并让拉取失败；然后检查会说明还有什么不对。在它下面新建单元格完成练习，再运行一次检查；
# 参考答案在后面，已折叠（点击即可展开）。

# %%
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4
%kubelab run 40s
ch02.hello_node_running(cluster)

# %% [markdown] en="e7f04480"
# 参考答案（已折叠；用笔记的办法，并删除 Pod 以免等待回退）：

# %% tags=["solution"]
%host minikube docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4
%host minikube docker tag registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4 k8s.gcr.io/echoserver:1.4
%kubectl delete pods -l app=hello-node
%kubelab settle
%kubectl get pods
ch02.hello_node_running(cluster)

# %% [markdown] en="1d27bdac"
# **练习 2.** `gcr.io/google-samples/kubernetes-bootcamp:v1` 在 anjia0532 下叫什么名字？

# %%
my_name = ""
ch02.anjia_name("gcr.io/google-samples/kubernetes-bootcamp:v1", my_name)

# %% [markdown] en="ab642319"
# 参考答案（已折叠；先看一个差一点就对的答案）：

# %% tags=["solution"]
print(ch02.anjia_name("gcr.io/google-samples/kubernetes-bootcamp:v1", "anjia0532/google-samples/kubernetes-bootcamp:v1"))
ch02.anjia_name("gcr.io/google-samples/kubernetes-bootcamp:v1", "anjia0532/google-samples.kubernetes-bootcamp:v1")

# %% [markdown] en="80a968ba"
# **练习 3.** 在这个集群中创建一个 Deployment `kubernetes-bootcamp`，运行 `gcr.io/google-samples/kubernetes-bootcamp:v1`
# （Pod 必须运行起来）。

# %%
ch02.bootcamp_running(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1
%kubectl set image deployment/kubernetes-bootcamp kubernetes-bootcamp=anjia0532/google-samples.kubernetes-bootcamp:v1
%kubelab settle
%kubectl get pods -l app=kubernetes-bootcamp
ch02.bootcamp_running(cluster)

# %% [markdown] en="a3d1f219"
# ## 小结
#
# - 拉取不到的镜像会导致 `ErrImagePull`，然后是等待时间越来越长的 `ImagePullBackOff`；`kubectl describe pod` 显示运行时的错误。
# - 在节点上给镜像副本重新打标签（`docker pull`、`docker tag`、`docker rmi`）只在 `imagePullPolicy: IfNotPresent` 或 `Never`
#   时有效，而且只对你做过这件事的节点有效。
# - 在 Pod 规约中直接写镜像副本的名字更简单：`k8s.gcr.io/名称:标签` 对应阿里云的 `…/google_containers/名称:标签`；
#   `gcr.io/名字空间/名称:标签` 对应 `anjia0532/名字空间.名称:标签`。
# - `kubeadm init --image-repository` 从镜像站拉取控制平面的镜像；默认的镜像仓库现在是 `registry.k8s.io`。
#
# 下一章：[03 · Deployment](03-deployments.ipynb)。
