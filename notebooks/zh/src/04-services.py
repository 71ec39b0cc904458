# %% [markdown] en="94bc1c48"
# # 04 · Service 及其暴露方式 — 创建Service
#
# ← [03 Deployment](03-deployments.ipynb) · [课程首页](00-start-here.ipynb) · [05 标签、扩缩与滚动更新](05-scaling-and-rolling-updates.ipynb) →
# （[English version](../04-services.ipynb)）
#
# **本章内容**
#
# - 为什么 Pod 自己的 IP 不够用，Service 增加了什么：在一组不断变化的 Pod 前面，提供一个稳定的名字和地址；
# - 五种 Service —— ClusterIP、无头服务（headless）、NodePort、LoadBalancer、ExternalName —— 以及哪些客户端能访问到哪一种；
# - `kubectl expose` 构造了什么，端点控制器、kube-proxy 和集群 DNS 又拿它做了什么；
# - 一个请求如何一跳一跳地从你的电脑到达容器；
# - 为什么笔记中的 `--type=LoadBalancer` 在 minikube 上显示 `<pending>`，以及 `minikube tunnel` 做了什么。
#
# 官方文档：[服务（Service）](https://kubernetes.io/zh-cn/docs/concepts/services-networking/service/)。

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
%load_ext kubelab
import kubelab
from kubelab.viz import traffic
cluster = kubelab.current_cluster()

# %% [markdown] en="f2309abe"
# ## Service 是什么
#
# 笔记（创建Service）：
#
# > Service下的一组Pod通常由LabelSelector来标记。
# > 尽管每个Pod都有一个唯一的IP地址,但是如果没有Service,这些IP不会暴露在集群外部。Service运行应用程序接收流量
#
# > **勘误：“Service运行应用程序接收流量”应为“Service **允许**应用程序接收流量”**（英文原文是 allows）。
#
# Pod 来来去去，它们的 IP 也随之改变，而且这些 IP 从集群外部访问不到。Service 为这组 Pod 提供一个固定的入口。
# 笔记接着列出了各种类型：
#
# > ClusterIP (默认) - 在集群的内部IP上公开Service。这种类型使得Service只能从集群内访问
# > -- Headless (无头服务) spec.clusterIP: None。服务DNS名称会直接解析为Pod的IP地址
# > NodePort - 使用NAT在集群中每个选定Node的相同端口上公开Service。使用<NodeIP>:<NodePort>从集群外部访问Service。是ClusterIP的超集
# > LoadBalancer - 在当前云中创建一个外部负载均衡器(如果支持),并为Service分配一个固定的外部IP。是NodePort的超集
# > ExternalName - 通过返回带有该名称的CNAME记录,使用任意名称(spec中的externalName指定)公开Service。不使用代理
#
# 下面会逐一遇到它们。先把第 03 章的应用再部署一次（每一章都从一个全新的集群开始）：

# %%
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4
%kubelab settle
%kubectl get pods -o wide

# %% [markdown] en="e8256579"
# ## 从你的电脑访问不到 Pod 的 IP
#
# > 默认情况下,Pod只能通过k8s集群中的内部IP地址访问
#
# Pod 的 IP 如上所示。`cluster.curl(url)` 像在你自己的电脑上运行 `curl` 那样发出请求，
# 并说明它一路上经过的每一跳（`.explain()`）：

# %%
pod_ip = cluster.api.list("pods", "default")[0]["status"]["podIP"]
r = cluster.curl(f"http://{pod_ip}:8080/")
print(r)
print(r.explain())

# %% [markdown] en="16141167"
# ## 暴露这个 Deployment
#
# > 要使得hello-node容器可以从k8s虚拟网络的外部访问,必须将Pod暴露为k8s Service
#
# 笔记中的命令：
#
# > **勘误：笔记有一处把命令拼成了 `kubectl expore`，应为 `kubectl expose`。**

# %%
%kubectl expose deployment hello-node --type=LoadBalancer --port=8080

# %% [markdown] en="d83a7368"
# > --type=LoadBalancer表示希望将Service暴露到集群外部
# > 镜像k8s.gcr.io/echoserver中的应用程序代码仅监听TCP8080端口
#
# `--port=8080` 是 Service 的端口；因为没有给出 `--target-port`，Pod 上的端口也是 8080 —— 正是 echoserver 监听的端口。
# 看看这个 Service：

