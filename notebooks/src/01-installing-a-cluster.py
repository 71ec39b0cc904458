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
# three machines, so the kit gives you three simulated CentOS 7 machines — `master`
# (10.150.31.115, the address in the notes), `node1` and `node2` — and a few of their commands:
# `%host NAME COMMAND` runs a command on one of them. kubeadm, docker, minikube, kubectl, `mkdir`,
# `cp`, `chown`, `scp` and `swapoff` are simulated with the output of the real tools (kubeadm
# v1.32); `yum` and `curl` only say what they would do (nothing is downloaded). What is real: the
# cluster's CA certificate and key (generated from the notebook's seed, so they are the same every
# time), the hash of its public key, the bootstrap tokens and the signature kubeadm checks, the
# kubeconfig files, the flannel manifest (v0.26.3, bundled in the kit), and every Kubernetes object
# the steps create.

# %%
%load_ext kubelab
import kubelab
from kubelab.exercises import ch01

# %% [markdown]
# ## Three fresh machines
#
# `%kubelab reset profile=bare` gives three machines and no cluster. Like many lab machines, they
# have swap turned on (`swap=true`) — the reason the notes pass `--ignore-preflight-errors=Swap`.

# %%
%kubelab reset profile=bare machines=3 swap=true
cluster = kubelab.current_cluster()
%host master hostname && id

# %% [markdown]
# In this chapter `%kubectl` is the kubectl of `master`. It has nothing to talk to yet: without a
# kubeconfig, kubectl tries `localhost:8080`, where nothing listens.

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
%%host master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap

# %% [markdown]
# ### What the notes get wrong: the swap flag no longer helps
#
# When the notes were written (kubeadm before v1.22) the swap check was a preflight **error**,
# `[ERROR Swap]: running with swap on is not supported. Please disable swap`, and the flag let
# `init` carry on. Since then kubeadm only prints `[WARNING Swap]` (look at the top of the output),
# so the flag changes nothing — and the real obstacle comes later: the **kubelet** itself refuses
# to start while swap is on (its setting `failSwapOn` is true by default). kubeadm waits four
# minutes for a healthy kubelet and gives up: `The kubelet is not healthy after 4m0s`.
#
# The fix is to turn swap off (and remove it from `/etc/fstab` so it stays off after a reboot),
# undo the half-finished init with `kubeadm reset`, and run `kubeadm init` again. Without the
# reset, the second init stops at preflight because the first one left its files and ports:

# %%
%host master swapoff -a && kubeadm init --image-repository registry.aliyuncs.com/google_containers --pod-network-cidr=10.244.0.0/16

# %% [markdown]
# `kubeadm reset -f` (`-f`: do not ask for confirmation), then `init` again:

# %%
%host master kubeadm reset -f

# %%
%%host master
kubeadm init --image-repository registry.aliyuncs.com/google_containers \
             --pod-network-cidr=10.244.0.0/16 \
             --ignore-preflight-errors=Swap

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
# Both values belong to **their** cluster. Swap is on here too, so turn it off first, then try
# the notes' line on node1:

# %%
%%host node1
swapoff -a
kubeadm join 10.150.31.115:6443 --token doz94r.6xebnfstr9nfz7tg \
    --discovery-token-ca-cert-hash sha256:a5e181604418fc6531e928e3a614c3b4882598f2de1a13efbdc8d939945ca5b7

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
# This cluster's tokens and its signatures:

# %%
%kubectl get secrets -n kube-system --field-selector type=bootstrap.kubernetes.io/token
sorted(cluster.api.get("configmaps", "cluster-info", "kube-public")["data"])

# %% [markdown]
# With this cluster's token but the notes' hash, the signature checks out and the CA does not:

# %%
import base64
secret = [s for s in cluster.api.list("secrets", "kube-system") if s.get("type") == "bootstrap.kubernetes.io/token"][0]
token = ".".join(base64.b64decode(secret["data"][k]).decode() for k in ("token-id", "token-secret"))
%host node1 kubeadm join 10.150.31.115:6443 --token {token} --discovery-token-ca-cert-hash sha256:a5e181604418fc6531e928e3a614c3b4882598f2de1a13efbdc8d939945ca5b7

