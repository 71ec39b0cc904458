# %% [markdown] en="a0378710"
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
# - 一个 Pod 消失时流量会怎样，为什么滚动更新可能丢失请求（以及 `preStop` 回调如何避免这一点）；
# - 在 minikube 上，LoadBalancer 的外部 IP 是怎么出现的。
#
# 笔记的目标（目标）：
#
# > • 运行Hello World应用程序的五个实例
# > • 创建一个公开外部IP地址的Service对象
# > • 使用Service对象访问正在运行的应用程序
#
# 对应的官方教程：[公开外部 IP 地址以访问集群中的应用](https://kubernetes.io/zh-cn/docs/tutorials/stateless-application/expose-external-ip-address/)。

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

# %% [markdown] en="7bfc48e4"
# 这里没有一个请求失败，也没有一个请求发往被删除的 Pod：任何副本都能应答任何请求 ——
# 这正是应用**无状态**的含义：副本可以随意来去。
#
# **但不要由此得出“删除 Pod 不会丢失请求”的结论。** 删除 Pod 时，有两件事**同时**开始，彼此赛跑：
#
# 1. Pod 所在节点上的 kubelet 运行 `preStop` 回调（如果有的话），然后向容器发送停止信号（SIGTERM，或镜像的 STOPSIGNAL）；
# 2. EndpointSlice 控制器把 Pod 的端点标记为**正在终止**（未就绪），随后**每个**节点上的 kube-proxy
#    在它的下一次**同步**（sync）时重写规则，去掉这个端点。
#
# kube-proxy 并不是每次变化都重写规则。它的同步器允许连续同步两次，之后每个 `--iptables-min-sync-period`
# （默认 1 秒）只同步一次：恰好在两次同步之后到来的变化，最多要等一秒。在那之前，这个节点仍然会把新连接发给该 Pod。
# 上面 kube-proxy 一直很空闲，所以在同一瞬间就去掉了这个端点。而且 node-hello 本来就忽略 SIGTERM：
# 它作为 PID 1 运行，没有 SIGTERM 处理程序，所以会一直应答到 30 秒后的 SIGKILL。
#
# ## 滚动更新中丢失请求
#
# 滚动更新在新 Pod 就绪的同时删除旧 Pod：每秒有许多端点变化，恰好是 kube-proxy 被限速的时候。
# 拿一个收到 SIGTERM 就**及时**停止的应用来说 —— 行为良好的应用本该如此：Google 的 `hello-app`
# （一个 Go 服务器；Go 程序收到 SIGTERM 就退出）。五个副本，放在一个 NodePort 类型的 Service 后面：

# %%
%kubectl create deployment hello --image=gcr.io/google-samples/hello-app:1.0 --replicas=5 --port=8080
%kubectl expose deployment hello --type=NodePort
%kubelab settle
hello_url = cluster.minikube("service hello --url").stdout.strip()
print(cluster.curl(hello_url))

# %% [markdown] en="04a6d4d6"
# 一个从不停歇的客户端：命令运行期间，每 0.1 个模拟秒发 10 个请求（每秒 100 个）。它按版本统计应答，
# 列出每个被拒绝的连接以及拒绝它的 Pod，并说明 kube-proxy 何时同步（`cluster.proxy.syncs`）：

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

# %% [markdown] en="e0776360"
# 大多数请求都得到了应答，先是版本 1，然后是版本 2 —— 但有一些被拒绝了。读一读时间线：更新开始时（+0.0 秒）
# kube-proxy 同步了两次，然后随着新 Pod 就绪、旧 Pod 离开，在 +1.0、+2.2 和 +3.2 秒各同步一次。
# 上面列出的那个旧 Pod 在 +3.2 秒之后片刻被删除时，kube-proxy 刚刚同步过：移除端点要等到下一次同步，即 +4.0 秒。
# Pod 立刻收到了 SIGTERM，hello-app 退出，而过时的规则仍然发往那里的每个新连接都被拒绝了（Pod 的端口上已经没有程序监听）。
# 在真实集群上，这场赛跑是一样的，再加上真实机器的延迟（监视、`iptables-restore`），外部负载均衡器还要更晚。
#
# 解决办法是一直提供服务，直到端点的移除传到了每个节点：一个在发信号之前先等待的 `preStop` 回调。
# Kubernetes v1.32 为此提供了 `sleep` 动作（自 v1.30 起为 beta；在更旧的集群上，对带有 `sleep` 的镜像用
# `exec: {command: ["sleep", "5"]}`）。把它加到 Pod 模板里 —— 这本身就是一次滚动更新 —— 并等它完成：

