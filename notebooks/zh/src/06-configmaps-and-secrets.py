# %% [markdown] en="e110db3e"
# # 06 · 以环境变量使用 ConfigMap 和 Secret — k8s设置docker容器环境变量的方式
#
# ← [05 标签、扩缩与滚动更新](05-scaling-and-rolling-updates.ipynb) · [课程首页](00-start-here.ipynb) · [07 用 ConfigMap 和 kustomize 配置 Redis](07-redis-with-kustomize.ipynb) →
# （[English version](../06-configmaps-and-secrets.ipynb)）
#
# **本章内容**
#
# - ConfigMap 和 Secret 是什么，`kubectl create configmap` / `create secret generic` 如何构造它们；
# - Secret 只是做了 **base64 编码**，以及如何用 `-o jsonpath` 把它读回来；
# - 容器如何从中取值：`configMapKeyRef`、`secretKeyRef`、`envFrom`；
# - 笔记里的 `kubernetes.yaml` 照原样应用时到底做了什么（两处错误），以及如何改正；
# - `kubectl replace --force` 做了什么；改动何时到达容器（环境变量只在容器启动时读取）。
#
# 笔记：*k8s设置docker容器环境变量的方式: Dockerfile、kubernetes.yml、Kubernetes ConfigMaps和Kubernetes Secrets*
# —— 容器的环境变量可以来自镜像（Dockerfile 的 `ENV`），来自清单（manifest）里的 `env`，
# 也可以来自可被多个容器共享的 ConfigMap 和 Secret。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import base64, os, shutil
import kubelab
from kubelab.viz.draw import show
from kubelab.viz.graph import build_graph
cluster = kubelab.current_cluster()
# Files of this chapter go to a fresh working directory; kubectl -f reads them from there.
shutil.rmtree("work/06", ignore_errors=True)
os.makedirs("work/06")
os.chdir("work/06")

# %% [markdown] en="1fcf753e"
# ## ConfigMap 与 Secret — 创建ConfigMap, 创建Secret
#
# > ConfigMaps是存储非机密键值对的API对象; Secrets针对机密/敏感数据存储键值对,存储格式为Base64编码
#
# [ConfigMap](https://kubernetes.io/zh-cn/docs/concepts/configuration/configmap/) 保存非机密的键值对；
# [Secret](https://kubernetes.io/zh-cn/docs/concepts/configuration/secret/) 保存敏感的键值对，每个值都经过
# base64 编码。笔记各创建了一个。`--from-literal` 直接给出一个键值对
# （另外还有 `--from-file` 和 `--from-env-file`，见下文）：

# %%
%kubectl create configmap sys-app-name --from-literal name=my-system

# %%
%kubectl create secret generic sys-app-credentials --from-literal username=bob --from-literal password=bobpwd

# %% [markdown] en="9c014276"
# `generic` 的意思是“不属于任何特殊的 Secret 类型”：它的 `type` 是 `Opaque`。
# （其他类型，如 `kubernetes.io/tls`、`kubernetes.io/dockerconfigjson`、`kubernetes.io/basic-auth` 等，
# API 服务器会检查它们是否带有该类型必需的键。）

# %%
%kubectl get configmaps,secrets

# %% [markdown] en="fdda5bf4"
# kubectl 究竟发送了什么？`--dry-run=client -o yaml` 只打印对象而不创建它 ——
# 打印的文本与真实的 kubectl v1.32 完全相同：

# %%
%kubectl create secret generic sys-app-credentials --from-literal username=bob --from-literal password=bobpwd --dry-run=client -o yaml

# %% [markdown] en="9b03ba54"
# `describe` 只显示 Secret 中各个值的**大小**，从不显示值本身……

# %%
%kubectl describe secret sys-app-credentials

# %% [markdown] en="12ebecd1"
# ……但任何有权 `get` 它的人都能读到。Base64 是一种编码，不是加密：

# %%
encoded = cluster.kubectl("get secret sys-app-credentials -o jsonpath={.data.password}").stdout
print(encoded, "→", base64.b64decode(encoded).decode())

# %% [markdown] en="13c15c8c"
# ### 从文件和 env 文件创建
#
# `--from-file=目录或文件` 为每个文件生成一个键（键名是文件名，或写成 `键=文件`）；
# `--from-env-file` 为每一行 `KEY=value` 生成一个键：

