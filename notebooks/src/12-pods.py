# %% [markdown]
# # 12 · Pods — Pod、使用Pod、Pod模板、资源共享和存储
#
# ← [11 port, targetPort, nodePort](11-ports.ipynb) · [Course start](00-start-here.ipynb) · [13 The Pod lifecycle](13-pod-lifecycle.ipynb) →
#
# **What you will learn**
#
# - what a Pod is: one or more containers scheduled together, sharing a network and volumes;
# - the two ways pods are used (使用Pod): one container per pod, and a few tightly coupled
#   containers — a web server and a *sidecar* that refreshes the files it serves;
# - that containers of one pod share the pod's IP address and reach each other on `localhost`,
#   and share data through a volume (资源共享和存储);
# - what a pod template (Pod模板) is, and why changing it only affects pods created afterwards.
#
# Everything runs against a simulated cluster in this notebook ([chapter 00](00-start-here.ipynb)).

# %%
%load_ext kubelab
import kubelab
from kubelab.viz.draw import show
cluster = kubelab.current_cluster()

# %% [markdown]
# ## What a Pod is
#
# The notes (Pod):
#
# > Pod是可以在k8s中创建和管理的、最小的可部署的计算单元
# >
# > Pod是一组(一个或多个)容器;这些容器共享存储、网络以及怎样运行这些容器的声明。Pod中的内容总是并置的并且一同调度,在共享的上下文中运行
# >
# > Pod的共享上下文包括一组Linux命名空间、控制组(cgroup)和可能一些其他的隔离方面,即用来隔离Docker容器的技术
# >
# > Pod类似共享命名空间和文件系统卷的一组Docker容器
#
# In English: a Pod is the smallest unit Kubernetes creates and manages. It is a group of one or
# more containers that share storage, a network, and a specification of how to run them. The
# containers of a pod are always placed on the same node and scheduled together, and they run in
# a shared context: a set of Linux namespaces and cgroups — the same isolation Docker uses for one
# container, here shared by several. Think of a pod as a few Docker containers that share a network
# namespace and some filesystem volumes.
#
# ## 使用Pod — Using pods
#
# > 不需要直接创建Pod,使用诸如Deployment或Job这类工作负载资源来创建Pod。如果Pod需要跟踪状态,可以考虑StatefulSet资源
#
# You rarely create pods yourself: a workload resource (a Deployment, a Job; a StatefulSet if each
# pod needs its own identity and state) creates them for you from a template, and replaces them
# when they go. To look at one pod, though, `kubectl run` creates a single bare pod:
#
# > 运行单个容器的Pod。“每个Pod一个容器”模型是最常见的k8s用例;可以将Pod看作单个容器的包装器,并且k8s直接管理Pod,而不是容器
#
# One container per pod is the common case: the pod is a wrapper around one container, and
# Kubernetes manages the pod, not the container.

# %%
%kubectl run client --image=nginx
%kubelab settle
%kubectl get pods -o wide

# %% [markdown]
# One pod, one container (`READY 1/1`), one IP address from the node's pod network. The pod
# is what got the IP, not the container — which matters as soon as a pod has two containers.
#
# ## A pod with a sidecar
#
# > 运行多个协同工作的容器的Pod。Pod封装由多个紧密耦合且需要共享资源的共处容器组成的应用程序。这些位于同一位置的容器可能形成单个内聚的服务单元--一个容器将文件从共享卷提供给公众,而另一个单独的“挂斗”(sidecar)容器则刷新或更新这些文件。Pod将这些容器和存储资源打包成一个可管理的实体
#
# A pod can also run several tightly coupled containers that need to share resources: for
# example, one container serves files from a shared volume to the public while a separate
# *sidecar* container refreshes those files. The notes describe this example without a manifest;
# here it is. `nginx` serves `/usr/share/nginx/html`; `refresher` (busybox) rewrites `index.html`
# every 10 seconds; both mount the same `emptyDir` volume, an empty directory that lives as long
# as the pod:

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

# %% [markdown]
# `READY 2/2`: two containers, both running, one IP. Ask the pod for its page from the `client`
# pod (a request across the pod network, as another pod would make it):

# %%
ip = cluster.get("pod", "web-with-sidecar")["status"]["podIP"]
r = cluster.curl(f"http://{ip}/", from_pod="client")
print(r.status, r.body)

# %% [markdown]
# nginx serves the file the sidecar wrote. Ten seconds later the sidecar has rewritten it, and
# nginx — which knows nothing about the sidecar — serves the new content:

# %%
%kubelab run 10s
print(cluster.curl(f"http://{ip}/", from_pod="client").body)

# %% [markdown]
# ### Try it: the sidecar lab
#
# The lab below works on `web-with-sidecar`. Type a line, press **sidecar writes** (it runs
# `echo` in the `refresher` container), then **main reads** (`cat` in the `nginx` container): the
# same file, through two mounts of one volume. Press **+10s** and read again: the sidecar's own
# loop has rewritten it. (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.)