# %%
%kubectl patch deployment hello -p '{"spec":{"template":{"spec":{"containers":[{"name":"hello-app","lifecycle":{"preStop":{"sleep":{"seconds":5}}}}]}}}}'
%kubelab settle

# %% [markdown] en="7e6c3576"
# 现在同样的滚动更新，回到版本 1，同样的负载：

# %%
under_load("set image deployment/hello hello-app=gcr.io/google-samples/hello-app:1.0", seconds=15)

# %% [markdown] en="18552bb1"
# 没有一个请求被拒绝。每个旧 Pod 还是像之前那样立即离开 Endpoints，kube-proxy 也还是在一秒之内去掉它；
# 但 kubelet 先执行了 5 秒的 `preStop` sleep，所以 hello-app 继续应答过时规则发来的请求，等到不再有规则指向它时才收到 SIGTERM。
# （回调只保护带有它的 Pod：上面那次 `patch` 上线替换的是没有回调的 Pod。）在真实应用中还需要另外两样东西与它配合：
# 一个能把已在处理中的请求处理完的关闭过程，以及一个比回调加上这个关闭过程更长的 `terminationGracePeriodSeconds`
# （默认 30 秒；回调的时间也算在里面）。[第 13 章](13-pod-lifecycle.ipynb)逐一展示了回调、停止信号和宽限期限。

# %%
%kubectl delete service hello
%kubectl delete deployment hello

# %% [markdown] en="c92a6c90"
# ## 外部 IP
#
# 在云上，负载均衡器的地址会出现在 EXTERNAL-IP 中。在 minikube 上，运行 `minikube tunnel`（在真实的终端里它会一直运行）：

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

# %% [markdown] en="ffe6a2af"
# ### 动手试试：流量探索器
#
# 做练习之前，先在 `my-service` 上试试下面的探索器。从**外部**（outside）按几次**发送请求**，看每次由不同的 Pod 应答；
# 从**节点 minikube** 发一个，再从一个 `hello-world` Pod 发一个（它可能自己应答自己）；设置一个错误的 targetPort（`8081`），
# **应用 Service** 后再发送。（在保存下来的笔记本中，这里只显示一行占位文字，直到你运行这个单元格：控件活在正在运行的内核里。）
# 更多内容见[流量演练场](../../widgets/zh/traffic.ipynb)。

# %% tags=["nbval-ignore-output"]
from kubelab.ui import TrafficExplorer
explorer = TrafficExplorer(cluster, service="my-service")
explorer

# %% [markdown] en="80465211"
# 用代码做同样的事：从外部（经由节点的 nodePort）发五个请求，从节点发一个：

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

# %% [markdown] en="f812ec6c"
# **练习 3.** 回到 `hello` —— 那个收到 SIGTERM 就退出的 Go 应用，五个副本放在一个 NodePort 类型的 Service 后面
# （下面的单元格会创建它们）。让它的滚动更新不丢失任何请求 —— 不许更换它的镜像。

# %%
%kubectl create deployment hello --image=gcr.io/google-samples/hello-app:1.0 --replicas=5 --port=8080
%kubectl expose deployment hello --type=NodePort
%kubelab settle
hello_url = cluster.minikube("service hello --url").stdout.strip()
ch08.survives_rollouts(cluster)

# %% [markdown] en="8dc38344"
# 参考答案（已折叠）：一个比 kube-proxy 的那一秒更长、又远在宽限期限之内的 `preStop` 等待；然后在负载下做一次滚动重启，看它是否经得住：

# %% tags=["solution"]
%kubectl patch deployment hello -p '{"spec":{"template":{"spec":{"containers":[{"name":"hello-app","lifecycle":{"preStop":{"sleep":{"seconds":5}}}}]}}}}'
%kubelab settle
print(ch08.survives_rollouts(cluster))
under_load("rollout restart deployment/hello", seconds=15)

# %% [markdown] en="a2264223"
# ## 小结
#
# - Deployment 让五个相同的、无状态的 Pod 保持运行；它们前面的一个 LoadBalancer 类型的 Service 给它们一个地址。
# - Endpoints 列表跟随就绪的 Pod；kube-proxy 把新连接随机分散到它们上面，
#   或者用 `sessionAffinity: ClientIP` 让一个客户端始终落在同一个 Pod 上。
# - 被删除的 Pod 离开 Endpoints，它的替代者就绪后加入 —— 但端点的移除要到 kube-proxy 的下一次同步才生效
#   （连续两次，之后每秒一次），而容器立即收到 SIGTERM：及时退出的应用会在滚动更新中丢失请求。
#   `preStop` 中的 sleep 让它一直提供服务，直到规则跟上。
# - 在 minikube 上，LoadBalancer 的外部 IP 来自 `minikube tunnel`；没有它 nodePort 也能用。
