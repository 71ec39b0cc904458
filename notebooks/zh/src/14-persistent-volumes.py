# %% [markdown] en="dde7cbe3"
# # 14 · 持久卷、申领与存储类 — Persistent Volumes
#
# ← [13 Pod 的生命周期](13-pod-lifecycle.ipynb) · [课程首页](00-start-here.ipynb)
# （[English version](../14-persistent-volumes.ipynb)）
#
# **本章内容**
#
# - 持久卷（PersistentVolume，PV）和持久卷申领（PersistentVolumeClaim，PVC）是什么，它们和 Pod 自己的文件有何不同；
# - 笔记所讲的卷的一生 —— 供应（静态、动态）、绑定、使用、回收 —— 每一步都在你眼前发生；
# - 存储类（StorageClass）：minikube 的 `standard (default)` 存储类及其制备器（provisioner）；
# - 每一步由哪个组件完成：persistentvolume-controller、minikube 的 storage-provisioner、调度器和 kubelet；
# - 笔记中的拼写（`ReadOnlyManly`、`Recycled`、`Deleted`）会在哪里出错。
#
# 官方文档：[持久卷](https://kubernetes.io/zh-cn/docs/concepts/storage/persistent-volumes/)、
# [存储类](https://kubernetes.io/zh-cn/docs/concepts/storage/storage-classes/)。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.viz.draw import show
cluster = kubelab.current_cluster()

# %% [markdown] en="b4f4c66d"
# ## PV 与 PVC
#
# 笔记（Persistent Volumes）：
#
# > PersistentVolume(PV)是集群里的一部分存储,由管理员或者使用Storage Classes动态供应。它是集群里的一种资源,就像node是一个集群的资源。
# > PersistentVolumeClaim(PVC)是用户对存储的请求。它类似于Pod。Pods消费节点资源,PVCs消费PV资源。Pods可以请求特定级别的资源(CPU和内存),Claims可以请求特定大小和访问模式(ReadWriteOnce, ReadOnlyManly,ReateWriteMany)
#
# > **勘误：访问模式应为 `ReadOnlyMany` 和 `ReadWriteMany`**（笔记写成了 `ReadOnlyManly`、`ReateWriteMany`）；
# > 自 v1.29 起还有正式发布的 `ReadWriteOncePod`。
#
# 申领请求的是一个大小和若干访问模式：`ReadWriteOnce`、`ReadOnlyMany`、`ReadWriteMany`、`ReadWriteOncePod`。
#
# 全新的 minikube 集群里没有卷，也没有申领，但有一个由其 `storage-provisioner` 插件创建的**存储类**：

# %%
%kubectl get pv,pvc,storageclass

# %%
%kubectl describe storageclass standard

# %% [markdown] en="4e42214d"
# ## 卷和申领的生命周期 — volume和claim的生命周期
#
# > PVs是集群里的资源。PVCs是这些资源的请求,还充当对这些资源的检查。
#
# 笔记跟着一个卷走过四个阶段：供应、绑定、使用、回收。本章余下的部分让每个阶段都实际发生一次。
#
# ## 供应：静态
#
# > 集群管理员创建一定数量的PVs。它们包含真实存储的详细信息,可供集群用户使用
#
# 管理员手工创建卷。这个卷是节点上的目录 `/mnt/data`（`hostPath`），10Gi，属于名为 `manual` 的存储类
# （只是一个名字：不需要为它创建 StorageClass 对象）。

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

# %% [markdown] en="62bd9dac"
# persistentvolume-controller 看到一个没有申领的卷，把它标记为 `Available`。它的回收策略是 `Retain`，
# 这是手工创建的卷的默认值：

# %%
%kubectl get pv

# %% [markdown] en="b81be23b"
# ## 绑定
#
# > 主节点上的控制循环监听新的PVCs,找到一个匹配的PV(如果可以),将它们绑定在一起。……用户将至少获得它们请求的量,volume可能超出请求的量。
# > PVC到PV的绑定是一对一的映射,使用ClaimRef,它是PersistentVolume和PersistentVolumeClaim的双向绑定
#
# 在同一个存储类中申领 3Gi：

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

# %% [markdown] en="b0c86304"
# 两者都是 `Bound`，而申领的 CAPACITY 是 **10Gi**：它请求至少 3Gi，得到的是整个卷。
# 绑定关系写在两个对象上 —— 卷的 `claimRef`（带有申领的 uid）和申领的 `volumeName`：

# %%
%kubectl get pv task-pv-volume -o jsonpath='{.spec.claimRef.namespace}/{.spec.claimRef.name} {.spec.claimRef.uid}{"\n"}'
%kubectl get pvc task-pv-claim -o jsonpath='{.spec.volumeName} {.metadata.uid}{"\n"}'