# %%
%kubectl get services

# %% [markdown] en="3c95be90"
# 这一行里有四点值得读：
#
# - **CLUSTER-IP** —— 由 API 服务器从 Service 网段 10.96.0.0/12 中分配的一个虚拟 IP。
# - **EXTERNAL-IP `<pending>`** —— LoadBalancer 类型的 Service 会向**云**申请一个负载均衡器。
#   minikube 没有云，所以一直是 pending（下文会解决）。
# - **PORT(S) `8080:3xxxx/TCP`** —— ClusterIP 上的 8080 端口，以及在每个节点上开放的一个 **nodePort**（30000–32767）。
#   LoadBalancer 就是 NodePort 再加上一个外部地址。
# - `kubernetes` 这个 Service 就是 API 服务器本身。
#
# `describe` 显示其余的信息，包括 **Endpoints**：Service 背后的 Pod 地址。

# %%
%kubectl describe service hello-node

# %% [markdown] en="1ab06119"
# ## 是谁填写了 Endpoints
#
# kubectl 只创建了 Service。**端点控制器**（在 kube-controller-manager 中）监视 Service 和 Pod，
# 维护两个对象，列出选择算符选中的**就绪** Pod：`Endpoints`（经典形式）和 `EndpointSlice`
# （kube-proxy 和 DNS 实际读取的是它）。

# %%
%kubectl get endpoints hello-node
%kubectl get endpointslices

# %% [markdown] en="2672ff86"
# ## 一个请求，一跳一跳地看
#
# 从集群外部，可以通过**任意节点的 IP** 加 **nodePort** 访问 NodePort 或 LoadBalancer 类型的 Service。
# `minikube service --url` 打印的正是这个地址：

# %%
print(cluster.minikube("service hello-node --url"))

# %%
url = cluster.minikube("service hello-node --url").stdout.strip()
r = cluster.curl(url + "/hello?from=notes")
print(r.body)

# %% [markdown] en="93149931"
# echoserver 回显了请求：路径、请求头，以及 `client_address` —— 它看到的请求来源地址。
# 这不是你的电脑的地址：kube-proxy 在节点上对数据包做了**地址伪装**（masquerade）。轨迹说明了每一跳发生了什么：

# %%
print(r.explain())

# %% [markdown] en="7b20218e"
# 同一条路径画成图，从上到下：你的电脑 → 节点 `minikube` 的 IP 加 nodePort → Service 的端口 → Endpoints →
# 一个 Pod 的 targetPort。每个箭头上都标着端口；蓝色粗箭头是这个请求走过的路径。从你的电脑到 Service 的 ClusterIP
# 没有箭头：那个地址只存在于节点的规则中，所以从外部进来的路是节点的 IP 加 nodePort。

# %%
traffic.show(cluster, "hello-node", r, title="GET " + url + "/hello — the path of one request")

# %% [markdown] en="a3e25907"
# 节点上的 kube-proxy 持有做这些改写的规则。在 iptables 模式下（minikube 的默认模式），它们是这样的：

# %%
from kubelab.network.proxy import iptables_rules
for rule in cluster.proxy.rules("default/hello-node"):
    print("\n".join(iptables_rules(rule)))

# %% [markdown] en="98bb0ae6"
# ## `<pending>` 与 `minikube tunnel`
#
# 在云上，这时会有一个控制器创建负载均衡器，并把它的地址写进 Service 的 `status.loadBalancer`。
# 在 minikube 上，由 `minikube tunnel` 扮演这个角色：它添加一条从你的电脑经由节点通往 Service 网段的路由，
# 并把每个 LoadBalancer 类型 Service 的外部 IP 设置为它的 ClusterIP。（真正的 tunnel 会在它自己的终端里一直运行。）

# %%
print(cluster.minikube("tunnel"))
%kubectl get services hello-node

# %%
ip = cluster.get("service", "hello-node")["spec"]["clusterIP"]
r = cluster.curl(f"http://{ip}:8080/")
print(r.status, "from", r.pod)
print(r.explain())

# %% [markdown] en="7887544a"
# ## 从集群内部：ClusterIP 与 DNS
#
# Pod 按**名字**使用 Service。集群 DNS（CoreDNS）对 `hello-node`、`hello-node.default` 和
# `hello-node.default.svc.cluster.local` 都回答 ClusterIP。启动一个客户端 Pod，从那里访问：

