# %% [markdown] en="ed7cd924"
# # 13 · Pod 的生命周期 — Pod的生命周期
#
# ← [12 Pod](12-pods.ipynb) · [课程首页](00-start-here.ipynb) · [14 持久卷](14-persistent-volumes.ipynb) →
# （[English version](../13-pod-lifecycle.ipynb)）
#
# **本章内容**
#
# - Pod 的各个阶段（Pending → Running → Succeeded 或 Failed），以及其中容器的状态（Waiting、Running、Terminated）及原因；
# - `restartPolicy` 如何处理退出的容器，以及 kubelet 的重启回退（`CrashLoopBackOff`、`RESTARTS 3 (20s ago)`）；
# - Pod 的状况（PodScheduled、Initialized、ContainersReady、Ready）；
# - 存活态、就绪态和启动探针，随时间的变化；
# - postStart 和 preStop 回调；
# - Pod 如何终止：宽限期限、preStop、SIGTERM 或镜像的 STOPSIGNAL、SIGKILL、`--force`，以及期间 kubelet 重启会怎样；
# - 节点失效时 Pod 会怎样，已结束的 Pod 如何被垃圾收集。
#
# 本章中时间很重要，请留意模拟时钟：`%kubelab run 30s` 让它前进。
# 一个 **history** 从现在开始记录每一次变化，供下面的时间线图使用。
# 官方文档：[Pod 的生命周期](https://kubernetes.io/zh-cn/docs/concepts/workloads/pods/pod-lifecycle/)。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.viz.timeline import history, pod_table, draw_pods
cluster = kubelab.current_cluster()
h = history(cluster)


def phase(name):
    """The pod's phase and its first container's state, as the API holds them."""
    st = cluster.get("pod", name)["status"]
    cs = st["containerStatuses"][0]
    (state, detail), = cs["state"].items()
    return f'{name}: phase={st["phase"]}, container {state} {detail.get("reason", "")}'.rstrip()

# %% [markdown] en="c0113a71"
# ## Pod的生命周期
#
# > 起始于Pending阶段,如果至少有一个主要容器正常启动,则进入Running,之后取决于是否有容器以失败状态结束而进入Succeeded或者Failed阶段
# >
# > Pod在其生命周期中只会被调度一次。一旦Pod被调度(分派)到某个节点,会一直在该节点运行,直到Pod停止或被终止
#
# > Pod和一个个独立的应用容器一样,也被认为是相对临时性的实体。Pod会被创建、赋予一个唯一的ID(UID),并被调度到节点,并在终止或删除之前一个运行在该节点
# >
# > Pod自身不能自愈,如果被调度到某节点而该节点之后失效,或者调度操作本身失效,Pod会被删除;Pod无法在节点资源耗尽或者节点维护期间继续存活。k8s使用控制器,来管理这些相对而言可随时丢弃的Pod实例
# >
# > 任何给定的Pod(由UID定义)不会被重新调度到不同的节点;相反,这Pod可以被一个新的、几乎完全相同的Pod替换掉。新Pod的名字可以不变,但UID会不同
#
# > **勘误：“并在终止或删除之前一个运行在该节点”应为“并在终止或删除之前一直运行在该节点上”。**
#
# 节点失效时 Pod 会被删除，本章最后一部分会演示这一点。
#
# ## Pod阶段 — 阶段与 restartPolicy
#
# > status字段是一个PodStatus对象,其中包含一个phase字段。是Pod在其生命周期中所处位置的简单宏观概述
#
# 在三个 Pod 中观察它。它们运行同一类短程序 —— 打印一行，工作 5 秒，然后退出 —— 分别使用 `restartPolicy` 的三个取值
# （容器重启策略：Always（默认）、OnFailure、Never）：
#
# - `crash` 以退出码 1 退出，`restartPolicy: Always`；
# - `once` 以退出码 0 退出，`restartPolicy: OnFailure`；
# - `never` 以退出码 3 退出，`restartPolicy: Never`。

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: crash
spec:
  restartPolicy: Always
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo starting; sleep 5; exit 1"]
---
apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: OnFailure
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo working; sleep 5; exit 0"]
---
apiVersion: v1
kind: Pod
metadata:
  name: never
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo failing; sleep 5; exit 3"]

# %% [markdown] en="91cfcb04"
# 刚创建时，kubelet 还什么都没做，三个 Pod 都是 `Pending`：已经调度，但还没有容器在运行。
# 容器处于 `Waiting`，原因是 `ContainerCreating`：

# %%
%kubectl get pods
print(phase("crash"))

# %% [markdown] en="f5f44994"
# > 一个调度器将Pod分派给某个节点,kubelet就通过容器运行时开始为Pod创建容器。
#
# 几秒钟后三个都在运行（`Running`），5 秒的工作做完之后它们退出：