# %%
%%writefile app.env
# comments and blank lines are skipped
LOG_LEVEL=debug
GREETING=hello world

# %%
%kubectl create configmap app-env --from-env-file=app.env --dry-run=client -o yaml

# %% [markdown] en="ed412bff"
# ### Secret 的类型，不可变对象
#
# 带类型的 Secret 必须包含该类型要求的键；API 服务器会检查
# （kubectl 在它的回答前面加上 `failed to create secret:`）：

# %%
%kubectl create secret generic web-tls --from-literal a=b --type=kubernetes.io/tls

# %% [markdown] en="04996059"
# `immutable: true` 会冻结一个 ConfigMap 或 Secret：其中的数据再也不能修改
# （kubelet 随之不再监视它 —— 对 Pod 很多的集群来说开销更小）。要修改，只能删除后重新创建。

# %%
%%kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: frozen
immutable: true
data:
  mode: easy

# %%
%%kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: frozen
immutable: true
data:
  mode: hard

# %% [markdown] en="329da815"
# ## 在 Deployment 中使用 — 配置文件(configMapKeyRef,secretKeyRef)
#
# 笔记中的 `kubernetes.yaml`（来自 OpenLiberty 的指南《Configuring microservices running in Kubernetes》）：一个读取 `APP_NAME` 的 `system` 服务，一个读取登录凭据的 `inventory` 服务，
# 以及分别为它们暴露的 NodePort 类型的 Service。下面**完全照笔记原样**写出：

# %%
%%writefile kubernetes.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: system-deployment
  labels:
    app: system
spec:
  selector:
    matchLabels:
      app: system
  template:
    metadata:
      labels:
        app: system
    spec:
      containers:
      - name: system-container
        image: system:1.0-SNAPSHOT
        ports:
        - containerPort: 9080
        # Set the APP_NAME environment variable
        - name: APP_NAME
          valueFrom:
            configMapKeyRef:
              name: sys-app-name
              key: name
apiVersion: apps/v1
kind: Deployment
metadata:
  name: inventory-deployment
  labels:
    app: inventory
spec:
  selector:
    matchLabels:
      app: inventory
  template:
    metadata:
      labels:
        app: inventory
    spec:
      containers:
      - name: inventory-container
        image: inventory:1.0-SNAPSHOT
        ports:
        - containerPort: 9080
        # Set the SYSTEM_APP_USERNAME and SYSTEM_APP_PASSWORD environment variables
        - name: SYSTEM_APP_USERNAME
          valueFrom:
            secretKeyRef:
              name: sys-app-credentials
              key: username
        - name: SYSTEM_APP_PASSWORD
          valueFrom:
            secretKeyRef:
              name: sys-app-credentials
              key: password
apiVersion: v1
kind: Service
metadata:
  name: system-service
spec:
  type: NodePort
  selector:
    app: system
  ports:
  - protocol: TCP
    port: 9080
    targetPort: 9080
    nodePort: 31000
apiVersion: v1
kind: Service
metadata:
  name: inventory-service
spec:
  type: NodePort
  selector:
    app: inventory
  ports:
  - protocol: TCP
    port: 9080
    targetPort: 9080
    nodePort: 32000

# %%
%kubectl apply -f kubernetes.yaml

# %% [markdown] en="d90fc783"
# > **勘误 1：笔记的文件中，各个文档之间缺少 `---` 分隔行。** 四个对象必须用单独一行 `---` 隔开。
#
# 没有 `---`，整个文件就是**一个** YAML 映射，其中 `apiVersion`、`kind`、`metadata`、`spec`
# 各出现了四次。真实的 kubectl v1.32 并不报错：它的 YAML 解析器对重复的键只保留**最后一个**值，
# 于是只有最后一个对象 `inventory-service` 留了下来 —— 正是 kubectl 打印出的那唯一一行。
# （`kubelab hint` 那一行是本套件加的，用来说明原因；真实的 kubectl 什么也不会说。）

# %%
%kubectl get deployments,services

# %% [markdown] en="81e13dc7"
# 在四个文档之间加上 `---`，再应用一次：

# %%
text = open("kubernetes.yaml").read().replace("\napiVersion", "\n---\napiVersion")
open("kubernetes.yaml", "w").write(text)
%kubectl apply -f kubernetes.yaml

