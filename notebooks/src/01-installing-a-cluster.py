# %% [markdown]
# # 01 · Installing a cluster: kubeadm, kubeconfig, flannel, minikube — 初始化, kubeadm安装, minkube
#
# ← [00 Start here](00-start-here.ipynb) · [Course start](00-start-here.ipynb) · [02 Images and registry mirrors](02-images-and-mirrors.ipynb) →
#
# **What you will learn**
#
# - what the notes' installation does, step by step: packages, `kubeadm init` and its three flags,
#   the kubeconfig copy, the pod network (flannel), `kubeadm join` on the other machines;
# - why nodes are `NotReady` and CoreDNS is `Pending` until a pod network is installed;
# - how `kubeadm join` knows it talks to the right cluster (a bootstrap token and the CA hash), and
#   why the join line printed in the notes is refused by any other cluster;
# - what `--ignore-preflight-errors=Swap` does today, and what to do instead;
# - the one-machine alternative: minikube.
#
# **What is simulated.** You cannot install Kubernetes from a notebook without root, Docker and
# three machines, so the kit gives you three simulated machines — `master` (10.150.31.115, the
# address in the notes), `node1` and `node2` — first as the notes had them (CentOS 7), then as
# you would set them up today. A `%%shell` cell is a terminal on `master` (`%%shell node1` on
# another machine): the notes' lines run there as written — quotes, `$VAR`, `$(…)`, pipes to
# `grep`, `&&`. kubeadm, docker, minikube, kubectl, `mkdir`, `cp`, `chown`, `scp` and `swapoff`
# are simulated with the output of the real tools (kubeadm v1.32); `yum` and `curl` only say
# what they would do (nothing is downloaded). What is real: kubeadm's preflight checks and their
# wording, the cluster's CA certificate and key (generated from the notebook's seed, so they are
# the same every time), the hash of its public key, the bootstrap tokens and the signature
# kubeadm checks, the kubeconfig files, the flannel manifest (v0.26.3, bundled in the kit), and
# every Kubernetes object the steps create.

# %%
%load_ext kubelab
import kubelab
from kubelab.exercises import ch01

# %% [markdown]
# ## Three machines as the notes had them
#
# `%kubelab reset profile=bare os=centos7` gives three CentOS 7 machines and no cluster. Like
# many lab machines of the time, they have swap turned on (`swap=true`) — the reason the notes
# pass `--ignore-preflight-errors=Swap` — and Docker Engine as their container engine.

# %%
%kubelab reset profile=bare machines=3 swap=true os=centos7
cluster = kubelab.current_cluster()

# %%
%%shell master
hostname && id
uname -r

# %% [markdown]
# In this chapter `%kubectl` is the kubectl of `master`. It has nothing to talk to yet: without a
# kubeconfig, kubectl tries `localhost:8080`, where nothing listens. (It tries five times before
# it gives up, so the same `memcache.go` line comes five times; later in the chapter the same
# failure is shown by its last line only.)

# %%
%kubectl get nodes
# %% [markdown]
# ## 初始化 — the packages
#
# The notes (初始化) add a yum repository and install the three programs:
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
# - **kubeadm** sets up a cluster (certificates, control-plane static pods, tokens);
# - **kubelet** is the agent that runs pods on every machine (a systemd service);
# - **kubectl** is the client you use afterwards.
#
# The kit does not install packages: the three are already on every machine, so `yum` only says so.

# %%
%host master yum install -y kubelet kubeadm kubectl --disableexcludes=kubernetes