# %%
%kubelab settle
%kubectl get pods
%kubelab run 6s
%kubectl get pods
for name in ("crash", "once", "never"):
    print(phase(name))

# %% [markdown] en="67af31eb"
# - `once` 以 0 退出：`Succeeded`，显示为 `Completed`。OnFailure 不会重启成功结束的容器。
# - `never` 以 3 退出：`Failed`，显示为 `Error`；Never 什么都不重启。
# - `crash` 以 1 退出，Always 会重启它。Pod 仍然是 `Running`；它的容器已经再次启动了（`RESTARTS 1`）。
#
# ### 容器状态
#
# > 检查Pod中容器的状态:kubectl describe pod <pod 名称>
# >
# > 容器的状态有三种: Waiting (等待) … Running (运行中) … Terminated (已终止)
#
# 容器既没有运行、也没有终止时处于 `Waiting` —— 还在做启动所需的事（拉取镜像、等待回退结束）；
# 执行期间处于 `Running`（如果它有 postStart 回调，回调已经完成）；运行过并已结束（无论成功与否）时处于 `Terminated`
# （如果有 preStop 回调，它在此之前运行过）。`kubectl describe pod` 显示每个容器的 `State` 和 `Last State`（上一次运行），
# 以及原因和退出码：

# %%
%kubectl describe pod never

# %% [markdown] en="a7a152f4"
# ### 重启与回退
#
# Always（以及对失败的容器，OnFailure）会重启容器 —— 但不是每次都立即重启。kubelet 在两次重启之间等待：
# 第一次重启立即进行，之后等 10 秒，然后 20 秒、40 秒……每次翻倍，最多 5 分钟；容器连续运行 10 分钟后，回退计时会被清零。
# 等待期间容器处于 `Waiting`，原因是 `CrashLoopBackOff`。让 `crash` 崩溃一阵子，停在 kubelet 正在等待的某个时刻：

# %%
def backing_off():
    cs = cluster.get("pod", "crash")["status"]["containerStatuses"][0]
    return cs["restartCount"] >= 3 and cs["state"].get("waiting", {}).get("reason") == "CrashLoopBackOff"

cluster.wait_for(backing_off, timeout=300)
%kubelab run 20s
%kubectl get pod crash
print(phase("crash"))

# %% [markdown] en="205e8257"
# `RESTARTS 3 (20s ago)`：重启了三次，容器最近一次退出是在 20 秒前；kubelet 要等 40 秒才进行第四次重启。
# `kubectl logs --previous` 显示当前这次之前那次运行的输出。history 显示了每一次运行和每一次等待（时间从本章开始时算起）：

# %%
%kubectl logs crash --previous
print(pod_table(h, pods=["crash"]))

# %% [markdown] en="79bafe46"
# `Running` 的那几段就是 5 秒的工作。第一次重启立即发生；之后 `CrashLoopBackOff` 的等待越来越长：10 秒、20 秒，现在是 40 秒。
# （kubelet 的事件也这么说：`Back-off restarting failed container`。）
#
# ## Pod状况
#
# > Pod有一个PodStatus对象,其中包含一个PodConditions数组
# >
# > - PodScheduled: Pod已经被调度到某节点
# > - ContainersReady: Pod中所有容器都已就绪
# > - Initialized: 所有的Init容器都已成功启动
# > - Ready: Pod可以为请求提供服务,并且应该被添加到对应服务的负载均衡池中
#
# > **勘误：Initialized 表示所有 Init 容器都已成功*完成*，而不只是“已成功启动”。**
#
# 每个状况都记录了它上一次变化的时间：

# %%
%kubectl get pod crash -o jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.status}{"\t"}{.lastTransitionTime}{"\n"}{end}'

# %% [markdown] en="889eba2f"
# 每当容器死掉，`Ready` 就变成 `False`，容器重新运行后又变回 `True`。
# Kubernetes 1.29+ 还有笔记没有列出的第五个状况 `PodReadyToStartContainers`：Pod 的沙箱和网络已经就绪。
#
# 进入下一部分之前，先清理这三个 Pod：

# %%
%kubectl delete pod crash once never

