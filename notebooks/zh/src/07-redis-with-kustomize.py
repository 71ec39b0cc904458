# %% [markdown] en="386c9325"
# # 07 · 用 ConfigMap 和 kustomize 配置 Redis — 使用ConfigMap配置Redis
#
# ← [06 以环境变量使用 ConfigMap 和 Secret](06-configmaps-and-secrets.ipynb) · [课程首页](00-start-here.ipynb) · [08 无状态应用](08-stateless-app.ipynb) →
# （[English version](../07-redis-with-kustomize.ipynb)）
#
# **本章内容**
#
# - `kustomization.yaml` 是什么，它的 `configMapGenerator` 如何生成一个名称带有**内容哈希**后缀的
#   ConfigMap，并改写所有引用它的地方；
# - `kubectl kustomize`、`apply -k`、`get -k`、`delete -k`；
# - ConfigMap 如何变成容器里的一个**文件**（带 `items` 的 `configMap` 卷）；
# - 笔记里的 `redis-pod.yaml` 照原样为什么会失败，以及如何改正；
# - 用 `kubectl exec -it redis -- redis-cli` 与 Redis 对话；修改配置需要做些什么。
#
# > 创建kustomization.yaml文件,包含一个ConfigMap生成器,一个使用ConfigMap的Pod资源配置; 使用kubectl apply -k ./ 应用整个路径的配置
#
# 对应的官方教程：[使用 ConfigMap 来配置 Redis](https://kubernetes.io/zh-cn/docs/tutorials/configuration/configure-redis-using-configmap/)。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import os, shutil
import kubelab
from kubelab.viz.draw import show
from kubelab.viz.graph import build_graph
cluster = kubelab.current_cluster()
shutil.rmtree("work/07", ignore_errors=True)
os.makedirs("work/07")
os.chdir("work/07")

# %% [markdown] en="023007a1"
# ## 三个文件
#
# `redis-config`：Redis 的设置 —— 内存最多 2 MB，淘汰最近最少使用的键。

# %%
%%writefile redis-config
maxmemory 2mb
maxmemory-policy allkeys-lru

# %% [markdown] en="af7b2998"
# `redis-pod.yaml`，**照笔记原样**：

# %%
%%writefile redis-pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: redis
spec:
  containers:
  - name: redis
    image: redis:5.0.4
    command:
      - redis-server
      - "/redis-master/redis.conf"
    - name: MASTER
      value: "true"
    ports:
    - containerPort: 6379
    resources:
      limits:
        cpu: "0.1"
    volumeMounts:
    - mountPath: /redis-master-data
      name: data
    - mountPath: /redis-master
      name: config
  volumes:
    - name: data
      emptyDir: {}
    - name: config
      configMap:
        name: example-redis-config
        items:
        - key: redis-config
          path: redis.conf

# %% [markdown] en="bc39c1e0"
# `kustomization.yaml`：用文件 `redis-config` 生成一个名为 `example-redis-config` 的 ConfigMap，
# 并把 `redis-pod.yaml` 作为一项资源。

# %%
%%writefile kustomization.yaml
configMapGenerator:
- name: example-redis-config
  files:
  - redis-config
resources:
- redis-pod.yaml

# %%
%kubectl apply -k .

# %% [markdown] en="5839ab66"
# > **勘误：笔记的 `redis-pod.yaml` 中，`- name: MASTER` / `value: "true"` 两行缩进错了，而且缺少 `env:`。**
# > 它们应当放在容器的 `env:` 列表里。
#
# 这两行的缩进与 `command` 列表的上一级相同，于是 YAML 在本该出现键的地方看到了一个列表项：
# kustomize 报错 `yaml: line 6: did not find expected key` 并停止（go-yaml 从容器这一项的开头数行号）。
# 它们应当放进一个 `env:` 列表，和笔记所依据的 Kubernetes 教程一样：

