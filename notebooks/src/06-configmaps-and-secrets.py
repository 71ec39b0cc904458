# %% [markdown]
# # 06 · ConfigMaps and Secrets as environment variables — k8s设置docker容器环境变量的方式
#
# ← [05 Labels, scaling, rolling update](05-scaling-and-rolling-updates.ipynb) · [Course start](00-start-here.ipynb) · [07 Redis with kustomize](07-redis-with-kustomize.ipynb) →
#
# **What you will learn**
#
# - what ConfigMaps and Secrets are, and how `kubectl create configmap` / `create secret generic` build them;
# - that a Secret is only **base64-encoded**, and how to read one back with `-o jsonpath`;
# - how a container gets values from them: `configMapKeyRef`, `secretKeyRef`, `envFrom`;
# - what the notes' `kubernetes.yaml` really does when applied as printed (two mistakes), and the fix;
# - what `kubectl replace --force` does; when a change reaches a container (env: at start only).
#
# The notes: *k8s设置docker容器环境变量的方式: Dockerfile、kubernetes.yml、Kubernetes ConfigMaps和Kubernetes Secrets* —
# a container's environment can come from its image (Dockerfile `ENV`), from the manifest (`env`),
# or from ConfigMaps and Secrets, which several containers can share.

# %%
%load_ext kubelab
import base64, os, shutil
import kubelab
from kubelab.viz.draw import show
from kubelab.viz.graph import build_graph
cluster = kubelab.current_cluster()
# Files of this chapter go to a fresh working directory; kubectl -f reads them from there.
shutil.rmtree("work/06", ignore_errors=True)
os.makedirs("work/06")
os.chdir("work/06")

# %% [markdown]
# ## ConfigMaps and Secrets — 创建ConfigMap, 创建Secret
#
# > ConfigMaps是存储非机密键值对的API对象; Secrets针对机密/敏感数据存储键值对,存储格式为Base64编码
#
# A **ConfigMap** stores non-confidential key/value pairs; a **Secret** stores sensitive ones, with
# each value base64-encoded. The notes create one of each. `--from-literal` gives a pair directly
# (there are also `--from-file` and `--from-env-file`, below):

# %%
%kubectl create configmap sys-app-name --from-literal name=my-system

# %%
%kubectl create secret generic sys-app-credentials --from-literal username=bob --from-literal password=bobpwd

# %% [markdown]
# `generic` means "not one of the special Secret types": its `type` becomes `Opaque`. (The others,
# `kubernetes.io/tls`, `kubernetes.io/dockerconfigjson`, `kubernetes.io/basic-auth` …, are checked
# by the API server for the keys they must have.)

# %%
%kubectl get configmaps,secrets

# %% [markdown]
# What does kubectl send? `--dry-run=client -o yaml` prints the object without creating it — the
# same text the real kubectl v1.32 prints:

# %%
%kubectl create secret generic sys-app-credentials --from-literal username=bob --from-literal password=bobpwd --dry-run=client -o yaml

# %% [markdown]
# `describe` shows a Secret's **sizes**, never its values …

# %%
%kubectl describe secret sys-app-credentials

# %% [markdown]
# … but anyone allowed to `get` it reads it. Base64 is an encoding, not encryption:

# %%
encoded = cluster.kubectl("get secret sys-app-credentials -o jsonpath={.data.password}").stdout
print(encoded, "→", base64.b64decode(encoded).decode())

# %% [markdown]
# ### From files and env files
#
# `--from-file=DIR_OR_FILE` makes one key per file (the file name, or `key=file`), `--from-env-file`
# one key per `KEY=value` line:

# %%
%%writefile app.env
# comments and blank lines are skipped
LOG_LEVEL=debug
GREETING=hello world

# %%
%kubectl create configmap app-env --from-env-file=app.env --dry-run=client -o yaml

# %% [markdown]
# ### Secret types, immutable objects
#
# A typed Secret must carry the keys of its type; the API server checks (kubectl puts
# `failed to create secret` in front of its answer, with no colon):

# %%
%kubectl create secret generic web-tls --from-literal a=b --type=kubernetes.io/tls

# %% [markdown]
# `immutable: true` freezes a ConfigMap or Secret: its data can never change again (the kubelet
# then stops watching it — cheaper for clusters with many pods). To change it, delete and recreate.

# %%
%%kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: frozen
immutable: true
data:
  mode: easy

# %%
%%kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: frozen
immutable: true
data:
  mode: hard

# %% [markdown]
# ## Using them in a Deployment — 配置文件(configMapKeyRef,secretKeyRef)
#
# The notes' `kubernetes.yaml` (from the OpenLiberty guide *Configuring microservices running in
# Kubernetes*): a `system` service that reads `APP_NAME`, an `inventory` service that reads the
# credentials, and a NodePort Service for each. Written **exactly as in the notes**:

# %%
%%writefile kubernetes.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: system-deployment
  labels:
    app: system