# %% [markdown] en="26bd53ba"
# ## 探针
#
# > Probe是由kubelet对容器执行的定期诊断。要执行诊断,kubelet调用由容器实现的Handler(处理程序)。有三种类型的处理程序:
# >
# > - ExecAction 在容器内执行指定命令。如果命令退出时返回码为0则认为诊断成功
# > - TCPSocketAction 对容器的IP地址上的指定端口执行TCP检查。如果端口打开,则诊断被认为是成功的
# > - HTTPGetAction 对容器的IP地址上指定端口和路径执行HTTP Get请求。如果响应的状态码大于等于200且小于400,则诊断被认为是成功的
#
# 在清单中，这三种处理程序分别写作 `exec`、`tcpSocket` 和 `httpGet`。每次探测的结果是 Success、Failure 或 Unknown
# （探测本身无法执行；此时什么也不做）。探针（probe）有三种：
#
# > - livenessProbe :指示容器是否正在运行。如果存活态探测失败,则kubelet会杀死容器,并且容器将根据重启策略决定未来。如果容器不提供存活探针,则默认为Success
# > - readinessProbe:指示容器是否准备好为请求提供服务。如果就绪态探测失败,端点控制器将从与Pod匹配的所有服务的端点列表中删除该Pod的IP地址。初始延迟之前的就绪态的状态值默认为Failure。如果不提供就绪态探针,默认为Success
# > - startupProbe:指示容器是否已经启动。如果提供了启动探针,则所有其他探针都会被禁用,直到此探针成功为止。如果启动探测失败,kubelet将杀死容器,而容器根据重启策略进行重启。如果没有提供启动探测,默认为Success
#
# - **存活态探针（liveness）**：容器还在正常工作吗？如果不是，kubelet 杀死它，由重启策略决定接下来怎样。
# - **就绪态探针（readiness）**：它现在能处理请求吗？如果不能，它所在 Pod 的 IP 会从所有选中它的 Service 的端点中移除。
#   第一次成功之前，它被视为未就绪。
# - **启动探针（startup）**：它启动完了吗？在启动完成之前，另外两种探针都不运行；如果它失败太久，容器会像存活态探测失败那样被杀死。
#
# ### 存活态：何时使用存活态探针？
#
# > 如果容器中的进程能够在遇到问题或不健康的情况下自行崩溃,则不一定需要存活态探针;kubelet将根据Pod的restartPolicy自动执行修复操作
# >
# > 如果希望容器在探测失败时被杀死并重新启动,那么请指定一个存活态探针,并制定restartPolicy为"Always"或"OnFailure"
#
# （`crash` 就是自行崩溃的例子。）存活态探针适用于那种卡住了却仍在运行的容器。Kubernetes 文档中的例子
# （pods/probe/exec-liveness.yaml）创建 `/tmp/healthy`，30 秒后删掉它，然后继续活着；探针每 5 秒执行一次
# `cat /tmp/healthy`，从容器启动 5 秒后开始：

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5

# %% [markdown] en="cc14c584"
# ### 就绪态：何时使用就绪态探针？
#
# > 如果要仅在探测成功时才开始向Pod发送请求流量,请指定就绪态探针。规约中的就绪态探针的存在意味着Pod将在启动阶段不接收任何数据,并且只有在探测成功后才开始接收数据
# >
# > 如果容器需要加载大规模的数据、配置文件或在启动期间执行迁移操作,可以添加一个就绪态探针
# >
# > 如果希望容器能够自行进入维护状态,也可以指定一个就绪态探针,检查某个特定于就绪态不同于存活态探测的端点
#
# 这里是一个 Service 后面的两个 nginx Pod；探针请求 `/index.html`，只有这个文件存在时 nginx 才会提供它：

# %%
%%kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        readinessProbe:
          httpGet:
            path: /index.html
            port: 80
          periodSeconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80

# %% [markdown] en="511d53c7"
# ### 启动：何时该使用启动探针？
#
# > 对于所包含的容器需要较长时间才能启动就绪的Pod而言,启动探针是有用的。不再需要配置一个较长的存活态探测时间间隔,只需要设置另一个独立的配置选定,对启动期间的容器执行探测,从而允许使用远远超出存活态时间间隔所允许的时长
# >
# > 如果容器启动时间通常超出initialDelaySeconds + failureThreshold × periodSeconds总值,应该设置一个启动探测。periodSeconds的默认值是30秒,应该将failureThreshold设置得足够高,以便容器有充足的时间完成启动,并且避免更改存活态探针所使用的默认值
#
# > **勘误：periodSeconds 的默认值是 10 秒，不是 30 秒。**（本章末尾用 `describe` 展示了各项默认值。）
#
# `slow` 需要 40 秒后才会出现 `/tmp/started`；它严格的存活态探针（失败一次就死）本来早就会杀死它 ——
# 但在启动探针（最多 12 × 5 秒 = 60 秒）成功之前，存活态探针根本不会运行：

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "sleep 40; touch /tmp/started; sleep 3600"]
    startupProbe:
      exec:
        command: ["cat", "/tmp/started"]
      periodSeconds: 5
      failureThreshold: 12
    livenessProbe:
      exec:
        command: ["cat", "/tmp/started"]
      failureThreshold: 1