# %% [markdown] en="d00989df"
# > **勘误 2：笔记把环境变量写在了 `ports` 下面。** 它们应该写在容器的 `env:` 列表里。
#
# 现在两个 Deployment 都被拒绝了。笔记中的 `- name: APP_NAME` 一行成了 `ports` 的第二个条目
# （端口可以有 `name`），而 `valueFrom` 不是端口的字段：kubectl 默认的 `--validate=strict`
# 会请 API 服务器拒绝未知字段：`strict decoding error: unknown field
# "spec.template.spec.containers[0].ports[1].valueFrom"`。两个 Service 则没有问题。
#
# 改正方法：给每个容器加上一个 `env:` 列表
# （参见[为容器设置环境变量](https://kubernetes.io/zh-cn/docs/tasks/inject-data-application/define-environment-variable-container/)）。

# %%
%%writefile kubernetes.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: system-deployment
  labels:
    app: system
spec:
  selector:
    matchLabels:
      app: system
  template:
    metadata:
      labels:
        app: system
    spec:
      containers:
      - name: system-container
        image: system:1.0-SNAPSHOT
        ports:
        - containerPort: 9080
        env:
        # Set the APP_NAME environment variable
        - name: APP_NAME
          valueFrom:
            configMapKeyRef:
              name: sys-app-name
              key: name
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: inventory-deployment
  labels:
    app: inventory
spec:
  selector:
    matchLabels:
      app: inventory
  template:
    metadata:
      labels:
        app: inventory
    spec:
      containers:
      - name: inventory-container
        image: inventory:1.0-SNAPSHOT
        ports:
        - containerPort: 9080
        env:
        # Set the SYSTEM_APP_USERNAME and SYSTEM_APP_PASSWORD environment variables
        - name: SYSTEM_APP_USERNAME
          valueFrom:
            secretKeyRef:
              name: sys-app-credentials
              key: username
        - name: SYSTEM_APP_PASSWORD
          valueFrom:
            secretKeyRef:
              name: sys-app-credentials
              key: password
---
apiVersion: v1
kind: Service
metadata:
  name: system-service
spec:
  type: NodePort
  selector:
    app: system
  ports:
  - protocol: TCP
    port: 9080
    targetPort: 9080
    nodePort: 31000
---
apiVersion: v1
kind: Service
metadata:
  name: inventory-service
spec:
  type: NodePort
  selector:
    app: inventory
  ports:
  - protocol: TCP
    port: 9080
    targetPort: 9080
    nodePort: 32000

# %%
%kubectl apply -f kubernetes.yaml
%kubelab settle
%kubectl get pods

# %% [markdown] en="388fb000"
# ## 值送到了吗？
#
# `system` 以用户 `bob` 的身份应答 `/system/properties`，并带上一个取自其 `APP_NAME` 的响应头
# `X-App-Name`；`inventory` 则用 Secret 中的凭据登录 `system`：

# %%
from kubelab.apps.liberty import basic_auth
r = cluster.curl("http://192.168.49.2:31000/system/properties", headers={"Authorization": basic_auth("bob", "bobpwd")})
print(r.status, "X-App-Name:", r.headers.get("X-App-Name"))
r = cluster.curl("http://192.168.49.2:32000/inventory/systems/system-service")
print(r.status, r.body[:120])

# %% [markdown] en="298c3390"
# 哪个 Pod 读取了哪个 ConfigMap 或 Secret？`env-from` 边上标着“变量 ← 键”：

# %%
g = build_graph(cluster, namespace="default", kinds=["Deployment", "Pod", "ConfigMap", "Secret"])
for a, b, d in g.edges(data=True):
    if d["type"] == "env-from":
        print(f"{a.split('/')[-1]:45} ← {b.split('/')[0]} {b.split('/')[-1]}: {d['keys']}")
show(cluster, "who reads which ConfigMap / Secret", namespace="default", kinds=["Deployment", "Pod", "ConfigMap", "Secret"])

# %% [markdown] en="2440867d"
# ## ConfigMap 不存在时
#
# 值是在容器启动时读取的。如果 ConfigMap 或其中的键不存在，kubelet 不会启动容器：
# 状态为 `CreateContainerConfigError`，原因写在事件里。它大约每 10 秒重试一次，
# 所以一旦 ConfigMap 创建出来，Pod 会自行恢复：