# %%
%kubectl run client --image=busybox -- sleep 3600
%kubelab settle
%kubectl exec client -- wget -qO- http://hello-node:8080/from-a-pod

# %% [markdown] en="af81d3e3"
# 现在客户端地址是 Pod 自己的 IP：在集群内部不做地址伪装。每种名字形式都能用，轨迹显示了 DNS 这一步：

# %%
r = cluster.curl("http://hello-node.default.svc.cluster.local:8080/", from_pod="client")
print(r.explain())

# %% [markdown] en="f8bae53f"
# kubelet 还会为容器启动时已存在的每个 Service 提供环境变量（这个机制比 DNS 更早，现在仍然保留）：

# %%
%kubectl exec client -- sh -c "env | grep HELLO_NODE_SERVICE"

# %% [markdown] en="99500c23"
# ### 动手试试：流量探索器
#
# 下面的探索器作用于本章的 `hello-node` Service。分别从**外部**（outside）、**节点 minikube** 和 **client** Pod 发送请求；
# 然后把类型改为 `ClusterIP`，或者把 targetPort 改为 `9376`，按**应用 Service** 再发送一次：图和轨迹会显示请求现在停在哪里，
# 以及原因。（在保存下来的笔记本中，这里只显示一行占位文字，直到你运行这个单元格：控件活在正在运行的内核里。）
# 更多内容见[流量演练场](../../widgets/zh/traffic.ipynb)。

# %% tags=["nbval-ignore-output"]
from kubelab.ui import TrafficExplorer
explorer = TrafficExplorer(cluster, service="hello-node")
explorer

# %% [markdown] en="7787cf54"
# 用代码做同样的事：一个错误的 targetPort，一个来自 client Pod 的请求，然后改回正确的端口，再从节点发一个请求
# （节点没有集群 DNS：探索器把它发往 ClusterIP）：

# %%
node_port = explorer.settings()["nodePort"]
print(explorer.configure("LoadBalancer", port=8080, target_port=9376, node_port=node_port), end="")
explorer.fire("client")
print(explorer.report())
print(explorer.configure("LoadBalancer", port=8080, target_port=8080, node_port=node_port), end="")
explorer.fire("node minikube")
print(explorer.report())

# %% [markdown] en="23f494a9"
# ## 无头服务与 ExternalName
#
# **无头服务**（`clusterIP: None`）没有虚拟 IP，也没有 kube-proxy 规则：它的 DNS 名字直接解析为各个就绪 Pod 的 IP。
# 扩到三个 Pod 来看看：

# %%
%kubectl scale deployment hello-node --replicas=3
%kubectl expose deployment hello-node --name=hello-headless --cluster-ip=None --port=8080
%kubelab settle
%kubectl get service hello-headless
print(cluster.network.resolve("hello-headless", "default").ips)

# %% [markdown] en="afb38ad3"
# **ExternalName** 类型的 Service 只是一个 DNS 别名（CNAME）；没有代理，也没有端口：

# %%
%kubectl create service externalname search --external-name=www.example.com
%kubectl get service search
r = cluster.curl("http://search/", from_pod="client")
print(r.explain())

# %% [markdown] en="4b4e213b"
# ## 标签决定成员关系
#
# 笔记接着讲标签：`kubectl label pod $POD_NAME app=v1`，然后 `kubectl get pods -l app=v1`。
# `$POD_NAME` 来自笔记所依据的教程，它把一个 Pod 的名字存进一个 shell 变量；在你电脑的 shell 里（`%%shell`）
# 也这样做，取我们的第三个 Pod：

# %%
%%shell
export POD_NAME=$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}' | head -3 | tail -1)
echo Name of the Pod: $POD_NAME
kubectl label pod $POD_NAME app=v1

# %% [markdown] en="cc77a0b2"
# 这个 Pod 已经有一个 `app` 标签（`app=hello-node`，Service 正是按它选择的），所以没有 `--overwrite`，kubectl 拒绝修改。加上它：

# %%
%%shell
kubectl label pod $POD_NAME app=v1 --overwrite

# %%
%kubelab settle
%kubectl get pods -l app=v1
%kubectl get pods -L app

