# %% [markdown]
# # 13 · The Pod lifecycle — Pod的生命周期
#
# ← [12 Pods](12-pods.ipynb) · [Course start](00-start-here.ipynb) · [14 Persistent Volumes](14-persistent-volumes.ipynb) →
#
# **What you will learn**
#
# - the phases of a pod (Pending → Running → Succeeded or Failed) and the states of its
#   containers (Waiting, Running, Terminated), with their reasons;
# - what `restartPolicy` does with a container that exits, and the kubelet's restart back-off
#   (`CrashLoopBackOff`, `RESTARTS 3 (20s ago)`);
# - a pod's conditions (PodScheduled, Initialized, ContainersReady, Ready);
# - liveness, readiness and startup probes, seen over time;
# - the postStart and preStop hooks;
# - how a pod terminates: grace period, preStop, SIGTERM or the image's STOPSIGNAL, SIGKILL,
#   `--force`, and what a kubelet restart does meanwhile;
# - what happens to pods when their node fails, and how finished pods are garbage-collected.
#
# Time matters in this chapter, so keep an eye on the simulated clock: `%kubelab run 30s` moves it.
# A *history* records every change from now on, for the timeline pictures below.

# %%
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

# %% [markdown]
# ## Pod的生命周期 — The lifecycle
#
# > 起始于Pending阶段,如果至少有一个主要容器正常启动,则进入Running,之后取决于是否有容器以失败状态结束而进入Succeeded或者Failed阶段
# >
# > Pod在其生命周期中只会被调度一次。一旦Pod被调度(分派)到某个节点,会一直在该节点运行,直到Pod停止或被终止
#
# A pod starts in the `Pending` phase, moves to `Running` once at least one of its main containers
# has started, and ends in `Succeeded` or `Failed` depending on whether any container ended in
# failure. A pod is scheduled only once: once bound to a node it stays there until it stops or is
# deleted.
#
# > Pod和一个个独立的应用容器一样,也被认为是相对临时性的实体。Pod会被创建、赋予一个唯一的ID(UID),并被调度到节点,并在终止或删除之前一个运行在该节点
# >
# > Pod自身不能自愈,如果被调度到某节点而该节点之后失效,或者调度操作本身失效,Pod会被删除;Pod无法在节点资源耗尽或者节点维护期间继续存活。k8s使用控制器,来管理这些相对而言可随时丢弃的Pod实例
# >
# > 任何给定的Pod(由UID定义)不会被重新调度到不同的节点;相反,这Pod可以被一个新的、几乎完全相同的Pod替换掉。新Pod的名字可以不变,但UID会不同
#
# Pods are ephemeral: each is created with a unique ID (UID), scheduled to a node, and runs there
# until it ends or is deleted. A pod does not heal itself: if its node fails, the pod is deleted
# (the last part of this chapter shows it). A pod with a given UID is never moved to another
# node; a controller replaces it with a new, nearly identical pod — same name possibly, new UID.
#
# ## Pod阶段 — Phases, and restartPolicy
#
# > status字段是一个PodStatus对象,其中包含一个phase字段。是Pod在其生命周期中所处位置的简单宏观概述
#
# A pod's `status.phase` is a coarse summary of where it is in its lifecycle. Watch it in three
# pods that run the same kind of short program — print a line, work 5 s, exit — with the three
# values of `restartPolicy` (容器重启策略: Always (the default), OnFailure, Never):
#
# - `crash` exits with code 1 and has `restartPolicy: Always`;
# - `once` exits with code 0 and has `restartPolicy: OnFailure`;
# - `never` exits with code 3 and has `restartPolicy: Never`.

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

# %% [markdown]
# Right away, before the kubelet has done anything, all three are `Pending`: scheduled, but no
# container runs yet. The container is `Waiting` with reason `ContainerCreating`:

# %%
%kubectl get pods
print(phase("crash"))