# %% [markdown] en="5a4ac0a7"
# 有好几个卷都满足条件时，申领会得到哪一个？足够大的卷里**最小**的那个（在多余访问模式最少的卷之中）。
# 再来两个卷，1Gi 和 5Gi，以及一个申领 2Gi 的 PVC：

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

# %% [markdown] en="ec7a43a3"
# > 如果没有匹配的volume存在,Claims将一直保持未绑定。
#
# 无法满足的申领会一直处于 `Pending`，控制器会说明原因。这里 `storageClassName: ""` 的意思是“完全不要存储类”，
# 所以也不会为它动态制备任何卷：

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

# %% [markdown] en="1c76f4e8"
# ## 使用
#
# > Pods使用claims作为volumes。集群检查claim以找到绑定的volume,并为Pods挂载该volume
#
# Pod 写的是申领的名字，而不是卷的名字。这个 Pod 往挂载的目录里写一个页面：

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

# %% [markdown] en="108c2b18"
# `Used By: task-pv-pod`。文件在**卷**上 —— 节点的 `/mnt/data` —— 而不在 Pod 里。删除 Pod，文件还在：

# %%
%kubectl delete pod task-pv-pod
cluster.volume_files("task-pv-volume")

# %% [markdown] en="4bd396ab"
# 挂载同一个申领的新 Pod 能看到它：

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

# %% [markdown] en="de355111"
# 申领尚未绑定的 Pod 无法被调度：调度器的 VolumeBinding 插件会等待。

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

# %% [markdown] en="a06b6db8"
# ## 供应：动态，以及存储类
#
# > 当没有管理员创建的静态PVs匹配用户的PVC,集群可能会动态为PVC提供一个卷。此资源调配基于StorageClasses:PVC必须请求一个存储类,并且管理员必须创建并配置了该类,以便进行动态资源调配。
#
# **没有**指定存储类的申领会得到默认存储类（`standard`）：DefaultStorageClass 准入插件在申领创建时填上 `storageClassName`。

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

# %% [markdown] en="4c7ca419"
# 出现了一个新卷 `pvc-<申领的 uid>`，回收策略是存储类的 `Delete`。它是谁创建的？看事件：
# persistentvolume-controller 把申领交给了存储类的制备器（`ExternalProvisioning`），
# minikube 的 storage-provisioner 在 `/tmp/hostpath-provisioner` 下建了一个目录并创建了卷
# （`Provisioning`、`ProvisioningSucceeded`）：

# %%
%kubectl describe pvc dynamic

# %% [markdown] en="e5aba4b6"
# ### 图示
#
# Pod →（**挂载**）PVC →（**绑定**）PV →（**制备**）StorageClass。`manual` 存储类没有对象，
# 所以它的卷是孤立的；`dynamic` 的卷挂在 `standard` 下面。

# %%
show(cluster, "Pod → PVC → PV → StorageClass", namespace="default",
     kinds=["Pod", "PersistentVolumeClaim", "PersistentVolume", "StorageClass"])

# %% [markdown] en="f50c83f4"
# ### 动手试试：存储实验室
#
# 下面的存储实验室在本章的集群上创建卷和申领。**创建 PV**，然后**创建 PVC**，请求量大于卷的容量（它会一直 `Pending`），
# 或者换一种访问模式；**在 Pod 中使用申领**；**删除 PVC**，看看回收策略对卷做了什么。（在保存下来的笔记本中，
# 这里只显示一行占位文字，直到你运行这个单元格：控件活在正在运行的内核里。）更多内容见[存储演练场](../../widgets/zh/storage.ipynb)。

# %% tags=["nbval-ignore-output"]
from kubelab.ui import StorageLab
lab = StorageLab(cluster)
lab.w["pv_name"].value, lab.w["pvc_name"].value = "lab-pv", "lab-claim"
lab

# %% [markdown] en="671e9cfa"
# 用代码做同样的事：一个使用 `Retain` 策略的 1Gi 卷，一个绑定它的申领，删除申领 —— 卷变为 `Released` ——
# 再删除卷，让本章恢复原样：

# %%
print(lab.create_pv("lab-pv", "1Gi", reclaim="Retain"), end="")
print(lab.create_pvc("lab-claim", "1Gi"), end="")
lab.settle()
print(lab.delete("pvc", "lab-claim"), end="")
lab.settle()
print(lab.phases_text)
print(lab.delete("pv", "lab-pv"), end="")

# %% [markdown] en="1d4e7585"
# ## 回收
#
# > PV的回收策略告诉集群在其claim释放后该如何处理volume。
#
# **Retain**（之前的数据还保留在volume上）。首先是使用中保护：仍被 Pod 使用的申领不会被移除 ——
# 它会一直处于 `Terminating`，直到 Pod 消失（`kubernetes.io/pvc-protection` 终结器）：

# %%
%kubectl delete pvc task-pv-claim --wait=false
%kubectl get pvc task-pv-claim

