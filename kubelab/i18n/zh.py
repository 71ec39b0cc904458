"""中文消息目录 (the Chinese message catalogue): English template → Chinese.

A template is the English message with its variable parts written ``{name}`` (see
``kubelab/i18n/__init__.py``); the exercise checks' templates are read from their source by
``kubelab/i18n/templates.py`` and ``tests/test_i18n.py`` fails on one missing here. Terms follow
``notebooks/zh/glossary.md`` (the official Chinese Kubernetes documentation's usage).
kubectl's own output is never translated.
"""
from __future__ import annotations

VERDICTS = {
    "✅ Correct: ": "✅ 正确：",
    "❌ Not yet: ": "❌ 还没完成：",
    "kubelab hint: ": "kubelab 提示：",
    # kubelab/kubectl/commands/apply.py
    'kubelab hint: in {source}, key "{key}" on line {line} repeats line {first_line}; YAML keeps only the last value, so objects written one after another without "---" between them collapse into one.':
        'kubelab 提示：{source} 中第 {line} 行的键 "{key}" 与第 {first_line} 行重复；YAML 只保留最后一个值，'
        '所以中间没有 "---" 分隔、一个接一个写下的多个对象会合并成一个。',
}

# -- exercise checks (kubelab/exercises/chNN.py) -------------------------------------------
EXERCISES = {
    # ch00
    'namespace "{name}" exists and is Active.': '名字空间 "{name}" 已存在，状态为 Active。',
    'there is no namespace "{name}" yet. Try: %kubectl create namespace {name}':
        '还没有名字空间 "{name}"。试试：%kubectl create namespace {name}',
    'namespace "{name}" is {x1}, not Active.': '名字空间 "{name}" 的状态是 {x1}，不是 Active。',
    # ch01
    '{x1} nodes Ready ({x2}) and CoreDNS running.': '{x1} 个节点 Ready（{x2}），CoreDNS 在运行。',
    "not the CA's public-key hash. Hash the DER-encoded SubjectPublicKeyInfo of the CA certificate's public key, not the certificate or the PEM text.":
        "这不是 CA 公钥的哈希。应对 CA 证书公钥的 DER 编码 SubjectPublicKeyInfo 求哈希，而不是对证书本身或 PEM 文本。",
    'kubectl on {worker} now reads {path} and talks to https://{x1}:6443.':
        '{worker} 上的 kubectl 现在读取 {path}，并与 https://{x1}:6443 通信。',
    'this exercise needs the kubeadm machines: %kubelab reset profile=bare, then kubeadm init.':
        '这个练习需要 kubeadm 的机器：先 %kubelab reset profile=bare，再 kubeadm init。',
    'there is no control plane yet: run kubeadm init on master.': '还没有控制平面：在 master 上运行 kubeadm init。',
    '{x1} did not join: run the kubeadm join line that kubeadm init printed on {x2}, with --cri-socket unix:///var/run/cri-dockerd.sock.':
        '{x1} 没有加入集群：在 {x2} 上运行 kubeadm init 打印出的那行 kubeadm join，并加上 --cri-socket unix:///var/run/cri-dockerd.sock。',
    '{x1} {x2} NotReady: is a pod network (flannel) applied, and has the cluster had time (%kubelab settle)?':
        '{x1} {x2} NotReady：Pod 网络（flannel）应用了吗？集群有足够的时间吗（%kubelab settle）？',
    'CoreDNS is not running yet; wait: %kubelab settle': 'CoreDNS 还没有运行；请等待：%kubelab settle',
    'master has no /etc/kubernetes/pki/ca.crt: run kubeadm init first.': 'master 上没有 /etc/kubernetes/pki/ca.crt：先运行 kubeadm init。',
    'the hash is written "sha256:" followed by 64 hexadecimal digits.': '哈希的写法是 "sha256:" 后跟 64 个十六进制数字。',
    "that is the SHA-256 of the CA's public key (its DER SubjectPublicKeyInfo), the value kubeadm pins.":
        "这正是 CA 公钥（其 DER 编码的 SubjectPublicKeyInfo）的 SHA-256，也就是 kubeadm 固定校验的值。",
    'choose one of {x1}.': '请从 {x1} 中选一个。',
    "this cluster never issued token doz94r: the API server has no cluster-info signature for it, so discovery fails first. (The notes' hash would be refused too: it pins the notes' CA, not this one.)":
        "这个集群从未签发过令牌 doz94r：API 服务器的 cluster-info 中没有它的签名，所以最先失败的是发现（discovery）这一步。（笔记中的哈希也会被拒绝：它固定的是笔记那个集群的 CA，而不是这个。）",
    'this cluster has no machine {worker}: %kubelab reset profile=bare': '这个集群没有机器 {worker}：%kubelab reset profile=bare',
    '{worker} has no {path}: create {x1}/.kube there and copy the config from master (scp).':
        '{worker} 上没有 {path}：在那里创建 {x1}/.kube，并从 master 复制配置文件（scp）。',
    "{path} on {worker} is not master's admin kubeconfig.": "{worker} 上的 {path} 不是 master 的管理员 kubeconfig。",
    # ch02
    '{name} runs {image} although k8s.gcr.io cannot be reached.': '虽然访问不到 k8s.gcr.io，{name} 仍然运行着 {image}。',
    'the form is anjia0532/NAMESPACE.IMAGE:TAG (gcr.io/ dropped, the tag kept).':
        '格式是 anjia0532/名字空间.镜像:标签（去掉 gcr.io/，保留标签）。',
    '{name} runs {image}, a mirror of gcr.io/google-samples/kubernetes-bootcamp:v1.':
        '{name} 运行的是 {image}，即 gcr.io/google-samples/kubernetes-bootcamp:v1 的镜像副本。',
    'k8s.gcr.io is reachable in this cluster; practise on the blocked one: %kubelab reset blocked_registries=k8s.gcr.io,gcr.io':
        '这个集群能访问 k8s.gcr.io；请在被屏蔽的集群上练习：%kubelab reset blocked_registries=k8s.gcr.io,gcr.io',
    'there is no Deployment {name}: kubectl create deployment {name} --image=k8s.gcr.io/echoserver:1.4':
        '没有 Deployment {name}：kubectl create deployment {name} --image=k8s.gcr.io/echoserver:1.4',
    '{name} runs {image}, which is not echoserver (or a mirror of it).': '{name} 运行的是 {image}，它不是 echoserver（也不是它的镜像副本）。',
    'no pod of {name} is Running yet. Is the image on the node (docker images), or does the Deployment name a mirror? A pod in back-off retries after a while: %kubelab run 5m':
        '{name} 还没有处于 Running 的 Pod。镜像在节点上吗（docker images）？或者 Deployment 用的是镜像副本的名字吗？处于回退（back-off）中的 Pod 会过一会儿再重试：%kubelab run 5m',
    '{image} is copied to Docker Hub as {want}.': '{image} 在 Docker Hub 上的副本是 {want}。',
    'anjia0532 keeps one repository level: the namespace and the image name are joined by a dot.':
        'anjia0532 只保留一级仓库：名字空间和镜像名用一个点连接。',
    'there is no Deployment {name} in the default namespace.': 'default 名字空间中没有 Deployment {name}。',
    '{name} runs {image}, not kubernetes-bootcamp:v1 (or a mirror of it).': '{name} 运行的是 {image}，不是 kubernetes-bootcamp:v1（或它的镜像副本）。',
    "{image} is on {x1}, which this cluster cannot reach: use the mirror's name.": "{image} 在 {x1} 上，这个集群访问不到：请使用镜像副本的名字。",
    'no pod of {name} is Running yet; wait: %kubelab settle': '{name} 还没有处于 Running 的 Pod；请等待：%kubelab settle',
    '{image} is not a valid image reference.': '{image} 不是合法的镜像引用。',
    # ch03
    'Deployment {name} runs {replicas} ready pods of {image}.': 'Deployment {name} 运行着 {replicas} 个就绪的 {image} Pod。',
    'a pod was deleted and the ReplicaSet made {x1} to replace it.': '一个 Pod 被删除了，ReplicaSet 创建了 {x1} 来替代它。',
    'the Deployment controller made ReplicaSet {name}{same}, and its {want} pods run again.':
        'Deployment 控制器创建了 ReplicaSet {name}{same}，它的 {want} 个 Pod 又运行起来了。',
    'there is no Deployment called "{name}" in the default namespace.': 'default 名字空间中没有名为 "{name}" 的 Deployment。',
    'the Deployment runs {images}, not [{image}]. Look at the --image flag.': '这个 Deployment 运行的是 {images}，不是 [{image}]。检查一下 --image 参数。',
    'spec.replicas is {x1}, not {replicas}. Look at the --replicas flag.': 'spec.replicas 是 {x1}，不是 {replicas}。检查一下 --replicas 参数。',
    '{ready}/{replicas} pods are ready; give the cluster time: %kubelab settle': '{ready}/{replicas} 个 Pod 已就绪；给集群一点时间：%kubelab settle',
    'the ReplicaSet controller creates pods; the Deployment controller only manages ReplicaSets.':
        '创建 Pod 的是 ReplicaSet 控制器；Deployment 控制器只管理 ReplicaSet。',
    'the Deployment "{deployment}" is gone; create it again first.': 'Deployment "{deployment}" 已经不在了；先重新创建它。',
    'delete one of the pods of {deployment} with kubectl delete pod NAME.': '用 kubectl delete pod 名称 删除 {deployment} 的一个 Pod。',
    '{x1}/{want} replacement pods are running yet; wait: %kubelab settle': '替代的 Pod 目前运行了 {x1}/{want} 个；请等待：%kubelab settle',
    'there is no Deployment "{deployment}"; do Exercise 1 first.': '没有 Deployment "{deployment}"；先完成练习 1。',
    'delete the ReplicaSet of {deployment} (kubectl get rs shows its name; kubectl delete rs NAME).':
        '删除 {deployment} 的 ReplicaSet（kubectl get rs 可以看到它的名字；kubectl delete rs 名称）。',
    'the Deployment has no ReplicaSet yet; give the controllers time: %kubelab settle': '这个 Deployment 还没有 ReplicaSet；给控制器一点时间：%kubelab settle',
    '{ready}/{want} pods are ready again; wait: %kubelab settle': '{ready}/{want} 个 Pod 重新就绪；请等待：%kubelab settle',
    # ch04
    'http://{NODE_IP}:{node_port}/ answers {x1}, served by pod {x2}.': 'http://{NODE_IP}:{node_port}/ 应答 {x1}，由 Pod {x2} 提供服务。',
    '{service}.default.svc.cluster.local resolves to the {x1} pod IPs {x2}.': '{service}.default.svc.cluster.local 解析为 {x1} 个 Pod 的 IP：{x2}。',
    '{service} is a {x1} Service: only NodePort and LoadBalancer Services open a port on the nodes.':
        '{service} 是 {x1} 类型的 Service：只有 NodePort 和 LoadBalancer 类型的 Service 才会在节点上开放端口。',
    '{service} has nodePort {x1}, not {node_port}. A nodePort can be chosen (spec.ports[].nodePort) but not changed by expose; recreate the Service or apply a manifest.':
        '{service} 的 nodePort 是 {x1}，不是 {node_port}。nodePort 可以指定（spec.ports[].nodePort），但不能用 expose 修改；请重新创建 Service，或者应用一个清单。',
    'nodePort {node_port} exists but the request failed: {x1}': 'nodePort {node_port} 存在，但请求失败了：{x1}',
    'choose one of: {x1}.': '请从中选一个：{x1}。',
    'a ClusterIP is virtual and only routed inside the cluster: from your computer the packets go nowhere and the connection times out.':
        'ClusterIP 是虚拟的，只在集群内部路由：从你的电脑发出的数据包无处可去，连接会超时。',
    '{service} has the ClusterIP {x1}; a headless Service sets clusterIP: None (kubectl expose ... --cluster-ip=None).':
        '{service} 的 ClusterIP 是 {x1}；无头服务要设置 clusterIP: None（kubectl expose ... --cluster-ip=None）。',
    'no pod labelled app={app} is running.': '没有带标签 app={app} 的 Pod 在运行。',
    '{service} resolves to {x1}, the pods are {pods}. Check the selector.': '{service} 解析为 {x1}，而 Pod 是 {pods}。检查一下选择算符。',
    'there is no Service called "{name}" in the default namespace.': 'default 名字空间中没有名为 "{name}" 的 Service。',
    # ch05
    '{name} runs {replicas} ready replicas.': '{name} 运行着 {replicas} 个就绪的副本。',
    'all {want} pods run {image} (revision {x1}).': '全部 {want} 个 Pod 都运行 {image}（修订版本 {x1}）。',
    '{x1} has {key}={value} and still belongs to {x2}.': '{x1} 带有 {key}={value}，并且仍然属于 {x2}。',
    'there is no Deployment "{name}"; create it first.': '没有 Deployment "{name}"；先创建它。',
    'spec.replicas is {x1}, not {replicas}: kubectl scale ... --replicas={replicas}': 'spec.replicas 是 {x1}，不是 {replicas}：kubectl scale ... --replicas={replicas}',
    '{x1}/{replicas} ready; wait: %kubelab settle': '{x1}/{replicas} 已就绪；请等待：%kubelab settle',
    'there is no Deployment "{name}".': '没有 Deployment "{name}"。',
    'the pod template runs {images}; use kubectl set image to change it to {image}.': 'Pod 模板运行的是 {images}；用 kubectl set image 把它改成 {image}。',
    'no pod has the label {key}={value}: kubectl label pod POD {key}={value}': '没有 Pod 带有标签 {key}={value}：kubectl label pod POD {key}={value}',
    '{x1} is no longer owned by a ReplicaSet of {name}: a label its selector needs was changed.':
        '{x1} 已不再属于 {name} 的 ReplicaSet：它的选择算符所需要的某个标签被改掉了。',
    'maxSurge rounds up (2.5 → 3, so 13 pods at most); maxUnavailable rounds down (2.5 → 2, so 8 available at least).':
        'maxSurge 向上取整（2.5 → 3，所以最多 13 个 Pod）；maxUnavailable 向下取整（2.5 → 2，所以至少 8 个可用）。',
    # ch06
    'base64 is an encoding, not encryption: anyone who may read the Secret reads the password.':
        'base64 是一种编码，不是加密：任何有权读取这个 Secret 的人都能读到密码。',
    'pod {pod} starts with lives=3 and mode=easy from ConfigMap {configmap}.': 'Pod {pod} 启动时从 ConfigMap {configmap} 得到了 lives=3 和 mode=easy。',
    "four objects, each container's variables under env: kubectl apply creates all four.": "四个对象，每个容器的变量都写在 env 下：kubectl apply 会把四个都创建出来。",
    'there is no Secret "{secret}"; create it with kubectl create secret generic.': '没有 Secret "{secret}"；用 kubectl create secret generic 创建它。',
    'the Secret "{secret}" has no key "{key}".': 'Secret "{secret}" 中没有键 "{key}"。',
    'that is still base64: decode it (base64.b64decode(...).decode()).': '这还是 base64：把它解码（base64.b64decode(...).decode()）。',
    "that is not the stored value. Print it with -o jsonpath='{.data.{x1}}' first.": "这不是存储的值。先用 -o jsonpath='{.data.{x1}}' 把它打印出来。",
    'there is no ConfigMap "{configmap}" yet.': '还没有 ConfigMap "{configmap}"。',
    'the ConfigMap holds {data}; it should hold lives=3 and mode=easy.': '这个 ConfigMap 中是 {data}；它应该包含 lives=3 和 mode=easy。',
    'there is no Pod "{pod}" yet.': '还没有 Pod "{pod}"。',
    'the pod does not read both keys of {configmap}: use envFrom.configMapRef or one configMapKeyRef per key.':
        '这个 Pod 没有读取 {configmap} 的两个键：使用 envFrom.configMapRef，或者每个键一个 configMapKeyRef。',
    'the pod is {reason}; look at kubectl describe pod {pod}.': 'Pod 处于 {reason}；看看 kubectl describe pod {pod}。',
    'expected 2 Deployments and 2 Services, found {x1}; separate documents with ---.': '应有 2 个 Deployment 和 2 个 Service，实际找到 {x1}；请用 --- 分隔各个文档。',
    "these variables are not under any container's env: {x1}.": "这些变量不在任何容器的 env 下：{x1}。",
    'the YAML does not parse: {x1}': 'YAML 无法解析：{x1}',
    '{x1}: ports holds {port}; environment variables go under env.': '{x1}：ports 中有 {port}；环境变量应该写在 env 下。',
    # ch07
    'redis runs with maxmemory {want} ({x1}mb) and {policy}.': 'Redis 以 maxmemory {want}（{x1}mb）和 {policy} 运行。',
    'the pod parses: command is a list of two strings and MASTER sits under env.': '这个 Pod 可以解析：command 是包含两个字符串的列表，MASTER 位于 env 下。',
    'not {given}: {hint}.': '不是 {given}：{hint}。',
    'there is no Pod "{pod}"; apply the kustomization with kubectl apply -k.': '没有 Pod "{pod}"；用 kubectl apply -k 应用这个 kustomization。',
    'redis is not running in pod {pod} yet; wait for it: %kubelab settle': 'Pod {pod} 中的 Redis 还没有运行；请等待：%kubelab settle',
    'redis answers maxmemory {have}. redis reads redis.conf only when it starts: edit redis-config, apply -k (a new ConfigMap, not {names}), and recreate the pod.':
        'Redis 回答 maxmemory {have}。Redis 只在启动时读取 redis.conf：修改 redis-config，apply -k（会生成一个新的 ConfigMap，而不是 {names}），然后重新创建 Pod。',
    'maxmemory is right but the policy is {x1}, not {policy}.': 'maxmemory 对了，但策略是 {x1}，不是 {policy}。',
    'command is {x1}: it should run redis-server with /redis-master/redis.conf.': 'command 是 {x1}：它应该用 /redis-master/redis.conf 运行 redis-server。',
    "MASTER=true belongs in the container's env list (it sat under command).": "MASTER=true 应该放在容器的 env 列表里（它原来位于 command 下面）。",
    'the config volume must still be mounted at /redis-master.': '配置卷仍然必须挂载在 /redis-master。',
    'maxmemory {setting} is {want} bytes.': 'maxmemory {setting} 是 {want} 字节。',
    'the YAML does not parse yet: {x1}': 'YAML 还无法解析：{x1}',
    'there is no spec.containers[0].': '没有 spec.containers[0]。',
    'answer with the number of bytes redis prints, e.g. 2097152.': '请用 Redis 打印的字节数作答，例如 2097152。',
    # ch08
    'all {requests} requests went to {x1}: sessionAffinity {x2}.': '全部 {requests} 个请求都到了 {x1}：sessionAffinity {x2}。',
    'http://{ip}:{port}/ answers {x1} from {x2}.': 'http://{ip}:{port}/ 由 {x2} 应答 {x1}。',
    '{service} has no nodePort; expose it with --type=LoadBalancer or NodePort.': '{service} 没有 nodePort；用 --type=LoadBalancer 或 NodePort 暴露它。',
    'some requests failed; is the Deployment ready? (%kubelab settle)': '有些请求失败了；Deployment 就绪了吗？（%kubelab settle）',
    '{requests} requests reached {x1} different pods. Which Service field keeps a client on one pod? (sessionAffinity)':
        '{requests} 个请求到达了 {x1} 个不同的 Pod。Service 的哪个字段能让一个客户端始终落在同一个 Pod 上？（sessionAffinity）',
    '{service} is {x1}; only LoadBalancer Services get an external IP.': '{service} 是 {x1} 类型；只有 LoadBalancer 类型的 Service 才会得到外部 IP。',
    "EXTERNAL-IP is still <pending>: on minikube something must play the cloud's load balancer. Which minikube command does that?":
        "EXTERNAL-IP 仍然是 <pending>：在 minikube 上，得有个东西来扮演云上的负载均衡器。哪条 minikube 命令做这件事？",
    '{service} has EXTERNAL-IP {ip} but http://{ip}:{port}/ fails: {x1}': '{service} 的 EXTERNAL-IP 是 {ip}，但 http://{ip}:{port}/ 失败了：{x1}',
    'there is no Service "{name}"; create it with kubectl expose ... --name={name}.': '没有 Service "{name}"；用 kubectl expose ... --name={name} 创建它。',
    'every container of {deployment} waits before its stop signal, longer than kube-proxy needs to drop the pod and within the {grace} s grace period: a rolling update loses no request.':
        '{deployment} 的每个容器都在停止信号之前等待，时间比 kube-proxy 去掉这个 Pod 所需的更长，又在 {grace} 秒的宽限期限之内：滚动更新不会丢失任何请求。',
    'there is no Deployment "{deployment}"; run the cell that creates it.': '没有 Deployment "{deployment}"；运行创建它的那个单元格。',
    "{deployment}'s rollout is not finished yet: old pods without the hook still run (%kubelab settle).":
        "{deployment} 的上线还没有完成：没有回调的旧 Pod 仍在运行（%kubelab settle）。",
    'container {x1} gets its stop signal the moment its pod is deleted, while kube-proxy may still send it connections for up to {MIN_SYNC_PERIOD} s. What can make the kubelet wait before the signal?':
        '容器 {x1} 在它的 Pod 被删除的那一刻就收到停止信号，而 kube-proxy 在最多 {MIN_SYNC_PERIOD} 秒内仍可能把连接发给它。什么能让 kubelet 在发信号之前先等一等？',
    'container {x1} waits {wait} s before its stop signal; kube-proxy may take up to {MIN_SYNC_PERIOD} s to drop the pod. Wait longer.':
        '容器 {x1} 在停止信号之前等待 {wait} 秒；kube-proxy 可能要用最多 {MIN_SYNC_PERIOD} 秒才去掉这个 Pod。再等久一点。',
    "container {x1} waits {wait} s, but the pod's grace period is {grace} s: the hook's time counts against it, and SIGKILL comes at the end of it.":
        "容器 {x1} 等待 {wait} 秒，但 Pod 的宽限期限是 {grace} 秒：回调的时间也算在里面，期限一到就是 SIGKILL。",
    # ch09
    '{name} runs on {x1} and the scheduler never wrote to it: the kubelet runs any pod bound to its node, whoever bound it.':
        '{name} 运行在 {x1} 上，而调度器从未写过它：kubelet 会运行任何绑定到本节点的 Pod，不管是谁绑定的。',
    'there is no pod "{name}" in the default namespace.': 'default 名字空间中没有 Pod "{name}"。',
    'the scheduler bound this pod. Create it with spec.nodeName already set (a manifest), so the scheduler has nothing to do.':
        '这个 Pod 是调度器绑定的。创建时就设置好 spec.nodeName（用一个清单），调度器就无事可做了。',
    '{name} is not Running yet; wait: %kubelab settle': '{name} 还没有处于 Running；请等待：%kubelab settle',
    # ch10
    '{name} selects {x1} and owns 2 pods.': '{name} 选择 {x1}，并拥有 2 个 Pod。',
    'look again at {text}: an RC selector is a map, every entry means key == value.': '再看看 {text}：RC 的选择算符是一个映射，每一项的意思都是 键 == 值。',
    'pod {x1} is not a ready endpoint of {service} yet; is it Ready, and does it listen on the targetPort? %kubelab settle':
        'Pod {x1} 还不是 {service} 的就绪端点；它 Ready 了吗？它在 targetPort 上监听吗？%kubelab settle',
    'there is no ReplicaSet "{name}": kubectl apply -f - with a ReplicaSet manifest.': '没有 ReplicaSet "{name}"：用 kubectl apply -f - 应用一个 ReplicaSet 清单。',
    'its selector has no matchExpressions entry {key: version, operator: In, values: [v1, v2]}.':
        '它的选择算符中没有 matchExpressions 条目 {key: version, operator: In, values: [v1, v2]}。',
    'it should own 2 pods; it owns {x1} (spec.replicas={x2}).': '它应该拥有 2 个 Pod；实际拥有 {x1} 个（spec.replicas={x2}）。',
    'answer True or False.': '请回答 True 或 False。',
    '{x1}: {text} — {why}.': '{x1}：{text} —— {why}。',
    'there is no Service "{service}"; run the chapter\'s cells above first.': '没有 Service "{service}"；先运行本章上文的单元格。',
    '{service} routes to {x1} as well, which no controller owns: the selector {x2} is all that counts.':
        '{service} 也把流量路由到了 {x1}，而它不属于任何控制器：唯一起作用的是选择算符 {x2}。',
    'create a pod yourself (kubectl run, or kubectl apply -f -) — one no Deployment owns.':
        '自己创建一个 Pod（kubectl run，或 kubectl apply -f -）—— 一个不属于任何 Deployment 的 Pod。',
    'pod {x1} lacks the labels the Service selects: {missing}.': 'Pod {x1} 缺少 Service 所选择的标签：{missing}。',
    # ch11
    'http://{service}:{port}/ reaches {x1} on targetPort {x2}.': 'http://{service}:{port}/ 到达了 {x1} 的 targetPort {x2}。',
    'http://{NODE_IP}:{node_port}/ answers {x1} from {x2}.': 'http://{NODE_IP}:{node_port}/ 由 {x2} 应答 {x1}。',
    'there is no Service "{service}".': '没有 Service "{service}"。',
    'http://{service}:{port}/ from pod {client} fails: {x1}': '从 Pod {client} 访问 http://{service}:{port}/ 失败：{x1}',
    '{service} is {x1}; which type opens a port on every node?': '{service} 是 {x1} 类型；哪种类型会在每个节点上开放端口？',
    '{service} does not have nodePort {node_port}; set spec.ports[0].nodePort.': '{service} 的 nodePort 不是 {node_port}；请设置 spec.ports[0].nodePort。',
    'the request reached the node but failed: {x1}': '请求到达了节点，但失败了：{x1}',
    'clients in the cluster use {x1}, the container listens on {x2}, clients outside use {x3} on any node.':
        '集群内的客户端用 {x1}，容器在 {x2} 上监听，集群外的客户端用任意节点上的 {x3}。',
    # ch12
    'containers {x1} of pod {name} share the emptyDir {x2}.': 'Pod {name} 的容器 {x1} 共享 emptyDir {x2}。',
    "a Service or another pod's name reaches other pods; the sibling shares this pod's network. Which name means 'this machine' on any host?":
        "Service 或其他 Pod 的名字通向的是别的 Pod；同一 Pod 里的兄弟容器共享这个 Pod 的网络。在任何主机上，哪个名字表示“本机”？",
    'no pod of Job {name} has printed {text} yet; look at its command (kubectl logs POD).': 'Job {name} 的 Pod 还没有打印出 {text}；看看它的命令（kubectl logs POD）。',
    'there is no Pod called "{name}" in the default namespace.': 'default 名字空间中没有名为 "{name}" 的 Pod。',
    'the pod has {x1} container; a sidecar needs at least two in one pod.': '这个 Pod 只有 {x1} 个容器；边车至少需要同一 Pod 中有两个容器。',
    'the pod has no emptyDir volume; add one under spec.volumes (emptyDir: {}).': '这个 Pod 没有 emptyDir 卷；在 spec.volumes 下加一个（emptyDir: {}）。',
    'no emptyDir is mounted by two containers ({mounting}); add volumeMounts to both.': '没有哪个 emptyDir 被两个容器挂载（{mounting}）；给两个容器都加上 volumeMounts。',
    'not every container is running yet; give it time (%kubelab settle) or look at kubectl describe pod {name}.':
        '还不是所有容器都在运行；给它一点时间（%kubelab settle），或者看看 kubectl describe pod {name}。',
    "containers of one pod share its network namespace: localhost:80 is the sibling's port 80.": "同一 Pod 的容器共享它的网络名字空间：localhost:80 就是兄弟容器的 80 端口。",
    "the pod IP works too, but it is not the name the notes give; containers of one pod share the network namespace, so which host name always means 'this pod'?":
        "用 Pod IP 也行，但那不是笔记给出的名字；同一 Pod 的容器共享网络名字空间，那么哪个主机名总是表示“这个 Pod”？",
    'there is no Job called "{name}"; copy the notes\' Job and change its name.': '没有名为 "{name}" 的 Job；复制笔记中的 Job 并改一下名字。',
    'the Job has no pod yet; wait a moment (%kubelab settle).': '这个 Job 还没有 Pod；稍等一下（%kubelab settle）。',
    'pod {x1} of Job {name} printed {text}.': 'Job {name} 的 Pod {x1} 打印出了 {text}。',
    # ch13
    '{name} ended Failed (exit code {code}), restarted {x1} times.': '{name} 以 Failed 结束（退出码 {code}），重启了 {x1} 次。',
    '{name} is Ready: its readiness probe (tcpSocket :80 every 5 s) succeeds.': '{name} 已 Ready：它的就绪态探针（每 5 秒一次 tcpSocket :80）成功了。',
    'its restartPolicy is {policy}: a failing container is restarted. Which policy never restarts?': '它的 restartPolicy 是 {policy}：失败的容器会被重启。哪种策略从不重启？',
    'the pod is {x1}, not Failed yet: does its container exit with a non-zero code? Give it time (%kubelab settle).':
        'Pod 处于 {x1}，还不是 Failed：它的容器以非零退出码退出了吗？给它一点时间（%kubelab settle）。',
    'all containers ended with 0 and none will be restarted (OnFailure restarts only failures): Succeeded, which kubectl shows as Completed.':
        '所有容器都以 0 结束，也都不会被重启（OnFailure 只重启失败的容器）：阶段为 Succeeded，kubectl 显示为 Completed。',
    'its container has no readinessProbe.': '它的容器没有 readinessProbe。',
    'periodSeconds is {x1}, not 5.': 'periodSeconds 是 {x1}，不是 5。',
    'the pod is not Ready yet: give it time (%kubelab settle), or look at kubectl describe pod.': 'Pod 还没有 Ready：给它一点时间（%kubelab settle），或者看看 kubectl describe pod。',
    # ch14
    '{claim} is Bound to {pv}: claimRef on the volume, volumeName on the claim.': '{claim} 已绑定（Bound）到 {pv}：卷上有 claimRef，申领上有 volumeName。',
    '{x1} mounts {claim} and finds {x2} written by a pod that is gone.': '{x1} 挂载了 {claim}，并找到了一个已经不在的 Pod 写下的 {x2}。',
    'Recycle scrubs the volume (rm -rf) and offers it to the next claim; it is deprecated.': 'Recycle 会清空卷（rm -rf），再把它提供给下一个申领；这个策略已被弃用。',
    'there is no PersistentVolume "{pv}". Create it with storageClassName: manual.': '没有 PersistentVolume "{pv}"。创建它时设置 storageClassName: manual。',
    'the volume\'s storageClassName is "{x1}", not "manual".': '这个卷的 storageClassName 是 "{x1}"，不是 "manual"。',
    'the volume should be a hostPath volume at /mnt/data.': '这个卷应该是位于 /mnt/data 的 hostPath 卷。',
    'there is no PersistentVolumeClaim "{claim}".': '没有 PersistentVolumeClaim "{claim}"。',
    'the claim must ask for storageClassName: manual, or the default class `standard` provisions a new volume instead of binding yours.':
        '申领必须请求 storageClassName: manual，否则默认的存储类 `standard` 会制备一个新卷，而不是绑定你的卷。',
    'the claim is {x1}; look at kubectl describe pvc {claim}.': '申领处于 {x1}；看看 kubectl describe pvc {claim}。',
    'the claim is bound to {x1}, not {pv}.': '申领绑定到了 {x1}，不是 {pv}。',
    'the claim {claim} is not bound yet; finish exercise 1 first.': '申领 {claim} 还没有绑定；先完成练习 1。',
    'no {x1} on the volume yet: run a pod that writes it into the mounted directory.': '卷上还没有 {x1}：运行一个 Pod，把它写进挂载的目录。',
    'delete the pod that wrote the file (kubectl delete pod NAME), then start another one.': '删除写下这个文件的 Pod（kubectl delete pod 名称），然后再启动一个。',
    'no running pod mounts {claim} now: start a new one and %kubelab settle.': '现在没有正在运行的 Pod 挂载 {claim}：启动一个新的，然后 %kubelab settle。',
    '"{answer}" is the notes\' spelling; the API only knows Retain, Delete and Recycle.': '"{answer}" 是笔记里的拼写；API 只认识 Retain、Delete 和 Recycle。',
    'choose Retain, Delete or Recycle.': '请选择 Retain、Delete 或 Recycle。',
    'Retain: the volume becomes Released and keeps its data until an administrator acts.': 'Retain：卷变为 Released，并保留其中的数据，直到管理员处理。',
    'Delete removes the volume and the storage behind it.': 'Delete 会删除卷以及它背后的存储。',
    # hint tables (dicts of sentences) in the checks
    'the hash is wrong as well, but kubeadm never gets that far: look at the error, it names the token ID.':
        '哈希也是错的，但 kubeadm 根本走不到那一步：看看错误信息，它点出了令牌 ID。',
    "10.150.31.115 is this master's address too; kubeadm reached it (the error comes from its answer).":
        "10.150.31.115 也是这台 master 的地址；kubeadm 连上了它（错误正是来自它的回答）。",
    'the workers had swap turned off; the error is about discovery, before the kubelet starts.':
        '工作节点已经关闭了交换分区；错误出在发现（discovery）这一步，在 kubelet 启动之前。',
    'the join ran as root; the error is about discovery.': 'join 是以 root 身份运行的；错误出在发现（discovery）这一步。',
    'kubectl only created the Deployment object. Look at the COMPONENT column of the trace.':
        'kubectl 只创建了 Deployment 对象。看看轨迹中的 COMPONENT 列。',
    'the Deployment controller creates and scales ReplicaSets, not pods.': 'Deployment 控制器创建和扩缩的是 ReplicaSet，不是 Pod。',
    'the scheduler only picks a node for a pod that already exists.': '调度器只为已经存在的 Pod 挑选节点。',
    'the kubelet runs the containers of a pod that already exists and is bound to its node.':
        'kubelet 运行的是一个已经存在、并且绑定到本节点的 Pod 的容器。',
    'the ClusterIP is not reachable from outside the cluster (try it with cluster.curl).':
        '从集群外部访问不到 ClusterIP（用 cluster.curl 试一试）。',
    'nothing answers at all, not even with a refusal: no machine has that address.':
        '根本没有任何应答，连拒绝都没有：没有哪台机器拥有这个地址。',
    'an IP address needs no DNS lookup; the problem is the route.': 'IP 地址不需要 DNS 查询；问题出在路由上。',
    'the ReplicaSet controller creates the pod, without a node.': 'ReplicaSet 控制器创建 Pod，但不指定节点。',
    'the kubelet only runs pods that are already bound to its node.': 'kubelet 只运行已经绑定到本节点的 Pod。',
    'the API server stores the binding, but another component chooses it.': 'API 服务器保存绑定结果，但做出选择的是另一个组件。',
    'etcd only stores what the API server writes.': 'etcd 只保存 API 服务器写入的内容。',
    'kube-scheduler watches pods without spec.nodeName and binds each to a node.':
        'kube-scheduler 监视没有 spec.nodeName 的 Pod，并把每个 Pod 绑定到一个节点。',
    'the endpoint controllers keep the list of pod addresses; they write no rules on nodes.':
        '端点控制器维护 Pod 地址的列表；它们不在节点上写任何规则。',
    'the kubelet runs containers; it does not route Service traffic.': 'kubelet 运行容器；它不负责路由 Service 的流量。',
    'CoreDNS gives a Service a name, not the rules that forward its traffic.': 'CoreDNS 给 Service 提供名字，而不是转发其流量的规则。',
    'the API server stores the Service; a node component watches it.': 'API 服务器保存 Service；监视它的是一个节点组件。',
    'kube-proxy watches Services and EndpointSlices and writes the iptables rules (DNAT to a pod).':
        'kube-proxy 监视 Service 和 EndpointSlice，并写下 iptables 规则（DNAT 到某个 Pod）。',
    'nothing runs any more and OnFailure does not restart a success.': '已经没有任何东西在运行，而 OnFailure 不会重启成功结束的容器。',
    'Failed needs a container that ended with a non-zero code.': 'Failed 需要有一个以非零退出码结束的容器。',
    'Pending is before the containers started.': 'Pending 是容器启动之前的阶段。',
    'Unknown means the node cannot be reached.': 'Unknown 表示联系不上节点。',
}

