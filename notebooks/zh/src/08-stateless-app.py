# %% [markdown] en="a0378710" zh="stale"
# # 08 · LoadBalancer 后面的无状态应用 — 无状态应用程序
#
# ← [07 用 ConfigMap 配置 Redis](07-redis-with-kustomize.ipynb) · [课程首页](00-start-here.ipynb) · [09 架构](09-architecture.ipynb) →
# （[English version](../08-stateless-app.ipynb)）
#
# **本章内容**
#
# - 像笔记那样，运行一个 Web 应用的五个副本，并在它们前面放一个 Service；
# - 读懂 Deployment、它的 ReplicaSet 以及 Service 的 `kubectl describe` 输出；
# - 请求如何分散到五个 Pod 上（以及如何让一个客户端始终落在同一个 Pod 上）；
# - 一个 Pod 消失时流量会怎样；
# - 在 minikube 上，LoadBalancer 的外部 IP 是怎么出现的。
#
# 笔记的目标（目标）：
#
# > • 运行Hello World应用程序的五个实例
# > • 创建一个公开外部IP地址的Service对象
# > • 使用Service对象访问正在运行的应用程序
#
# 对应的官方教程：[公开外部 IP 地址以访问集群中的应用](https://kubernetes.io/zh-cn/docs/tutorials/stateless-application/expose-external-ip-address/)。
#
# <!-- zh-sync: the English cell changed; it now reads: -->
# # 08 · A stateless application behind a LoadBalancer — 无状态应用程序
#
# ← [07 Redis with a ConfigMap](07-redis-with-kustomize.ipynb) · [Course start](00-start-here.ipynb) · [09 Architecture](09-architecture.ipynb) →
#
# **What you will learn**
#
# - to run five replicas of a web application and put one Service in front of them, as the notes do;
# - to read `kubectl describe` for a Deployment, its ReplicaSet and the Service;
# - how requests are spread over the five pods (and how to keep one client on one pod);
# - what happens to traffic when a pod goes away, and why a rolling update can lose requests
#   (and how a `preStop` hook stops that);
# - how the LoadBalancer's external IP appears on minikube.
#
# The notes' goals (目标):
#
# > • 运行Hello World应用程序的五个实例
# > • 创建一个公开外部IP地址的Service对象
# > • 使用Service对象访问正在运行的应用程序

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
from collections import Counter
import kubelab
from kubelab.viz import traffic
cluster = kubelab.current_cluster()

# %% [markdown] en="9275295e"
# ## Hello World 的五个实例
#
# 笔记中的 `load-balancer-example.yaml`（即 kubernetes.io 教程中的文件，镜像换成了 `gcr.io/google-samples/node-hello:1.0`
# 的一个镜像副本）。容器是一个很小的 Node.js 服务器，在 8080 端口上对每个请求都回答 `Hello Kubernetes!`。

# %%
%%kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/name: load-balancer-example
  name: hello-world
spec:
  replicas: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: load-balancer-example
  template:
    metadata:
      labels:
        app.kubernetes.io/name: load-balancer-example
    spec:
      containers:
      - image: anjia0532/google-samples.node-hello:1.0
        name: hello-world
        ports:
        - containerPort: 8080

# %% [markdown] en="dc4caaa3"
# 显示Deployment的信息（先立即看一次，等镜像拉取完成后再看一次）：

# %%
%kubectl get deployments hello-world
%kubelab settle
%kubectl get deployments hello-world
%kubectl describe deployments hello-world

# %% [markdown] en="5f067cd0"
# 显示ReplicaSet对象的信息 —— Deployment 创建的、拥有这五个 Pod 的 ReplicaSet：

# %%
%kubectl get replicasets
%kubectl describe replicasets

# %%
%kubectl get pods -o wide

# %% [markdown] en="e97e1326"
# ## 五个 Pod，一个 Service
#
# 创建公开Deployment的Service对象。这次没有 `--port`：Deployment 声明了 `containerPort: 8080`，
# 所以 `kubectl expose` 照抄了它（targetPort = port = 8080）。

# %%
%kubectl expose deployment hello-world --type=LoadBalancer --name=my-service

# %% [markdown] en="d0b4806e"
# 显示有关Service的信息：

