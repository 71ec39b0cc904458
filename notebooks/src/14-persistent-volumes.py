# %% [markdown]
# # 14 · Persistent Volumes, claims and StorageClasses — Persistent Volumes
#
# ← [13 The Pod lifecycle](13-pod-lifecycle.ipynb) · [Course start](00-start-here.ipynb)
#
# **What you will learn**
#
# - what a PersistentVolume (PV) and a PersistentVolumeClaim (PVC) are, and how they differ from a
#   pod's own files;
# - the life of a volume as the notes tell it — provisioning (静态 static, 动态 dynamic), binding (绑定),
#   using (使用) and reclaiming (回收) — each one happening in front of you;
# - StorageClasses: minikube's `standard (default)` class and its provisioner;
# - which component does each step: the persistentvolume-controller, minikube's storage-provisioner,
#   the scheduler and the kubelet;
# - where the notes' spellings (`ReadOnlyManly`, `Recycled`, `Deleted`) would go wrong.

# %%
%load_ext kubelab
import kubelab
from kubelab.viz.draw import show
cluster = kubelab.current_cluster()

# %% [markdown]
# ## PV and PVC
#
# The notes (Persistent Volumes):
#
# > PersistentVolume(PV)是集群里的一部分存储,由管理员或者使用Storage Classes动态供应。它是集群里的一种资源,就像node是一个集群的资源。
# > PersistentVolumeClaim(PVC)是用户对存储的请求。它类似于Pod。Pods消费节点资源,PVCs消费PV资源。Pods可以请求特定级别的资源(CPU和内存),Claims可以请求特定大小和访问模式(ReadWriteOnce, ReadOnlyManly,ReateWriteMany)
#
# A **PersistentVolume** is a piece of storage in the cluster, a cluster-wide resource like a node.
# A **PersistentVolumeClaim** is a user's request for storage: a size and access modes
# (`ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany`, and since v1.29 GA `ReadWriteOncePod`). Pods use
# node resources; claims use PV resources.
#
# A fresh minikube cluster has no volumes and no claims, but it has one **StorageClass**, made by
# its `storage-provisioner` addon:

# %%
%kubectl get pv,pvc,storageclass

# %%
%kubectl describe storageclass standard

# %% [markdown]
# ## The life of a volume and a claim — volume和claim的生命周期
#
# > PVs是集群里的资源。PVCs是这些资源的请求,还充当对这些资源的检查。
#
# The notes follow a volume through four stages: provisioning, binding, using, reclaiming. The
# rest of this chapter makes each one happen.
#
# ## Provisioning: static (静态)
#
# > 集群管理员创建一定数量的PVs。它们包含真实存储的详细信息,可供集群用户使用
#
# The administrator makes volumes by hand. This one is a directory `/mnt/data` on the node
# (`hostPath`), 10Gi, in a class called `manual` (a name only: no StorageClass object is needed
# for it).

# %%
%%kubectl apply -f -
apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv-volume
  labels:
    type: local
spec:
  storageClassName: manual
  capacity:
    storage: 10Gi
  accessModes:
    - ReadWriteOnce
  hostPath:
    path: "/mnt/data"

# %% [markdown]
# The persistentvolume-controller sees a volume with no claim and marks it `Available`. Its
# reclaim policy is `Retain`, the default for volumes made by hand:

# %%
%kubectl get pv

# %% [markdown]
# ## Binding (绑定)
#
# > 主节点上的控制循环监听新的PVCs,找到一个匹配的PV(如果可以),将它们绑定在一起。……用户将至少获得它们请求的量,volume可能超出请求的量。
# > PVC到PV的绑定是一对一的映射,使用ClaimRef,它是PersistentVolume和PersistentVolumeClaim的双向绑定
#
# A claim for 3Gi in the same class:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: task-pv-claim
spec:
  storageClassName: manual
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 3Gi

# %%
%kubectl get pv,pvc