# %% [markdown]
# > 一个调度器将Pod分派给某个节点,kubelet就通过容器运行时开始为Pod创建容器。
#
# Once the scheduler has assigned a pod to a node, the kubelet creates its containers through
# the container runtime. A few seconds later all three run (`Running`), and after their 5 s of
# work they exit:

# %%
%kubelab settle
%kubectl get pods
%kubelab run 6s
%kubectl get pods
for name in ("crash", "once", "never"):
    print(phase(name))

# %% [markdown]
# - `once` exited with 0: `Succeeded`, shown as `Completed`. OnFailure does not restart a success.
# - `never` exited with 3: `Failed`, shown as `Error`; Never restarts nothing.
# - `crash` exited with 1 and Always restarts it. The pod stays `Running`; its container has
#   already been started again (`RESTARTS 1`).
#
# ### Container states
#
# > 检查Pod中容器的状态:kubectl describe pod <pod 名称>
# >
# > 容器的状态有三种: Waiting (等待) … Running (运行中) … Terminated (已终止)
#
# A container is `Waiting` while it is not running or terminated — still doing what it needs to
# start (pulling the image, waiting out a back-off); `Running` while it executes (if it has a
# postStart hook, the hook has completed); `Terminated` once it ran and ended, successfully or not
# (a preStop hook, if any, ran before). `kubectl describe pod` shows each container's `State` and
# `Last State` (the previous run), with reasons and exit codes:

# %%
%kubectl describe pod never

# %% [markdown]
# ### Restarts and the back-off
#
# Always (and OnFailure, for a failure) restarts the container — but not at once every time. The
# kubelet waits between restarts: the first restart happens right away, then it waits 10 s, then
# 20 s, 40 s … doubling up to 5 minutes, and forgets the back-off once a container has run for
# 10 minutes. While it waits the container is `Waiting` with reason `CrashLoopBackOff`. Let
# `crash` crash for a while, and stop at a moment when the kubelet is waiting:

# %%
def backing_off():
    cs = cluster.get("pod", "crash")["status"]["containerStatuses"][0]
    return cs["restartCount"] >= 3 and cs["state"].get("waiting", {}).get("reason") == "CrashLoopBackOff"

cluster.wait_for(backing_off, timeout=300)
%kubelab run 20s
%kubectl get pod crash
print(phase("crash"))

# %% [markdown]
# `RESTARTS 3 (20s ago)`: three restarts, and the container last exited 20 s ago; the kubelet waits 40 s
# before the fourth. `kubectl logs --previous` shows
# the output of the run before the current one. The history shows each run and each wait (times
# from the start of this chapter):

# %%
%kubectl logs crash --previous
print(pod_table(h, pods=["crash"]))

# %% [markdown]
# The `Running` stretches are the 5 s of work. The first restart came at once; then the
# `CrashLoopBackOff` stretches grow: 10 s, 20 s, and now 40 s. (The kubelet's events say the same:
# `Back-off restarting failed container`.)
#
# ## Pod状况 — Conditions
#
# > Pod有一个PodStatus对象,其中包含一个PodConditions数组
# >
# > - PodScheduled: Pod已经被调度到某节点
# > - ContainersReady: Pod中所有容器都已就绪
# > - Initialized: 所有的Init容器都已成功启动
# > - Ready: Pod可以为请求提供服务,并且应该被添加到对应服务的负载均衡池中
#
# Besides its phase a pod has conditions: `PodScheduled` (bound to a node), `Initialized` (all
# init containers have completed), `ContainersReady` (every container is ready), `Ready` (the pod
# can serve requests and belongs in the load-balancing pools of matching Services). Each records
# when it last changed:

# %%
%kubectl get pod crash -o jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.status}{"\t"}{.lastTransitionTime}{"\n"}{end}'

# %% [markdown]
# `Ready` flips to `False` each time the container dies and back to `True` when it runs again.
# Kubernetes 1.29+ adds a fifth condition the notes do not list, `PodReadyToStartContainers`: the
# pod's sandbox and network are set up.
#
# Clean up the three pods before the next part:

# %%
%kubectl delete pod crash once never

# %% [markdown]
# ## Probes
#
# > Probe是由kubelet对容器执行的定期诊断。要执行诊断,kubelet调用由容器实现的Handler(处理程序)。有三种类型的处理程序:
# >
# > - ExecAction 在容器内执行指定命令。如果命令退出时返回码为0则认为诊断成功
# > - TCPSocketAction 对容器的IP地址上的指定端口执行TCP检查。如果端口打开,则诊断被认为是成功的
# > - HTTPGetAction 对容器的IP地址上指定端口和路径执行HTTP Get请求。如果响应的状态码大于等于200且小于400,则诊断被认为是成功的
#
# A probe is a check the kubelet runs on a container, periodically. It is one of: *exec* (run a
# command in the container; exit code 0 is success), *tcpSocket* (open a TCP connection to a port
# of the pod's IP; success if it opens), *httpGet* (an HTTP GET to a port and path; a status from
# 200 to 399 is success). Each probe gives Success, Failure or Unknown (the probe itself could not
# run; nothing is done). And there are three kinds of probe:
#
# > - livenessProbe :指示容器是否正在运行。如果存活态探测失败,则kubelet会杀死容器,并且容器将根据重启策略决定未来。如果容器不提供存活探针,则默认为Success
# > - readinessProbe:指示容器是否准备好为请求提供服务。如果就绪态探测失败,端点控制器将从与Pod匹配的所有服务的端点列表中删除该Pod的IP地址。初始延迟之前的就绪态的状态值默认为Failure。如果不提供就绪态探针,默认为Success
# > - startupProbe:指示容器是否已经启动。如果提供了启动探针,则所有其他探针都会被禁用,直到此探针成功为止。如果启动探测失败,kubelet将杀死容器,而容器根据重启策略进行重启。如果没有提供启动探测,默认为Success
#
# - **liveness**: is the container still working? If not, the kubelet kills it and the restart
#   policy decides what follows.
# - **readiness**: can it serve requests now? If not, its pod's IP is removed from the endpoints of
#   every Service that selects it. Before the first success it counts as not ready.
# - **startup**: has it finished starting? Until it has, the other two probes are not run; if it
#   fails for too long, the container is killed like a failed liveness probe.
#
# ### Liveness: 何时使用存活态探针?
#
# > 如果容器中的进程能够在遇到问题或不健康的情况下自行崩溃,则不一定需要存活态探针;kubelet将根据Pod的restartPolicy自动执行修复操作
# >
# > 如果希望容器在探测失败时被杀死并重新启动,那么请指定一个存活态探针,并制定restartPolicy为"Always"或"OnFailure"
#
# A process that crashes by itself when it is unhealthy needs no liveness probe: the restart
# policy already handles it (as `crash` showed). A liveness probe is for a container that can be
# stuck while still running. The Kubernetes docs' example (pods/probe/exec-liveness.yaml) creates
# `/tmp/healthy`, removes it after 30 s and then stays alive; the probe runs `cat /tmp/healthy`
# every 5 s, starting 5 s after the container starts:

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

# %% [markdown]
# ### Readiness: 何时使用就绪态探针?
#
# > 如果要仅在探测成功时才开始向Pod发送请求流量,请指定就绪态探针。规约中的就绪态探针的存在意味着Pod将在启动阶段不接收任何数据,并且只有在探测成功后才开始接收数据
# >
# > 如果容器需要加载大规模的数据、配置文件或在启动期间执行迁移操作,可以添加一个就绪态探针
# >
# > 如果希望容器能够自行进入维护状态,也可以指定一个就绪态探针,检查某个特定于就绪态不同于存活态探测的端点
#
# Use a readiness probe when a pod should get traffic only once the probe succeeds — while it
# loads data or runs migrations at start, or when it should be able to take itself out of
# service for maintenance. Here two nginx pods behind a Service; the probe asks for
# `/index.html`, which nginx serves only while the file is there:

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

