# %% [markdown]
# # 05 · Labels, ReplicaSets, scaling, rolling update, rollback — 标签、副本集、扩展、滚动更新、回滚
#
# ← [04 Services](04-services.ipynb) · [Course start](00-start-here.ipynb) · [06 ConfigMaps and Secrets](06-configmaps-and-secrets.ipynb) →
#
# **What you will learn**
#
# - what labels are for, and why `kubectl label pod $POD_NAME app=v1` fails on a Deployment's pod
#   — and what happens to the pod when you force it;
# - the ReplicaSet a Deployment creates (`kubectl get rs`) and its name;
# - scaling with `kubectl scale`;
# - a rolling update with `kubectl set image`, step by step: how many old and new pods exist at each
#   moment, and the arithmetic of `maxSurge` and `maxUnavailable`;
# - what a bad image does to a rollout, and `kubectl rollout undo` (回滚到上个版本);
# - `rollout status`, `rollout history` and revisions.
#
# This chapter follows the notes from `kubectl label` to 回滚到上个版本. It uses the Kubernetes
# bootcamp's application `kubernetes-bootcamp` (image v1, then v2), like the notes.

# %%
%load_ext kubelab
import kubelab
from kubelab.viz.draw import show
from kubelab.viz import timeline
cluster = kubelab.current_cluster()
history = timeline.history(cluster)     # records every change from now on, for the pictures below

# %% [markdown]
# We start where chapter 04 ended — `hello-node` and its Service exist — and add the bootcamp app:

# %%
%kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4
%kubectl expose deployment hello-node --type=LoadBalancer --port=8080
%kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1
%kubelab settle
%kubectl get pods --show-labels

# %% [markdown]
# ## Labels — 标签
#
# Every pod carries labels, key/value pairs. `kubectl create deployment` gave the pods
# `app=kubernetes-bootcamp` (from the Deployment's name) and the ReplicaSet added
# `pod-template-hash`. Labels are how Kubernetes objects find each other: a ReplicaSet counts the
# pods that match its **selector**, a Service sends traffic to the pods its selector matches.
#
# The notes (from the bootcamp) set `POD_NAME` to the name of the pod, then label it. A `%%shell`
# cell is a terminal (on your laptop, next to minikube): the bootcamp's lines run there as
# written. The bootcamp had one pod; here there are two Deployments, so `-l` picks the bootcamp's:

# %%
%%shell
export POD_NAME=$(kubectl get pods -l app=kubernetes-bootcamp -o go-template --template '{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}')
echo Name of the Pod: $POD_NAME
kubectl label pod $POD_NAME app=v1

# %% [markdown]
# **What the notes get wrong.** In the bootcamp this worked because its pod had no `app` label. A
# pod made by `kubectl create deployment` already has `app=kubernetes-bootcamp`, and kubectl does not
# change an existing label unless told to. The fix is `--overwrite` — but think first about what the
# label is for: the ReplicaSet's selector is `app=kubernetes-bootcamp,pod-template-hash=…`.
# (`POD_NAME` stays set in this terminal, as in a real shell, for the next cells.)

# %%
%%shell
kubectl label pod $POD_NAME app=v1 --overwrite
kubectl get pods -l app=v1

# %% [markdown]
# `kubectl get pods -l app=v1` (根据标签获取pods) finds the pod by its new label. But the pod no
# longer matches its ReplicaSet's selector, so the ReplicaSet **releases** it (removes its
# `ownerReference`) and, now one pod short, creates a replacement:

# %%
%kubelab settle

# %%
%%shell
kubectl get pods --show-labels
echo "ownerReferences of $POD_NAME: [$(kubectl get pod $POD_NAME -o jsonpath='{.metadata.ownerReferences}')]"

# %% [markdown]
# The relabelled pod is an orphan: it still runs, but no controller looks after it (delete it and
# nothing brings it back). Put the label back and the ReplicaSet **adopts** it again — and, having
# one pod too many, deletes one (it prefers the youngest):

# %%
%%shell
kubectl label pod $POD_NAME app=kubernetes-bootcamp --overwrite

# %%
%kubelab settle
%kubectl get pods -l app=kubernetes-bootcamp

# %% [markdown]
# The notes then clean up chapter 04's objects:

# %%
%kubectl delete service hello-node
%kubectl delete deployment hello-node

# %% [markdown]
# ## ReplicaSets — 副本集
#
# > 查看Deployment创建的ReplicaSet(副本集),会展示:[DEPLOYMENT-NAME]-[RANDOM-STRING]。例如:kubernetes-bootcamp-765bf4c7b4

# %%
%kubectl get rs

# %% [markdown]
# The "random string" is not random: it is the `pod-template-hash`, a hash of the pod template.
# Same template, same hash — which is how the Deployment finds the ReplicaSet of a template again
# when you roll back. (The kit hashes the template differently from Kubernetes, so the value differs
# from a real cluster's; the form and the stability are the same.)
#
# ## Scaling — 扩展到4倍