# %% [markdown] en="b6f60933"
# 现在让 50 秒过去：`liveness-exec` 在第 30 秒删除它的文件，`slow` 在第 40 秒完成启动。
# 然后删除一个 `web` Pod 的 `index.html`，让它暂停服务：

# %%
%kubelab run 50s
%kubectl get pods
web_pods = sorted(p["metadata"]["name"] for p in cluster.api.list("pods", "default")
                  if p["metadata"].get("labels", {}).get("app") == "web")
%kubectl get endpoints web

# %%
%kubectl exec {web_pods[0]} -- rm /usr/share/nginx/html/index.html
%kubelab run 20s
%kubectl get pods -l app=web
%kubectl get endpoints web

# %% [markdown] en="dafc4ae2"
# 这个 Pod 仍然是 `Running`，但就绪数是 `0/1`，它的 IP 已经离开了 Service 的端点：只有另一个 Pod 在接收流量。
#
# `liveness-exec` 的存活态探针连续失败了三次（`failureThreshold` 为 3，分别在第 30、35、40 秒），于是 kubelet 杀死了容器 ——
# 可是到第 50 秒它还没有重启。杀死容器也是体面的：先 SIGTERM，然后最多等 30 秒。容器的 PID 1 是 `/bin/sh`，它忽略 SIGTERM，
# 所以这次终止用满了 30 秒，最后以 SIGKILL 结束（退出码 137 = 128 + 9；下面的“Pod 的终止”一节用 `sleep` 展示了同样的情形）。
# 它的事件和 `Last State` 用 kubelet 的话讲述了这一切：

# %%
%kubectl describe pod liveness-exec

# %% [markdown] en="2c3e26f3"
# 再看 `slow`：40 秒后 `Started` 变为 true，它的存活态探针这时才开始 —— 而那时文件已经存在，所以探测通过。没有重启：

# %%
%kubectl get pod slow -o jsonpath='{.status.containerStatuses[0].started} {.status.containerStatuses[0].ready} {.status.containerStatuses[0].restartCount}{"\n"}'

# %% [markdown] en="a875908d"
# ### 时间线
#
# 同一次运行画成图（从 Pod 创建起的整整 80 个模拟秒）：每个 Pod 一条泳道，状态写在色条里并用颜色区分，未就绪时加斜线；
# 探测失败处有一个黑色标记（▼ 存活态，◆ 启动，▲ 就绪态：每个标记就是一个 `Unhealthy` 事件），
# kubelet 正在杀死一个存活态探测失败的容器时，画黑色斜线。

# %%
from kubelab.viz.style import image, figure_png
image(figure_png(draw_pods(h, pods=["liveness-exec", "slow", *web_pods], containers=False,
                           title="probes over simulated time")))

# %% [markdown] en="76c278db"
# 读一读：`liveness-exec` 健康运行 30 秒，然后是间隔 5 秒的三次存活态探测失败（▼），接着是 30 秒的终止过程
# （黑色斜线：仍然是 `Running`，就像 `kubectl get pods` 显示的那样，因为 SIGTERM 被忽略了），然后重启：被杀死的容器短暂显示 `Error`
# （退出码 137，交叉斜线：新容器出现之前，kubelet 显示上一个容器的状态），之后是 `Running ↻1`。`slow` 在最初 40 秒内未就绪（斜线）：它的启动探针每 5 秒失败一次 ——
# 每次失败都是一个 `Unhealthy` 事件，一个 ◆ —— 但一直低于阈值 12，存活态探针也完全没有运行；之后启动探针成功，Pod 就绪。
# 第一个 `web` Pod 在页面消失后经过三次就绪态探测失败（▲）变为未就绪，并且没有被重启（就绪态探针从不杀死容器）。
#
# ### 动手试试：探针实验室
#
# 下面的探针实验室运行存活态例子中的程序（`touch /tmp/healthy; sleep N; rm -f /tmp/healthy`），探针由你选择。
# 选择**存活态**（liveness）、**就绪态**（readiness）或**启动**（startup）探针，修改**健康时长**和探针的各项数值，
# 按**（重新）启动 Pod**，再按 **+5 秒** / **+30 秒**：时间线、探测结果以及 Pod 的 READY 和 RESTARTS 都会随之变化。
# （在保存下来的笔记本中，这里只显示一行占位文字，直到你运行这个单元格：控件活在正在运行的内核里。）
# 更多内容见[探针演练场](../../widgets/zh/probes.ipynb)。

# %% tags=["nbval-ignore-output"]
from kubelab.ui import ProbeLab
lab = ProbeLab(cluster)
lab

