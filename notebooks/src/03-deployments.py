# %% [markdown]
# # 03 · Deployments — 创建Deployment
#
# ← [02 Images and registry mirrors](02-images-and-mirrors.ipynb) · [Course start](00-start-here.ipynb) · [04 Services](04-services.ipynb) →
#
# **What you will learn**
#
# - what a Deployment is, and what `kubectl create deployment` really asks the cluster to do;
# - how to look at the result: `kubectl get deployments`, `get pods`, `get events`, `config view`;
# - which component does what after your command — kubectl, the API server, the Deployment and
#   ReplicaSet controllers, the scheduler, the kubelet — and in what order;
# - the self-healing the notes promise: a deleted pod is replaced.
#
# Everything here runs against a simulated cluster inside this notebook (see
# [chapter 00](00-start-here.ipynb)). Time is simulated too: it moves 1 second per command, and
# when we say so (`%kubelab settle`, `%kubelab run 30s`).

# %%
%load_ext kubelab
import kubelab
from kubelab.viz.trace import trace_table
from kubelab.viz.draw import show
cluster = kubelab.current_cluster()

# %% [markdown]
# ## What a Deployment is
#
# The notes (创建Deployment):
#
# > Deployment指挥k8s如何创建和更新应用程序的实例。创建Deployment后,k8s master将应用程序实例调度到集群中的各个节点上。
# >
# > 创建应用程序实例后,k8s Deployment控制器会持续监视这些实例。如果托管实例的节点关闭或被删除,则Deployment控制器会将实例替换为集群中另一个节点上的实例。这提供了一种自我修复机制来解决机器故障维护问题。
#
# In English: a Deployment tells Kubernetes how to create and update the instances of an
# application. Once it exists, the control plane schedules those instances (Pods) onto nodes, and
# a controller keeps watching them: if one disappears, it is replaced. You describe the *desired
# state*; controllers keep making the *actual state* match it.
#
# ## Create one
#
# The notes create a Deployment that runs one Pod from the `echoserver` image, a tiny web server
# that echoes back every HTTP request it receives:

# %%
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4

# %% [markdown]
# kubectl answers `deployment.apps/hello-node created`: the **API server** accepted and stored a
# Deployment object. Nothing is running yet. (The notes keep a commented-out variant that pulls the
# same image from an Aliyun mirror, `registry.aliyuncs.com/google_containers/echoserver:1.4`, for
# networks where `k8s.gcr.io` cannot be reached — chapter 02 is about that.)
#
# Look at the Deployment straight away:

# %%
%kubectl get deployments

# %% [markdown]
# `READY 0/1`: one replica wanted, none ready. `UP-TO-DATE` counts pods that run the current
# template, `AVAILABLE` the ones that have been ready long enough to serve. And the pod?

# %%
%kubectl get pods

# %% [markdown]
# The pod exists and is `ContainerCreating`: it has a node, and the node's kubelet is pulling
# the image. Its name is `hello-node-<pod-template-hash>-<5 random characters>`, from the
# ReplicaSet that owns it.
#
# ## What happened inside
#
# kubectl did one thing: it sent the Deployment to the API server. Everything else was done by
# other components, each watching the API and reacting. The simulator records every write with the
# component that made it:

# %%
print(trace_table(cluster, since=60))

# %% [markdown]
# Read it top to bottom:
#
# 1. **kubectl** creates the Deployment.
# 2. The **deployment controller** (in kube-controller-manager) sees a Deployment without a
#    ReplicaSet for its pod template, creates one (`hello-node-…`) and scales it to 1.
# 3. The **replicaset controller** sees a ReplicaSet that wants 1 pod and has 0, and creates a Pod.
# 4. The **scheduler** sees a pod without a node, picks `minikube` and binds the pod to it.
# 5. The **kubelet** on `minikube` sees a pod bound to its node, creates the pod's sandbox, starts
#    pulling the image and keeps the pod's status up to date.
#
# No component calls another: they only read and write objects through the API server. That is the
# architecture of Kubernetes in one picture (chapter 09 looks at each component).
#
# Now let the cluster finish what is in flight — the image pull and the container start:

# %%
%kubelab settle
%kubectl get pods
%kubectl get deployments

# %% [markdown]
# ## The cluster's events
#
# The notes' next command, `kubectl get events`, shows the same story as the API records it:
# Events written by the components (the `OBJECT` column says which object each is about).

# %%
%kubectl get events

# %% [markdown]
# `kubectl describe deployment` gathers the Deployment's own view: its selector, its pod template,
# its ReplicaSets and its events.

# %%
%kubectl describe deployment hello-node

# %% [markdown]
# ## The objects and how they relate
#
# Each object *owns* the next one through an `ownerReference`: the Deployment owns the ReplicaSet,
# the ReplicaSet owns the Pod; the Pod is *scheduled on* the Node. The picture is drawn from the
# API state (green outline: Running).

# %%
show(cluster, "Deployment → ReplicaSet → Pod → Node", namespace="default")