# -- a request's trace (kubelab/network/traffic.py: Response.trace, explain()) -------------
TRACE = {
    "{where} sends it out (the pod's address masqueraded as the node's) to {ip}:{port}, a server outside the cluster, which answers {x1}.":
        "{where} 把它发出去（Pod 的地址伪装成节点的地址），发往集群外的服务器 {ip}:{port}，对方应答 {x1}。",
    '`kubectl port-forward` listens on 127.0.0.1:{port} and carries the connection through the API server and the kubelet of node {x1} into pod {x2}, port {pod_port} (no Service, no kube-proxy).':
        '`kubectl port-forward` 在 127.0.0.1:{port} 上监听，经由 API 服务器和节点 {x1} 的 kubelet，把连接送进 Pod {x2} 的 {pod_port} 端口（不经过 Service，也不经过 kube-proxy）。',
    'Cluster DNS (CoreDNS) resolves "{host}"{named}: {what}.': '集群 DNS（CoreDNS）解析 "{host}"{named}：{what}。',
    "Node {node} ({ip}) has nothing on port {port}: no Service has nodePort {port} and no process listens there, so the node answers with a reset (connection refused). A Service's port and targetPort are not opened on the node; only its nodePort (30000-32767) is.":
        "节点 {node}（{ip}）的 {port} 端口上什么也没有：没有 Service 的 nodePort 是 {port}，也没有进程在那里监听，所以节点以复位（connection refused）应答。Service 的 port 和 targetPort 不会在节点上开放；开放的只有它的 nodePort（30000-32767）。",
    "The packet for {ip}:{port} reaches kube-proxy's rules {via}: {kind} {ip} port {port} is Service {x1}.":
        "发往 {ip}:{port} 的数据包{via}遇到 kube-proxy 的规则：{kind} {ip} 的 {port} 端口属于 Service {x1}。",
    'Service {x1}: {entry} leads to service port {x2}/{x3}{name}, targetPort {x4}.':
        'Service {x1}：{entry} 通向服务端口 {x2}/{x3}{name}，targetPort {x4}。',
    'kube-proxy rewrites the destination to endpoint {x1} (pod {pod_name} on node {x2}): {how}.':
        'kube-proxy 把目的地址改写为端点 {x1}（节点 {x2} 上的 Pod {pod_name}）：{how}。',
    'Pod {pod_name} ({ip}) receives it on port {port}.': 'Pod {pod_name}（{ip}）在 {port} 端口收到它。',
    'Your computer ({HOST_IP}, outside the cluster) opens a connection to {host}:{port}.':
        '你的电脑（{HOST_IP}，在集群之外）打开一个到 {host}:{port} 的连接。',
    '{ip} is outside the cluster and nothing answers on port {port}: the connection times out.':
        '{ip} 在集群之外，{port} 端口上没有任何应答：连接超时。',
    'Nothing listens on port {port} of your computer (no `kubectl port-forward` to it is running), so the connection is refused.':
        '你的电脑的 {port} 端口上没有程序监听（没有运行指向它的 `kubectl port-forward`），所以连接被拒绝。',
    'Your computer cannot resolve "{host}": Service names exist only in the cluster\'s DNS, which only pods use. Use the node IP and a nodePort (minikube service --url prints it).':
        '你的电脑无法解析 "{host}"：Service 的名字只存在于集群的 DNS 中，而只有 Pod 使用它。请用节点 IP 加 nodePort（minikube service --url 会打印出来）。',
    'Node {x1} cannot resolve "{host}": the node uses its own resolver, and Service names exist only in the cluster\'s DNS, which pods use. Use the ClusterIP, or the node IP and a nodePort.':
        '节点 {x1} 无法解析 "{host}"：节点使用它自己的解析器，而 Service 的名字只存在于 Pod 使用的集群 DNS 中。请用 ClusterIP，或节点 IP 加 nodePort。',
    'Cluster DNS does not answer: the kube-dns Service has no ready CoreDNS pod, so "{host}" cannot be looked up.':
        '集群 DNS 没有应答：kube-dns Service 没有就绪的 CoreDNS Pod，所以无法查询 "{host}"。',
    '"{host}" is not a cluster name: CoreDNS forwards it to the node\'s upstream resolver, which answers {ip} (an address outside the cluster).':
        '"{host}" 不是集群内的名字：CoreDNS 把它转发给节点的上游解析器，后者回答 {ip}（一个集群之外的地址）。',
    'Cluster DNS has no record for "{host}" (tried {tried}). Is the Service name and namespace right?':
        '集群 DNS 中没有 "{host}" 的记录（尝试过 {tried}）。Service 的名字和名字空间写对了吗？',
    'Cluster DNS answers "{x1}" with a CNAME to "{x2}" (an ExternalName Service); that name is outside the simulated world, so it does not resolve here.':
        '集群 DNS 对 "{x1}" 的回答是指向 "{x2}" 的 CNAME（一个 ExternalName 类型的 Service）；那个名字在模拟世界之外，所以这里解析不了。',
    "Node {node} ({ip}) receives it on port {port}: kube-proxy's rule for nodePort {port}/{x1} belongs to Service {x2}.":
        "节点 {node}（{ip}）在 {port} 端口收到它：kube-proxy 为 nodePort {port}/{x1} 写的规则属于 Service {x2}。",
    '{ip} is a virtual IP inside the cluster (ClusterIP). Your computer has no route to {SERVICE_CIDR}, so the packets go nowhere and the connection times out. From outside use the node IP and nodePort, or run minikube tunnel.':
        '{ip} 是集群内部的虚拟 IP（ClusterIP）。你的电脑没有通往 {SERVICE_CIDR} 的路由，所以数据包无处可去，连接超时。从外部访问请用节点 IP 加 nodePort，或者运行 minikube tunnel。',
    '{ip} belongs to Service {svc}, but it has no port {port} (its ports: {x1}). kube-proxy has no rule for it, the packet is dropped and the connection times out.':
        '{ip} 属于 Service {svc}，但它没有 {port} 端口（它的端口：{x1}）。kube-proxy 没有对应的规则，数据包被丢弃，连接超时。',
    'Service {x1} has no ready endpoints (no selected pod is Ready, or the selector matches no pod), so kube-proxy rejects the connection: connection refused.':
        'Service {x1} 没有就绪的端点（选中的 Pod 都没有 Ready，或者选择算符没有匹配到任何 Pod），所以 kube-proxy 拒绝了连接：connection refused。',
    "Pod {pod_name} ({ip}) has no process listening on port {port}: connection refused. Check that the Service's targetPort is the port the container listens on (its containerPort).":
        "Pod {pod_name}（{ip}）的 {port} 端口上没有进程监听：connection refused。检查 Service 的 targetPort 是否就是容器监听的端口（它的 containerPort）。",
    'Node {x1} ({client_ip}) opens a connection to {host}:{port}.': '节点 {x1}（{client_ip}）打开一个到 {host}:{port} 的连接。',
    'Pod {x1} ({client_ip}, on node {client_node}) opens a connection to {host}:{port}.':
        'Pod {x1}（{client_ip}，在节点 {client_node} 上）打开一个到 {host}:{port} 的连接。',
    'Node {node} ({ip}): a hostNetwork pod listens on {port}.': '节点 {node}（{ip}）：一个 hostNetwork Pod 在 {port} 端口监听。',
    'No node, pod or Service has the address {ip}: nothing answers and the connection times out.':
        '没有任何节点、Pod 或 Service 拥有地址 {ip}：没有应答，连接超时。',
    "{ip} is a pod IP: pod addresses live on the cluster's own network, which your computer has no route to. The connection times out. (Use a NodePort Service.)":
        "{ip} 是一个 Pod IP：Pod 的地址属于集群自己的网络，你的电脑没有通往那里的路由。连接超时。（请使用 NodePort 类型的 Service。）",
    # parts of the lines above
    "the only ready endpoint": "唯一就绪的端点",
    "chosen at random among {n} ready endpoints": "从 {n} 个就绪端点中随机选出",
    "the one this client used before (sessionAffinity: ClientIP)": "这个客户端上次用过的那个（sessionAffinity: ClientIP）",
    "Container {cname} answers: HTTP {status}.": "容器 {cname} 应答：HTTP {status}。",
    "from your computer through minikube tunnel's route": "从你的电脑经由 minikube tunnel 的路由",
    "on node {node}": "在节点 {node} 上",
    "the ClusterIP {ip}": "ClusterIP {ip}",
    "a CNAME to {cname}, then {ip}": "指向 {cname} 的 CNAME，然后是 {ip}",
    "the pod IPs {ips} (a headless Service: no virtual IP)": "Pod IP {ips}（无头服务：没有虚拟 IP）",
    " as {fqdn}": "（即 {fqdn}）",
}