# %% [markdown] en="4c3116df"
# 用代码做同样的事：一个就绪态探针，在文件于 20 秒后消失时开始失败。Pod 仍然是 `Running`，但变为未就绪 —— 并且从不重启：

# %%
lab.tune("readiness", healthy_for=20, initialDelaySeconds=0, periodSeconds=5, failureThreshold=1)
print(lab.start(), end="")
lab.step(45)
print(lab.pod_text)
print(lab.probe_text)
print(lab.kubectl("delete pod probe-lab --grace-period=0 --force"), end="")

# %% [markdown] en="f4d47d77"
# ## Pod的终止
#
# > Pod所代表的是在集群中节点上运行的进程,当不再需要这些进程时允许其体面地终止是很重要的,不应武断地使用KILL信号终止,导致这些进程没有机会完成清理操作
# >
# > 通常容器运行时会发送一个TERM信号到每个容器中的主进程。很多容器运行时都能注意到容器镜像中STOPSIGNAL的值,并发送该信号而不是TERM。一旦超出了体面终止限期,容器运行时会向所有剩余进程发送KILL信号,之后Pod就会被从API服务器上移除。如果kubelet或者容器运行时的管理服务在等待进程终止期间被重启,集群会从头开始重试,赋予Pod完整的体面终止限期
#
# > 在删除Pod时,Pod会自动将自身置为未就绪状态,无论就绪态探针是否存在。等待Pod中的容器停止期间,Pod会一直处于未就绪状态
#
# ### 回调：postStart 与 preStop
#
# 容器可以有两个回调（`lifecycle`），由 kubelet 在容器中执行：`postStart` 在容器创建之后立即执行 —— 与主程序并行，
# 不保证谁先谁后 —— `preStop` 在停止信号之前执行。只有 postStart 回调完成之后，容器才算 `Running`；如果回调失败，
# kubelet 会杀死容器（`FailedPostStartHook`）。kubernetes.io 上的例子
# [为容器的生命周期事件设置处理函数](https://kubernetes.io/zh-cn/docs/tasks/configure-pod-container/attach-handler-lifecycle-event/)：
# postStart 回调写一个文件，preStop 回调请 nginx 体面地退出。

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: lifecycle-demo
spec:
  containers:
  - name: lifecycle-demo-container
    image: nginx
    lifecycle:
      postStart:
        exec:
          command: ["/bin/sh", "-c", "echo Hello from the postStart handler > /usr/share/message"]
      preStop:
        exec:
          command: ["/bin/sh","-c","nginx -s quit; while killall -0 nginx; do sleep 1; done"]

# %%
%kubelab settle
%kubectl exec lifecycle-demo -- cat /usr/share/message

# %% [markdown] en="791d2819"
# 文件在那里：回调在容器里、在容器启动之后执行了。（回调的输出不会出现在任何你能读到的地方；只有失败会显示在 Pod 的事件中。）
#
# ### 停止信号：TERM，或镜像的 STOPSIGNAL
#
# 比较两个 Pod：`polite` 是 nginx，带一个睡 5 秒的 `preStop` 回调（让负载均衡器有时间跟上的常见做法，见[第 08 章](08-stateless-app.ipynb)）。
# nginx 的镜像声明了 `STOPSIGNAL SIGQUIT` —— 这是 nginx 的**体面**关闭（TERM 则是它的快速关闭）。
# `stubborn` 以 PID 1 运行 `sleep`，而 PID 1 除非安装了处理程序，否则会忽略 SIGTERM —— `sleep` 没有安装：

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: polite
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    lifecycle:
      preStop:
        exec:
          command: ["sleep", "5"]
---
apiVersion: v1
kind: Pod
metadata:
  name: stubborn
spec:
  containers:
  - name: sleeper
    image: busybox:1.36
    command: ["sleep", "3600"]

# %% [markdown] en="af167fb5"
# 删除 `polite` 但不等待，跟踪 nginx 的日志直到容器结束（在终端里，`logs -f` 会随着新行的到来一直打印）。
# 到来的是哪个信号，在什么时候？

# %%
%kubelab settle
start = cluster.now
%kubectl delete pod polite --wait=false

# %%
%%shell
kubectl logs -f polite | grep signal

# %%
print("deleted at", cluster.clock.datetime(start).strftime("%H:%M:%S"))

# %% [markdown] en="87417541"
# 是 `signal 3 (SIGQUIT)`，不是 15（SIGTERM）：运行时发送的是镜像的 STOPSIGNAL，在删除 5 秒之后 —— preStop 回调的 sleep 在先。
# nginx 让它的 worker 处理完后退出（signal 17 是 worker 退出的消息传到了 master）。`kubectl delete` 会等到 Pod 消失；
# 给 `stubborn` 计时：