# %%
%kubectl delete pod reader
%kubectl get pvc
%kubectl get pv task-pv-volume

# %% [markdown] en="3cc57e54"
# 申领没了；`task-pv-volume` 变为 `Released`：仍然指向已删除的申领，数据保留，
# 在管理员清理之前不会提供给新的申领。

# %%
cluster.volume_files("task-pv-volume")

# %% [markdown] en="64027207"
# 要重新使用它，管理员需要去掉 `claimRef`（这里通过用原始清单替换该对象来实现），卷就又变成 `Available` 了：

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

# %% [markdown] en="7b54a0d5"
# **Delete**（笔记写作 Deleted）：卷以及它背后的存储随申领一起删除。动态制备的卷使用的就是这个策略：
#
# > **勘误：回收策略的取值是 `Delete`，不是 `Deleted`。**

# %%
%kubectl delete pvc dynamic
%kubelab settle
%kubectl get pv

# %% [markdown] en="320a6798"
# **Recycle**（笔记写作 Recycled，已弃用）：已被弃用。API 服务器仍然接受它，但会给出警告；
# 控制器会清空卷（由一个回收器 Pod 执行 `rm -rf`），然后把它变成 `Available`。
#
# > **勘误：回收策略的取值是 `Recycle`，不是 `Recycled`。**

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

# %% [markdown] en="9d7b2383"
# 把一个申领绑定到它，写点东西，删除申领，看回收器运行：

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

# %% [markdown] en="ddead8cc"
# ## 笔记错在哪里
#
# > **勘误：** 笔记把两个访问模式拼成了 `ReadOnlyManly` 和 `ReateWriteMany`，把回收策略拼成了 `Recycled` 和 `Deleted`。
#
# API 服务器会检查每一个这样的名字：

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

# %% [markdown] en="669f22d8"
# 正确的写法：`ReadOnlyMany`、`ReadWriteMany`，回收策略是 `Retain`、`Delete`、`Recycle`。
#
# ## 谁做了什么
#
# 本章中存储对象的每一次写入，按组件列出：

# %%
from collections import Counter
Counter((a.component.split("_")[0], a.kind) for a in cluster.api.actions
        if a.kind in ("PersistentVolume", "PersistentVolumeClaim") and a.component != "kubectl")

# %% [markdown] en="a20dbf3a"
# ## 练习
#
# 每个检查都会告诉你还缺什么；在它上方新建单元格完成练习，然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 卷 `task-pv-volume` 又是 Available 了。创建一个申领 3Gi 的 `task-pv-claim`，让它绑定到这个卷
# （而不是一个新的动态制备的卷）。

# %%
from kubelab.exercises import ch14
ch14.static_claim(cluster)

# %% [markdown] en="81789397"
# 参考答案（已折叠）—— 要写明存储类，否则默认存储类会制备一个新卷：

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

# %% [markdown] en="89949484"
# **练习 2.** 从一个 Pod 往这个卷写入 `index.html`，删除这个 Pod，再启动另一个挂载同一申领的 Pod。

# %%
ch14.data_outlives_pod(cluster)

# %% [markdown] en="d02c5266"
# 参考答案（已折叠）：`task-pv-volume` 上仍然保存着之前的 `index.html`（Retain 保留了它），
# 所以只需再在这个申领上启动一个 Pod：

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

# %% [markdown] en="27fc6326"
# **练习 3.** 申领删除后，哪种回收策略会保留数据？

# %%
my_answer = ""
ch14.keeps_data(my_answer)

# %% [markdown] en="d6f0c4dd"
# 参考答案（已折叠；先看一个诱人的错误答案）：

# %% tags=["solution"]
print(ch14.keeps_data("Recycled"))
ch14.keeps_data("Retain")

# %% [markdown] en="21aaea34"
# ## 小结
#
# - **PV** 是集群中的存储；**PVC** 请求一部分存储（大小、访问模式、存储类）。persistentvolume-controller
#   把申领绑定到满足条件的、Available 的卷中**最小**的那个，在卷上写 `claimRef`，在申领上写 `volumeName`；两者都变为 `Bound`。
# - 没有匹配时申领保持 `Pending`，并有事件说明原因；使用它的 Pod 会等待
#   （`pod has unbound immediate PersistentVolumeClaims`）。
# - **动态制备**：申领的存储类指定一个制备器；在 minikube 上，`standard (default)` → `k8s.io/minikube-hostpath`
#   在 `/tmp/hostpath-provisioner` 下创建 `pvc-<uid>` 卷。
# - 数据保存在卷上，所以比 Pod 活得久。使用中保护会让仍被 Pod 使用的申领保持 `Terminating`。
# - **回收**：`Retain` → `Released`，数据保留；`Delete` → 卷和数据被删除；`Recycle` → 清空后重新 `Available`
#   （已弃用，会有警告）。