spec:
  selector:
    matchLabels:
      app: system
  template:
    metadata:
      labels:
        app: system
    spec:
      containers:
      - name: system-container
        image: system:1.0-SNAPSHOT
        ports:
        - containerPort: 9080
        # Set the APP_NAME environment variable
        - name: APP_NAME
          valueFrom:
            configMapKeyRef:
              name: sys-app-name
              key: name
apiVersion: apps/v1
kind: Deployment
metadata:
  name: inventory-deployment
  labels:
    app: inventory
spec:
  selector:
    matchLabels:
      app: inventory
  template:
    metadata:
      labels:
        app: inventory
    spec:
      containers:
      - name: inventory-container
        image: inventory:1.0-SNAPSHOT
        ports:
        - containerPort: 9080
        # Set the SYSTEM_APP_USERNAME and SYSTEM_APP_PASSWORD environment variables
        - name: SYSTEM_APP_USERNAME
          valueFrom:
            secretKeyRef:
              name: sys-app-credentials
              key: username
        - name: SYSTEM_APP_PASSWORD
          valueFrom:
            secretKeyRef:
              name: sys-app-credentials
              key: password
apiVersion: v1
kind: Service
metadata:
  name: system-service
spec:
  type: NodePort
  selector:
    app: system
  ports:
  - protocol: TCP
    port: 9080
    targetPort: 9080
    nodePort: 31000
apiVersion: v1
kind: Service
metadata:
  name: inventory-service
spec:
  type: NodePort
  selector:
    app: inventory
  ports:
  - protocol: TCP
    port: 9080
    targetPort: 9080
    nodePort: 32000

# %%
%kubectl apply -f kubernetes.yaml

# %% [markdown]
# **Mistake 1: no `---` between the documents.** Without `---` the file is *one* YAML mapping in
# which `apiVersion`, `kind`, `metadata`, `spec` appear four times. The real kubectl v1.32 does not
# complain: its YAML reader keeps the **last** value of a repeated key, so only the last object,
# `inventory-service`, survives — exactly the one line kubectl printed. (The `kubelab hint` line is
# ours, to say why; real kubectl prints nothing.)

# %%
%kubectl get deployments,services

# %% [markdown]
# Add `---` between the four documents and apply again:

# %%
text = open("kubernetes.yaml").read().replace("\napiVersion", "\n---\napiVersion")
open("kubernetes.yaml", "w").write(text)
%kubectl apply -f kubernetes.yaml

# %% [markdown]
# **Mistake 2: the environment variables sit under `ports`.** Now both Deployments are refused.
# The notes' `- name: APP_NAME` line is a second item of `ports` (a port may have a `name`), and
# `valueFrom` is not a field of a port: kubectl's default `--validate=strict` asks the API server to
# reject unknown fields: `strict decoding error: unknown field
# "spec.template.spec.containers[0].ports[1].valueFrom"`. The Services were fine.
#
# The fix: give each container an `env:` list.

# %%
%%writefile kubernetes.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: system-deployment
  labels:
    app: system
spec:
  selector:
    matchLabels:
      app: system
  template:
    metadata:
      labels:
        app: system
    spec:
      containers:
      - name: system-container
        image: system:1.0-SNAPSHOT
        ports:
        - containerPort: 9080
        env:
        # Set the APP_NAME environment variable
        - name: APP_NAME
          valueFrom:
            configMapKeyRef:
              name: sys-app-name
              key: name
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: inventory-deployment
  labels:
    app: inventory
spec:
  selector:
    matchLabels:
      app: inventory
  template:
    metadata:
      labels:
        app: inventory
    spec:
      containers:
      - name: inventory-container
        image: inventory:1.0-SNAPSHOT
        ports:
        - containerPort: 9080
        env:
        # Set the SYSTEM_APP_USERNAME and SYSTEM_APP_PASSWORD environment variables
        - name: SYSTEM_APP_USERNAME
          valueFrom:
            secretKeyRef:
              name: sys-app-credentials
              key: username
        - name: SYSTEM_APP_PASSWORD
          valueFrom:
            secretKeyRef:
              name: sys-app-credentials
              key: password
---
apiVersion: v1
kind: Service
metadata:
  name: system-service
spec:
  type: NodePort
  selector:
    app: system
  ports:
  - protocol: TCP
    port: 9080
    targetPort: 9080
    nodePort: 31000
---
apiVersion: v1
kind: Service
metadata:
  name: inventory-service
spec:
  type: NodePort
  selector:
    app: inventory
  ports:
  - protocol: TCP
    port: 9080
    targetPort: 9080
    nodePort: 32000

# %%
%kubectl apply -f kubernetes.yaml
%kubelab settle
%kubectl get pods

# %% [markdown]
# ## Did the values arrive?
#
# `system` answers `/system/properties` (as user `bob`) with a header `X-App-Name` taken from its
# `APP_NAME`; `inventory` logs in to `system` with the credentials from the Secret:

# %%
from kubelab.apps.liberty import basic_auth
r = cluster.curl("http://192.168.49.2:31000/system/properties", headers={"Authorization": basic_auth("bob", "bobpwd")})
print(r.status, "X-App-Name:", r.headers.get("X-App-Name"))
r = cluster.curl("http://192.168.49.2:32000/inventory/systems/system-service")
print(r.status, r.body[:120])

# %% [markdown]
# Which pod reads which ConfigMap or Secret? Edges `env-from` carry the variable ← key:

# %%
g = build_graph(cluster, namespace="default", kinds=["Deployment", "Pod", "ConfigMap", "Secret"])
for a, b, d in g.edges(data=True):
    if d["type"] == "env-from":
        print(f"{a.split('/')[-1]:45} ← {b.split('/')[0]} {b.split('/')[-1]}: {d['keys']}")
show(cluster, "who reads which ConfigMap / Secret", namespace="default", kinds=["Deployment", "Pod", "ConfigMap", "Secret"])

# %% [markdown]
# ## When the ConfigMap is missing
#
# Values are read when the container starts. If the ConfigMap or key is missing, the kubelet does
# not start the container: `CreateContainerConfigError`, with the reason in the events. It retries
# about every 10 s, so the pod recovers on its own once the ConfigMap exists:

# %%
%kubectl delete configmap sys-app-name
%kubectl rollout restart deployment system-deployment
%kubelab run 20s
%kubectl get pods -l app=system

# %%
%kubectl get events --field-selector reason=Failed

# %%
%kubectl create configmap sys-app-name --from-literal name=my-system
%kubelab run 15s
%kubectl get pods -l app=system

# %% [markdown]
# And a changed value? Environment variables are **never** updated in a running container (mounted
# files are, after up to a minute — chapter 07). The notes' answer: *删除旧的deployment,部署更新后的deployment*
# — delete the old Deployments and create them again from the file:

# %%
%kubectl replace --force -f kubernetes.yaml

# %% [markdown]
# `replace --force` **deletes** every object of the file (`deployment.apps "…" deleted`), waits until
# they are gone, then **creates** them again (`…/… replaced`): new UIDs, new ReplicaSets, new pods
# (and the Services lose their node ports for a moment). A gentler way to pick up new values is
# `kubectl rollout restart deployment NAME`, which replaces the pods one by one.

# %%
%kubelab settle
%kubectl get pods

# %% [markdown]
# ## Exercises
#
# Each check says what is still missing; work in new cells above it, then run it again. The
# worked solution follows each check, collapsed: click it to open it — try first.
#
# **Exercise 1.** Read the password of `sys-app-credentials` with `-o jsonpath` and decode it.

# %%
from kubelab.exercises import ch06
my_password = ""
ch06.secret_value(cluster, my_password)

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
encoded = cluster.kubectl("get secret sys-app-credentials -o jsonpath={.data.password}").stdout
ch06.secret_value(cluster, base64.b64decode(encoded).decode())

# %% [markdown]
# **Exercise 2.** Create a ConfigMap `game-config` with `lives=3` and `mode=easy`, and a pod `game`
# (image `busybox`, command `sleep 3600`) that gets both as environment variables.

# %%
ch06.game_pod(cluster)

# %% [markdown]
# Solution (collapsed; `envFrom` takes every key):

# %% tags=["solution"]
%kubectl create configmap game-config --from-literal lives=3 --from-literal mode=easy

# %% tags=["solution"]
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: game
spec:
  containers:
  - name: game
    image: busybox
    command: ["sleep", "3600"]
    envFrom:
    - configMapRef:
        name: game-config

# %% tags=["solution"]
%kubelab settle
%kubectl exec game -- sh -c 'echo lives=$lives mode=$mode'
ch06.game_pod(cluster)

# %% [markdown]
# **Exercise 3.** Give `ch06.fixed_manifest` the notes' file fixed (it checks the text).

# %%
ch06.fixed_manifest(text)

# %% [markdown]
# Solution (collapsed; the file as fixed above):

# %% tags=["solution"]
ch06.fixed_manifest(open("kubernetes.yaml").read())

# %% [markdown]
# ## Summary
#
# - `kubectl create configmap|secret generic NAME --from-literal K=V` (also `--from-file`,
#   `--from-env-file`); Secret values are base64 — `describe` hides them, `get -o jsonpath` does not.
# - Containers read them with `env[].valueFrom.configMapKeyRef|secretKeyRef` or `envFrom`;
#   missing ones give `CreateContainerConfigError` until they appear (or `optional: true`).
# - The notes' file needs `---` between objects (real kubectl silently keeps only the last) and
#   `env:` for the variables (strict decoding rejects `ports[1].valueFrom`).
# - Env values are read at container start; `kubectl replace --force -f` deletes and recreates.
#
# Next: [07 · Redis with a ConfigMap and kustomize](07-redis-with-kustomize.ipynb).