# %% [markdown]
# Both are `Bound`, and the claim's CAPACITY is **10Gi**: it asked for at least 3Gi and got the
# whole volume. The binding is written on both objects — the volume's `claimRef` (with the claim's
# uid) and the claim's `volumeName`:

# %%
%kubectl get pv task-pv-volume -o jsonpath='{.spec.claimRef.namespace}/{.spec.claimRef.name} {.spec.claimRef.uid}{"\n"}'
%kubectl get pvc task-pv-claim -o jsonpath='{.spec.volumeName} {.metadata.uid}{"\n"}'

# %% [markdown]
# Which volume does a claim get when several would do? The **smallest** one that is big enough
# (among those with the fewest extra access modes). Two more volumes, 1Gi and 5Gi, and a claim for
# 2Gi:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-1g
spec:
  storageClassName: manual
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/pv-1g}
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-5g
spec:
  storageClassName: manual
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/pv-5g}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: two-gigs
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 2Gi

# %%
%kubectl get pv,pvc

# %% [markdown]
# > 如果没有匹配的volume存在,Claims将一直保持未绑定。
#
# A claim nothing can satisfy stays `Pending`, and the controller says why. Here
# `storageClassName: ""` means "no class at all", so nothing will be provisioned for it either:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: too-big
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 100Gi

# %%
%kubectl get pvc too-big
%kubectl describe pvc too-big

# %% [markdown]
# ## Using (使用)
#
# > Pods使用claims作为volumes。集群检查claim以找到绑定的volume,并为Pods挂载该volume
#
# A pod names the claim, not the volume. This one writes a page into the mounted directory:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: task-pv-pod
spec:
  volumes:
    - name: task-pv-storage
      persistentVolumeClaim:
        claimName: task-pv-claim
  containers:
    - name: task-pv-container
      image: busybox
      command: ["sh", "-c", "echo 'Hello from Kubernetes storage' > /usr/share/nginx/html/index.html; sleep 3600"]
      volumeMounts:
        - mountPath: "/usr/share/nginx/html"
          name: task-pv-storage

# %%
%kubelab settle
%kubectl get pods
%kubectl describe pvc task-pv-claim

# %% [markdown]
# `Used By: task-pv-pod`. The file is on the **volume** — the node's `/mnt/data` — not in the pod.
# Delete the pod, and the file is still there:

# %%
%kubectl delete pod task-pv-pod
cluster.volume_files("task-pv-volume")

# %% [markdown]
# A new pod that mounts the same claim sees it:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: task-pv-claim
  containers:
    - name: reader
      image: busybox
      command: ["sh", "-c", "cat /data/index.html; sleep 3600"]
      volumeMounts:
        - mountPath: /data
          name: data

# %%
%kubelab settle
%kubectl get pods
cluster.volume_files("task-pv-volume")

# %% [markdown]
# A pod whose claim is not bound cannot be scheduled: the scheduler's VolumeBinding plugin waits.

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: waits
spec:
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: too-big
  containers:
    - name: c
      image: busybox
      command: ["sleep", "3600"]
      volumeMounts:
        - mountPath: /data
          name: data

# %%
%kubectl get pod waits
%kubectl get events --field-selector involvedObject.name=waits

# %% [markdown]
# ## Provisioning: dynamic (动态) and StorageClasses
#
# > 当没有管理员创建的静态PVs匹配用户的PVC,集群可能会动态为PVC提供一个卷。此资源调配基于StorageClasses:PVC必须请求一个存储类,并且管理员必须创建并配置了该类,以便进行动态资源调配。
#
# A claim that names **no** class gets the default one (`standard`): the DefaultStorageClass
# admission plugin fills in `storageClassName` when the claim is created.

# %%
%%kubectl apply -f -
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: dynamic
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 2Gi

# %%
%kubectl get pvc dynamic
%kubectl get pv

# %% [markdown]
# A new volume `pvc-<the claim's uid>` appeared, with the class's reclaim policy `Delete`. Who made
# it? The events tell: the persistentvolume-controller handed the claim to the class's provisioner
# (`ExternalProvisioning`), and minikube's storage-provisioner made a directory under
# `/tmp/hostpath-provisioner` and the volume (`Provisioning`, `ProvisioningSucceeded`):