# -- the controls' labels (kubelab/ui; values such as placeholders and options stay) --------
UI = {
    "(re)start pod": "（重新）启动 Pod", "+10s": "+10 秒", "+1s": "+1 秒", "+30s": "+30 秒", "+5s": "+5 秒",
    "PV name": "PV 名称", "PVC name": "PVC 名称", "access": "访问模式", "apply service": "应用 Service",
    "around": "围绕", "capacity": "容量", "class": "存储类", "create PV": "创建 PV", "create PVC": "创建 PVC",
    "delete PVC": "删除 PVC", "delete pod": "删除 Pod", "deployment": "Deployment", "fail node": "让节点失效",
    "focus": "聚焦", "from": "来自", "healthy for": "健康时长", "image": "镜像", "labels": "标签",
    "main reads": "主容器读取", "node": "节点", "play": "播放", "pod": "Pod", "port": "port", "probe": "探针",
    "reclaim": "回收策略", "recover node": "恢复节点", "replicas": "副本数", "request": "请求量",
    "rollout undo": "回滚（rollout undo）", "scale": "扩缩", "send request": "发送请求", "set image": "设置镜像",
    "set labels": "设置标签", "settle": "等待完成", "sidecar writes": "边车写入", "stop": "停止",
    "text": "文本", "type": "类型", "use claim in pod": "在 Pod 中使用申领",
    "create deployment {app}": "创建 Deployment {app}",
    "0: let the cluster choose (30000-32767)": "0：由集群选择（30000-32767）",
    "advance until nothing is in flight": "推进时间，直到没有进行中的工作",
    "empty: the default class": "留空：使用默认存储类",
    "let the controllers react": "让控制器做出反应",
    "stop redrawing (%kubelab watch stop)": "停止重绘（%kubelab watch stop）",
    "the sidecar's own loop rewrites the file every 10 s": "边车自己的循环每 10 秒重写一次这个文件",
    # the dashboard's tabs
    "objects": "对象", "events": "事件", "rollout": "上线",
}

