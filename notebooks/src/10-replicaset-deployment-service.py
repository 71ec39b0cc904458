# %% [markdown]
# # 10 · ReplicaSet, Deployment, Service: how they fit — ReplicaSet、Deployment、Service
#
# ← [09 Architecture](09-architecture.ipynb) · [Course start](00-start-here.ipynb) · [11 port, targetPort, nodePort](11-ports.ipynb) →
#
# **What you will learn**
#
# - what a ReplicationController and a ReplicaSet do, and how their selectors differ;
# - how a Deployment manages ReplicaSets, which manage Pods;
# - how a Service finds its Pods (a label selector again), and the whole chain in one picture.

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
# **A detail the notes blur.** `environment!=qa` is an equality-based requirement *in a query*
# (`kubectl get pods -l 'environment!=qa'` works), but a ReplicationController's own selector is a
# map and can only say `key: value`. Anything else needs a ReplicaSet.
#
# Both controllers count the pods that match their selector and own them through an
# `ownerReference`. Delete one and it is replaced:

# %%
victim = cluster.api.list("pods", "default", selector=kubelab.api.selectors.parse("version=v1"))[0]["metadata"]["name"]
%kubectl delete pod {victim} --wait=false
%kubelab settle
%kubectl get rs frontend

# %% [markdown]
# ## Deployment
#
# > 用于管理Pod、ReplicaSet,可实现滚动升级和回滚应用、扩容和缩容
#
# You rarely create ReplicaSets yourself: a Deployment creates one per pod template and moves
# pods between them when the template changes (chapter 05 shows a rolling update step by step).

# %%
%kubectl create deployment web --image=nginx --replicas=3
%kubelab settle
%kubectl get deploy,rs,pods -l app=web

# %% [markdown]
# ## Service
#
# > 每个Pod都有自己的ip,前端请求不知道这个pod的ip是什么,Service定义了一个服务的访问入口地址……Service与后端Pod副本集群之间通过Label Selector实现关联。
#
# A Service has a label selector too, but it does not *own* pods: it only routes to the ready pods
# it selects (chapter 04 and chapter 11 follow a request through it).

# %%
%kubectl expose deployment web --port=80
%kubelab settle
%kubectl get service web -o wide
%kubectl get endpoints web

# %% [markdown]
# > Pod被ReplicaSet管理,ReplicaSet控制Pod的数量;ReplicaSet被Deployment管理,Deployment控制Pod应用的升级、回滚,当然也能控制Pod的数量。Service提供一个统一固定入口,负责将前端请求转发给Pod
#
# The whole chain: the Deployment *owns* the ReplicaSet, the ReplicaSet *owns* the Pods, the Service
# *selects* (routes to) the same Pods, each Pod is *scheduled on* a Node.

# %%
show(cluster, "Deployment → ReplicaSet → Pod ← Service", namespace="default",
     kinds=["Deployment", "ReplicaSet", "Pod", "Service"])

# %% [markdown]
# Scale the Deployment to 1 and look again: the ReplicaSet deleted two pods, and the Service's
# endpoints followed without anyone touching the Service.

# %%
%kubectl scale deployment web --replicas=1
%kubelab settle
%kubectl get endpoints web
show(cluster, "after scaling to 1", namespace="default", kinds=["Deployment", "ReplicaSet", "Pod", "Service"])

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** The ReplicaSet `frontend` above selects `version in (v1, v2)`. Check it: it should
# own 2 pods.

# %%
from kubelab.exercises import ch10
ch10.set_based_replicaset(cluster)

# %% [markdown]
# **Exercise 2.** Could a ReplicationController's selector say `version in (v1,v2)`? Could it say
# `env=dev`? Answer `True` or `False`.

# %%
ch10.rc_can_express("version in (v1,v2)", True)

# %%
ch10.rc_can_express("version in (v1,v2)", False)

# %%
ch10.rc_can_express("env=dev", True)

# %% [markdown]
# ## Summary
#
# - ReplicationController and ReplicaSet keep N pods matching a selector; only the ReplicaSet has
#   set-based selectors (`In`, `NotIn`, `Exists`, `DoesNotExist`).
# - A Deployment owns ReplicaSets (one per template) and gives you rolling updates and rollback.
# - A Service selects pods by label and routes to the ready ones; it owns nothing.
#
# Next: [11 · port, targetPort, nodePort](11-ports.ipynb).