# %%
%kubectl describe pvc dynamic

# %% [markdown]
# ### The picture
#
# Pod → PVC (*mounts*) → PV (*binds*) → StorageClass (*provisions*). The `manual` class has no
# object, so its volumes stand alone; `dynamic`'s volume hangs from `standard`.

# %%
show(cluster, "Pod → PVC → PV → StorageClass", namespace="default",
     kinds=["Pod", "PersistentVolumeClaim", "PersistentVolume", "StorageClass"])

# %% [markdown]
# ### Try it: the storage lab
#
# The storage lab below makes volumes and claims on this chapter's cluster. **Create PV**, then
# **create PVC** with a larger request than the volume's capacity (it stays `Pending`), or another
# access mode; **use claim in pod**; **delete PVC** and see what the reclaim policy does to the
# volume. (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.) More in the [storage playground](../widgets/storage.ipynb).

# %% tags=["nbval-ignore-output"]
from kubelab.ui import StorageLab
lab = StorageLab(cluster)
lab.w["pv_name"].value, lab.w["pvc_name"].value = "lab-pv", "lab-claim"
lab

# %% [markdown]
# The same in code: a 1Gi volume with the `Retain` policy, a claim that binds it, the claim
# deleted — the volume is `Released` — and the volume deleted to leave the chapter as it was:

# %%
print(lab.create_pv("lab-pv", "1Gi", reclaim="Retain"), end="")
print(lab.create_pvc("lab-claim", "1Gi"), end="")
lab.settle()
print(lab.delete("pvc", "lab-claim"), end="")
lab.settle()
print(lab.phases_text)
print(lab.delete("pv", "lab-pv"), end="")

# %% [markdown]
# ## Reclaiming (回收)
#
# > PV的回收策略告诉集群在其claim释放后该如何处理volume。
#
# **Retain** (之前的数据还保留在volume上). First, in-use protection: a claim that a pod still
# uses is not removed — it stays `Terminating` until the pod is gone (the
# `kubernetes.io/pvc-protection` finalizer):

# %%
%kubectl delete pvc task-pv-claim --wait=false
%kubectl get pvc task-pv-claim

# %%
%kubectl delete pod reader
%kubectl get pvc
%kubectl get pv task-pv-volume

# %% [markdown]
# The claim is gone; `task-pv-volume` is `Released`: still pointing at the deleted claim, data
# kept, and not offered to new claims until an administrator cleans it up.

# %%
cluster.volume_files("task-pv-volume")

# %% [markdown]
# To reuse it, the administrator removes the `claimRef` (here by replacing the object with its
# original manifest) and the volume is `Available` again:

# %%
%%kubectl replace -f -
apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv-volume
  labels:
    type: local
spec:
  storageClassName: manual
  capacity:
    storage: 10Gi
  accessModes:
    - ReadWriteOnce
  hostPath:
    path: "/mnt/data"

# %%
%kubectl get pv task-pv-volume

# %% [markdown]
# **Delete** (Deleted in the notes): the volume and the storage behind it go with the claim. The
# dynamically provisioned volume has this policy:

# %%
%kubectl delete pvc dynamic
%kubelab settle
%kubectl get pv

# %% [markdown]
# **Recycle** (Recycled in the notes, 弃用): deprecated. The API server still accepts it, with a
# warning; the controller scrubs the volume (`rm -rf` by a recycler pod) and makes it `Available`.

# %%
%%kubectl apply -f -
apiVersion: v1
kind: PersistentVolume
metadata:
  name: recycled
spec:
  storageClassName: manual
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteMany]
  persistentVolumeReclaimPolicy: Recycle
  hostPath: {path: /mnt/recycled}

# %% [markdown]
# Bind a claim to it, write something, delete the claim, and watch the recycler run:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: shared
spec:
  storageClassName: manual
  accessModes: [ReadWriteMany]
  resources:
    requests:
      storage: 1Gi