# -- the pictures' words (kubelab/viz: WORDS tables, legends) ---------------------------
# (× for ✗: a PIL picture in Chinese draws every word in Noto Sans CJK SC, which has no ✗)
PICTURES = {
    # graph legend: edge types and status rings
    "owns": "拥有", "scheduled-on": "调度到", "selects": "选择", "routes-to": "路由到", "tracks": "跟踪",
    "mounts": "挂载", "env-from": "环境变量来自", "binds": "绑定", "provisions": "制备",
    "ring: ok": "外圈：正常", "ring: on its way": "外圈：进行中", "ring: failing": "外圈：失败",
    "ring: terminating": "外圈：终止中",
    # pod timeline
    "simulated seconds since {since}": "自{since}起的模拟秒数",
    "the first of these pods was created": "第一个 Pod 创建",
    "not ready (hatched)": "未就绪（斜线）", "being killed (SIGTERM … SIGKILL)": "正在被终止（SIGTERM … SIGKILL）",
    "{probe} probe failed": "{probe} 探针失败", "an error state (cross-hatched)": "错误状态（交叉线）",
    # rollout
    "rollout of deployment/{name}": "deployment/{name} 的上线过程", "pods": "Pod 数",
    "{name}\n(rev {revision})": "{name}\n（修订版本 {revision}）", "all pods": "全部 Pod",
    "available pods": "可用的 Pod", "maxSurge: at most {n} pods": "maxSurge：最多 {n} 个 Pod",
    "maxUnavailable: at least {n} available": "maxUnavailable：至少 {n} 个可用",
    "the change": "变更", "recording began": "开始记录",
    # traffic
    "your computer\n{ip}": "你的电脑\n{ip}", "pod {name}\n{ip}": "Pod {name}\n{ip}",
    "node {name}\n{ip}": "节点 {name}\n{ip}", "Endpoints\n{ready} ready of {total}": "端点\n{total} 个中 {ready} 个就绪",
    "pod {name}\n{ip}:{port}": "Pod {name}\n{ip}:{port}", "selector {selector}": "选择算符 {selector}",
    "selector": "选择算符", "not ready": "未就绪",
    "no way in from outside:\na ClusterIP is reachable\nonly inside the cluster":
        "无法从外部进入：\nClusterIP 只能在\n集群内部访问",
    "thick blue arrows: the path of this request": "蓝色粗箭头：这个请求走过的路径",
    # sequence picture
    "the app (in its pod)": "应用（在它的 Pod 中）", "write through the API": "通过 API 写入",
    "stored in etcd": "存入 etcd", "watch event": "监视事件", "CRI call (from the kubelet's Events)": "CRI 调用（来自 kubelet 的事件）",
    "a request (kube-proxy's rules in the node's kernel pick the pod)": "一个请求（节点内核中 kube-proxy 的规则选出 Pod）",
    "watch event (dashed)": "监视事件（虚线）",
    " (every write is stored so)": "（每次写入都这样存储）",
    "the essential {shown} of {total} steps; sequence_table() lists them all": "{total} 步中最要紧的 {shown} 步；sequence_table() 列出全部",
    "… {hidden} more messages (pass max_rows= to see them)": "…… 还有 {hidden} 条消息（传入 max_rows= 可以看到它们）",
    "(nothing recorded in this interval)": "（这段时间内没有记录）",
    "container\nruntime": "容器\n运行时", "the app\n(in its\npod)": "应用\n（在它的\nPod 中）",
    # graph picture
    "ring: {name}": "外圈：{name}", "(nothing to show)": "（没有可显示的内容）", "ok": "正常", "on its way": "进行中",
    "failing": "失败", "terminating": "终止中",
    # traffic picture
    "Service {name}\n{type} {ip}": "Service {name}\n{type} {ip}", "targetPort {port}": "targetPort {port}",
    "no way in from outside: a ClusterIP\nis reachable only inside the cluster": "无法从外部进入：ClusterIP\n只能在集群内部访问",
    "✗ {error}": "× {error}", "✓ HTTP {status}": "✓ HTTP {status}",
    # chapter 01: kubeadm init / join and the pod network
    "{node} registers ({how})": "{node} 注册（{how}）", "the cluster starts": "集群启动",
    "kubectl apply: the pod network's DaemonSet": "kubectl apply：Pod 网络的 DaemonSet",
    "the DaemonSet puts {pod} on {node}": "DaemonSet 把 {pod} 放到 {node} 上",
    "{pod} runs: CNI config on {node}": "{pod} 运行：{node} 上有了 CNI 配置",
    "{node} turns Ready": "{node} 变为 Ready", "CoreDNS {pod}: Pending": "CoreDNS {pod}：Pending",
    "CoreDNS {pod} runs on {node}": "CoreDNS {pod} 在 {node} 上运行", "what happened": "发生了什么",
    "kubeadm init / join and the pod network bringing the nodes Ready": "kubeadm init / join 与 Pod 网络让节点变为 Ready",
    # chapter 02: an image pull
    "kubelet\n({node})": "kubelet\n（{node}）", "mirror\n{host}": "镜像站\n{host}", "registry\n{host}": "镜像仓库\n{host}",
    "registry\n{host}\n(a copy of Google's images)": "镜像仓库\n{host}\n（Google 镜像的副本）",
    "✓ the image": "✓ 镜像", "✗ no answer: i/o timeout": "× 没有应答：i/o timeout",
    "✗ does not serve {registry}": "× 不提供 {registry}", "✓ pulled in {seconds}": "✓ 用 {seconds} 拉取完成",
    "✗ ErrImagePull (back-off, then again)": "× ErrImagePull（回退，然后重试）",
    "already on the node: no pull": "节点上已有：无需拉取", "pod/{pod} pulls\n{image}": "pod/{pod} 拉取\n{image}",
}