# %% [markdown]
# Three things in the notes' repository file are worth knowing (the kit does not run the `cat`):
#
# - The heredoc is never closed: the line `EOF` is missing. Typed like this, bash keeps reading, the
#   `yum install` line ends up *inside* the repository file, and bash warns
#   `here-document at line 1 delimited by end-of-file (wanted 'EOF')`. Put `EOF` on its own line
#   after the `gpgkey=` line.
# - `--disableexcludes=kubernetes` only matters if the repository has an `exclude=kubelet kubeadm
#   kubectl ...` line (the official instructions add one, so that a routine `yum update` does not
#   upgrade the cluster behind your back). The notes' file has none.
# - That repository is the *legacy* Google one (and mirrors of it), frozen in 2023. Packages for
#   current releases come from `pkgs.k8s.io`, one repository per minor version, with signatures
#   checked (`gpgcheck=1`; the notes turn checking off):
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
# The notes (kubeadm安装, "run as root"):
#
# ```
# kubeadm init --image-repository registry.aliyuncs.com/google_containers \
#              --pod-network-cidr=10.244.0.0/16 \
#              --ignore-preflight-errors=Swap
# ```
#
# - `--image-repository registry.aliyuncs.com/google_containers`: pull the control-plane images
#   (kube-apiserver, etcd, ...) from Aliyun's copy instead of `registry.k8s.io`, which the notes'
#   network cannot reach ([chapter 02](02-images-and-mirrors.ipynb));
# - `--pod-network-cidr=10.244.0.0/16`: the address range for pods; each node gets a /24 of it. It
#   must match the pod network you install next — flannel's default is exactly 10.244.0.0/16;
# - `--ignore-preflight-errors=Swap`: turn the swap check from an error into a warning.
#
# Run it on master, as the notes do:

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap

# %% [markdown]
# ### What changed since the notes were written
#
# kubeadm v1.32 refuses the notes' machine before it does anything. Read the output bottom-up:
#
# - **`[ERROR SystemVerification]: kernel release 3.10.0-1160.el7.x86_64 is unsupported`.**
#   Kubernetes v1.32 needs a 4.19 kernel (or any 5.x or 6.x); CentOS 7 ships 3.10. The second
#   error says the same from another angle: `CONFIG_CGROUP_BPF`, which the kubelet uses for
#   device control on cgroups v2, only exists from kernel 4.10. The long list above the errors is
#   the verification report kubeadm prints when it fails: every kernel option and cgroup
#   controller it checked.
# - **`[WARNING SystemVerification]: cgroups v1 support is in maintenance mode`.** CentOS 7 uses
#   cgroups v1; the kubelet's cgroups v1 support gets no new features (swap, for one, works on
#   cgroups v2 only).
# - **`WARNING: Couldn't create the interface used for talking to the container runtime`**
#   (the `W…checks.go` line near the top). kubeadm and the kubelet talk to the container runtime
#   through the CRI. Docker Engine does not serve the CRI: the kubelet's built-in adapter for it,
#   the *dockershim*, was removed in **v1.24**. Docker Engine does run containerd, so kubeadm finds
#   `containerd.sock` — but the containerd configuration Docker ships has the CRI plugin switched
#   off (`disabled_plugins = ["cri"]`), hence `unknown service runtime.v1.RuntimeService`.
# - **`[WARNING Swap]`** is only a warning: kubeadm turned the swap check from an error into a
#   warning in **v1.23** (more on swap below).
#
# And the machine itself: **CentOS 7 reached its end of life on 30 June 2024** — no more
# security updates, and its yum mirrors moved to the archive (`vault.centos.org`).
#
# Ignoring the kernel check (`--ignore-preflight-errors=SystemVerification`) only gets as far as
# the next wall, the runtime: kubeadm cannot pull the control-plane images through a CRI that is
# not there. The last four lines of the output (`2>&1` sends the errors down the pipe too,
# `tail -n 4` keeps the end):

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap,SystemVerification 2>&1 | tail -n 4

# %% [markdown]
# ## The path that works today
#
# What a machine needs for kubeadm v1.32:
#
# - a **supported kernel**: a current distribution (Rocky Linux or AlmaLinux 9, Ubuntu 22.04 or
#   24.04, Debian 12; on CentOS 7 only a kernel from outside the distribution, such as ELRepo's
#   `kernel-lt`, gets past the check, on a system that no longer gets updates);
# - a **CRI runtime**: containerd with its CRI plugin on (the usual choice; with Docker's
#   containerd, remove `cri` from `disabled_plugins` in `/etc/containerd/config.toml` and restart
#   it), CRI-O, or — to keep Docker Engine, as the notes do — **cri-dockerd**, Mirantis' CRI
#   adapter in front of Docker;
# - the packages from `pkgs.k8s.io` (above), or its mirror `mirrors.aliyun.com/kubernetes-new/`.
#
# The kit's machines of today: Rocky Linux 9 (kernel 5.14, cgroups v2) with Docker Engine and
# cri-dockerd. Still with swap on, to finish the notes' story:

# %%
%kubelab reset profile=bare machines=3 swap=true os=rocky9
cluster = kubelab.current_cluster()

# %%
%%shell master
uname -r
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap

# %% [markdown]
# Docker Engine brings containerd, cri-dockerd brings a second CRI socket: kubeadm will not guess
# which runtime the kubelet should use. **`--cri-socket`** names it — the same flag goes on every
# `kubeadm join` (and `kubeadm reset`) on such a machine:

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap \
             --cri-socket unix:///var/run/cri-dockerd.sock 2>&1 | grep -E 'WARNING|kubelet-check|error'

# %% [markdown]
# (Only the lines that matter here, picked with `grep`: kubeadm's certificate and manifest steps
# came in between and are shown in full below.)
#
# ### What the notes get wrong: the swap flag no longer helps
#
# When the notes were written (kubeadm before v1.23) the swap check was a preflight **error**,
# `[ERROR Swap]: running with swap on is not supported. Please disable swap`, and the flag let
# `init` carry on. Since v1.23 kubeadm only prints `[WARNING Swap]`, so the flag changes nothing —
# and the real obstacle comes later: the **kubelet** itself refuses to start while swap is on (its
# setting `failSwapOn` is true by default). kubeadm waits four minutes for a healthy kubelet and
# gives up: `The kubelet is not healthy after 4m0s`.
#
# The fix is to turn swap off (and remove it from `/etc/fstab` so it stays off after a reboot),
# undo the half-finished init with `kubeadm reset`, and run `kubeadm init` again. Without the
# reset, the second init stops at preflight because the first one left its files and ports:

# %%
%%shell master
swapoff -a && kubeadm init --image-repository registry.aliyuncs.com/google_containers --pod-network-cidr=10.244.0.0/16 --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown]
# `kubeadm reset -f` (`-f`: do not ask for confirmation), then `init` again:

# %%
%%shell master
kubeadm reset -f --cri-socket unix:///var/run/cri-dockerd.sock

# %%
%%shell master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown]
# Read the output from the top — every line is a step:
#
# - `[preflight]` checks the machine and pulls the seven control-plane images (from Aliyun);
# - `[certs]` creates the cluster's certificate authority (`ca`) and the certificates of the API
#   server, etcd and the clients;
# - `[kubeconfig]` writes kubeconfig files: `admin.conf` is the administrator's;
# - `[etcd]`, `[control-plane]` write **static pod** manifests to `/etc/kubernetes/manifests`: the
#   kubelet starts etcd, kube-apiserver, kube-controller-manager and kube-scheduler from these files
#   ([chapter 09](09-architecture.ipynb) is about what each does);
# - `[mark-control-plane]` labels and taints the node so ordinary pods stay off it;
# - `[bootstrap-token]` makes a token for joining, and `[addons]` installs CoreDNS and kube-proxy;
# - the last lines are the instructions for you — including the `kubeadm join` line.
#
# The static pod manifests are ordinary files on master:

# %%
%host master cat /etc/kubernetes/manifests/kube-scheduler.yaml

# %% [markdown]
# The file calls the pod plain `kube-scheduler`. The kubelet that runs it appends its node's name
# and tells the API about it, so `kubectl get pods -n kube-system` (below) lists
# `kube-scheduler-master`, one per control-plane node.
#
# ## The kubeconfig
#
# The notes then copy the administrator's kubeconfig to where kubectl looks for it
# (`$HOME/.kube/config`) and make it yours:
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

# %% [markdown]
# Now kubectl knows the API server's address (`https://10.150.31.115:6443`), the CA to trust and a
# client certificate (`kubectl config view` hides the embedded keys):

# %%
%kubectl config view

# %% [markdown]
# The notes' comment `#此时非root用户可以执行kubelet命令` ("now non-root users can run kubelet
# commands") is off twice: the command you can now run is **kubectl**, not kubelet; and the copy
# went to the home of whoever ran it — here root (`/root/.kube/config`). A non-root user runs the
# same three lines as themselves (that is what the `sudo` and the `chown` are for). As root you
# can also just `export KUBECONFIG=/etc/kubernetes/admin.conf`, as kubeadm's output says.
#
# ## NotReady until there is a pod network

# %%
%kubectl get nodes
%kubectl get pods -n kube-system

# %% [markdown]
# The node is `NotReady` and CoreDNS is `Pending`, while the static pods and kube-proxy run (they
# use the host's network). Kubernetes does not come with a pod network: the kubelet reports
# "cni plugin not initialized" until a network add-on puts its configuration in `/etc/cni/net.d`,
# and until then the node keeps a `not-ready` taint that keeps ordinary pods such as CoreDNS off it:

# %%
%kubectl get node master -o jsonpath='{.spec.taints}{"\n"}{.status.conditions[?(@.type=="Ready")].message}{"\n"}'

# %% [markdown]
# ### Installing flannel
#
# The notes install **flannel** (`#安装flannel网络附加组件`). The URL has moved — `coreos/flannel`
# is now `flannel-io/flannel` on GitHub and the old address redirects — and the kit serves the
# file from its bundled copy (flannel v0.26.3):

# %%
%kubectl apply -f https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml

# %% [markdown]
# A namespace, the RBAC flannel needs to read nodes, its configuration (network `10.244.0.0/16`,
# VXLAN) and a **DaemonSet**: one flannel pod per node. Its init container copies the CNI plugin and
# configuration onto the host; then the kubelet reports the network ready:

# %%
%kubelab settle
%kubectl get nodes
%kubectl get ds -A
%kubectl get pods -n kube-system -l k8s-app=kube-dns -o wide

# %% [markdown]
# The node is `Ready`, its `not-ready` taint is gone, CoreDNS is `Running` with addresses from the
# node's `10.244.0.0/24`. (The notes' "此时kubernate启动成功" — Kubernetes is up — is true only now.)
#
# ## Joining the other machines
#
# The notes go to each other machine and, as root, run `kubeadm join` with the line from their own
# `kubeadm init`:
#
# ```
# kubeadm join 10.150.31.115:6443 --token doz94r.6xebnfstr9nfz7tg \
#     --discovery-token-ca-cert-hash sha256:a5e181604418fc6531e928e3a614c3b4882598f2de1a13efbdc8d939945ca5b7
# ```
#
# Both values belong to **their** cluster. Swap is on here too, so turn it off first. Then try
# the notes' line on node1 — with the `--cri-socket` flag this machine needs, as master did:

# %%
%%shell node1
swapoff -a
kubeadm join 10.150.31.115:6443 --token doz94r.6xebnfstr9nfz7tg \
    --discovery-token-ca-cert-hash sha256:a5e181604418fc6531e928e3a614c3b4882598f2de1a13efbdc8d939945ca5b7 \
    --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown]
# Refused (after kubeadm retried for five minutes). How joining works:
#
# 1. The **token** (`<6 characters>.<16 characters>`) is a shared secret stored in the cluster as
#    a Secret `bootstrap-token-<id>`. The new machine fetches the public `cluster-info` ConfigMap
#    (the API server's address and CA certificate) and checks that it is signed with the token.
#    This cluster never issued a token `doz94r`, so there is no signature for it.
# 2. The **CA hash** is the SHA-256 of the cluster CA's public key. After the signature, kubeadm
#    checks that the CA in `cluster-info` has this hash — so a machine cannot be tricked into
#    joining an impostor, even by someone who knows the token.
#
# This cluster's tokens, and the signatures in `cluster-info` (one `jws-kubeconfig-<token id>`
# key per token):

# %%
%%shell master
kubectl get secrets -n kube-system --field-selector type=bootstrap.kubernetes.io/token
kubectl get configmap cluster-info -n kube-public -o yaml | grep jws-kubeconfig

# %% [markdown]
# With a token of this cluster but the notes' hash, the signature checks out and the CA does not.
# `kubeadm token create` on master prints a new token; `scp` carries it to node1 in a file, and
# `$(cat token)` puts it into node1's command line:

# %%
%%shell master
kubeadm token create > token
scp token node1:/root/token

# %%
%%shell node1
kubeadm join 10.150.31.115:6443 --token $(cat token) \
    --discovery-token-ca-cert-hash sha256:a5e181604418fc6531e928e3a614c3b4882598f2de1a13efbdc8d939945ca5b7 \
    --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown]
# The right line is the one **your** `kubeadm init` printed at the end of its output (above); in a
# terminal you would copy it, as the notes say. The token in it expires after 24 hours;
# `kubeadm token create --print-join-command` on master makes a new one and prints a complete
# join line. Here it goes into a file that `scp` copies to each worker:

# %%
%%shell master
kubeadm token create --print-join-command > join.sh
cat join.sh
scp join.sh node1:/root/join.sh
scp join.sh node2:/root/join.sh

# %% [markdown]
# On each worker, the line from the file plus the flag it lacks (kubeadm prints the join line
# without `--cri-socket`):