# %%
%kubectl scale deployments/kubernetes-bootcamp --replicas=4
%kubectl get deployments

# %% [markdown]
# The Deployment controller changed the ReplicaSet's `replicas` to 4; the ReplicaSet controller
# created three pods, the scheduler placed them, the kubelet started them:

# %%
%kubelab settle
%kubectl get pods -o wide
%kubectl describe deployment kubernetes-bootcamp

# %% [markdown]
# The Events at the bottom say who did what: `Scaled up replica set kubernetes-bootcamp-… from 1 to 4`.
#
# ## Rolling update — 滚动更新应用
#
# > 镜像和之前不一样的话,会触发重新部署
#
# Changing the image changes the pod template, so the Deployment makes a **new ReplicaSet** and
# moves pods over a few at a time. Two numbers of the Deployment's `strategy.rollingUpdate` bound
# each step, both 25% by default:
#
# - `maxSurge`: how many pods *above* `replicas` may exist — 25% of 4 = 1, rounded **up**, so at most 5 pods;
# - `maxUnavailable`: how many *below* `replicas` may be unavailable — 25% of 4 = 1, rounded **down**,
#   so at least 3 available.

# %%
%kubectl get deployment kubernetes-bootcamp -o jsonpath='{.spec.strategy}{"\n"}'
show(cluster, "before the update", namespace="default", kinds=["Deployment", "ReplicaSet", "Pod"])

# %%
start = cluster.now
%kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v2
%kubectl rollout status deployments/kubernetes-bootcamp

# %% [markdown]
# `rollout status` watches the Deployment and prints a line each time it changes, until the rollout
# is done. Here is the same rollout as a table — `ready/replicas` of each ReplicaSet at each moment
# (T+ counts from when recording began) — and as a plot:

# %%
print(timeline.rollout_table(history, "kubernetes-bootcamp"))

# %%
from kubelab.viz.style import image, figure_png
image(figure_png(timeline.draw_rollout(history, "kubernetes-bootcamp")))

# %% [markdown]
# Read it step by step: at 0 s the new ReplicaSet grows to 1 (5 pods: the surge), the old one
# shrinks to 3 (3 available: the floor) and the new one grows to 2 — three steps in the same
# instant, so the plot shows where they ended; as new pods become available, the old set shrinks
# further and the new one grows. In the lower half, all pods (black) never rise above the
# maxSurge line and available pods (green, dashed) never drop below the maxUnavailable line:
# never more than 5 pods, never fewer than 3 available. The controller takes one step
# each time it looks, so the Events list the steps:

# %%
%kubectl get events --field-selector reason=ScalingReplicaSet
show(cluster, "after the update", namespace="default", kinds=["Deployment", "ReplicaSet", "Pod"])

# %% [markdown]
# The old ReplicaSet is kept, scaled to 0: it is the history that makes rollback possible.

# %%
%kubectl get rs
%kubectl rollout history deployments/kubernetes-bootcamp

# %% [markdown]
# `CHANGE-CAUSE` is the annotation `kubernetes.io/change-cause`; set it with `kubectl annotate` to
# say why you rolled out (the old `--record` flag is deprecated).
#
# ## A bad image
#
# The bootcamp then updates to an image that does not exist, `v10`:

# %%
%kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v10
%kubectl rollout status deployments/kubernetes-bootcamp --timeout=60s
%kubectl get pods

# %% [markdown]
# The new pods cannot pull their image (`ErrImagePull`, then `ImagePullBackOff` while the kubelet
# waits longer and longer between tries). They never become available, so the old ReplicaSet is only
# scaled down as far as `maxUnavailable` allows: **three pods of v2 keep serving**. The rollout is
# stuck, not broken. The pod's events tell why:

# %%
%%shell
kubectl get events --field-selector reason=Failed | grep -E '^LAST|not found'

# %% [markdown]
# ## Rollback — 回滚到上个版本

# %%
%kubectl rollout undo deployments/kubernetes-bootcamp
%kubectl rollout status deployments/kubernetes-bootcamp
%kubectl get pods

# %% [markdown]
# `rollout undo` (kubectl does this itself) copies the pod template of the previous revision back
# into the Deployment. The Deployment controller finds the ReplicaSet with that template — v2's — and
# scales it up again, giving it the **next** revision number: revision 2 becomes 4.

# %%
%kubectl rollout history deployments/kubernetes-bootcamp
%kubectl rollout history deployments/kubernetes-bootcamp --revision=4

