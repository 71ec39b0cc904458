# %% [markdown] en="526b5dee"
# # 12 · Pod — Pod、使用Pod、Pod模板、资源共享和存储
#
# ← [11 port、targetPort 与 nodePort](11-ports.ipynb) · [课程首页](00-start-here.ipynb) · [13 Pod 的生命周期](13-pod-lifecycle.ipynb) →
# （[English version](../12-pods.ipynb)）
#
# **本章内容**
#
# - Pod 是什么：一个或多个容器，一同调度，共享网络和卷；
# - Pod 的两种用法（使用Pod）：每个 Pod 一个容器；以及几个紧密耦合的容器 ——
#   一个 Web 服务器加一个刷新其所提供文件的**边车**（sidecar）容器；
# - 同一 Pod 的容器共享 Pod 的 IP 地址，通过 `localhost` 互相访问，并通过卷共享数据（资源共享和存储）；
# - Pod 模板（Pod模板）是什么，以及为什么修改它只影响之后创建的 Pod。
#
# 本章的一切都运行在这个笔记本里的模拟集群上（[第 00 章](00-start-here.ipynb)）。
# 官方文档：[Pod](https://kubernetes.io/zh-cn/docs/concepts/workloads/pods/)。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.viz.draw import show
cluster = kubelab.current_cluster()

# %% [markdown] en="2dd46fed"
# ## Pod 是什么
#
# 笔记（Pod）：
#
# > Pod是可以在k8s中创建和管理的、最小的可部署的计算单元
# >
# > Pod是一组(一个或多个)容器;这些容器共享存储、网络以及怎样运行这些容器的声明。Pod中的内容总是并置的并且一同调度,在共享的上下文中运行
# >
# > Pod的共享上下文包括一组Linux命名空间、控制组(cgroup)和可能一些其他的隔离方面,即用来隔离Docker容器的技术
# >
# > Pod类似共享命名空间和文件系统卷的一组Docker容器
#
# 换个角度说：Docker 用 Linux 名字空间和 cgroup 把**一个**容器隔离起来；Pod 则让**几个**容器共用同一套隔离环境。
# 所以同一 Pod 的容器总是落在同一个节点上、一起被调度，共享一个网络名字空间和若干文件系统卷。
#
# ## 使用Pod
#
# > 不需要直接创建Pod,使用诸如Deployment或Job这类工作负载资源来创建Pod。如果Pod需要跟踪状态,可以考虑StatefulSet资源
#
# Pod 很少由你亲手创建：工作负载资源（Deployment、Job；如果每个 Pod 需要自己的身份和状态，则用 StatefulSet）
# 根据模板替你创建 Pod，并在 Pod 消失时补上新的。不过为了观察一个 Pod，可以用 `kubectl run` 创建一个单独的“裸” Pod：
#
# > 运行单个容器的Pod。“每个Pod一个容器”模型是最常见的k8s用例;可以将Pod看作单个容器的包装器,并且k8s直接管理Pod,而不是容器

# %%
%kubectl run client --image=nginx
%kubelab settle
%kubectl get pods -o wide

# %% [markdown] en="d6c5eb17"
# 一个 Pod，一个容器（`READY 1/1`），一个来自节点 Pod 网络的 IP 地址。拿到 IP 的是 Pod，不是容器 ——
# 一旦 Pod 里有两个容器，这一点就很重要了。
#
# ## 带边车的 Pod
#
# > 运行多个协同工作的容器的Pod。Pod封装由多个紧密耦合且需要共享资源的共处容器组成的应用程序。这些位于同一位置的容器可能形成单个内聚的服务单元--一个容器将文件从共享卷提供给公众,而另一个单独的“挂斗”(sidecar)容器则刷新或更新这些文件。Pod将这些容器和存储资源打包成一个可管理的实体
#
# （官方文档把 sidecar 译作“边车”。）笔记只描述了这个例子，没有给出清单；下面就是它。
# `nginx` 提供 `/usr/share/nginx/html` 中的文件；`refresher`（busybox）每 10 秒重写一次 `index.html`；
# 两个容器挂载同一个 `emptyDir` 卷 —— 一个与 Pod 同生共死的空目录：

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: web-with-sidecar
spec:
  volumes:
  - name: html
    emptyDir: {}
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
    volumeMounts:
    - name: html
      mountPath: /usr/share/nginx/html
  - name: refresher
    image: busybox:1.36
    command: ["sh", "-c", "while true; do echo \"updated at $(date)\" > /pages/index.html; sleep 10; done"]
    volumeMounts:
    - name: html
      mountPath: /pages