# -- the kit's own remarks beside the tools (kubelab/magic.py, kubelab/setup) -------------
KIT = {
    # %kubelab reset, run, settle, watch stop, disconnect
    "new cluster ({profile}, seed {seed}); simulated time {now}": "新集群（{profile}，种子 {seed}）；模拟时间 {now}",
    "simulated time is now {now}": "模拟时间现在是 {now}",
    "settled after {took}; simulated time is now {now}": "{took} 后工作完成；模拟时间现在是 {now}",
    "stopped {n} live view": "停止了 {n} 个实时视图", "stopped {n} live views": "停止了 {n} 个实时视图",
    "no live view is running": "没有正在运行的实时视图",
    "not connected: %kubectl talks to the simulated cluster": "没有连接：%kubectl 与模拟集群通信",
    "disconnected: %kubectl talks to the simulated cluster again": "已断开连接：%kubectl 重新与模拟集群通信",
    # %kubelab serve
    "serving this cluster at {url}; in a terminal:": "正在 {url} 提供这个集群；在终端里：",
    "(this cluster's clock is simulated, now {now} UTC, the same on every run: `kubectl get` prints the cluster's own ages, but `kubectl describe` and `kubectl events` work out ages on your computer's clock, so theirs read as the time since that date)":
        "（这个集群的时钟是模拟的，现在是 {now} UTC，每次运行都一样：`kubectl get` 打印集群自己算出的存在时长，"
        "而 `kubectl describe` 和 `kubectl events` 按你电脑的时钟计算时长，所以它们显示的是从那个日期到现在的时间）",
    "stopped serving": "已停止提供服务", "not serving": "没有在提供服务",
    # minikube (kubelab/setup/minikube.py, addons.py)
    "(the kit simulates: minikube addons enable|disable metrics-server)":
        "（本套件模拟的是：minikube addons enable|disable metrics-server）",
    "(the kit simulates minikube start, status, addons and ssh, not {verb})":
        "（本套件模拟 minikube start、status、addons 和 ssh，不模拟 {verb}）",
    "(the kit runs minikube on the minikube profile: kubelab.Cluster() or %kubelab reset)":
        "（本套件只在 minikube 配置下运行 minikube：kubelab.Cluster() 或 %kubelab reset）",
    # the traffic explorer (kubelab/ui/traffic.py, kubelab/viz/path.py)
    "HTTP {status} from pod {pod}": "Pod {pod} 应答 HTTP {status}", "no answer: {error}": "没有应答：{error}",
    "FAILED: {reason}": "失败：{reason}", "(no request yet)": "（还没有请求）",
    "(path derived from the Service, its endpoints and the pods' programs)": "（路径由 Service、它的端点和 Pod 中的程序推算得出）",
    "(no service yet)": "（还没有 Service）", "one request": "一次请求",
    # the path derived without sending (kubelab/viz/path.py route): where and why it stops
    'no Service "{service}" in namespace "{namespace}"': '名字空间 "{namespace}" 中没有 Service "{service}"',
    "the Service has no ports": "这个 Service 没有端口",
    "connection timed out: a ClusterIP ({ip}) is only reachable inside the cluster":
        "连接超时：ClusterIP（{ip}）只能在集群内部访问",
    'no Pod "{pod}"': '没有 Pod "{pod}"',
    "no endpoints: the Service has no selector": "没有端点：这个 Service 没有选择算符",
    "no endpoints: no ready pod matches the selector {selector}": "没有端点：没有就绪的 Pod 与选择算符 {selector} 匹配",
    'no container port named "{name}"': '没有名为 "{name}" 的容器端口',
    "connection refused: nothing in the pod listens on port {port}": "连接被拒绝：Pod 中没有程序在 {port} 端口上监听",
    "connection timed out": "连接超时", "no endpoints": "没有端点", "connection refused": "连接被拒绝",
    # the machines' shells (kubelab/setup/machines.py, docker.py, kubeadm.py): the tool's own words stay
    "bash: {cmd}: command not found (the kit simulates: {commands})": "bash: {cmd}: command not found（本套件模拟的是：{commands}）",
    "docker: '{verb}' is not a docker command (the kit simulates pull, tag, rmi, images).":
        "docker: '{verb}' is not a docker command.（本套件模拟 pull、tag、rmi、images）",
    'unknown command "{verb}" for "kubeadm" (the kit simulates init, join, token create, config images list, reset)':
        'unknown command "{verb}" for "kubeadm"（本套件模拟 init、join、token create、config images list、reset）',
    "(simulated: the kit does not install packages; kubeadm, kubelet, kubectl, docker and conntrack are already on every machine)":
        "（模拟：本套件不安装软件包；每台机器上都已经有 kubeadm、kubelet、kubectl、docker 和 conntrack）",
    "(simulated: no network in the kit)": "（模拟：本套件里没有网络）",
    # the dashboard (kubelab/ui/dashboard.py) and the sidecar lab (kubelab/ui/sidecar.py)
    "deployment {dep}: ready/replicas of each ReplicaSet since the dashboard started (T+0s = simulated {t}s)":
        "deployment {dep}：仪表盘启动以来每个 ReplicaSet 的 就绪数/副本数（T+0s = 模拟时间 {t}s）",
    "pod {pod}: no volume shared by two containers (yet)": "pod {pod}：（还）没有两个容器共享的卷",
    "pod {pod}, volume {volume} mounted by both containers:": "pod {pod}，两个容器都挂载的卷 {volume}：",
    "  sidecar {name} writes {path}": "  边车   {name} 写入 {path}", "  main    {name} reads  {path}": "  主容器 {name} 读取 {path}",
    "{who} read: {what}": "{who} 读到：{what}", "(nothing read yet)": "（还没有读到任何内容）",
    # the tables of kubelab/viz/trace.py (trace_table, sequence_table)
    "COMPONENT": "组件", "ACTION": "动作", "OBJECT": "对象", "FROM": "发送方", "TO": "接收方", "MESSAGE": "消息",
}

# -- words shown alone as labels (a hop's kind), read with i18n.label(): never parts of a
# message, where a pod called "client" must stay "client" -------------------------------
LABELS = {"client": "客户端", "node": "节点", "service": "Service", "pod": "Pod", "container": "容器",
          "error": "错误", "outside": "外部", "your computer": "你的电脑"}

# -- kept as they are in Chinese too: component names, API values, kubectl's words ----------
KEPT = {w: w for w in (
    "kube-controller-manager", "kube-scheduler", "kube-\napiserver", "kube-\ncontroller-\nmanager", "kube-\nscheduler",
    "{ip}:{port}", "nodePort {node_port} → port {port}", "kubeadm init", "kubeadm join",
    "NotReady", "Ready", "Pending", "Running", "T+", "CoreDNS", "PullImage {image}", "HEAD /v2/{path}/manifests/{tag}",
)}

# -- words that appear as parts of messages ------------------------------------------------
WORDS = {
    "nothing": "（无）",
    "not running": "未运行",
}

MESSAGES: dict[str, str] = {**VERDICTS, **EXERCISES, **TRACE, **UI, **PICTURES, **KIT, **KEPT, **WORDS, "Send": "发送"}