# %% [markdown]
# ### Startup: 何时该使用启动探针?
#
# > 对于所包含的容器需要较长时间才能启动就绪的Pod而言,启动探针是有用的。不再需要配置一个较长的存活态探测时间间隔,只需要设置另一个独立的配置选定,对启动期间的容器执行探测,从而允许使用远远超出存活态时间间隔所允许的时长
# >
# > 如果容器启动时间通常超出initialDelaySeconds + failureThreshold × periodSeconds总值,应该设置一个启动探测。periodSeconds的默认值是30秒,应该将failureThreshold设置得足够高,以便容器有充足的时间完成启动,并且避免更改存活态探针所使用的默认值
#
# A startup probe is for containers that take long to start: instead of stretching the liveness
# probe, give the start its own, longer allowance (`failureThreshold × periodSeconds`). `slow`
# needs 40 s before `/tmp/started` exists; its strict liveness probe (fail once and die) would
# kill it long before that — but it does not run until the startup probe (up to 12 × 5 s = 60 s)
# has succeeded:

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

# %% [markdown]
# Now let 50 seconds pass: `liveness-exec` removes its file at 30 s, `slow` finishes starting at
# 40 s. Then take one `web` pod out of service by removing its `index.html`:

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

# %% [markdown]
# The pod is still `Running` but `0/1` ready, and its IP has left the Service's endpoints: only
# the other pod gets traffic.
#
# The liveness probe of `liveness-exec` failed three times in a row (`failureThreshold` 3, at 30,
# 35 and 40 s), so the kubelet killed the container — yet at 50 s it had not restarted. Killing
# is graceful too: SIGTERM, then up to 30 s. The container's PID 1 is `/bin/sh`, which ignores
# SIGTERM, so the kill took the full 30 s and ended with SIGKILL (exit code 137 = 128 + 9; the
# termination section below shows the same with `sleep`). Its events and `Last State` tell the
# story in the kubelet's words:

# %%
%kubectl describe pod liveness-exec

# %% [markdown]
# And `slow`: `Started` became true after 40 s, only then did its liveness probe begin — and
# because the file exists by then, it passes. No restart:

# %%
%kubectl get pod slow -o jsonpath='{.status.containerStatuses[0].started} {.status.containerStatuses[0].ready} {.status.containerStatuses[0].restartCount}{"\n"}'

# %% [markdown]
# ### The timeline
#
# The same run as a picture (the whole 80 simulated seconds since the pods were created): one lane
# per pod, its state written in the bar and coloured, hatched while not ready; a black mark where
# a probe failed (▼ liveness, ◆ startup, ▲ readiness: each mark is one `Unhealthy` event), and a
# black diagonal hatch while the kubelet is killing a container whose liveness probe failed.

# %%
from kubelab.viz.style import image, figure_png
image(figure_png(draw_pods(h, pods=["liveness-exec", "slow", *web_pods], containers=False,
                           title="probes over simulated time")))

# %% [markdown]
# Read it: `liveness-exec` runs healthy for 30 s, then three liveness failures (▼) 5 s apart,
# 30 s of being killed (the black hatch: still `Running`, as `kubectl get pods` said, while
# SIGTERM is ignored), and a restart: the killed container's brief `Error` (exit code 137, cross-hatched:
# the kubelet shows the last container's state until the new one exists), then `Running ↻1`.
# `slow` is not ready (hatched) for its first 40 s: its startup probe fails every 5 s — each
# failure is an `Unhealthy` event, a ◆ — but stays below its threshold of 12, and the liveness
# probe does not run at all; then it succeeds and the pod is ready. The first `web` pod turns not
# ready after three readiness failures (▲) once its page is gone, and is not restarted (readiness
# never kills).
#
# ### Try it: the probe lab
#
# The probe lab below runs the liveness example's program (`touch /tmp/healthy; sleep N; rm -f
# /tmp/healthy`) with the probe you choose. Pick **liveness**, **readiness** or **startup**, change
# *healthy for* and the probe's numbers, press **(re)start pod**, then **+5s** / **+30s**: the
# timeline, the probe results and the pod's READY and RESTARTS follow. (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.) More in the
# [probe playground](../widgets/probes.ipynb).

