# %% [markdown]
# # 10 · ReplicaSet, Deployment, Service: how they fit — ReplicaSet、Deployment、Service
#
# ← [09 Architecture](09-architecture.ipynb) · [Course start](00-start-here.ipynb) · [11 port, targetPort, nodePort](11-ports.ipynb) →
#
# **What you will learn**
#
# - what a ReplicationController and a ReplicaSet do, and how their selectors differ;
# - how a selector *counts*: a ReplicaSet adopts a matching pod it did not make, and releases one
#   that stops matching;
# - how a Deployment manages ReplicaSets (one per pod template, old ones kept at 0 for rollback),
#   which manage Pods;
# - how a Service finds its Pods (a label selector again, ownership does not matter), spreads
#   requests over them, and the whole chain in one picture.

# %%
%load_ext kubelab
import kubelab
from kubelab.viz.draw import show
cluster = kubelab.current_cluster()

# %% [markdown]
# ## ReplicaSet
#
# The notes (ReplicaSet … Service):
#
# > Replication Controller的作用是确保Pod以指定的副本个数运行。ReplicaSet是Replication Controller的升级版。Replication Controller只支持基于等式的selector(env=dev或environment!=qa),但ReplicaSet还支持新的,基于集合的selector(version in (v1,v2))
#
# A ReplicationController keeps a number of pods running. Its selector is a plain map: every entry
# means `key == value`.

# %%
%%kubectl apply -f -
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx-rc
spec:
  replicas: 2
  selector:
    app: nginx-rc
  template:
    metadata:
      labels: {app: nginx-rc}
    spec:
      containers:
      - name: nginx
        image: nginx

# %% [markdown]
# A ReplicaSet does the same job with a richer selector: `matchLabels` (equality) and
# `matchExpressions` with the operators `In`, `NotIn`, `Exists` and `DoesNotExist` — the notes'
# `version in (v1,v2)`:

# %%
%%kubectl apply -f -
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 2
  selector:
    matchExpressions:
    - {key: version, operator: In, values: [v1, v2]}
    - {key: env, operator: NotIn, values: [qa]}
  template:
    metadata:
      labels: {version: v1, env: dev}
    spec:
      containers:
      - name: web
        image: nginx

# %%
%kubelab settle
%kubectl get rc,rs
%kubectl get pods --show-labels
%kubectl get pods -l 'version in (v1,v2)'

# %% [markdown]
# The two controllers side by side: each *owns* the pods it made (the arrow is the pod's
# `ownerReference`, pointing at its controller):

# %%
show(cluster, "ReplicationController and ReplicaSet, each with its pods", namespace="default",
     kinds=["ReplicationController", "ReplicaSet", "Pod"])

# %% [markdown]
# **A detail the notes blur.** `environment!=qa` is an equality-based requirement *in a query*
# (`kubectl get pods -l 'environment!=qa'` works), but a ReplicationController's own selector is a
# map and can only say `key: value`. Anything else needs a ReplicaSet.
#
# Both controllers count the pods that match their selector and own them through an
# `ownerReference`. Delete one and it is replaced (in a `%%shell` cell, a terminal, `$(…)` picks the
# first pod's name):

# %%
%%shell
kubectl delete pod $(kubectl get pods -l version=v1 -o jsonpath='{.items[0].metadata.name}') --wait=false

# %%
%kubelab settle
%kubectl get rs frontend

# %% [markdown]
# ### A selector counts, whoever made the pod
#
# The ReplicaSet does not remember *its* pods: at every sync it lists the pods its selector
# matches. A pod you create yourself with matching labels and no owner is **adopted** (the
# ReplicaSet writes itself into the pod's `ownerReferences`) — and then `frontend` has one pod too
# many, so it deletes one:

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: stray
  labels: {version: v2, env: dev}
spec:
  containers:
  - name: web
    image: nginx

# %%
%kubelab settle
%kubectl get pods -l 'version in (v1,v2)'
%kubectl get events --field-selector involvedObject.name=frontend