# %% tags=["nbval-ignore-output"]
from kubelab.ui import SidecarLab
sidecar = SidecarLab(cluster, "web-with-sidecar")
sidecar

# %% [markdown]
# The same in code (the commands the buttons run are printed by the lab as it runs them):

# %%
print(sidecar.layout_text)
sidecar.write("written by the sidecar")
print(sidecar.last_output)
sidecar.read()
sidecar.step(10)
sidecar.read()
print(sidecar.reads_text)

# %% [markdown]
# ## 资源共享和存储 — Sharing resources: storage and network
#
# > Pod使它的成员容器间能够进行数据共享和通信
# >
# > 一个Pod可以设置一组共享的存储卷,Pod中的所有容器都可以访问该共享卷,从而允许这些容器共享数据
# >
# > 每个Pod都在每个地址族中获得一个唯一的IP地址,Pod中的每个容器共享网络命名空间,包括IP地址和网络端口。Pod内的容器可以使用localhost互相通信
#
# A pod lets its containers share data and talk to each other. It can declare shared volumes that
# all its containers can mount. And each pod gets one unique IP address (per address family); its
# containers share the network namespace — IP address and ports — so they reach each other on
# `localhost`.
#
# **Storage.** The same file, seen from each container at its own mount path
# (`kubectl exec POD -c CONTAINER -- COMMAND` runs a command in one container):

# %%
%kubectl exec web-with-sidecar -c refresher -- cat /pages/index.html
%kubectl exec web-with-sidecar -c nginx -- cat /usr/share/nginx/html/index.html

# %% [markdown]
# **Network.** The pod has one IP address (`status.podIP`), not one per container; both containers
# even share the pod's host name. And the busybox container reaches nginx's port 80 on
# `localhost` — nothing in busybox listens on port 80:

# %%
%kubectl get pod web-with-sidecar -o jsonpath='{.status.podIP}{"\n"}'
%kubectl exec web-with-sidecar -c nginx -- hostname
%kubectl exec web-with-sidecar -c refresher -- hostname
%kubectl exec web-with-sidecar -c refresher -- wget -qO- localhost

# %% [markdown]
# nginx logged that request: it came from `127.0.0.1`, i.e. from inside the pod. `kubectl logs`
# picks the first container when you do not say which (and says so on stderr):

# %%
%kubectl logs web-with-sidecar --tail=2

# %% [markdown]
# > Pod天生地为其成员容器提供了两种共享资源:网络和存储
# >
# > Pod不是进程,而是容器运行的环境
#
# A pod gives its containers two shared resources by nature: network and storage. A pod is not a
# process; it is the environment the containers run in.
#
# > 每个Pod都旨在运行给定应用程序的单个实例。如果希望横向扩展应用程序,则应该使用多个Pod,每个实例使用一个Pod
#
# Each pod runs *one instance* of an application. To scale out, run more pods (one per instance),
# not more copies of the container in one pod — that is what a Deployment's `replicas` does, and
# each replica gets its own IP:

# %%
%kubectl create deployment web --image=nginx:1.16.1 --replicas=2
%kubelab settle
%kubectl get pods -l app=web -o wide

# %% [markdown]
# ## Pod模板 — Pod templates
#
# > 负载资源的控制器通常使用Pod模板(Pod Template)来创建Pod并管理它们
# >
# > Pod模板是包含在工作负载对象中的规范,用来创建Pod。这些负载资源包括Deployment、Job和DaemonSets等
#
# Workload controllers create and manage pods from a *pod template*: a pod specification embedded
# in the workload object (Deployments, Jobs, DaemonSets …). The notes' example is a Job whose
# template runs one busybox container that prints a greeting and then sleeps for an hour:

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

# %% [markdown]
# The Job controller created a pod from the template; its name is the Job's name plus a random
# suffix. The container printed its greeting and is now sleeping (the Job completes in an hour):

# %%
%kubectl logs job/hello

# %% [markdown]
# The pod is the template plus what the controller and the API server added: labels that tie it
# to its Job, an owner reference, and defaults. Compare the template's command with the pod's:

# %%
%kubectl get job hello -o jsonpath='{.spec.template.spec.containers[0].command}{"\n"}'
%kubectl get pods -l job-name=hello -o jsonpath='{.items[0].spec.containers[0].command}{"\n"}{.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}{"\n"}'

# %% [markdown]
# The objects and who owns whom — the Job owns its pod, the Deployment owns a ReplicaSet that
# owns two pods, the bare pods `client` and `web-with-sidecar` are owned by nobody (no controller
# would replace them), and every pod is scheduled on the node:

# %%
show(cluster, "Workloads create pods from their templates", namespace="default")