# %%
%kubectl delete configmap sys-app-name
%kubectl rollout restart deployment system-deployment
%kubelab run 20s
%kubectl get pods -l app=system

# %%
%kubectl get events --field-selector reason=Failed

# %%
%kubectl create configmap sys-app-name --from-literal name=my-system
%kubelab run 15s
%kubectl get pods -l app=system

# %% [markdown] en="2c8c74d0"
# 如果值改了呢？正在运行的容器中的环境变量**永远不会**更新（以文件形式挂载的值会更新，
# 最多延迟约一分钟 —— 见第 07 章）。笔记的做法是：*删除旧的deployment,部署更新后的deployment*
# —— 删除旧的 Deployment，再用文件重新创建：

# %%
%kubectl replace --force -f kubernetes.yaml

# %% [markdown] en="4ee98a81"
# `replace --force` 先**删除**文件中的每个对象（`deployment.apps "…" deleted`），等它们真正消失，
# 再重新**创建**（`…/… replaced`）：新的 UID、新的 ReplicaSet、新的 Pod
# （Service 也会短暂失去它们的节点端口）。想让容器拿到新值，更温和的办法是
# `kubectl rollout restart deployment NAME`，它会逐个替换 Pod。

# %%
%kubelab settle
%kubectl get pods

# %% [markdown] en="59437b78"
# ## 练习
#
# 每个检查都会告诉你还缺什么；在它上方新建单元格完成练习，然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 用 `-o jsonpath` 读出 `sys-app-credentials` 中的密码，并将其解码。

# %%
from kubelab.exercises import ch06
my_password = ""
ch06.secret_value(cluster, my_password)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
encoded = cluster.kubectl("get secret sys-app-credentials -o jsonpath={.data.password}").stdout
ch06.secret_value(cluster, base64.b64decode(encoded).decode())

# %% [markdown] en="b05abef3"
# **练习 2.** 创建一个 ConfigMap `game-config`，包含 `lives=3` 和 `mode=easy`；再创建一个 Pod `game`
# （镜像 `busybox`，命令 `sleep 3600`），让它以环境变量的形式拿到这两个值。

# %%
ch06.game_pod(cluster)

# %% [markdown] en="7bf43df3"
# 参考答案（已折叠；`envFrom` 会取出所有键）：

# %% tags=["solution"]
%kubectl create configmap game-config --from-literal lives=3 --from-literal mode=easy

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: game
spec:
  containers:
  - name: game
    image: busybox
    command: ["sleep", "3600"]
    envFrom:
    - configMapRef:
        name: game-config

# %% tags=["solution"]
%kubelab settle
%kubectl exec game -- sh -c 'echo lives=$lives mode=$mode'
ch06.game_pod(cluster)

# %% [markdown] en="8054368a"
# **练习 3.** 把改正后的笔记文件交给 `ch06.fixed_manifest`（它检查的是文本）。

# %%
ch06.fixed_manifest(text)

# %% [markdown] en="33edec05"
# 参考答案（已折叠；即上文改正后的文件）：

# %% tags=["solution"]
ch06.fixed_manifest(open("kubernetes.yaml").read())

# %% [markdown] en="abc0ae2f"
# ## 小结
#
# - `kubectl create configmap|secret generic 名称 --from-literal K=V`（还有 `--from-file`、
#   `--from-env-file`）；Secret 的值只是 base64 编码 —— `describe` 会隐藏它们，`get -o jsonpath` 不会。
# - 容器通过 `env[].valueFrom.configMapKeyRef|secretKeyRef` 或 `envFrom` 读取它们；
#   引用的对象不存在时，Pod 处于 `CreateContainerConfigError`，直到对象出现（或者设置 `optional: true`）。
# - 笔记的文件需要在对象之间加 `---`（否则真实的 kubectl 会悄悄地只保留最后一个），
#   并把变量写在 `env:` 下（严格解码会拒绝 `ports[1].valueFrom`）。
# - 环境变量的值在容器启动时读取；`kubectl replace --force -f` 会先删除再重新创建。
#
# 下一章：[07 · 用 ConfigMap 和 kustomize 配置 Redis](07-redis-with-kustomize.ipynb)。