# %% [markdown]
# The same relations, as the API stores them:

# %%
%kubectl get pods -o jsonpath='{.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}{"\n"}'

# %% [markdown]
# ## kubectl's configuration
#
# The notes end the section with `kubectl config view`: where kubectl sends its requests. In
# minikube, one cluster (`https://192.168.49.2:8443`), one user, one context that joins them.
# Certificates are file paths here; a kubeconfig can also embed them, and `config view` hides
# embedded secrets unless you add `--raw`.

# %%
%kubectl config view

# %% [markdown]
# ## Self-healing
#
# The notes promise that the controller replaces instances that disappear. Delete the pod (kubectl
# waits until it is gone: the container gets SIGTERM and up to 30 s to stop):

# %%
%kubectl delete pods -l app=hello-node
%kubectl get pods

# %% [markdown]
# A new pod with another name is already there: the ReplicaSet saw 0 pods where it wants 1 and
# created one. The image is already on the node, so this time there is no pull:

# %%
%kubelab settle
%kubectl get pods
%kubectl get events --field-selector reason=Pulled

# %% [markdown]
# ### Try it: the dashboard
#
# The dashboard below works on this chapter's cluster. Choose a pod, press **delete pod**, then
# **+1s** a few times (or **settle**) and watch the ReplicaSet's replacement appear in the picture
# and in the *objects* tab. (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.) More to try in the
# [dashboard playground](../widgets/dashboard.ipynb).

# %% tags=["nbval-ignore-output"]
from kubelab.ui import Dashboard
dash = Dashboard(cluster)
dash

# %% [markdown]
# Every button has a twin in code. This cell does what *delete pod* and *settle* do, so the saved
# notebook shows the result too:

# %%
print(dash.delete_pod(dash.pods()[0]), end="")    # the "delete pod" button
dash.settle()                                     # the "settle" button
print(dash.table_text)

# %% [markdown]
# ## What the notes leave out
#
# - `kubectl create deployment` has more flags: `--replicas=3`, `--port=8080`, several `--image`
#   flags for several containers. `--dry-run=client -o yaml` prints the object without creating it:

# %%
%kubectl create deployment web --image=nginx:1.16.1 --replicas=2 --dry-run=client -o yaml

# %% [markdown]
# - Mistakes get the API server's answers, and change nothing. A name with capitals is not a valid
#   name; an existing name cannot be created twice:

# %%
%kubectl create deployment Hello --image=nginx
%kubectl create deployment hello-node --image=nginx

# %% [markdown]
# ## Exercises
#
# Each exercise has a check that reads the cluster and says what is still missing. Work in new
# cells above the check (`+` in the toolbar), then run it again. The worked solution follows each
# check, collapsed: click it to open it — try first.
#
# **Exercise 1.** Create a Deployment called `web` that runs `nginx:1.16.1` with **2** replicas,
# and wait until both pods are ready.

# %%
from kubelab.exercises import ch03
ch03.web_deployment(cluster)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%kubectl create deployment web --image=nginx:1.16.1 --replicas=2
%kubelab settle
ch03.web_deployment(cluster)

# %% [markdown]
# **Exercise 2.** Which component creates the Pod objects of a Deployment: `kubectl`,
# `deployment-controller`, `replicaset-controller`, `default-scheduler` or `kubelet`?
# (The trace above tells.)

# %%
my_answer = ""
ch03.who_creates_pods(my_answer)

# %% [markdown]
# Solution (collapsed; a tempting wrong answer first):

# %% tags=["solution"]
print(ch03.who_creates_pods("deployment-controller"))
ch03.who_creates_pods("replicaset-controller")

# %% [markdown]
# **Exercise 3.** Self-healing one level up. Above, a deleted *pod* came back because its
# ReplicaSet replaced it. Delete the **ReplicaSet** of `web` instead (not the Deployment) and see
# what brings it back. What name does the new ReplicaSet get, and why?

# %%
ch03.replicaset_recreated(cluster)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%kubectl get rs -l app=web
%kubectl delete rs -l app=web
%kubelab settle
%kubectl get rs -l app=web
ch03.replicaset_recreated(cluster)

# %% [markdown]
# Deleting the ReplicaSet deleted its pods too (their owner was gone: garbage collection); the
# Deployment controller saw a Deployment without a ReplicaSet for its template and made one. Its
# name ends in the hash of the pod template, which did not change — so it is the same name.

# %% [markdown]
# ## Summary
#
# - `kubectl create deployment NAME --image=IMAGE` stores a Deployment; controllers do the rest:
#   Deployment → ReplicaSet → Pod, the scheduler picks a node, the kubelet runs the containers.
# - `get deployments` (READY, UP-TO-DATE, AVAILABLE), `get pods` (STATUS), `get events` and
#   `describe` show desired and actual state.
# - Controllers keep actual state equal to desired state, so deleted pods come back.
#
# Next: [04 · Services](04-services.ipynb) — reaching `hello-node` from outside the cluster.