# %% tags=["nbval-ignore-output"]
from kubelab.ui import ProbeLab
lab = ProbeLab(cluster)
lab

# %% [markdown]
# The same in code: a readiness probe that fails once the file is gone after 20 s. The pod stays
# `Running` but turns not ready — and is never restarted:

# %%
lab.tune("readiness", healthy_for=20, initialDelaySeconds=0, periodSeconds=5, failureThreshold=1)
print(lab.start(), end="")
lab.step(45)
print(lab.pod_text)
print(lab.probe_text)
print(lab.kubectl("delete pod probe-lab --grace-period=0 --force"), end="")

# %% [markdown]
# ## Pod的终止 — Termination
#
# > Pod所代表的是在集群中节点上运行的进程,当不再需要这些进程时允许其体面地终止是很重要的,不应武断地使用KILL信号终止,导致这些进程没有机会完成清理操作
# >
# > 通常容器运行时会发送一个TERM信号到每个容器中的主进程。很多容器运行时都能注意到容器镜像中STOPSIGNAL的值,并发送该信号而不是TERM。一旦超出了体面终止限期,容器运行时会向所有剩余进程发送KILL信号,之后Pod就会被从API服务器上移除。如果kubelet或者容器运行时的管理服务在等待进程终止期间被重启,集群会从头开始重试,赋予Pod完整的体面终止限期
#
# Pods are processes; they should get the chance to end gracefully, not be killed outright. On
# delete, the runtime sends TERM (or the image's STOPSIGNAL) to each container's main process;
# when the grace period is over, KILL to whatever is left; then the pod is removed from the API.
#
# > 在删除Pod时,Pod会自动将自身置为未就绪状态,无论就绪态探针是否存在。等待Pod中的容器停止期间,Pod会一直处于未就绪状态
#
# A pod being deleted is not ready, whatever its readiness probe says.
#
# ### Hooks: postStart and preStop
#
# A container can have two hooks (`lifecycle`), run by the kubelet in the container: `postStart`
# right after the container is created — beside its main program, with no guarantee which comes
# first — and `preStop` before the stop signal. The container counts as `Running` only once its
# postStart hook has completed; if the hook fails, the kubelet kills the container
# (`FailedPostStartHook`). The kubernetes.io example, *Attach Handlers to Container Lifecycle
# Events*: the postStart hook writes a file, the preStop hook asks nginx to quit gracefully.

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

# %% [markdown]
# The file is there: the hook ran in the container, after it started. (A hook's output goes
# nowhere you can read; only a failure shows, in the pod's events.)
#
# ### The stop signal: TERM, or the image's STOPSIGNAL
#
# Compare two pods: `polite` is nginx, with a `preStop` hook that sleeps 5 s (a common way to let
# load balancers catch up, see [chapter 08](08-stateless-app.ipynb)). nginx's image declares
# `STOPSIGNAL SIGQUIT` — nginx's *graceful* shutdown (TERM would be its fast one). `stubborn` runs
# `sleep` as PID 1, and PID 1 ignores SIGTERM unless it installs a handler — `sleep` does not:

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

# %% [markdown]
# Delete `polite` without waiting, and follow nginx's log until the container ends (`logs -f`, in
# a terminal, would keep printing as the lines come). Which signal arrives, and when?

# %%
%kubelab settle
start = cluster.now
%kubectl delete pod polite --wait=false

# %%
%%shell
kubectl logs -f polite | grep signal

# %%
print("deleted at", cluster.clock.datetime(start).strftime("%H:%M:%S"))

# %% [markdown]
# `signal 3 (SIGQUIT)`, not 15 (SIGTERM): the runtime sent the image's STOPSIGNAL, 5 s after the
# delete — the preStop hook's sleep came first. nginx let its worker finish and exited (signal 17
# is the worker's exit reaching the master). `kubectl delete` waits until the pod is gone; time
# `stubborn`:

# %%
start = cluster.now
%kubectl delete pod stubborn
print(f"stubborn took {cluster.now - start - cluster.pause:.0f}s")

# %% [markdown]
# SIGTERM is ignored, so the kubelet waits the whole default grace period of 30 s and then sends
# SIGKILL.
#
# ### When the kubelet restarts
#
# > 如果kubelet或者容器运行时的管理服务在等待进程终止期间被重启,集群会从头开始重试,赋予Pod完整的体面终止限期
#
# The containers belong to the container runtime, not to the kubelet: restarting the kubelet
# (`systemctl restart kubelet` on the node; here `cluster.restart_kubelet`, 2 s down) leaves them
# running — same container, same start time, no restart counted:

# %%
%kubectl run patient --image=busybox:1.36 -- sleep 3600
%kubelab settle
%kubectl get pods lifecycle-demo patient
cluster.restart_kubelet("minikube")
%kubelab run 5s
%kubectl get pods lifecycle-demo patient

# %% [markdown]
# But a stop in progress ends with the old kubelet. The new one finds the pod still being deleted
# and stops it from the start — preStop, signal, and the *full* grace period again. Delete `patient`
# (whose `sleep` ignores SIGTERM, like `stubborn`), restart the kubelet 20 s into its 30 s, and see
# how long it takes:

# %%
start = cluster.now
%kubectl delete pod patient --wait=false
%kubelab run 19s
cluster.restart_kubelet("minikube")
cluster.wait_for(lambda: cluster.get("pod", "patient") is None, timeout=120)
print(f"patient took {cluster.now - start:.0f}s")

# %% [markdown]
# About 52 s: 20 s of the first grace period, 2 s without a kubelet, then 30 s again.

# %%
%kubectl delete pod lifecycle-demo

# %% [markdown]
# ## 强制终止Pod — Forcing it
#
# > 默认所有删除操作都有30秒的宽限期。kubectl delete支持--grace-period=<seconds>选项重载默认值
# >
# > 宽限期设置为0意味着立即从API服务器删除Pod。如果Pod仍然运行于某节点上,强制删除会触发kubelet立即执行清理操作
#
# Every delete has a 30 s grace period by default; `--grace-period=<seconds>` overrides it. A
# grace period of 0 with `--force` removes the pod from the API at once, without waiting for the
# kubelet to confirm the containers stopped — kubectl warns about exactly that:

# %%
%kubectl run stubborn2 --image=busybox:1.36 -- sleep 3600
%kubelab settle
start = cluster.now
%kubectl delete pod stubborn2 --grace-period=0 --force
print(f"took {cluster.now - start - cluster.pause:.0f}s")

# %% [markdown]
# Careful with `--force`: on a real cluster the processes may still be running on an unreachable
# node while a replacement with the same name starts elsewhere.
#
# ## When a node fails
#
# The notes' promise (chapter 03) is that controllers replace pods whose node fails. Start afresh
# with a cluster of two nodes, and a Deployment with pods on both:

# %%
%kubelab reset workers=1
cluster = kubelab.current_cluster()
h = history(cluster)
%kubectl create deployment hello --image=nginx --replicas=4
%kubelab settle
%kubectl get pods -o wide

# %% [markdown]
# Power off `minikube-m02`: its kubelet stops renewing the node's Lease. After 50 s without a
# heartbeat (`--node-monitor-grace-period`, 50 s since v1.32) the node controller marks the node
# `NotReady` and taints it `node.kubernetes.io/unreachable`:

# %%
cluster.fail_node("minikube-m02")
%kubelab run 60s
%kubectl get nodes
%kubectl get pods -o wide