# %% [markdown] en="25deab39"
# 改了标签的 Pod 仍在运行，但它不再匹配 `app=hello-node`：ReplicaSet 创建了一个替代者，
# Service 的 Endpoints 去掉了旧 Pod，加上了新 Pod。

# %%
%kubectl get endpoints hello-node

# %% [markdown] en="cc98054a"
# ## 笔记错在哪里，或者没有说的
#
# - `kubectl expose` 需要一个端口。echoserver 的 Deployment 没有声明 `containerPort`，所以不加 `--port` 时，kubectl 没有可以照抄的端口：

# %%
%kubectl expose deployment hello-node --name=no-port

# %% [markdown] en="fc833fe9"
# - `--type=LoadBalancer` 本身在 minikube 上并不会暴露任何东西：在 `minikube tunnel` 运行之前，外部 IP 一直是 `<pending>`。
#   nodePort 则从一开始就可以用。
# - nodePort 必须在 30000–32767 之间，并且没有被占用。API 服务器会这样说：

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: low-port
spec:
  type: NodePort
  selector:
    app: hello-node
  ports:
  - port: 8080
    nodePort: 8080

# %% [markdown] en="ac886aaf"
# 最后笔记做了清理（我们也删除自己添加的东西：其他 Service、改了标签的 Pod）：

# %%
%kubectl delete service hello-node
%kubectl delete deployment hello-node
%kubectl delete service hello-headless search
%kubectl delete pod $POD_NAME --wait=false

# %% [markdown] en="87d0ebd9"
# ## 练习
#
# 每个检查都会告诉你还缺什么；在它上方新建单元格完成练习，然后再运行一次检查。
# 每个检查后面跟着折叠起来的参考答案：点击即可展开 —— 请先自己尝试。
#
# **练习 1.** 让你的电脑可以通过 `http://192.168.49.2:31000/` 访问 `hello-node`。
# （`kubectl expose` 不能指定 nodePort；清单可以。）

# %%
from kubelab.exercises import ch04
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4 --replicas=2
%kubelab settle
ch04.node_port_31000(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: hello-node
spec:
  type: NodePort
  selector:
    app: hello-node
  ports:
  - port: 8080
    targetPort: 8080
    nodePort: 31000

# %% tags=["solution"]
ch04.node_port_31000(cluster)

# %% [markdown] en="50e6fa9a"
# **练习 2.** 没有运行 tunnel 时（就像本章开头那样），在你的电脑上执行 `curl http://<CLUSTER-IP>:8080/` 会怎样：
# `200`、`connection refused`、`timeout` 还是 `could not resolve host`？

# %%
my_answer = ""
ch04.cluster_ip_from_outside(my_answer)

# %% [markdown] en="d6f0c4dd"
# 参考答案（已折叠；先看一个诱人的错误答案）：

# %% tags=["solution"]
print(ch04.cluster_ip_from_outside("connection refused"))
ch04.cluster_ip_from_outside("timeout")

# %% [markdown] en="2a2f8985"
# **练习 3.** 为 `hello-node` 创建一个无头服务 `hello-headless`，让它的 DNS 名字返回每个 Pod 的 IP。

# %%
ch04.headless(cluster)

# %% [markdown] en="db91d9ad"
# 参考答案（已折叠）：

# %% tags=["solution"]
%kubectl delete service hello-headless --ignore-not-found
%kubectl expose deployment hello-node --name=hello-headless --cluster-ip=None --port=8080
%kubelab settle
ch04.headless(cluster)

# %% [markdown] en="7537f020"
# ## 小结
#
# - Service 按标签选择 Pod，为它们提供一个名字、一个虚拟 IP（ClusterIP）和一个端口；端点控制器维护它背后的就绪 Pod 列表。
# - 每个节点上的 kube-proxy 把 `ClusterIP:port` 和 `节点IP:nodePort` 改写为某个就绪的 `PodIP:targetPort`；
#   集群 DNS 把 Service 的名字变成 ClusterIP（无头服务：Pod 的 IP；ExternalName：一条 CNAME）。
# - ClusterIP 只能在集群内部访问；NodePort 在每个节点上加一个端口；LoadBalancer 再加一个外部地址，
#   在 minikube 上这个地址来自 `minikube tunnel`。
#
# 下一章：[05 · 标签、扩缩与滚动更新](05-scaling-and-rolling-updates.ipynb)。第 11 章会仔细讲 port、targetPort 和 nodePort。