# %%
start = cluster.now
%kubectl delete pod stubborn
print(f"stubborn took {cluster.now - start - cluster.pause:.0f}s")

# %% [markdown] en="c733d4c0"
# SIGTERM 被忽略，所以 kubelet 等满默认的 30 秒宽限期限，然后发送 SIGKILL。
#
# ### kubelet 重启时
#
# > 如果kubelet或者容器运行时的管理服务在等待进程终止期间被重启,集群会从头开始重试,赋予Pod完整的体面终止限期
#
# 容器属于容器运行时，而不属于 kubelet：重启 kubelet（在节点上 `systemctl restart kubelet`；这里是 `cluster.restart_kubelet`，
# 停机 2 秒）不会影响它们 —— 同一个容器，同一个启动时间，重启计数不变：

# %%
%kubectl run patient --image=busybox:1.36 -- sleep 3600
%kubelab settle
%kubectl get pods lifecycle-demo patient
cluster.restart_kubelet("minikube")
%kubelab run 5s
%kubectl get pods lifecycle-demo patient

# %% [markdown] en="dbda19b4"
# 但正在进行中的停止会随旧的 kubelet 一起结束。新的 kubelet 发现 Pod 仍在删除中，就从头开始停止它 ——
# preStop、信号，以及**完整的**宽限期限再来一遍。删除 `patient`（它的 `sleep` 和 `stubborn` 一样忽略 SIGTERM），
# 在它 30 秒宽限期的第 20 秒重启 kubelet，看看总共用了多久：

# %%
start = cluster.now
%kubectl delete pod patient --wait=false
%kubelab run 19s
cluster.restart_kubelet("minikube")
cluster.wait_for(lambda: cluster.get("pod", "patient") is None, timeout=120)
print(f"patient took {cluster.now - start:.0f}s")

# %% [markdown] en="616dda5b"
# 大约 52 秒：第一次宽限期的 20 秒，没有 kubelet 的 2 秒，然后又是 30 秒。

# %%
%kubectl delete pod lifecycle-demo

# %% [markdown] en="738ef8f3"
# ## 强制终止Pod
#
# > 默认所有删除操作都有30秒的宽限期。kubectl delete支持--grace-period=<seconds>选项重载默认值
# >
# > 宽限期设置为0意味着立即从API服务器删除Pod。如果Pod仍然运行于某节点上,强制删除会触发kubelet立即执行清理操作
#
# > **勘误：只写 `--grace-period=0` 并不会立即删除。** 必须同时加上 `--force`；否则 kubectl 会把 0 改成 1 秒，仍然等待 kubelet。
#
# `--grace-period=0 --force` 会立即从 API 中删除 Pod，不等 kubelet 确认容器已经停止 —— kubectl 正是为此发出警告：

# %%
%kubectl run stubborn2 --image=busybox:1.36 -- sleep 3600
%kubelab settle
start = cluster.now
%kubectl delete pod stubborn2 --grace-period=0 --force
print(f"took {cluster.now - start - cluster.pause:.0f}s")

# %% [markdown] en="a78ce551"
# 小心使用 `--force`：在真实集群上，进程可能仍在一个失联的节点上运行，而另一个同名的替代 Pod 已经在别处启动了。
#
# ## 节点失效时
#
# 笔记的承诺（第 03 章）是：节点失效时，控制器会替换上面的 Pod。重新开始，用一个有两个节点的集群，以及一个在两个节点上都有 Pod 的 Deployment：

# %%
%kubelab reset workers=1
cluster = kubelab.current_cluster()
h = history(cluster)
%kubectl create deployment hello --image=nginx --replicas=4
%kubelab settle
%kubectl get pods -o wide

# %% [markdown] en="752d4d2e"
# 关掉 `minikube-m02` 的电源：它的 kubelet 不再续约节点的 Lease。没有心跳 50 秒后（`--node-monitor-grace-period`，自 v1.32 起为 50 秒），
# 节点控制器把节点标记为 `NotReady`，并打上污点 `node.kubernetes.io/unreachable`：

# %%
cluster.fail_node("minikube-m02")
%kubelab run 60s
%kubectl get nodes
%kubectl get pods -o wide

# %% [markdown] en="6cfc89ac"
# 失效节点上的 Pod **看起来**仍然是 `Running`、`1/1`：那是它们的 kubelet 最后一次报告的状态，而已经没人能向那个节点询问了。
# 控制平面知道的情况在节点的状况里（现在是 `Unknown`，见下文），也在这些 Pod 各自的 `Ready` 状况里 ——
# 节点控制器把它设为 `False`，让 Service 不再向它们发送流量。它们的**阶段**仍然是 `Running`：
#
# > **勘误：笔记中的阶段 `Unknown`（“无法获取 Pod 的状态”）虽然 API 允许，但 v1.32 中没有任何组件会为失联的节点设置它。**