# %%
%%writefile redis-pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: redis
spec:
  containers:
  - name: redis
    image: redis:5.0.4
    command:
      - redis-server
      - "/redis-master/redis.conf"
    env:
    - name: MASTER
      value: "true"
    ports:
    - containerPort: 6379
    resources:
      limits:
        cpu: "0.1"
    volumeMounts:
    - mountPath: /redis-master-data
      name: data
    - mountPath: /redis-master
      name: config
  volumes:
    - name: data
      emptyDir: {}
    - name: config
      configMap:
        name: example-redis-config
        items:
        - key: redis-config
          path: redis.conf

# %% [markdown] en="bb985996"
# ## kustomize 生成了什么
#
# `kubectl kustomize 目录` 打印出 `apply -k` 将要发送的内容，完全不需要集群：

# %%
%kubectl kustomize .

# %% [markdown] en="8d637b8e"
# ConfigMap 名为 `example-redis-config-hfbhg9b679`，Pod 的卷也被改写成了这个名字。
# 后缀是 ConfigMap 内容（kind、data）的哈希：修改 `redis-config`，你会得到一个名字不同的**新** ConfigMap，
# 所以需要新设置的 Pod 必须被替换 —— 这是有意为之，好让配置的变更像镜像的变更一样上线（rollout）。
# 笔记中显示的是 `example-redis-config-dgh9dg555m`：较旧的 kustomize 计算哈希时用的输入略有不同
# （kustomize v5 只对 kind、name、data 和 binaryData 求哈希）；对这些文件，kubectl v1.32（kustomize v5.5.0）
# 打印的是 `hfbhg9b679`。
#
# ## 应用整个目录 — 应用整个文件夹以创建ConfigMap和Pod对象

# %%
%kubectl apply -k .
%kubelab settle
%kubectl get -k .

# %% [markdown] en="bb1d85c1"
# 笔记中的 `> kubectl get -k .` 显示的也是这两个对象（哈希是旧的，而且没有 kubectl 在两张表之间打印的空行）。
#
# 在容器里，ConfigMap 的键 `redis-config` 就是文件 `/redis-master/redis.conf`
# （`items` 选出了这个键并给文件命名），`redis-server` 在启动时读取了它：

# %%
%kubectl exec redis -- ls /redis-master
%kubectl exec redis -- cat /redis-master/redis.conf

# %%
g = build_graph(cluster, namespace="default", kinds=["Pod", "ConfigMap"])
for a, b, d in g.edges(data=True):
    if d["type"] == "mounts":
        print(a, "mounts", b, "as volume", d.get("volume"), d.get("items"))
show(cluster, "redis mounts its ConfigMap", namespace="default", kinds=["Pod", "ConfigMap"])

# %% [markdown] en="27a7cf27"
# ## 问问 Redis — `kubectl exec -it redis -- redis-cli`
#
# `-it` 给 redis-cli 分配一个终端，于是它会显示提示符和带编号的回答。在笔记本里，
# 你本来要敲的那几行写在单元格的正文中：

# %%
%%kubectl exec -it redis -- redis-cli
CONFIG GET maxmemory
CONFIG GET maxmemory-policy

# %% [markdown] en="3887cb73"
# `2097152` 字节就是 `2mb`（在 Redis 中，`mb` = 1024²，`m` = 1000²）。没有终端时，redis-cli
# 以原始格式回答，每行一个值 —— 在脚本里很方便：

# %%
%kubectl exec redis -- redis-cli CONFIG GET maxmemory

# %% [markdown] en="e5026bee"
# ## 修改配置
#
# 笔记最后一步是 `kubectl delete pod redis`。假设我们想要 4 MB。Redis 只在启动时读取配置，
# 而 Pod 的卷引用的是带哈希的 ConfigMap —— 所以：修改文件，删除 Pod，再应用一次。

# %%
%%writefile redis-config
maxmemory 4mb
maxmemory-policy allkeys-lru

# %%
%kubectl delete pod redis
%kubectl apply -k .
%kubelab settle
%kubectl exec redis -- redis-cli CONFIG GET maxmemory
%kubectl get configmaps