# %% [markdown]
# `Deleted pod: stray`: the ReplicaSet counted `stray` as one of its own — it adopted it (wrote
# itself into the pod's `ownerReferences`), found three pods where it wants two, and deleted
# one. It picked `stray` because a ReplicaSet scaling down deletes the youngest pods first.
#
# The other way round: a pod whose labels stop matching is **released** — chapter 05 relabels a
# pod and watches its ReplicaSet make a replacement.
#
# Two controllers with overlapping selectors would fight over the same pods, each adopting and
# deleting; keep selectors disjoint (a Deployment adds `pod-template-hash` for exactly this).

# %% [markdown]
# ## Deployment
#
# > 用于管理Pod、ReplicaSet,可实现滚动升级和回滚应用、扩容和缩容
#
# You rarely create ReplicaSets yourself: a Deployment creates one per pod template and moves
# pods between them when the template changes (chapter 05 shows a rolling update step by step).

# %%
%kubectl create deployment web --image=gcr.io/google-samples/kubernetes-bootcamp:v1 --replicas=3
%kubelab settle
%kubectl get deploy,rs,pods -l app=web

# %% [markdown]
# The owner chain, read from the objects (the ReplicaSet's owner, then a pod's):

# %%
%%shell
kubectl get rs -l app=web -o jsonpath='{.items[0].metadata.name} is owned by {.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}{"\n"}'
kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name} is owned by {.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}{"\n"}'
kubectl get rs -l app=web --show-labels

# %% [markdown]
# The ReplicaSet's name and its pods' `pod-template-hash` label are a hash of the pod template.
# Change the template (a new image) and the Deployment makes a **second** ReplicaSet and moves the
# pods over (chapter 05 shows each step); the old one stays, scaled to 0, so that `kubectl rollout
# undo` can scale it up again (`revisionHistoryLimit`, default 10, old ReplicaSets are kept).
# Scaling, on the other hand, does not change the template: same ReplicaSet, other `replicas`.

# %%
%kubectl set image deployment/web kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v2
%kubelab settle
%kubectl get rs -l app=web
%kubectl scale deployment web --replicas=4
%kubelab settle
%kubectl get rs -l app=web
%kubectl rollout history deployment/web

# %% [markdown]
# The new image made a second ReplicaSet (revision 2); scaling to 4 only changed the `replicas`
# of that same ReplicaSet, and made no revision.
#
# ## Service
#
# > 每个Pod都有自己的ip,前端请求不知道这个pod的ip是什么,Service定义了一个服务的访问入口地址……Service与后端Pod副本集群之间通过Label Selector实现关联。
#
# A Service has a label selector too, but it does not *own* pods: it only routes to the ready pods
# it selects (chapter 04 and chapter 11 follow a request through it).

# %%
%kubectl expose deployment web --port=8080
%kubelab settle
%kubectl get service web -o wide
%kubectl get endpoints web

# %% [markdown]
# > 前端请求不是直接发送给Pod,而是发送给Service,Service再将请求转发给Pod
#
# A client pod asks the Service by name five times. The bootcamp app answers with the name of the
# pod that served the request (`Running on:`): the requests are spread over the pods — the Service's
# address belongs to no pod; kube-proxy's rules on each node pick one per connection:

# %%
%kubectl run client --image=busybox -- sleep 3600
%kubelab settle

# %%
%%shell
for i in 1 2 3 4 5; do kubectl exec client -- wget -qO- http://web:8080; done

# %% [markdown]
# > Pod被ReplicaSet管理,ReplicaSet控制Pod的数量;ReplicaSet被Deployment管理,Deployment控制Pod应用的升级、回滚,当然也能控制Pod的数量。Service提供一个统一固定入口,负责将前端请求转发给Pod
#
# The whole chain: the Deployment *owns* the ReplicaSet, the ReplicaSet *owns* the Pods, the Service
# *selects* (routes to) the same Pods, each Pod is *scheduled on* a Node.