# %%
%kubelab settle
%kubectl get pod web-with-sidecar -o wide

# %% [markdown] en="425dd07c"
# `READY 2/2`：两个容器，都在运行，一个 IP。从 `client` 这个 Pod 请求它的页面
# （一个穿过 Pod 网络的请求，就像另一个 Pod 发出的那样）：

# %%
ip = cluster.get("pod", "web-with-sidecar")["status"]["podIP"]
r = cluster.curl(f"http://{ip}/", from_pod="client")
print(r.status, r.body)

# %% [markdown] en="06fa617e"
# nginx 提供的正是边车写下的文件。十秒之后边车重写了它，而对边车一无所知的 nginx 提供了新内容：

# %%
%kubelab run 10s
print(cluster.curl(f"http://{ip}/", from_pod="client").body)

# %% [markdown] en="382ca706"
# ### 动手试试：边车实验室
#
# 下面的实验室作用于 `web-with-sidecar`。输入一行文字，按**边车写入**（它在 `refresher` 容器里运行 `echo`），
# 再按**主容器读取**（在 `nginx` 容器里运行 `cat`）：同一个文件，经由同一个卷的两个挂载点。按 **+10 秒** 再读一次：
# 边车自己的循环已经重写了它。（在保存下来的笔记本中，这里只显示一行占位文字，直到你运行这个单元格：控件活在正在运行的内核里。）

# %% tags=["nbval-ignore-output"]
from kubelab.ui import SidecarLab
sidecar = SidecarLab(cluster, "web-with-sidecar")
sidecar

# %% [markdown] en="99d25dd0"
# 用代码做同样的事（实验室在运行按钮对应的命令时会把它们打印出来）：

# %%
print(sidecar.layout_text)
sidecar.write("written by the sidecar")
print(sidecar.last_output)
sidecar.read()
sidecar.step(10)
sidecar.read()
print(sidecar.reads_text)

# %% [markdown] en="f30e3188"
# ## 资源共享和存储
#
# > Pod使它的成员容器间能够进行数据共享和通信
# >
# > 一个Pod可以设置一组共享的存储卷,Pod中的所有容器都可以访问该共享卷,从而允许这些容器共享数据
# >
# > 每个Pod都在每个地址族中获得一个唯一的IP地址,Pod中的每个容器共享网络命名空间,包括IP地址和网络端口。Pod内的容器可以使用localhost互相通信
#
# 下面分别验证存储和网络这两种共享。
#
# **存储。** 同一个文件，从每个容器各自的挂载路径看到
# （`kubectl exec POD -c 容器 -- 命令` 在指定的容器里运行命令）：

# %%
%kubectl exec web-with-sidecar -c refresher -- cat /pages/index.html
%kubectl exec web-with-sidecar -c nginx -- cat /usr/share/nginx/html/index.html

# %% [markdown] en="8469b1f6"
# **网络。** Pod 只有一个 IP 地址（`status.podIP`），而不是每个容器一个；两个容器甚至共享 Pod 的主机名。
# busybox 容器通过 `localhost` 访问到了 nginx 的 80 端口 —— 而 busybox 里并没有任何程序监听 80 端口：

# %%
%kubectl get pod web-with-sidecar -o jsonpath='{.status.podIP}{"\n"}'
%kubectl exec web-with-sidecar -c nginx -- hostname
%kubectl exec web-with-sidecar -c refresher -- hostname
%kubectl exec web-with-sidecar -c refresher -- wget -qO- localhost

# %% [markdown] en="11fc1219"
# nginx 记录了这个请求：它来自 `127.0.0.1`，也就是来自 Pod 内部。不指定容器时，`kubectl logs`
# 选择第一个容器（并在标准错误输出上说明）：

# %%
%kubectl logs web-with-sidecar --tail=2

# %% [markdown] en="b9981dfa"
# > Pod天生地为其成员容器提供了两种共享资源:网络和存储
# >
# > Pod不是进程,而是容器运行的环境
#
# > 每个Pod都旨在运行给定应用程序的单个实例。如果希望横向扩展应用程序,则应该使用多个Pod,每个实例使用一个Pod
#
# 要横向扩展，就多运行几个 Pod（每个实例一个），而不是在一个 Pod 里多放几个同样的容器 ——
# 这正是 Deployment 的 `replicas` 所做的，而且每个副本都有自己的 IP：