# %%
%%shell node1
$(cat join.sh) --cri-socket unix:///var/run/cri-dockerd.sock

# %%
%%shell node2
swapoff -a
$(cat join.sh) --cri-socket unix:///var/run/cri-dockerd.sock

# %% [markdown]
# A new node registers `NotReady`, like master did; the DaemonSet controller puts a flannel pod on
# it straight away (flannel tolerates the `not-ready` taint), and once that pod's init container
# has written the CNI configuration the node turns `Ready` — here within the second that passed:

# %%
%kubectl get nodes
%kubelab settle
%kubectl get nodes -o wide
%kubectl get pods -n kube-flannel -o wide

# %% [markdown]
# Three nodes, `Ready`, each with its own slice of the pod network:

# %%
%kubectl get nodes -o custom-columns=NAME:.metadata.name,POD-CIDR:.spec.podCIDR,TAINTS:.spec.taints[*].key

# %% [markdown]
# The whole bring-up in one picture, read back from the cluster's own objects (each node's
# creation time and the `lastTransitionTime` of its `Ready` condition, the flannel DaemonSet's and
# pods' times, CoreDNS's pods): one row per moment, T+ minutes:seconds from `kubeadm init`; one
# column per node with its state after that moment (hatched orange while `NotReady`, green once
# `Ready`), and CoreDNS (`Pending` until the pod network is there). Each node turns `Ready` right
# after its flannel pod runs — not when it joins.

# %%
from kubelab.viz.bootstrap import show_bootstrap
show_bootstrap(cluster)

# %% [markdown]
# Only master keeps a taint (`node-role.kubernetes.io/control-plane`): your pods go to the workers.
#
# ### The CA hash is just a hash
#
# Anyone can recompute it from the CA certificate — which is how you check a join line you were
# given. kubeadm's documentation does it with openssl:
# `openssl x509 -pubkey -in /etc/kubernetes/pki/ca.crt | openssl rsa -pubin -outform der 2>/dev/null | sha256sum`.
# The same in Python, on master's real certificate:

# %%
import hashlib
from cryptography import x509
from cryptography.hazmat.primitives import serialization

pem = cluster.machines["master"].files["/etc/kubernetes/pki/ca.crt"]
cert = x509.load_pem_x509_certificate(pem.encode())
spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
print(cert.subject.rfc4514_string(), cert.not_valid_before_utc.date(), "→", cert.not_valid_after_utc.date())
print("sha256:" + hashlib.sha256(spki).hexdigest())

# %% [markdown]
# ## kubectl on a worker
#
# The notes: "如果该节点要执行kubelet命令,可以把上面.kube/config文件复制到本节点的对应路径" — to run
# kubectl (again, not kubelet) on a worker, copy the kubeconfig there. Without it, node1's kubectl
# is as lost as master's was (its last line; the five `memcache.go` lines before it are the ones
# at the top of the chapter):

# %%
%%shell node1
kubectl get nodes 2>&1 | tail -n 1

# %%
%host node1 mkdir -p $HOME/.kube
%host master scp $HOME/.kube/config node1:/root/.kube/config
%host node1 kubectl get nodes

# %% [markdown]
# Keep in mind what you copied: `admin.conf` holds a client certificate of the group
# `kubeadm:cluster-admins` — full control of the cluster. Give workers (and people) their own
# credentials with fewer rights rather than copies of this file.
#
# ## minkube — one machine instead of three
#
# The notes' last way (the heading is spelled "minkube" in the notes) is **minikube**: a whole
# cluster on one computer, in a container or a VM. The notes download it, install it and start it:
#
# ```
# curl -LO https://storage.googleapis.com/minikube/releases/latest/minikube-linux-amd64
# sudo install minikube-linux-amd64 /usr/local/bin/minikube
# minikube start
# yum install conntrack
# ```
#
# (The notes wrap the URL in Markdown link brackets `[...](...)`; the shell needs the bare URL.)
#
# minikube refuses to run its default docker driver as root — which is how the notes run
# everything on these CentOS machines:

# %%
%host node2 minikube start

# %% [markdown]
# That is where `yum install conntrack` comes from: the alternative the message points to,
# `--driver=none`, runs Kubernetes directly on the host as root and needs `conntrack` (and
# cri-dockerd, crictl, the CNI plugins) installed first. The usual way is to run minikube as an
# ordinary user with Docker. The kit's other profile is exactly that: a laptop, user `learner`,
# with minikube's one-node cluster (it is the cluster the other chapters use). Downloading and
# installing are simulated (nothing leaves the notebook):

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