# %%
%kubectl get services my-service
%kubectl describe services my-service

# %% [markdown] en="32fd82f9"
# `Endpoints:` 一行列出了前三个 Pod 地址和 `+ 2 more...`：五个 Pod，全部就绪。
# 选择算符是 Deployment 的 `app.kubernetes.io/name=load-balancer-example`。
#
# ## 请求被分散到各个 Pod 上
#
# 教程接着用 `curl http://<external-ip>:<port>`。外部 IP 仍然是 `<pending>`（这里没有云），但 nodePort 可以用：
# 发送 100 个请求，统计每个请求是哪个 Pod 应答的。

# %%
url = cluster.minikube("service my-service --url").stdout.strip()
print(url)
answers = Counter()
for _ in range(100):
    r = cluster.curl(url)
    answers[r.pod] += 1
print(r.body)
for pod, n in sorted(answers.items()):
    print(f"{pod}  {'#' * n} {n}")

# %% [markdown] en="db8a0a34"
# 每个 Pod 都分到了一部分。对每个新连接，kube-proxy 随机挑选一个就绪的端点
# （它的 iptables 规则依次使用 `--probability 1/5`、`1/4`……所以平均每个 Pod 分到 1/5）。
# 下图显示了所有的入口，以及最后一个请求走过的路径：

# %%
traffic.show(cluster, "my-service", r, title="my-service: five endpoints, one request's path")

# %% [markdown] en="efa65aab"
# ## 一个 Pod 消失时
#
# 删除一个 Pod。正在终止的 Pod 会从 Endpoints 中移除，所以新的请求会发往其他 Pod；
# ReplicaSet 创建一个替代者，它就绪后加入进来。

# %%
victim = sorted(answers)[0]
%kubectl delete pod {victim} --wait=false
%kubectl get endpoints my-service -o jsonpath='{range .subsets[*].addresses[*]}{.targetRef.name}{"\n"}{end}'

# %%
during = [cluster.curl(url) for _ in range(50)]
print("failed:", sum(1 for r in during if not r.status))
print("answered by the deleted pod:", sum(1 for r in during if r.pod == victim))
print("pods that answered:", len({r.pod for r in during}))
%kubelab settle
%kubectl get endpoints my-service

# %% [markdown] en="7bfc48e4" zh="stale"
# 这里没有一个请求失败，也没有一个请求发往被删除的 Pod：任何副本都能应答任何请求 ——
# 这正是应用**无状态**的含义：副本可以随意来去。
#
# **但不要由此得出“删除 Pod 不会丢失请求”的结论。** 在本套件中，Pod 开始终止的那一刻，
# 它的端点就同时从所有节点的规则中消失了。在真实集群上，有两件事**同时**开始，彼此赛跑：
#
# 1. kubelet 运行 Pod 的 `preStop` 回调（如果有的话），然后向容器发送停止信号（SIGTERM）；
# 2. EndpointSlice 控制器移除 Pod 的地址，随后**每个**节点上的 kube-proxy 改写自己的规则 ——
#    逐个节点进行，晚几毫秒到几秒不等（外部负载均衡器还要更晚）。
#
# 在第 2 步传到某个节点之前，这个节点仍然会把新连接发给正在终止的 Pod。node-hello 侥幸没事：
# 它作为 PID 1 运行，没有 SIGTERM 处理程序，所以会忽略这个信号，一直应答到 30 秒后的 SIGKILL。
# 而一个收到 SIGTERM 就及时退出的应用 —— 行为良好的应用本该如此 —— 会拒绝这些连接：
# 客户端看到 `connection refused` 或连接被重置。通常的解决办法是加一个 `preStop` 回调，在发信号之前先等一会儿，
# 让 Pod 在端点移除的消息传开期间继续提供服务，再加上体面关闭，把正在处理的请求处理完：
#
# ```yaml
#       containers:
#       - name: hello-world
#         image: anjia0532/google-samples.node-hello:1.0
#         lifecycle:
#           preStop:
#             sleep:
#               seconds: 5        # v1.32 (beta); on older clusters: exec: {command: ["sleep", "5"]}
# ```
#
# （本套件目前还没有模拟第 2 步的延迟，所以这里无法演示请求丢失；
# [第 13 章](13-pod-lifecycle.ipynb)展示了 `preStop` 和停止信号。）
#
# ## 外部 IP
#
# 在云上，负载均衡器的地址会出现在 EXTERNAL-IP 中。在 minikube 上，运行 `minikube tunnel`（在真实的终端里它会一直运行）：
#
# <!-- zh-sync: the English cell changed; it now reads: -->
# Here not one request failed, and none went to the deleted pod: any replica can answer any
# request, which is what makes the application *stateless* — replicas can come and go.
#
# **But do not take "deleting a pod loses no requests" from this.** Two things start *at the same
# moment* when a pod is deleted, and they race:
#
# 1. the kubelet on the pod's node runs the `preStop` hook, if there is one, then sends the stop
#    signal (SIGTERM, or the image's STOPSIGNAL) to the container;
# 2. the EndpointSlice controller marks the pod's endpoint *terminating* (not ready), and then
#    kube-proxy on **every** node rewrites its rules without it — at its next *sync*.
#
# kube-proxy does not rewrite the rules on every change. Its sync runner allows two syncs in a row,
# then one per `--iptables-min-sync-period` (1 s by default): a change that arrives just after two
# syncs waits up to a second. Until then that node still sends new connections to the pod. Above,
# kube-proxy had been quiet, so it dropped the endpoint in the same instant. And node-hello ignores
# SIGTERM anyway: it runs as PID 1 with no SIGTERM handler, so it keeps answering until the SIGKILL
# 30 s later.
#
# ## Losing requests in a rolling update
#
# A rolling update deletes old pods while new ones become ready: many endpoint changes a second,
# just when kube-proxy is throttled. Take an app that stops *promptly* on SIGTERM, as a
# well-behaved one does: Google's `hello-app` (a Go server; Go exits on SIGTERM). Five replicas
# behind a NodePort Service:

# %%
%kubectl create deployment hello --image=gcr.io/google-samples/hello-app:1.0 --replicas=5 --port=8080
%kubectl expose deployment hello --type=NodePort
%kubelab settle
hello_url = cluster.minikube("service hello --url").stdout.strip()
print(cluster.curl(hello_url))

# %% [markdown] en="04a6d4d6" zh="todo"
# A client that never stops: 10 requests every 0.1 simulated seconds (100 a second) while a
# command runs. It counts the answers by version, lists every refused connection with the pod
# that refused it, and says when kube-proxy synced (`cluster.proxy.syncs`):

# %%
def under_load(command, seconds=10.0, every=0.1, per_tick=10):
    pause, cluster.pause = cluster.pause, 0      # no typing pause: the load starts with the command
    try:
        print(cluster.kubectl(command), end="")
    finally:
        cluster.pause = pause
    start, answers, refused = cluster.now, Counter(), Counter()
    while cluster.now < start + seconds:
        for _ in range(per_tick):
            r = cluster.curl(hello_url)
            if r.status:
                answers[r.body.splitlines()[1]] += 1                 # "Version: 1.0.0"
            else:                                                    # "Pod <name> (<ip>) has no process ..."
                refused[f"+{cluster.now - start:.1f}s", r.hops[-1].text.split()[1]] += 1
        cluster.run(every)
    total = sum(answers.values()) + sum(refused.values())
    print(f"{total} requests: " + ", ".join(f"{n} answered {v}" for v, n in sorted(answers.items()))
          + f", {sum(refused.values())} refused")
    for (t, pod), n in sorted(refused.items()):
        print(f"  {t}: {n} refused by {pod}")
    syncs = [f"+{t - start:.1f}s" for t, changed in cluster.proxy.syncs if t >= start and "default/hello" in changed]
    print("kube-proxy synced at", ", ".join(syncs))

under_load("set image deployment/hello hello-app=gcr.io/google-samples/hello-app:2.0")