# %% [markdown] en="157012f3"
# 生成了一个新的 ConfigMap `example-redis-config-c45mdcgt2b`；旧的那个会一直留着，直到你删除它。
#
# ### 原地修改 ConfigMap
#
# 如果你修改的是一个正在被 Pod 挂载的 ConfigMap（不是生成器生成的）呢？kubelet 会重写这些文件，
# 但要等到该 Pod 的下一次周期性同步 —— 最多约一分钟之后（按 Kubernetes 文档的说法，是它的同步周期加上
# 监视的延迟）。环境变量和 `subPath` 挂载则永远不会变。这里 Pod `reader` 挂载了 `live-config`：

# %%
%kubectl create configmap live-config --from-literal mode=easy

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: reader
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - name: cfg
      mountPath: /etc/live
  volumes:
  - name: cfg
    configMap:
      name: live-config

# %%
%kubelab settle
%kubectl exec reader -- cat /etc/live/mode

# %% [markdown] en="6a093d29"
# 修改它 —— 常用的写法：`create … --dry-run=client -o yaml` 只写出新的 ConfigMap 而不发送，
# 再由管道交给 `kubectl apply -f -`（`%%shell` 单元格就是一个终端，管道在里面可以用）：

# %%
%%shell
kubectl create configmap live-config --from-literal mode=hard --dry-run=client -o yaml | kubectl apply -f -
kubectl exec reader -- cat /etc/live/mode

# %%
%kubelab run 60s
%kubectl exec reader -- cat /etc/live/mode

# %% [markdown] en="c3085080"
# 不过即便如此，Redis 也不会察觉：它只在启动时读取自己的配置文件。
#
# ## 练习
#
# 每个检查都会告诉你还缺什么；在它上方新建单元格完成练习，然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 笔记写的是 `maxmemory 2mb`，Redis 打印出 `2097152`。如果写 `maxmemory 3m`，
# `CONFIG GET maxmemory` 会打印什么？

# %%
from kubelab.exercises import ch07
my_bytes = 0
ch07.redis_bytes("3m", my_bytes)

# %% [markdown] en="2fa4d4d9"
# 参考答案（已折叠；先看一个差一点就对的答案）：

# %% tags=["solution"]
print(ch07.redis_bytes("3m", 3 * 1024 * 1024))
ch07.redis_bytes("3m", 3 * 1000 * 1000)

# %% [markdown] en="a69631e2"
# **练习 2.** 和上文一样，通过 kustomization 让正在运行的 Redis 使用 **8 MB** 内存和
# **`allkeys-lfu`** 策略（淘汰**使用频率**最低的键）。

# %%
ch07.redis_maxmemory(cluster, want=8 * 1024 * 1024, policy="allkeys-lfu")

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%%writefile redis-config
maxmemory 8mb
maxmemory-policy allkeys-lfu

# %% tags=["solution"]
%kubectl delete pod redis
%kubectl apply -k .
%kubelab settle
%kubectl exec redis -- redis-cli CONFIG GET maxmemory-policy
ch07.redis_maxmemory(cluster, want=8 * 1024 * 1024, policy="allkeys-lfu")

# %% [markdown] en="8dbbd33e"
# 上文改正过的笔记中的 Pod 文件，仍然能通过它的检查（这个检查只看 YAML 本身）：

# %%
ch07.fixed_redis_pod(open("redis-pod.yaml").read())

# %% [markdown] en="57b88998"
# 清理这个目录创建的所有东西（当前的 `example-redis-config-…` 和 Pod）：

# %%
%kubectl delete -k .

# %% [markdown] en="70b8bc8a"
# ## 小结
#
# - `kustomization.yaml` 列出 `resources` 和各种生成器；`configMapGenerator` 生成名为
#   `名称-<内容哈希>` 的 ConfigMap，并改写所有引用（这里是 Pod 的卷）。
# - `kubectl kustomize 目录` 显示结果；`apply -k`、`get -k`、`delete -k` 作用于这个结果。
# - 带 `items` 的 `configMap` 卷把一个键变成一个文件；Redis 在启动时读取它。
# - 笔记中的 Pod YAML 需要为 `MASTER` 加上 `env:`；哈希后缀取决于 kustomize 的版本。
#
# 下一章：[08 · 无状态应用](08-stateless-app.ipynb)。