# %% [markdown]
# One node, `minikube`, that is both control plane and worker (minikube removes the control-plane
# taint), the same static pods, CoreDNS and kube-proxy, a bridge CNI that minikube configures
# itself, and minikube's `storage-provisioner` ([chapter 14](14-persistent-volumes.ipynb)).
# `minikube start` also wrote `~/.kube/config`, so kubectl works at once.
#
# ## Exercises
#
# The exercises use the kubeadm machines. Start again with a clean set (swap off this time):

# %%
%kubelab reset profile=bare
cluster = kubelab.current_cluster()

# %% [markdown]
# Each exercise has a check cell: run it when you think you are done; until then it says what is
# still missing. Write your own cells above it (`+` in the toolbar, or `B` in command mode). The
# worked solution follows each check, **collapsed**: click the `⋯` (or the bar left of it) to open
# it — try first.
#
# **Exercise 1.** Build the three-node cluster again: `kubeadm init` on master with the notes'
# flags (and the one today's machines need), the kubeconfig, flannel, and `kubeadm join` on node1
# and node2 (get a join line with `kubeadm token create --print-join-command` on master). The
# check wants all three nodes Ready and CoreDNS running.

# %%
ch01.three_ready_nodes(cluster)

# %% [markdown]
# Solution (collapsed):

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

# %% [markdown]
# **Exercise 2.** Compute this cluster's `--discovery-token-ca-cert-hash` yourself from
# `/etc/kubernetes/pki/ca.crt` on master (`cluster.machines["master"].files[...]` in Python, as
# in the section above), without copying it from kubeadm's output. Put it in `my_hash`.

# %%
my_hash = ""       # "sha256:" and 64 hex digits
ch01.ca_hash(cluster, my_hash)

# %% [markdown]
# Solution (collapsed). A tempting wrong answer first — the hash of the PEM text, not of the key:

# %% tags=["solution"]
pem = cluster.machines["master"].files["/etc/kubernetes/pki/ca.crt"]
print(ch01.ca_hash(cluster, "sha256:" + hashlib.sha256(pem.encode()).hexdigest()))
cert = x509.load_pem_x509_certificate(pem.encode())
spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
ch01.ca_hash(cluster, "sha256:" + hashlib.sha256(spki).hexdigest())

# %% [markdown]
# **Exercise 3.** The notes' own join line failed on node1 above (with the `--cri-socket` flag
# added). Which part made it fail first: `token`, `hash`, `address`, `swap` or `root`?

# %%
my_answer = ""
ch01.why_refused(my_answer)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
print(ch01.why_refused("hash"))
ch01.why_refused("token")

# %% [markdown]
# **Exercise 4.** Make kubectl work on node2.

# %%
ch01.kubectl_on_worker(cluster, "node2")

# %% [markdown]
# Solution (collapsed):

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

# %% [markdown]
# ## Summary
#
# - `kubeadm init` makes a control plane: certificates, kubeconfigs, static pods for etcd,
#   kube-apiserver, kube-controller-manager and kube-scheduler, a bootstrap token, CoreDNS and
#   kube-proxy. `--image-repository` chooses where the images come from, `--pod-network-cidr` the
#   pods' addresses; `--ignore-preflight-errors=Swap` is obsolete — turn swap off.
# - kubeadm v1.32 needs a 4.19+ kernel (CentOS 7's 3.10 fails preflight; CentOS 7 is end-of-life)
#   and a CRI runtime: containerd, CRI-O, or Docker Engine with cri-dockerd — then name the socket
#   with `--cri-socket` on `init` and `join`.
# - Copy `admin.conf` to `~/.kube/config` to use kubectl (on any machine you copy it to).
# - Nodes are `NotReady` and CoreDNS `Pending` until a pod network add-on such as flannel (a
#   DaemonSet) is installed.
# - `kubeadm join` needs *your* cluster's token and CA hash: the token proves the machine may join,
#   the hash proves the cluster is the right one. `kubeadm token create --print-join-command` gives
#   a fresh line.
# - minikube does all of this on one machine; run it as an ordinary user.
#
# Next: [02 · Images and registry mirrors](02-images-and-mirrors.ipynb) — what to do when
# `k8s.gcr.io` cannot be reached.