# %%
%kubectl get pvc shared
cluster.storage.data.host_path("minikube", "/mnt/recycled").files["/old-data.txt"] = "from the last user\n"
%kubectl delete pvc shared
%kubectl get pv recycled

# %%
%kubelab settle
%kubectl get pv recycled
%kubectl get events --field-selector involvedObject.name=recycled
cluster.volume_files("recycled")

# %% [markdown]
# ## What the notes get wrong
#
# The notes spell two access modes `ReadOnlyManly` and `ReateWriteMany`, and the policies
# `Recycled` and `Deleted`. The API server checks every one of those names:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: PersistentVolume
metadata:
  name: typo
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadOnlyManly]
  persistentVolumeReclaimPolicy: Deleted
  hostPath: {path: /mnt/typo}

# %% [markdown]
# The fix: `ReadOnlyMany`, `ReadWriteMany`, and the policies `Retain`, `Delete`, `Recycle`.
#
# ## Who did what
#
# Every write of this chapter's storage objects, by component:

# %%
from collections import Counter
Counter((a.component.split("_")[0], a.kind) for a in cluster.api.actions
        if a.kind in ("PersistentVolume", "PersistentVolumeClaim") and a.component != "kubectl")

# %% [markdown]
# ## Exercises
#
# Each check says what is still missing; work in new cells above it, then run it again. The
# worked solution follows each check, collapsed: click it to open it — try first.
#
# Each check reads the cluster. (The solution follows each check, so this notebook runs on its own.)
#
# **Exercise 1.** The volume `task-pv-volume` is Available again. Create a claim `task-pv-claim`
# for 3Gi that binds to it (not to a new dynamically provisioned volume).

# %%
from kubelab.exercises import ch14
ch14.static_claim(cluster)

# %% [markdown]
# Solution (collapsed) — name the class, or the default class would provision a new volume:

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: task-pv-claim
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 3Gi

# %% tags=["solution"]
ch14.static_claim(cluster)

# %% [markdown]
# **Exercise 2.** Write `index.html` onto that volume from a pod, delete the pod, and start another
# pod that mounts the same claim.

# %%
ch14.data_outlives_pod(cluster)

# %% [markdown]
# Solution (collapsed): the `task-pv-volume` still holds `index.html` from before (Retain kept it), so
# it is enough to start a pod on the claim again:

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  volumes:
    - name: html
      persistentVolumeClaim:
        claimName: task-pv-claim
  containers:
    - name: web
      image: nginx
      volumeMounts:
        - mountPath: /usr/share/nginx/html
          name: html

# %% tags=["solution"]
%kubelab settle
ch14.data_outlives_pod(cluster)

# %% [markdown]
# **Exercise 3.** Which reclaim policy keeps the data after the claim is deleted?

# %%
my_answer = ""
ch14.keeps_data(my_answer)

# %% [markdown]
# Solution (collapsed; a tempting wrong answer first):

# %% tags=["solution"]
print(ch14.keeps_data("Recycled"))
ch14.keeps_data("Retain")

# %% [markdown]
# ## Summary
#
# - A **PV** is storage in the cluster; a **PVC** asks for some (size, access modes, class). The
#   persistentvolume-controller binds a claim to the *smallest* Available volume that satisfies it,
#   writing `claimRef` on the volume and `volumeName` on the claim; both become `Bound`.
# - With no match a claim stays `Pending`, with an event saying why; a pod using it waits
#   (`pod has unbound immediate PersistentVolumeClaims`).
# - **Dynamic provisioning**: a claim's StorageClass names a provisioner; on minikube, `standard
#   (default)` → `k8s.io/minikube-hostpath` makes `pvc-<uid>` volumes under `/tmp/hostpath-provisioner`.
# - Data lives on the volume, so it outlives pods. In-use protection keeps a claim `Terminating`
#   while a pod uses it.
# - **Reclaiming**: `Retain` → `Released`, data kept; `Delete` → volume and data removed; `Recycle`
#   → scrubbed and `Available` again (deprecated, with a warning).