# %%
%kubectl get pods --field-selector spec.nodeName=minikube-m02 -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\t"}Ready={.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}'

# %% [markdown] en="17c6ade6"
# 每个 Pod 对 `unreachable` 污点有 300 秒的容忍度（这是 API 服务器添加的默认容忍度 —— 看任何一个 `describe pod` 中的
# `Tolerations`）。之后这些 Pod 被驱逐，ReplicaSet 在正常的节点上创建替代者：

# %%
%kubelab run 300s
%kubectl get pods -o wide

# %% [markdown] en="27156cbf"
# `describe node` 从控制平面的视角显示失效的节点：污点、`Unknown` 的状况、它最后一次续约 Lease 的时间，
# 以及仍然绑定在它上面的 Pod（已被删除，但本该确认这一点的 kubelet 已经不在了）。这里只用 `grep` 挑出这几行；
# 省略了节点的标签和注解、地址、容量、系统信息、已分配的资源和事件：

# %%
%%shell
kubectl describe node minikube-m02 | grep -E '^Taints|unreachable|^Lease|RenewTime|^Conditions|  Type  |Unknown|^Non-terminated|^  default  '

# %% [markdown] en="d51783ee"
# ### 计划内维护：封锁（cordon）与腾空（drain）
#
# 要主动停用某个节点 —— 升级或重启它 —— 先要**腾空**它，这样它的 Pod 会在它离开之前迁走，而不是等到 350 秒之后。
# `kubectl drain` 先**封锁**节点（标记为不可调度：不会再有新 Pod 落到上面），然后驱逐它上面的 Pod；它们的控制器在别处创建替代者。
# 重新打开 `minikube-m02` 的电源，然后腾空 `minikube`：

# %%
cluster.recover_node("minikube-m02")
%kubelab settle
%kubectl drain minikube --ignore-daemonsets

# %% [markdown] en="1c362baa"
# 被拒绝了，信息说明了原因：`storage-provisioner`（minikube 的卷制备器）是一个裸 Pod —— 没有控制器会重新创建它，驱逐它就会失去它。
# `--ignore-daemonsets` 已经涵盖了 `kube-proxy`（它的 DaemonSet 本来就要在每个节点上放一个），而控制平面的静态 Pod
# （etcd、API 服务器……）是节点上文件的镜像 Pod，drain 从不碰它们。节点仍然处于封锁状态。`--force` 会照样删除那个裸 Pod：

# %%
%kubectl drain minikube --ignore-daemonsets --force
%kubelab settle
%kubectl get nodes
%kubectl get pods -o wide

# %% [markdown] en="5d2d4b68"
# kubectl 先警告它会放过哪些 Pod（DaemonSet 的 Pod）、会永久删除哪些（裸 Pod），然后才执行驱逐。四个 `hello` Pod 现在都运行在
# `minikube-m02` 上；在你**解除封锁**（uncordon）之前，`minikube` 一直显示 `SchedulingDisabled`。之后 Pod 不会自己迁回去 ——
# 新的 Pod 则可能落到那里：

# %%
%kubectl uncordon minikube

# %% [markdown] en="e38cfce1"
# ## 失效Pod的垃圾收集
#
# > 对于已失效的Pod,对应的API对象仍然会保留在集群的API服务器上,直到用户或者控制器进程显式将其删除
# >
# > 控制器组件会在Pod个数超出所配置的阈值(kube-controller-manager的terminated-pod-gc-threshold设置)时删除已终止的Pod(阶段值为Succeeded或Failed)
#
# kube-controller-manager 中的 Pod 垃圾收集器会从最旧的开始删除已结束的 Pod。默认阈值是 12500，所以你很少看到它工作；
# 这里把它设为 3，然后创建五个会结束的 Pod：

# %%
cluster.pod_gc.threshold = 3
for i in range(1, 6):
    cluster.kubectl(f"run done-{i} --image=busybox:1.36 --restart=Never -- echo {i}")
%kubelab settle
%kubectl get pods -l 'run'

# %%
%kubelab run 20s
%kubectl get pods -l 'run'

# %% [markdown] en="818b4389"
# 20 秒之内（它的检查周期）收集器删除了最旧的两个；剩下三个。
#
# ## 笔记错在哪里，或者没有说的
#
# - **periodSeconds 默认是 10 秒，不是 30 秒**（笔记：“periodSeconds的默认值是30秒”）。各项默认值是：initialDelaySeconds 0、
#   periodSeconds 10、timeoutSeconds 1、successThreshold 1、failureThreshold 3。`describe` 打印探针时会把默认值填上：

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: probe-defaults
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    livenessProbe:
      tcpSocket:
        port: 80