# %% [markdown]
# The right line is the one **your** `kubeadm init` printed at the end of its output (above). In a
# terminal you would copy it, as the notes say; here we take the same line from the cluster (so
# that this notebook runs the same way every time) and run it on node1:

# %%
from kubelab.setup.kubeadm import join_command
join_line = join_command(cluster, token).replace(" \\\n\t", " ").strip()
print(join_line)
%host node1 {join_line}

# %% [markdown]
# The token expires after 24 hours. `kubeadm token create --print-join-command` on master makes a
# new one and prints a complete join line; use it for node2:

# %%
from kubelab.setup import machines
r = machines.run(cluster, cluster.machines["master"], "kubeadm token create --print-join-command")   # %host master kubeadm token create --print-join-command
print(r, end="")
new_join = r.stdout.strip()

# %%
%host node2 swapoff -a && {new_join}

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
# is as lost as master's was:

# %%
%host node1 kubectl get nodes

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
# **Exercise 1.** Build the three-node cluster again: `kubeadm init` on master with the notes'
# flags, the kubeconfig, flannel, and `kubeadm join` on node1 and node2 (get a join line with
# `kubeadm token create --print-join-command` on master). The check wants all three nodes Ready
# and CoreDNS running.

# %%
ch01.three_ready_nodes(cluster)

# %% [markdown]
# Solution:

# %%
# The same commands as above, from Python so that only the join line is printed:
from kubelab.setup.machines import run as host
init = host(cluster, cluster.machines["master"], "kubeadm init --image-repository registry.aliyuncs.com/google_containers "
            "--pod-network-cidr=10.244.0.0/16")
join = init.stdout.split("on each as root:\n\n")[1]
print(join)
_ = host(cluster, cluster.machines["master"], "mkdir -p $HOME/.kube && cp -i /etc/kubernetes/admin.conf $HOME/.kube/config")
%kubectl apply -f https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml
for worker in ("node1", "node2"):
    r = host(cluster, cluster.machines[worker], join)
    print(worker, "joined" if r.returncode == 0 else r.stderr)
%kubelab settle
%kubectl get nodes
ch01.three_ready_nodes(cluster)

# %% [markdown]
# **Exercise 2.** Compute this cluster's `--discovery-token-ca-cert-hash` yourself from
# `/etc/kubernetes/pki/ca.crt` on master (`cluster.machines["master"].files[...]`), without
# copying it from kubeadm's output.

# %%
ch01.ca_hash(cluster, "sha256:" + hashlib.sha256(pem.encode()).hexdigest())   # the hash of the PEM text: wrong

# %%
cert = x509.load_pem_x509_certificate(cluster.machines["master"].files["/etc/kubernetes/pki/ca.crt"].encode())
spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
ch01.ca_hash(cluster, "sha256:" + hashlib.sha256(spki).hexdigest())

# %% [markdown]
# **Exercise 3.** The notes' own join line failed on node1 above. Which part made it fail first:
# `token`, `hash`, `address`, `swap` or `root`?

# %%
ch01.why_refused("hash")

# %%
ch01.why_refused("token")

# %% [markdown]
# **Exercise 4.** Make kubectl work on node2.

# %%
ch01.kubectl_on_worker(cluster, "node2")

# %%
%host node2 mkdir -p $HOME/.kube
%host master scp /etc/kubernetes/admin.conf node2:/root/.kube/config
%host node2 kubectl get nodes
ch01.kubectl_on_worker(cluster, "node2")

# %% [markdown]
# ## Summary
#
# - `kubeadm init` makes a control plane: certificates, kubeconfigs, static pods for etcd,
#   kube-apiserver, kube-controller-manager and kube-scheduler, a bootstrap token, CoreDNS and
#   kube-proxy. `--image-repository` chooses where the images come from, `--pod-network-cidr` the
#   pods' addresses; `--ignore-preflight-errors=Swap` is obsolete — turn swap off.
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