# %%
%kubectl create deployment web --image=nginx:1.16.1 --replicas=2
%kubelab settle
%kubectl get pods -l app=web -o wide

# %% [markdown] en="1e60a289"
# ## Pod模板
#
# > 负载资源的控制器通常使用Pod模板(Pod Template)来创建Pod并管理它们
# >
# > Pod模板是包含在工作负载对象中的规范,用来创建Pod。这些负载资源包括Deployment、Job和DaemonSets等
#
# 笔记的例子是一个 Job，它的模板运行一个 busybox 容器，打印一句问候，然后睡一个小时：

# %%
%%kubectl apply -f -
apiVersion: batch/v1
kind: Job
metadata:
  name: hello
spec:
  template:
    # 这里是 Pod 模版
    spec:
      containers:
      - name: hello
        image: busybox
        command: ['sh', '-c', 'echo "Hello, Kubernetes!" && sleep 3600']
      restartPolicy: OnFailure
    # 以上为 Pod 模版

# %%
%kubelab settle
%kubectl get jobs
%kubectl get pods -l job-name=hello

# %% [markdown] en="5a1d99fb"
# Job 控制器根据模板创建了一个 Pod；它的名字是 Job 的名字加上一个随机后缀。
# 容器打印了问候语，现在正在睡眠（Job 一小时后完成）：

# %%
%kubectl logs job/hello

# %% [markdown] en="da13e558"
# Pod 就是模板加上控制器和 API 服务器添加的内容：把它和 Job 关联起来的标签、一个属主引用，以及各种默认值。
# 对比一下模板里的命令和 Pod 里的命令：

# %%
%kubectl get job hello -o jsonpath='{.spec.template.spec.containers[0].command}{"\n"}'
%kubectl get pods -l job-name=hello -o jsonpath='{.items[0].spec.containers[0].command}{"\n"}{.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}{"\n"}'

# %% [markdown] en="800987ef"
# 各个对象以及谁拥有谁 —— Job 拥有它的 Pod，Deployment 拥有一个 ReplicaSet，后者拥有两个 Pod；
# 裸 Pod `client` 和 `web-with-sidecar` 不属于任何对象（没有控制器会替换它们）；每个 Pod 都被调度到节点上：

# %%
show(cluster, "Workloads create pods from their templates", namespace="default")

# %% [markdown] en="993bc036"
# 模板可以嵌套。**CronJob** 里有一个 **Job** 模板，Job 模板里又有一个 Pod 模板：每当调度时间到来，
# CronJob 控制器根据它的模板创建一个 Job，这个 Job 再根据自己的模板创建一个 Pod。
# `kubectl create cronjob` 可以写出一个 CronJob（调度表达式是 cron 的五个字段 ——
# 分钟、小时、日、月、星期；第一个字段的 `*/1` 表示每分钟一次）：

# %%
%kubectl create cronjob tick --image=busybox:1.36 --schedule="*/1 * * * *" -- date
%kubelab run 150s
%kubectl get cronjob tick
%kubectl get jobs

# %% [markdown] en="663b405e"
# 每分钟一个 Job，名字由 CronJob 的名字和它的计划时间（自 1970 年以来的分钟数）组成，
# 每个 Job 都运行了一个由“模板中的模板”创建的 Pod。最新那个的输出：

# %%
%%shell
kubectl logs $(kubectl get jobs -o name | tail -n 1)
kubectl delete cronjob tick

# %% [markdown] en="04f746a9"
# ### 修改模板
#
# > 修改Pod模板或者切换到新的Pod模板都不会对已存在的Pod起作用
# >
# > e.g. Demployment控制器针对每个Deployment对象确保运行中的Pod与当前的Pod模板匹配。如果模板被更新,则Deployment必须删除现有的Pod,基于更新后的模板创建新的Pod
#
# > **勘误：“Demployment” 应为 “Deployment”。** 另外，Deployment 并不是一次删光现有的 Pod：
# > 默认的滚动更新会在新 Pod 就绪后逐个替换旧 Pod（第 05 章）。
#
# 亲眼看看。修改 Deployment 模板中的镜像，然后立刻查看 Pod：

# %%
%kubectl set image deployment/web nginx=nginx:1.27
%kubectl get pods -l app=web -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,STATUS:.status.phase