# %%
text = str(cluster.kubectl("describe pod probe-defaults"))
print("\n".join(line for line in text.splitlines() if "Liveness:" in line))

# %% [markdown] en="2d50e35d"
# - **Initialized** 表示所有 Init 容器都已成功**完成**（而不只是启动了），而且状况列表中缺少 `PodReadyToStartContainers`（Kubernetes 1.29+）。
# - **`--grace-period=0` 需要配合 `--force`。** 不加的话，kubectl 会把 0 改成 1 秒，并且仍然等待 kubelet；
#   只有 `--grace-period=0 --force` 会立即删除对象。
# - **失效节点上的 Pod 不会立即被删除**：先要 50 秒才变为 `NotReady`，然后还有 300 秒的容忍时间，如上所示。
#
# 本套件的简化之处，供你了解：回退结束的那一刻正好发生重启；探针的计时从容器启动时算起；探针超时从不触发
# （模拟的程序总是立即应答）；恢复的节点会重新启动它的 Pod（重启计数为 0）；容器从不会 `OOMKilled`（没有模拟内存）。
#
# ## 练习
#
# 每个检查都会告诉你还缺什么；在它上方新建单元格完成练习，然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 创建一个 Pod `one-shot`，运行 busybox `sh -c "exit 1"`，并让它失败时**不**被重启。它最终处于哪个阶段？

# %%
from kubelab.exercises import ch13
ch13.one_shot(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%kubectl run one-shot --image=busybox:1.36 --restart=Never -- sh -c "exit 1"
%kubelab settle
%kubectl get pod one-shot
ch13.one_shot(cluster)

# %% [markdown] en="768af4b3"
# **练习 2.** 一个 `restartPolicy: OnFailure` 的 Pod，它唯一的容器以退出码 0 退出：这个 Pod 最终处于哪个阶段 ——
# `Pending`、`Running`、`Succeeded`、`Failed` 还是 `Unknown`？

# %%
my_answer = ""
ch13.phase_after_success(my_answer)

# %% [markdown] en="d6f0c4dd"
# 参考答案（已折叠；先看一个诱人的错误答案）：

# %% tags=["solution"]
print(ch13.phase_after_success("Running"))
ch13.phase_after_success("Succeeded")

# %% [markdown] en="9e63b9ce"
# **练习 3.** 创建一个 Pod `ready-web`（nginx），带一个每 5 秒检查一次 TCP 80 端口的就绪态探针，并等到它就绪。

# %%
ch13.ready_web(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: ready-web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    readinessProbe:
      tcpSocket:
        port: 80
      periodSeconds: 5

# %% tags=["solution"]
%kubelab settle
ch13.ready_web(cluster)

# %% [markdown] en="f468670a"
# ## 小结
#
# - 阶段：`Pending` → `Running` → `Succeeded` / `Failed`；容器状态 `Waiting` / `Running` / `Terminated` 及其原因
#   （`ContainerCreating`、`CrashLoopBackOff`、`Completed`、`Error`……）—— `kubectl describe pod` 会显示它们。
# - `restartPolicy` Always / OnFailure / Never 决定是否重启；kubelet 的回退是 10 秒、20 秒、40 秒……最多 5 分钟。
# - 状况（PodScheduled、Initialized、ContainersReady、Ready）带有变化时间；Ready 决定 Service 的端点。
# - 探针：存活态探针触发重启，就绪态探针把 Pod 从 Service 中摘下，启动探针在启动完成前压住另外两种；
#   处理程序有 exec、httpGet、tcpSocket；默认周期 10 秒，阈值 3。
# - 回调：`postStart` 在容器启动时执行（回调完成后容器才算 `Running`），`preStop` 在停止信号之前执行。
# - 删除：先 preStop，然后 SIGTERM —— 或镜像的 STOPSIGNAL（nginx：SIGQUIT）——，宽限期限（30 秒），SIGKILL；
#   `--grace-period=0 --force` 跳过等待。kubelet 重启不影响正在运行的容器，但会以完整的宽限期限重新停止一个正在终止的 Pod。
# - 停止报告的节点：它的状况变为 `Unknown`，它上面的 Pod 的 `Ready` 变为 `False`（阶段不变），
#   50 秒 + 300 秒后这些 Pod 被替换；已结束的 Pod 超过阈值后被收集。
#
# 下一章：[14 · 持久卷](14-persistent-volumes.ipynb) —— 比 Pod 活得更久的存储。
