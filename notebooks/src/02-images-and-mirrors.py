# %% [markdown]
# # 02 · Images and registry mirrors — 镜像处理, 解决k8s.gcr.io无法拉取镜像问题
#
# ← [01 Installing a cluster](01-installing-a-cluster.ipynb) · [Course start](00-start-here.ipynb) · [03 Deployments](03-deployments.ipynb) →
#
# **What you will learn**
#
# - what a pod looks like when its image cannot be pulled: `ErrImagePull`, then `ImagePullBackOff`;
# - the notes' three ways around an unreachable `k8s.gcr.io` / `gcr.io`: pull a copy and re-tag it
#   on the node (`docker pull / tag / rmi`), use a mirror's name directly (Aliyun's
#   `google_containers`, Docker Hub's `anjia0532`), and kubeadm's `--image-repository`;
# - how the mirror names are formed, as functions and as a table;
# - why the re-tag trick depends on `imagePullPolicy`.
# - what changed in 2024 (Docker Hub blocked in mainland China, its copies with it), and how a
#   registry mirror in the container runtime's configuration fixes it without renaming images.
#
# **What is simulated.** The registries: the kit knows the images the course uses, and a cluster
# option makes some registries unreachable, as they are from the network the notes were written
# on. Pulls that cannot connect fail with the container runtime's real messages after their real
# timeouts (in simulated time). `%host minikube docker ...` runs Docker's `pull`, `tag`, `rmi` and
# `images` on the node's image store — the same store the kubelet looks in.

# %%
%load_ext kubelab
import kubelab
from kubelab.exercises import ch02
from kubelab.setup import mirrors

# %% [markdown]
# ## A cluster that cannot reach k8s.gcr.io
#
# `%kubelab reset blocked_registries=k8s.gcr.io,gcr.io` starts minikube's cluster with those two
# registries unreachable. Now the notes' first Deployment ([chapter 03](03-deployments.ipynb)):

# %%
%kubelab reset blocked_registries=k8s.gcr.io,gcr.io
cluster = kubelab.current_cluster()
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4
%kubectl get pods

# %% [markdown]
# The kubelet is trying to pull. The connection never gets an answer, and after 30 seconds the
# container runtime (Docker, through cri-dockerd, on minikube's node) gives up:

# %%
%kubelab run 40s
%kubectl get pods

# %% [markdown]
# `ImagePullBackOff`: the pull failed (`ErrImagePull`) and the kubelet now waits before trying again
# — 10 s, then 20 s, 40 s ... up to 5 minutes. The events tell the whole story; the `Failed` line
# has the error from the container runtime, `request canceled while waiting for connection
# (Client.Timeout exceeded while awaiting headers)` (containerd, on other clusters, says
# `dial tcp …:443: i/o timeout`):

# %%
%kubectl describe pods -l app=hello-node

# %% [markdown]
# The first pull as a picture, drawn from the pod's Events (`Pulling`, then `Failed` 30 s later)
# and the node's view of the registries: the kubelet asks the container runtime, the runtime asks
# `k8s.gcr.io` and never gets an answer (the dashed arrow).

# %%
from kubelab.viz.pull import show_pull
pod = cluster.api.list("pods", "default")[0]["metadata"]["name"]
show_pull(cluster, pod)

# %% [markdown]
# ## 解决k8s.gcr.io无法拉取镜像问题 — re-tagging a copy on the node
#
# The notes (镜像处理, and again under 解决k8s.gcr.io无法拉取镜像问题, with `{}` for any image):
#
# ```
# docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4
# docker tag registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4 k8s.gcr.io/echoserver:1.4
# docker rmi registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4
# ```
#
# Aliyun (阿里云) keeps a copy of Google's images under `registry.cn-hangzhou.aliyuncs.com/google_containers`.
# The idea: pull the copy, give it the name the pod asks for, drop the copy's name. The commands
# run on the **node** (minikube's node is the machine `minikube`), because that is where the
# kubelet looks for images.
#
# First, what the notes' second version does: it has a typo, `go ogle_containers` with a space,
# so the shell passes two arguments:

# %%
%host minikube docker pull registry.cn-hangzhou.aliyuncs.com/go ogle_containers/echoserver:1.4

# %% [markdown]
# Docker refuses it before anything is downloaded. Without the space:

# %%
%host minikube docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4

# %%
%host minikube docker tag registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4 k8s.gcr.io/echoserver:1.4
%host minikube docker rmi registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4
%host minikube docker images

# %% [markdown]
# `docker tag` only adds a name to the same image (same IMAGE ID), and `docker rmi` of the Aliyun
# name only removes that name (`Untagged:`) — the image stays because another name still points to it.
# The node now has `k8s.gcr.io/echoserver:1.4`.
#
# The pod is still in back-off. Watch it: the pull that was already under way times out
# (`ErrImagePull`), and the next attempt first checks the node — and finds the image:

# %%
%kubectl get pods -w --request-timeout=5m

# %%
%kubectl get events --field-selector reason=Pulled

# %% [markdown]
# `Container image "k8s.gcr.io/echoserver:1.4" already present on machine`: the kubelet did not
# contact the registry at all. That is because of the container's **`imagePullPolicy`**:

# %%
%kubectl get deployment hello-node -o jsonpath='{.spec.template.spec.containers[0].imagePullPolicy}{"\n"}'

# %% [markdown]
# - `IfNotPresent` (the default for an image with a tag other than `latest`): pull only when the
#   node does not have the image. The re-tag trick works.
# - `Always` (the default for `:latest` or no tag): ask the registry every time a container starts —
#   the image on the node does not help:

# %%
%kubectl run always --image=k8s.gcr.io/echoserver:1.4 --image-pull-policy=Always
%kubelab run 40s
%kubectl get pod always
%kubectl delete pod always --now

# %% [markdown]
# - `Never`: only use what the node has.
#
# The trick has two more limits: it must be repeated on **every node** a pod may run on (the image
# store is per node), and a new node starts without the image.
#
# ## Using the mirror's name directly
#
# Simpler: name the mirror in the pod spec. The notes keep that variant, commented out, for
# chapter 03's Deployment. Replace the re-tagged `hello-node` with it, the notes' line as written:

# %%
%kubectl delete deployment hello-node
%kubectl create deployment hello-node --image=registry.aliyuncs.com/google_containers/echoserver:1.4
%kubelab settle
%kubectl get pods -l app=hello-node

# %% [markdown]
# The kubelet pulled it from Aliyun — its `Pulled` event, picked out of all events with `grep`:

# %%
%%shell
kubectl get events --field-selector reason=Pulled | grep aliyuncs

# %% [markdown]
# The same pull as a picture: this time the runtime asks Aliyun's registry, which holds a copy of
# the image, and the image comes back (the times are the pod's `Pulling` and `Pulled` events).

# %%
pod = next(p["metadata"]["name"] for p in cluster.api.list("pods", "default")
           if p["metadata"]["labels"].get("app") == "hello-node")
show_pull(cluster, pod)

# %% [markdown]
# ### The naming schemes
#
# Aliyun's copies keep the image's name under `google_containers`. Images on `gcr.io` outside
# `google_containers` (for example `gcr.io/google-samples/...`) are not there. For those, the notes
# point to a project that copies them to Docker Hub:
#
# > 作者将gcr.io相关镜像pull下来,然后push到docker官方仓库
# >
# > `gcr.io/namespace/image_name:image_tag` 等价于 `anjia0532/namespace.image_name:image_tag`
# >
# > `gcr.io/google-samples/node-hello:1.0` -> `anjia0532/google-samples.node-hello:1.0`
#
# Docker Hub allows only one level under a user, so `namespace/image_name` becomes
# `namespace.image_name`. The kit has both schemes as functions, both ways
# (`kubelab.setup.mirrors`):

# %%
print(mirrors.to_anjia0532("gcr.io/google-samples/node-hello:1.0"))
print(mirrors.from_anjia0532("anjia0532/google-samples.node-hello:1.0"))
print(mirrors.to_aliyun("k8s.gcr.io/echoserver:1.4"))
print(mirrors.from_aliyun("registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4"))

# %% [markdown]
# For the images this course uses (— where a scheme does not apply):

# %%
from kubelab.kubectl.printers import tabwrite
course_images = ["k8s.gcr.io/echoserver:1.4", "k8s.gcr.io/pause:3.10", "k8s.gcr.io/kube-proxy:v1.32.0",
                 "gcr.io/google-samples/node-hello:1.0", "gcr.io/google-samples/kubernetes-bootcamp:v1",
                 "gcr.io/google_containers/echoserver:1.4"]
print(tabwrite([["IMAGE", "ALIYUN", "ANJIA0532"]] + [list(row) for row in mirrors.mirror_table(course_images)]))

# %% [markdown]
# `gcr.io/google_containers/X` is the old name of `k8s.gcr.io/X`, so it has an Aliyun copy, but
# anjia0532's scheme would name it `anjia0532/google_containers.echoserver:1.4`.
#
# The notes' example through the Docker Hub copy — `gcr.io` itself is blocked here:

# %%
%host minikube docker pull gcr.io/google-samples/node-hello:1.0

# %%
%kubectl create deployment node-hello --image=anjia0532/google-samples.node-hello:1.0
%kubelab settle
%kubectl get pods -l app=node-hello