# %% [markdown]
# Templates nest. A **CronJob** holds a *Job* template, which holds a pod template: each time its
# schedule comes round, the CronJob controller makes a Job from its template, and that Job makes a
# pod from its own. `kubectl create cronjob` writes one (the schedule is cron's five fields —
# minute, hour, day of month, month, day of week; `*/1` in the first means every minute):

# %%
%kubectl create cronjob tick --image=busybox:1.36 --schedule="*/1 * * * *" -- date
%kubelab run 150s
%kubectl get cronjob tick
%kubectl get jobs

# %% [markdown]
# A Job a minute, each named after the CronJob and its scheduled time (in minutes since 1970), and
# each ran one pod made from the template inside the template. The newest one's output:

# %%
%%shell
kubectl logs $(kubectl get jobs -o name | tail -n 1)
kubectl delete cronjob tick

# %% [markdown]
# ### Changing a template
#
# > 修改Pod模板或者切换到新的Pod模板都不会对已存在的Pod起作用
# >
# > e.g. Demployment控制器针对每个Deployment对象确保运行中的Pod与当前的Pod模板匹配。如果模板被更新,则Deployment必须删除现有的Pod,基于更新后的模板创建新的Pod
#
# Changing a pod template, or switching to a new one, has no effect on pods that already exist. A
# Deployment makes sure its running pods match its *current* template: when the template changes,
# it replaces the existing pods with new ones made from the new template.
#
# Watch that happen. Change the image in the Deployment's template and look at the pods at once:

# %%
%kubectl set image deployment/web nginx=nginx:1.27
%kubectl get pods -l app=web -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,STATUS:.status.phase

# %% [markdown]
# The two existing pods still run `nginx:1.16.1`: nothing in a pod changed. A *new* pod, from a
# new ReplicaSet made from the new template, runs `nginx:1.27`. The old pods go only when the
# Deployment deletes them, one by one as new ones become ready (a rolling update, chapter 05):

# %%
%kubelab settle
%kubectl get pods -l app=web -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,STATUS:.status.phase

# %% [markdown]
# Every pod now has a new name: none was changed in place, all were replaced.
#
# ## What the notes leave out
#
# - **A Job's pod template cannot be changed.** Unlike a Deployment's, `spec.template` of a Job is
#   immutable once the Job exists (the API server answers `field is immutable`); to run something
#   else you create a new Job. Exercise 3 does that.
# - **A bare pod is not replaced.** `client` and `web-with-sidecar` have no controller: delete them,
#   or lose their node, and they are gone. That is why the notes say to use workload resources.
# - **Native sidecars.** Since Kubernetes 1.29 a sidecar can also be declared as an *init container*
#   with `restartPolicy: Always`: it starts before the app containers and keeps running beside them
#   (chapter 13 looks at how the kubelet starts containers). A plain second container, as above, is
#   still the common form.
# - **Two containers cannot listen on one port.** They share the network namespace, so two web
#   servers in one pod must use different ports.
#
# ## Exercises
#
# Each check says what is still missing; work in new cells above it, then run it again. The
# worked solution follows each check, collapsed: click it to open it — try first.
#
# Each check reads the cluster and says what is still missing. (A solution follows each check.)
#
# **Exercise 1.** Create a pod called `shared` with two busybox containers that share an
# `emptyDir` volume: one writes a file into it, the other reads it (e.g. `sleep 3600` after
# writing, `sleep 3600` in the reader).

# %%
from kubelab.exercises import ch12
ch12.shared_volume_pod(cluster)

# %% [markdown]
# Solution (collapsed):

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

# %% [markdown]
# **Exercise 2.** In `web-with-sidecar`, which host name does the `refresher` container use to
# reach nginx's port 80 in the same pod?

# %%
my_answer = ""
ch12.sibling_address(my_answer)

# %% [markdown]
# Solution (collapsed; a tempting wrong answer first):

# %% tags=["solution"]
print(ch12.sibling_address("web-with-sidecar"))
ch12.sibling_address("localhost")

# %% [markdown]
# **Exercise 3.** A Job's template cannot be changed, so make a new one: a Job called `greet`, from
# the notes' template, whose container prints `Hello, kubelab!`.

# %%
ch12.job_says(cluster)

# %% [markdown]
# Solution (collapsed):

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

# %% [markdown]
# ## Summary
#
# - A Pod is one or more containers scheduled together on one node, sharing a network namespace
#   (one IP; `localhost` reaches a sibling's port) and the pod's volumes.
# - One container per pod is the common case; a sidecar is a helper container in the same pod,
#   such as one that refreshes files the main container serves from a shared `emptyDir`.
# - You rarely create pods directly: Deployments, Jobs and DaemonSets create them from a pod
#   template. Changing a template never changes existing pods; a Deployment replaces them.
#
# Next: [13 · The Pod lifecycle](13-pod-lifecycle.ipynb) — phases, container states, restarts,
# probes and termination.