# %% [markdown]
# The pods on the failed node still *look* `Running`, `1/1`: that is the last status their kubelet
# reported, and nobody can ask that node anymore. What the control plane knows is in the node's
# conditions, now `Unknown` (below), and in each of those pods' `Ready` condition, which the node
# controller set to `False` so that Services stop sending them traffic. Their *phase* stays
# `Running`: the notes' phase `Unknown` ("the state of the Pod could not be obtained") is allowed by
# the API, but no v1.32 component sets it for a lost node:

# %%
%kubectl get pods --field-selector spec.nodeName=minikube-m02 -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\t"}Ready={.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}'

# %% [markdown]
# Each pod
# tolerates the `unreachable` taint for 300 s (the default toleration the API server added — see
# `Tolerations` in any `describe pod`). After that the pods are evicted and the ReplicaSet
# creates replacements on the node that works:

# %%
%kubelab run 300s
%kubectl get pods -o wide

# %% [markdown]
# `describe node` shows the failed node as the control plane sees it: taints, `Unknown`
# conditions, its last Lease renewal, and the pods still bound to it (deleted, but the kubelet
# that would confirm it is gone). Only those lines, picked with `grep`; left out are the node's
# labels and annotations, addresses, capacity, system info, allocated resources and events:

# %%
%%shell
kubectl describe node minikube-m02 | grep -E '^Taints|unreachable|^Lease|RenewTime|^Conditions|  Type  |Unknown|^Non-terminated|^  default  '

# %% [markdown]
# ### Planned maintenance: cordon and drain
#
# A node you take out of service on purpose — to upgrade or reboot it — is *drained* first, so its
# pods move before it goes rather than 350 s after. `kubectl drain` *cordons* the node (marks it
# unschedulable: no new pod lands there) and then evicts its pods; their controllers create
# replacements elsewhere. Power `minikube-m02` back on, then drain `minikube`:

# %%
cluster.recover_node("minikube-m02")
%kubelab settle
%kubectl drain minikube --ignore-daemonsets

# %% [markdown]
# Refused, and the message says why: `storage-provisioner` (minikube's volume provisioner) is a
# bare pod — no controller would recreate it, so evicting it would lose it. `--ignore-daemonsets`
# already covers `kube-proxy` (its DaemonSet wants one on every node anyway), and the static pods
# of the control plane (etcd, the API server, …) are mirrors of files on the node, which drain
# never touches. The node stays cordoned. `--force` deletes the bare pod anyway:

# %%
%kubectl drain minikube --ignore-daemonsets --force
%kubelab settle
%kubectl get nodes
%kubectl get pods -o wide

# %% [markdown]
# kubectl first warned what it would leave alone (the DaemonSet's pod) and delete for good (the
# bare pod), then evicted. The four `hello` pods now run on `minikube-m02`; `minikube` shows
# `SchedulingDisabled` until you *uncordon* it. Pods do not move back by themselves afterwards —
# new ones may land there:

# %%
%kubectl uncordon minikube

# %% [markdown]
# ## 失效Pod的垃圾收集 — Garbage collection of finished pods
#
# > 对于已失效的Pod,对应的API对象仍然会保留在集群的API服务器上,直到用户或者控制器进程显式将其删除
# >
# > 控制器组件会在Pod个数超出所配置的阈值(kube-controller-manager的terminated-pod-gc-threshold设置)时删除已终止的Pod(阶段值为Succeeded或Failed)
#
# A finished pod (`Succeeded` or `Failed`) stays in the API until someone deletes it. The pod
# garbage collector in kube-controller-manager deletes finished pods, oldest first, once there
# are more than `--terminated-pod-gc-threshold` of them. The default is 12500, so you rarely see
# it; set it to 3 here and create five pods that finish:

# %%
cluster.pod_gc.threshold = 3
for i in range(1, 6):
    cluster.kubectl(f"run done-{i} --image=busybox:1.36 --restart=Never -- echo {i}")
%kubelab settle
%kubectl get pods -l 'run'

# %%
%kubelab run 20s
%kubectl get pods -l 'run'