# %% [markdown]
# A word of caution the notes do not give: a mirror is someone else's copy. anjia0532's is a
# personal project (it has not been updated for years), and nothing guarantees that its
# `node-hello:1.0` is Google's. Compare digests when it matters (`docker images --digests`), or
# use the upstream registry through a proxy you control.
#
# ## kubeadm's `--image-repository`
#
# Installing a cluster needs seven images (API server, controller manager, scheduler, proxy,
# CoreDNS, pause, etcd). kubeadm prints them:

# %%
%kubelab reset profile=bare machines=1 blocked_registries=k8s.gcr.io,gcr.io,registry.k8s.io
cluster = kubelab.current_cluster()
%host master kubeadm config images list
%host master kubeadm config images list --image-repository registry.aliyuncs.com/google_containers

# %% [markdown]
# Today the default is `registry.k8s.io`, not `k8s.gcr.io`: the community moved its images in 2023
# and `k8s.gcr.io` is frozen (it has no images of newer releases). With a custom repository kubeadm
# also flattens `coredns/coredns` to `coredns`, because mirrors like Aliyun's keep one level.
#
# Where `registry.k8s.io` cannot be reached, `kubeadm init` without the flag stops at preflight
# after trying each image (these machines run Docker Engine with cri-dockerd, so `--cri-socket`
# names the runtime — [chapter 01](01-installing-a-cluster.ipynb)):

# %%
%%shell master
kubeadm init --pod-network-cidr=10.244.0.0/16 --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown]
# With the notes' flag, the images come from Aliyun (the preflight lines and the verdict, picked
# with `grep`; the certificate and manifest steps in between are in chapter 01):

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers --pod-network-cidr=10.244.0.0/16 \
    --cri-socket unix:///var/run/cri-dockerd.sock | grep -E 'preflight|successfully'
docker images

# %% [markdown]
# ## Since 2024: Docker Hub is blocked too
#
# The notes were written when only Google's registries were out of reach, and Docker Hub was the
# way around them (anjia0532's copies). Since June 2024, from most networks in mainland China,
# Docker Hub (`registry-1.docker.io`) cannot be reached either, and most of the public Docker Hub
# mirrors run in China (USTC, SJTU, NJU, NetEase's 163) closed at the same time. The kit's list of
# what such a node cannot reach:

# %%
from kubelab.apps.catalog import MAINLAND_CHINA_2024
print(",".join(sorted(MAINLAND_CHINA_2024)))

# %% [markdown]
# A cluster on such a network, and the most ordinary image there is:

# %%
%kubelab reset blocked_registries=docker.io,gcr.io,k8s.gcr.io,mirror.gcr.io,registry.k8s.io
cluster = kubelab.current_cluster()
%kubectl create deployment web --image=nginx:1.27
%kubelab run 40s
%kubectl get pods

# %%
%%shell
kubectl describe pods -l app=web | grep 'Failed to pull'

# %% [markdown]
# The same timeout as for `k8s.gcr.io`, now from `registry-1.docker.io`. The notes' Docker Hub
# copies fail the same way; Aliyun's copies, hosted in China, still answer:

# %%
%host minikube docker pull anjia0532/google-samples.node-hello:1.0

# %%
%host minikube docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4

# %% [markdown]
# ### A registry mirror in the runtime's configuration
#
# Renaming every image does not scale (and `nginx:1.27` has no Aliyun copy). A *registry mirror*
# serves a registry's images under their own names: the container runtime asks the mirror first,
# and the pod spec keeps saying `nginx:1.27`. Where it is configured:
#
# - Docker (minikube's node, the notes' machines): `/etc/docker/daemon.json`, for Docker Hub only,
#   then `systemctl restart docker`:
#
#   ```json
#   {"registry-mirrors": ["https://docker.m.daocloud.io"]}
#   ```
#
# - containerd (kubeadm's usual runtime today): one file per registry, any registry, e.g.
#   `/etc/containerd/certs.d/docker.io/hosts.toml` (with `config_path = "/etc/containerd/certs.d"`
#   in containerd's `config.toml`), and likewise for `registry.k8s.io` with
#   `https://k8s.m.daocloud.io`:
#
#   ```toml
#   server = "https://docker.io"
#
#   [host."https://docker.m.daocloud.io"]
#     capabilities = ["pull", "resolve"]
#   ```
#
# - minikube writes Docker's file itself: `minikube start --registry-mirror=https://docker.m.daocloud.io`
#   (and `--image-mirror-country=cn` takes minikube's own images from Aliyun).
#
# `docker.m.daocloud.io` is DaoCloud's public mirror, which still serves; an Aliyun account also
# gets its own Docker Hub accelerator (`https://<id>.mirror.aliyuncs.com`). Public mirrors come
# and go, so check one before relying on it. In the kit, `%kubelab reset registry_mirrors=...`
# starts a cluster as `minikube start --registry-mirror` would:

# %%
%kubelab reset blocked_registries=docker.io,gcr.io,k8s.gcr.io,mirror.gcr.io,registry.k8s.io registry_mirrors=docker.io=https://docker.m.daocloud.io
cluster = kubelab.current_cluster()
%kubectl create deployment web --image=nginx:1.27
%kubelab settle
%kubectl get pods

# %%
%%shell
kubectl describe pods -l app=web | grep -E 'Pulling|Pulled'

# %% [markdown]
# The pull through the mirror as a picture, from the pod's `Pulling` and `Pulled` events and the
# runtime's mirror configuration: the runtime asks `docker.m.daocloud.io` first, which serves
# Docker Hub's images, and never has to ask the blocked `registry-1.docker.io`.

# %%
pod = next(p["metadata"]["name"] for p in cluster.api.list("pods", "default")
           if p["metadata"]["labels"].get("app") == "web")
show_pull(cluster, pod)

# %% [markdown]
# Pulled, and still under its own name. Docker's `registry-mirrors` cover Docker Hub only: an
# image from `registry.k8s.io` is still out of reach, and needs a mirror for that registry
# (containerd's `hosts.toml`), a mirror's name in the spec, or, for the control plane,
# kubeadm's `--image-repository` (above):

# %%
%host minikube docker pull registry.k8s.io/pause:3.10

# %%
%host minikube docker pull k8s.m.daocloud.io/pause:3.10

# %% [markdown]
# ## Exercises
#
# Back to minikube's cluster with the two registries blocked.

# %%
%kubelab reset blocked_registries=k8s.gcr.io,gcr.io
cluster = kubelab.current_cluster()

# %% [markdown]
# **Exercise 1.** Get `hello-node` (image `k8s.gcr.io/echoserver:1.4`, as written) running — any
# way that works. The cell below creates it and lets the pull fail; then the check says what is
# still wrong. Work in new cells under it, run the check again; the worked solution follows,
# collapsed (click it to open it).

# %%
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4
%kubelab run 40s
ch02.hello_node_running(cluster)

# %% [markdown]
# Solution (collapsed; the notes' way, and deleting the pod saves waiting for the back-off):

# %% tags=["solution"]
%host minikube docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4
%host minikube docker tag registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4 k8s.gcr.io/echoserver:1.4
%kubectl delete pods -l app=hello-node
%kubelab settle
%kubectl get pods
ch02.hello_node_running(cluster)

# %% [markdown]
# **Exercise 2.** What is the anjia0532 name of `gcr.io/google-samples/kubernetes-bootcamp:v1`?

# %%
my_name = ""
ch02.anjia_name("gcr.io/google-samples/kubernetes-bootcamp:v1", my_name)

# %% [markdown]
# Solution (collapsed; first a near miss):

# %% tags=["solution"]
print(ch02.anjia_name("gcr.io/google-samples/kubernetes-bootcamp:v1", "anjia0532/google-samples/kubernetes-bootcamp:v1"))
ch02.anjia_name("gcr.io/google-samples/kubernetes-bootcamp:v1", "anjia0532/google-samples.kubernetes-bootcamp:v1")

# %% [markdown]
# **Exercise 3.** Create a Deployment `kubernetes-bootcamp` that runs
# `gcr.io/google-samples/kubernetes-bootcamp:v1` in this cluster (the pods must run).

# %%
ch02.bootcamp_running(cluster)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1
%kubectl set image deployment/kubernetes-bootcamp kubernetes-bootcamp=anjia0532/google-samples.kubernetes-bootcamp:v1
%kubelab settle
%kubectl get pods -l app=kubernetes-bootcamp
ch02.bootcamp_running(cluster)

# %% [markdown]
# ## Summary
#
# - An image that cannot be pulled gives `ErrImagePull`, then `ImagePullBackOff` with growing
#   waits; `kubectl describe pod` shows the runtime's error.
# - Re-tagging a mirror's copy on the node (`docker pull`, `docker tag`, `docker rmi`) works only with
#   `imagePullPolicy: IfNotPresent` or `Never`, and only on the nodes where you did it.
# - Naming the mirror in the pod spec is simpler: Aliyun's `…/google_containers/NAME:TAG` for
#   `k8s.gcr.io/NAME:TAG`; `anjia0532/NAMESPACE.NAME:TAG` for `gcr.io/NAMESPACE/NAME:TAG`.
# - `kubeadm init --image-repository` pulls the control plane's images from a mirror; the default
#   registry is now `registry.k8s.io`.
#
# Next: [03 · Deployments](03-deployments.ipynb).