# %% [markdown] en="e0776360" zh="todo"
# Most requests were answered, by version 1 and then by version 2 — but some were refused. Read
# the timeline: kube-proxy synced twice as the update began (+0.0 s), then at +1.0, +2.2 and
# +3.2 s as new pods became ready and old ones left. When the
# old pod listed above was deleted, a moment after +3.2 s, kube-proxy had just synced: the removal
# had to wait for the next sync, at +4.0 s. The pod got SIGTERM at once, hello-app exited, and
# every new connection the stale rules still sent there was refused (nothing listened on the pod's
# port any more). On a real cluster the race is the same, with the delays of real machines on top
# (watches, `iptables-restore`), and an external load balancer later still.
#
# The fix is to keep serving until the endpoint's removal has reached every node: a `preStop` hook
# that waits before the signal. Kubernetes v1.32 has a `sleep` action for it (beta since v1.30; on
# older clusters, with an image that has `sleep`: `exec: {command: ["sleep", "5"]}`). Add it to the
# pod template — this is itself a rolling update — and let it finish:

# %%
%kubectl patch deployment hello -p '{"spec":{"template":{"spec":{"containers":[{"name":"hello-app","lifecycle":{"preStop":{"sleep":{"seconds":5}}}}]}}}}'
%kubelab settle

# %% [markdown] en="7e6c3576" zh="todo"
# Now the same rolling update, back to version 1, under the same load:

# %%
under_load("set image deployment/hello hello-app=gcr.io/google-samples/hello-app:1.0", seconds=15)

# %% [markdown] en="18552bb1" zh="todo"
# Not one request refused. Each old pod left the Endpoints at once, as before, and kube-proxy
# dropped it within a second, as before; but the kubelet ran the 5-second `preStop` sleep first,
# so hello-app kept answering whatever the stale rules sent it, and got SIGTERM only when no rule
# pointed at it any more. (The hook protects the pods that carry it: the `patch` rollout above
# replaced pods that had none.) Two more pieces belong with it on a real application: a shutdown
# that finishes the requests already in flight, and a `terminationGracePeriodSeconds` longer than
# the hook plus that shutdown (30 s by default; the hook's time counts against it).
# [Chapter 13](13-pod-lifecycle.ipynb) shows the hooks, the stop signal and the grace period one
# by one.

# %%
%kubectl delete service hello
%kubectl delete deployment hello

# %% [markdown] en="c92a6c90" zh="todo"
# ## The external IP
#
# On a cloud, the LoadBalancer's address would appear in EXTERNAL-IP. On minikube, run
# `minikube tunnel` (in a real terminal it keeps running):

# %%
print(cluster.minikube("tunnel"))
%kubectl get services my-service

# %%
external = cluster.get("service", "my-service")["status"]["loadBalancer"]["ingress"][0]["ip"]
r = cluster.curl(f"http://{external}:8080")
print(r.body)
print()
print(r.explain())

# %% [markdown] en="f61266d4"
# 得到了教程预期的回答 `Hello Kubernetes!`。注意路径：tunnel 把你的电脑直接路由到 Service 的地址；没有用到 nodePort。
#
# ## 清理 —— 和笔记一样

# %%
%kubectl delete services my-service
%kubectl delete deployment hello-world

# %% [markdown] en="c556adc7"
# ## 笔记没有说的
#
# - 镜像 `anjia0532/google-samples.node-hello:1.0` 是 `gcr.io/google-samples/node-hello:1.0` 在 Docker Hub 上的副本，
#   用于 gcr.io 被屏蔽的网络（第 02 章）。
# - `--type=LoadBalancer` 只有在有东西提供负载均衡器的地方才会得到外部 IP：云、MetalLB，或者 `minikube tunnel`。
#   在那之前，EXTERNAL-IP 一直是 `<pending>`，Service 可以通过 `<节点IP>:<nodePort>` 访问。
# - `--port` 之所以可以省略，只是因为 Deployment 声明了 `containerPort`。没有它时（比如第 04 章的 echoserver），
#   `kubectl expose` 会失败：`couldn't find port via --port flag or introspection`。
#
# ## 练习
#
# 从一个全新的集群重新开始（`%kubelab reset`；旧集群的 tunnel 也随之消失），部署笔记中的 Deployment 和 Service：

# %%
%kubelab reset
cluster = kubelab.current_cluster()
from kubelab.exercises import ch08

# %%
%%kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/name: load-balancer-example
  name: hello-world