# %% [markdown]
# Within 20 s (how often it checks) the collector deleted the two oldest; three remain.
#
# ## What the notes get wrong or leave out
#
# - **periodSeconds defaults to 10 s, not 30 s** (the notes: "periodSeconds的默认值是30秒"). The
#   defaults are: initialDelaySeconds 0, periodSeconds 10, timeoutSeconds 1, successThreshold 1,
#   failureThreshold 3. `describe` prints a probe with its defaults filled in:

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

# %% [markdown]
# - **Initialized** means all init containers have *completed* successfully (not just started), and
#   the list of conditions lacks `PodReadyToStartContainers` (Kubernetes 1.29+).
# - **`--grace-period=0` needs `--force`.** Without it, kubectl turns 0 into 1 second and still
#   waits for the kubelet; only `--grace-period=0 --force` removes the object immediately.
# - **A pod on a failed node is not deleted at once**: first 50 s until `NotReady`, then 300 s of
#   toleration, as seen above.
#
# Simplifications of kubelab, so you know: a restart after a back-off happens exactly when the
# back-off ends; probe timers count from the container's start; probe timeouts never fire (the
# simulated programs answer at once); a recovered node starts its pods afresh (restart counts 0);
# containers are never `OOMKilled` (memory is not modelled).
#
# ## Exercises
#
# Each check says what is still missing; work in new cells above it, then run it again. The
# worked solution follows each check, collapsed: click it to open it — try first.
#
# **Exercise 1.** Create a pod `one-shot` running busybox `sh -c "exit 1"` that is *not* restarted
# when it fails. Which phase does it end in?

# %%
from kubelab.exercises import ch13
ch13.one_shot(cluster)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%kubectl run one-shot --image=busybox:1.36 --restart=Never -- sh -c "exit 1"
%kubelab settle
%kubectl get pod one-shot
ch13.one_shot(cluster)

# %% [markdown]
# **Exercise 2.** A pod with `restartPolicy: OnFailure` whose only container exits with code 0:
# which phase does the pod end in — `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`?

# %%
my_answer = ""
ch13.phase_after_success(my_answer)

# %% [markdown]
# Solution (collapsed; a tempting wrong answer first):

# %% tags=["solution"]
print(ch13.phase_after_success("Running"))
ch13.phase_after_success("Succeeded")

# %% [markdown]
# **Exercise 3.** Create a pod `ready-web` (nginx) with a readiness probe that checks TCP port 80
# every 5 seconds, and wait until it is ready.

# %%
ch13.ready_web(cluster)

# %% [markdown]
# Solution (collapsed):

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

# %% [markdown]
# ## Summary
#
# - Phases: `Pending` → `Running` → `Succeeded` / `Failed`; container states `Waiting` /
#   `Running` / `Terminated` with reasons (`ContainerCreating`, `CrashLoopBackOff`, `Completed`,
#   `Error` …) — `kubectl describe pod` shows them.
# - `restartPolicy` Always / OnFailure / Never decides restarts; the kubelet backs off 10 s, 20 s,
#   40 s … up to 5 minutes.
# - Conditions (PodScheduled, Initialized, ContainersReady, Ready) carry transition times; Ready
#   decides Service endpoints.
# - Probes: liveness restarts, readiness takes a pod out of Services, startup holds the other two
#   back; exec, httpGet, tcpSocket; defaults period 10 s, threshold 3.
# - Hooks: `postStart` runs as the container starts (it is `Running` once the hook is done),
#   `preStop` before the stop signal.
# - Deletion: preStop, then SIGTERM — or the image's STOPSIGNAL (nginx: SIGQUIT) —, the grace
#   period (30 s), SIGKILL; `--grace-period=0 --force` skips the wait. A kubelet restart leaves
#   containers running, but stops a terminating pod again with its full grace period.
# - A node that stops reporting: its conditions turn `Unknown`, its pods' `Ready` turns `False`
#   (their phase stays), and they are replaced after 50 s + 300 s; finished pods are collected
#   above a threshold.
#
# Next: [14 · Persistent Volumes](14-persistent-volumes.ipynb) — storage that outlives a pod.