# %% [markdown] en="08d9ff25"
# 现有的两个 Pod 仍然运行 `nginx:1.16.1`：Pod 本身什么也没变。一个**新的** Pod 来自根据新模板创建的新 ReplicaSet，
# 运行的是 `nginx:1.27`。旧 Pod 只有在 Deployment 删除它们时才会离开 —— 新 Pod 每就绪一个，就删除一个旧的
# （滚动更新，第 05 章）：

# %%
%kubelab settle
%kubectl get pods -l app=web -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,STATUS:.status.phase

# %% [markdown] en="336d6d75"
# 现在每个 Pod 都换了新名字：没有一个是原地修改的，全部都被替换了。
#
# ## 笔记没有说的
#
# - **Job 的 Pod 模板不能修改。** 与 Deployment 不同，Job 一旦存在，它的 `spec.template` 就不可变
#   （API 服务器回答 `field is immutable`）；要运行别的东西，就创建一个新的 Job。练习 3 就是这样做的。
# - **裸 Pod 不会被替换。** `client` 和 `web-with-sidecar` 没有控制器：删除它们，或者它们所在的节点丢失，它们就没了。
#   这就是笔记说要使用工作负载资源的原因。
# - **原生边车。** 从 Kubernetes 1.29 起，边车也可以声明为一个 `restartPolicy: Always` 的 **Init 容器**：
#   它在应用容器之前启动，并一直在它们旁边运行（第 13 章会讲 kubelet 如何启动容器）。
#   像上面那样的普通第二个容器仍然是常见的写法。
# - **两个容器不能监听同一个端口。** 它们共享网络名字空间，所以一个 Pod 里的两个 Web 服务器必须使用不同的端口。
#
# ## 练习
#
# 每个检查都会告诉你还缺什么；在它上方新建单元格完成练习，然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 创建一个名为 `shared` 的 Pod，其中有两个共享同一个 `emptyDir` 卷的 busybox 容器：
# 一个往卷里写一个文件，另一个读取它（例如写完之后 `sleep 3600`，读取的容器也 `sleep 3600`）。

# %%
from kubelab.exercises import ch12
ch12.shared_volume_pod(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: shared
spec:
  volumes:
  - name: data
    emptyDir: {}
  containers:
  - name: writer
    image: busybox:1.36
    command: ["sh", "-c", "echo written by writer > /data/note && sleep 3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  - name: reader
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    volumeMounts:
    - name: data
      mountPath: /data

# %% tags=["solution"]
%kubelab settle
%kubectl exec shared -c reader -- cat /data/note
ch12.shared_volume_pod(cluster)

# %% [markdown] en="972229c5"
# **练习 2.** 在 `web-with-sidecar` 中，`refresher` 容器用哪个主机名访问同一 Pod 中 nginx 的 80 端口？

# %%
my_answer = ""
ch12.sibling_address(my_answer)

# %% [markdown] en="d6f0c4dd"
# 参考答案（已折叠；先看一个诱人的错误答案）：

# %% tags=["solution"]
print(ch12.sibling_address("web-with-sidecar"))
ch12.sibling_address("localhost")

# %% [markdown] en="456483fd"
# **练习 3.** Job 的模板不能修改，那就新建一个：一个名为 `greet` 的 Job，用笔记中的模板，
# 让它的容器打印 `Hello, kubelab!`。

# %%
ch12.job_says(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: batch/v1
kind: Job
metadata:
  name: greet
spec:
  template:
    spec:
      containers:
      - name: greet
        image: busybox
        command: ['sh', '-c', 'echo "Hello, kubelab!" && sleep 3600']
      restartPolicy: OnFailure

# %% tags=["solution"]
%kubelab settle
ch12.job_says(cluster)

# %% [markdown] en="d058c667"
# ## 小结
#
# - Pod 是一个或多个一同调度到同一节点上的容器，它们共享一个网络名字空间
#   （一个 IP；通过 `localhost` 可以访问兄弟容器的端口）以及 Pod 的卷。
# - 每个 Pod 一个容器是常见情形；边车是同一 Pod 中的辅助容器，
#   例如负责刷新主容器从共享 `emptyDir` 中所提供文件的那个容器。
# - 你很少直接创建 Pod：Deployment、Job 和 DaemonSet 根据 Pod 模板创建它们。
#   修改模板从不改变现有的 Pod；Deployment 会替换它们。
#
# 下一章：[13 · Pod 的生命周期](13-pod-lifecycle.ipynb) —— 阶段、容器状态、重启、探针与终止。