spec:
  replicas: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: load-balancer-example
  template:
    metadata:
      labels:
        app.kubernetes.io/name: load-balancer-example
    spec:
      containers:
      - image: anjia0532/google-samples.node-hello:1.0
        name: hello-world
        ports:
        - containerPort: 8080

# %%
%kubectl expose deployment hello-world --type=LoadBalancer --name=my-service
%kubelab settle

# %% [markdown] en="ffe6a2af" zh="todo"
# ### Try it: the traffic explorer
#
# Before the exercises, try the explorer below on `my-service`. Press **send request** a few
# times from **outside** and see a different pod answer; send one from **node minikube**, then one from a `hello-world`
# pod (it may answer itself); set a wrong targetPort (`8081`), **apply service** and send again.
# (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.) More in the [traffic playground](../widgets/traffic.ipynb).

# %% tags=["nbval-ignore-output"]
from kubelab.ui import TrafficExplorer
explorer = TrafficExplorer(cluster, service="my-service")
explorer

# %% [markdown] en="80465211" zh="todo"
# The same in code: five requests from outside (through the node's nodePort), one from the node:

# %%
for _ in range(5):
    explorer.fire("outside")
    print(explorer.response.url, "answered by", explorer.response.pod)
explorer.fire("node minikube")
print(explorer.report())

# %% [markdown] en="29cdf19e"
# 每个检查都会告诉你还缺什么；在它上方新建单元格完成练习，然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 让你的电脑发出的每个请求都落在同一个 Pod 上（当应用在内存中保存每个用户的状态时很有用 —— 真正无状态的应用不会这样做）。

# %%
ch08.sticky_sessions(cluster)

# %% [markdown] en="fec4c8b6"
# 参考答案（已折叠）：Service 的字段 `sessionAffinity: ClientIP`（kubectl expose 的 `--session-affinity`）：

# %% tags=["solution"]
%kubectl delete service my-service
%kubectl expose deployment hello-world --type=LoadBalancer --name=my-service --session-affinity=ClientIP
%kubelab settle
ch08.sticky_sessions(cluster)

# %% [markdown] en="26fad795"
# **练习 2.** 给 `my-service` 一个 EXTERNAL-IP，并在那里得到 `Hello Kubernetes!`。

# %%
ch08.external_ip(cluster)

# %% [markdown] en="34c00356"
# 参考答案（已折叠）：启动 tunnel（在真实的机器上，是在另一个终端里运行 `minikube tunnel`；
# 它会持续修补 LoadBalancer 类型的 Service，之后创建的也包括在内）：

# %% tags=["solution"]
print(cluster.minikube("tunnel"))
ch08.external_ip(cluster)

# %% [markdown] en="a2264223" zh="stale"
# ## 小结
#
# - Deployment 让五个相同的、无状态的 Pod 保持运行；它们前面的一个 LoadBalancer 类型的 Service 给它们一个地址。
# - Endpoints 列表跟随就绪的 Pod；kube-proxy 把新连接随机分散到它们上面，
#   或者用 `sessionAffinity: ClientIP` 让一个客户端始终落在同一个 Pod 上。
# - 被删除的 Pod 离开 Endpoints，它的替代者就绪后加入 —— 但在真实集群上，端点的移除与容器收到的 SIGTERM 相互赛跑；
#   `preStop` 中的 sleep 加上体面关闭，可以避免丢失请求。
# - 在 minikube 上，LoadBalancer 的外部 IP 来自 `minikube tunnel`；没有它 nodePort 也能用。
#
# <!-- zh-sync: the English cell changed; it now reads: -->
# ## Summary
#
# - A Deployment keeps five identical, stateless pods running; one LoadBalancer Service in front
#   of them gives them one address.
# - The Endpoints list follows the ready pods; kube-proxy spreads new connections over them at
#   random, or keeps a client on one pod with `sessionAffinity: ClientIP`.
# - A deleted pod leaves the Endpoints and its replacement joins when ready — but the endpoint's
#   removal reaches kube-proxy only at its next sync (two in a row, then one a second), while the
#   container gets SIGTERM at once: an app that exits promptly loses requests in a rolling update.
#   A `preStop` sleep keeps it serving until the rules have caught up.
# - On minikube the LoadBalancer's external IP comes from `minikube tunnel`; the nodePort works
#   without it.