# %% [markdown]
# ### Try it: the dashboard
#
# Now drive a rollout yourself: with `kubernetes-bootcamp` chosen, **scale** it, **set image**
# `gcr.io/google-samples/kubernetes-bootcamp:v1` (or `…:v10`, the bad one), press **+1s** a few
# times and watch the *rollout* picture and tab draw the old and new ReplicaSets; then
# **rollout undo**. (A saved notebook shows a one-line placeholder here until you run the cell: the control lives in the running kernel.) More in the [dashboard playground](../widgets/dashboard.ipynb).

# %% tags=["nbval-ignore-output"]
from kubelab.ui import Dashboard
dash = Dashboard(cluster, timeline=True)
dash.w["deployment"].value = "kubernetes-bootcamp"
dash

# %% [markdown]
# The same with the buttons' twins: back to v1, a few seconds at a time, then undo (back to v2):

# %%
print(dash.set_image("kubernetes-bootcamp", "gcr.io/google-samples/kubernetes-bootcamp:v1"), end="")
for _ in range(5):
    dash.step(2)                                   # the "+1s" button, two seconds at a time
print(dash.undo("kubernetes-bootcamp"), end="")
dash.settle()
print(dash.rollout_text)

# %% [markdown]
# ## What the notes leave out
#
# - `kubectl rollout undo --to-revision=N` goes to any revision in the history;
#   `rollout pause` / `resume` hold changes back and release them together; `rollout restart`
#   replaces every pod (it stamps the template with `kubectl.kubernetes.io/restartedAt`).
# - A Deployment that makes no progress for `progressDeadlineSeconds` (600 s by default) gets the
#   condition `Progressing=False` (`ProgressDeadlineExceeded`), and `rollout status` then fails.
# - `kubectl wait` waits for a condition: `kubectl wait --for=condition=Available deployment/NAME`.

# %%
%kubectl rollout pause deployments/kubernetes-bootcamp
%kubectl rollout restart deployments/kubernetes-bootcamp
%kubectl rollout resume deployments/kubernetes-bootcamp
%kubectl wait --for=condition=Available deployment/kubernetes-bootcamp

# %% [markdown]
# ## Exercises
#
# Each check reads the cluster and says what is still missing. Work in new cells above a check
# (`+` in the toolbar), then run it again. The worked solution follows each check, collapsed:
# click it to open it — try first.
#
# **Exercise 1.** Scale `kubernetes-bootcamp` to **3** replicas and wait until all are ready.

# %%
from kubelab.exercises import ch05
ch05.scaled(cluster)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%kubectl scale deployments/kubernetes-bootcamp --replicas=3
%kubelab settle
ch05.scaled(cluster)

# %% [markdown]
# **Exercise 2.** Roll the Deployment out to `jocatalin/kubernetes-bootcamp:v1` and wait for the
# rollout to finish.

# %%
ch05.rolled_out(cluster, "jocatalin/kubernetes-bootcamp:v1")

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v1
%kubectl rollout status deployments/kubernetes-bootcamp
ch05.rolled_out(cluster, "jocatalin/kubernetes-bootcamp:v1")

# %% [markdown]
# **Exercise 3.** Give one pod of the Deployment the label `tier=web` *without* taking it away
# from its ReplicaSet.

# %%
ch05.labelled_but_kept(cluster)

# %% [markdown]
# Solution (collapsed; the shell's `POD_NAME` from above, with a label the selector does not use):

# %% tags=["solution"]
%%shell
export POD_NAME=$(kubectl get pods -l app=kubernetes-bootcamp -o jsonpath='{.items[0].metadata.name}')
kubectl label pod $POD_NAME tier=web

# %% tags=["solution"]
ch05.labelled_but_kept(cluster)

# %% [markdown]
# **Exercise 4.** A Deployment has `replicas: 10`, `maxSurge: 25%`, `maxUnavailable: 25%`. During a
# rollout, at most how many pods exist, and at least how many are available?

# %%
max_pods, min_available = 0, 0       # your answer
ch05.rollout_bounds(max_pods=max_pods, min_available=min_available)

# %% [markdown]
# Solution (collapsed; a near miss first):

# %% tags=["solution"]
print(ch05.rollout_bounds(max_pods=12, min_available=8))
ch05.rollout_bounds(max_pods=13, min_available=8)

# %% [markdown]
# ## Summary
#
# - Labels are what selectors match. Changing a label a controller's selector needs takes the pod
#   away from it (and the controller replaces it); `--overwrite` is needed to change a label.
# - A Deployment owns ReplicaSets named `<deployment>-<pod-template-hash>`; each ReplicaSet owns pods.
# - `kubectl scale` changes `replicas`; `kubectl set image` changes the template and starts a
#   rolling update bounded by `maxSurge` (rounded up) and `maxUnavailable` (rounded down).
# - A bad image stalls a rollout but leaves enough old pods serving; `kubectl rollout undo` brings
#   the previous template back as a new revision.
#
# Next: [06 · ConfigMaps and Secrets](06-configmaps-and-secrets.ipynb).