# %%
show(cluster, "Deployment → ReplicaSet → Pod ← Service", namespace="default",
     kinds=["Deployment", "ReplicaSet", "Pod", "Service"])

# %% [markdown]
# (The `client` pod is not in the picture's chain: no label of it matches, and nothing owns it.)
# Scale the Deployment to 1 and look again: the ReplicaSet deleted three pods, and the Service's
# endpoints followed without anyone touching the Service.

# %%
%kubectl scale deployment web --replicas=1
%kubelab settle
%kubectl get endpoints web
show(cluster, "after scaling to 1", namespace="default", kinds=["Deployment", "ReplicaSet", "Pod", "Service"])

# %% [markdown]
# ### Try it: the label lab
#
# Choose a `web` pod, change its labels (say `app=web-debug`), press **set labels** and then
# **settle**: the lab says which Deployment, ReplicaSet and Service select the pod and who owns it,
# and the picture shows the ReplicaSet's replacement. Put `app=web` back and see what the ReplicaSet
# does with one pod too many. (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.)

# %% tags=["nbval-ignore-output"]
from kubelab.ui import LabelLab
lab = LabelLab(cluster)
lab.w["pod"].value = next(p for p in lab.pods() if p.startswith("web-"))
lab

# %% [markdown]
# The same in code. Before, the pod is selected by all three; relabelled, by none — the ReplicaSet
# released it (no owner any more) and made a replacement, and the Service's endpoints moved to the
# new pod:

# %%
pod = next(p for p in lab.pods() if p.startswith("web-"))
print(lab.describe(pod))
print(lab.set_labels(pod, "app=web-debug"), end="")
lab.settle()
print(lab.describe(pod))
%kubectl get endpoints web
%kubectl get pods -l 'app in (web,web-debug)'

# %% [markdown]
# Nothing owns the released pod, so nothing will replace or delete it: that is up to you.

# %%
%kubectl delete pod {pod} --wait=false

# %% [markdown]
# ## Exercises
#
# Each check says what is still missing; work in new cells above it, then run it again. The
# worked solution follows each check, collapsed: click it to open it — try first.
#
# **Exercise 1.** A Service selects pods by label and does not care who made them. Make the
# Service `web` send traffic to a pod that **no controller owns** (the Deployment's pods do not
# count).

# %%
from kubelab.exercises import ch10
ch10.service_reaches_unowned_pod(cluster)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%kubectl run loose --image=gcr.io/google-samples/kubernetes-bootcamp:v1 --labels=app=web
%kubelab settle
%kubectl get endpoints web
ch10.service_reaches_unowned_pod(cluster)

# %% [markdown]
# The Deployment's ReplicaSet does not adopt `loose`: its selector also wants
# `pod-template-hash=…`, which `loose` lacks. The Service's selector is only `app: web`.
#
# **Exercise 2.** Could a ReplicationController's selector say `version in (v1,v2)`? Could it say
# `env=dev`? Answer `True` or `False` for the first.

# %%
my_answer = None
ch10.rc_can_express("version in (v1,v2)", my_answer)

# %% [markdown]
# Solution (collapsed; both questions):

# %% tags=["solution"]
print(ch10.rc_can_express("version in (v1,v2)", False))
ch10.rc_can_express("env=dev", True)

# %% [markdown]
# ## Summary
#
# - ReplicationController and ReplicaSet keep N pods matching a selector; only the ReplicaSet has
#   set-based selectors (`In`, `NotIn`, `Exists`, `DoesNotExist`). A selector counts every
#   matching pod: an ownerless one is adopted, one that stops matching is released.
# - A Deployment owns ReplicaSets (one per pod template, named by its hash; old ones kept at 0)
#   and gives you rolling updates and rollback.
# - A Service selects pods by label and routes to the ready ones, spreading requests; it owns
#   nothing, and ownership does not matter to it.
#
# Next: [11 · port, targetPort, nodePort](11-ports.ipynb).
