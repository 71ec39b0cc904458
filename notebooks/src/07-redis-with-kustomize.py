# %% [markdown]
# # 07 · Configuring Redis with a ConfigMap and kustomize — 使用ConfigMap配置Redis
#
# ← [06 ConfigMaps and Secrets](06-configmaps-and-secrets.ipynb) · [Course start](00-start-here.ipynb) · [08 A stateless application](08-stateless-app.ipynb) →
#
# **What you will learn**
#
# - what a `kustomization.yaml` is, and how its `configMapGenerator` makes a ConfigMap with a
#   **content-hash** name suffix and rewrites the references to it;
# - `kubectl kustomize`, `apply -k`, `get -k`, `delete -k`;
# - how a ConfigMap becomes a **file** in a container (a `configMap` volume with `items`);
# - why the notes' `redis-pod.yaml` fails as printed, and the fix;
# - talking to redis with `kubectl exec -it redis -- redis-cli`; what a config change needs.
#
# > 创建kustomization.yaml文件,包含一个ConfigMap生成器,一个使用ConfigMap的Pod资源配置; 使用kubectl apply -k ./ 应用整个路径的配置

# %%
%load_ext kubelab
import os, shutil
import kubelab
from kubelab.viz.draw import show
from kubelab.viz.graph import build_graph
cluster = kubelab.current_cluster()
shutil.rmtree("work/07", ignore_errors=True)
os.makedirs("work/07")
os.chdir("work/07")

# %% [markdown]
# ## The three files
#
# `redis-config`: the redis settings — at most 2 MB of memory, evicting the least recently used keys.

# %%
%%writefile redis-config
maxmemory 2mb
maxmemory-policy allkeys-lru

# %% [markdown]
# `redis-pod.yaml`, **as printed in the notes**:

# %%
%%writefile redis-pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: redis
spec:
  containers:
  - name: redis
    image: redis:5.0.4
    command:
      - redis-server
      - "/redis-master/redis.conf"
    - name: MASTER
      value: "true"
    ports:
    - containerPort: 6379
    resources:
      limits:
        cpu: "0.1"
    volumeMounts:
    - mountPath: /redis-master-data
      name: data
    - mountPath: /redis-master
      name: config
  volumes:
    - name: data
      emptyDir: {}
    - name: config
      configMap:
        name: example-redis-config
        items:
        - key: redis-config
          path: redis.conf

# %% [markdown]
# `kustomization.yaml`: generate a ConfigMap `example-redis-config` from the file `redis-config`,
# and take `redis-pod.yaml` as a resource.

# %%
%%writefile kustomization.yaml
configMapGenerator:
- name: example-redis-config
  files:
  - redis-config
resources:
- redis-pod.yaml

# %%
%kubectl apply -k .

# %% [markdown]
# **The notes' mistake.** In `redis-pod.yaml` the lines `- name: MASTER` / `value: "true"` sit at the
# indentation of the `command` list's parent, so YAML sees a list item where a key was expected:
# kustomize stops with `yaml: line 6: did not find expected key` (go-yaml counts lines from the start
# of the container item). They belong in an `env:` list, as in the Kubernetes tutorial the notes follow:

# %%
%%writefile redis-pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: redis
spec:
  containers:
  - name: redis
    image: redis:5.0.4
    command:
      - redis-server
      - "/redis-master/redis.conf"
    env:
    - name: MASTER
      value: "true"
    ports:
    - containerPort: 6379
    resources:
      limits:
        cpu: "0.1"
    volumeMounts:
    - mountPath: /redis-master-data
      name: data
    - mountPath: /redis-master
      name: config
  volumes:
    - name: data
      emptyDir: {}
    - name: config
      configMap:
        name: example-redis-config
        items:
        - key: redis-config
          path: redis.conf

# %% [markdown]
# ## What kustomize makes of it
#
# `kubectl kustomize DIR` prints what `apply -k` would send, with no cluster involved:

# %%
%kubectl kustomize .

# %% [markdown]
# The ConfigMap is called `example-redis-config-hfbhg9b679`, and the pod's volume was rewritten to
# that name. The suffix is a hash of the ConfigMap's content (kind, data): change `redis-config` and
# you get a *new* ConfigMap with a new name, so pods that need the new settings must be replaced —
# deliberate, so that a config change rolls out like an image change. The notes show
# `example-redis-config-dgh9dg555m`: an older kustomize computed the hash over slightly different
# input (kustomize v5 hashes only kind, name, data and binaryData); kubectl v1.32 (kustomize v5.5.0)
# prints `hfbhg9b679` for these files.
#
# ## Apply the directory — 应用整个文件夹以创建ConfigMap和Pod对象

# %%
%kubectl apply -k .
%kubelab settle
%kubectl get -k .

# %% [markdown]
# The notes' `> kubectl get -k .` shows the same two objects (with the older hash, and without the
# blank line kubectl prints between the two tables).
#
# Inside the container, the ConfigMap's key `redis-config` is the file `/redis-master/redis.conf`
# (`items` picked the key and named the file), and `redis-server` read it when it started:

# %%
%kubectl exec redis -- ls /redis-master
%kubectl exec redis -- cat /redis-master/redis.conf

# %%
g = build_graph(cluster, namespace="default", kinds=["Pod", "ConfigMap"])
for a, b, d in g.edges(data=True):
    if d["type"] == "mounts":
        print(a, "mounts", b, "as volume", d.get("volume"), d.get("items"))
show(cluster, "redis mounts its ConfigMap", namespace="default", kinds=["Pod", "ConfigMap"])

# %% [markdown]
# ## Ask redis — `kubectl exec -it redis -- redis-cli`
#
# `-it` gives redis-cli a terminal, so it shows its prompt and numbered replies. In a notebook the
# lines you would type go in the cell body:

# %%
%%kubectl exec -it redis -- redis-cli
CONFIG GET maxmemory
CONFIG GET maxmemory-policy

# %% [markdown]
# `2097152` bytes is `2mb` (redis: `mb` = 1024², `m` = 1000²). Without a terminal redis-cli answers
# raw, one value per line — handy in scripts:

# %%
%kubectl exec redis -- redis-cli CONFIG GET maxmemory

# %% [markdown]
# ## Changing the configuration
#
# The notes end with `kubectl delete pod redis`. Suppose we want 4 MB. Redis reads its config only at
# start, and the pod's volume names the hashed ConfigMap — so: edit, delete the pod, apply again.

# %%
%%writefile redis-config
maxmemory 4mb
maxmemory-policy allkeys-lru

# %%
%kubectl delete pod redis
%kubectl apply -k .
%kubelab settle
%kubectl exec redis -- redis-cli CONFIG GET maxmemory
%kubectl get configmaps

# %% [markdown]
# A new ConfigMap `example-redis-config-c45mdcgt2b`; the old one stays until you delete it.
#
# ### A ConfigMap changed in place
#
# What if you edit a ConfigMap that a running pod mounts (one you did not generate)? The kubelet
# rewrites the files, but only at the pod's next periodic sync — up to a minute later (its sync
# period plus the watch's delay, as the Kubernetes docs say). Environment variables and `subPath`
# mounts never change. Here the pod `reader` mounts `live-config`:

# %%
%kubectl create configmap live-config --from-literal mode=easy

# %%
%%kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: reader
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - name: cfg
      mountPath: /etc/live
  volumes:
  - name: cfg
    configMap:
      name: live-config

# %%
%kubelab settle
%kubectl exec reader -- cat /etc/live/mode

# %% [markdown]
# Change it — the usual idiom: `create … --dry-run=client -o yaml` writes the new ConfigMap
# without sending it, and the pipe hands it to `kubectl apply -f -` (a `%%shell` cell is a
# terminal, where pipes work):

# %%
%%shell
kubectl create configmap live-config --from-literal mode=hard --dry-run=client -o yaml | kubectl apply -f -
kubectl exec reader -- cat /etc/live/mode

# %%
%kubelab run 60s
%kubectl exec reader -- cat /etc/live/mode

# %% [markdown]
# Redis, though, would not notice even then: it reads its file only when it starts.
#
# ## Exercises
#
# Each check says what is still missing; work in new cells above it, then run it again. The
# worked solution follows each check, collapsed: click it to open it — try first.
#
# **Exercise 1.** The notes write `maxmemory 2mb`, and redis printed `2097152`. What would
# `CONFIG GET maxmemory` print for `maxmemory 3m`?

# %%
from kubelab.exercises import ch07
my_bytes = 0
ch07.redis_bytes("3m", my_bytes)

# %% [markdown]
# Solution (collapsed; the near miss first):

# %% tags=["solution"]
print(ch07.redis_bytes("3m", 3 * 1024 * 1024))
ch07.redis_bytes("3m", 3 * 1000 * 1000)

# %% [markdown]
# **Exercise 2.** Make the running redis use **8 MB** with the policy **`allkeys-lfu`** (evict the
# least *frequently* used keys), through the kustomization, as above.

# %%
ch07.redis_maxmemory(cluster, want=8 * 1024 * 1024, policy="allkeys-lfu")

# %% [markdown]
# Solution (collapsed):

# %% tags=["solution"]
%%writefile redis-config
maxmemory 8mb
maxmemory-policy allkeys-lfu

# %% tags=["solution"]
%kubectl delete pod redis
%kubectl apply -k .
%kubelab settle
%kubectl exec redis -- redis-cli CONFIG GET maxmemory-policy
ch07.redis_maxmemory(cluster, want=8 * 1024 * 1024, policy="allkeys-lfu")

# %% [markdown]
# The notes' own pod file, fixed above, still passes its check (a check of the YAML alone):

# %%
ch07.fixed_redis_pod(open("redis-pod.yaml").read())

# %% [markdown]
# Clean up everything the directory made (the current `example-redis-config-…` and the pod):

# %%
%kubectl delete -k .

# %% [markdown]
# ## Summary
#
# - `kustomization.yaml` lists `resources` and generators; `configMapGenerator` makes a ConfigMap
#   named `NAME-<hash of content>` and rewrites every reference (here the pod's volume).
# - `kubectl kustomize DIR` shows the result; `apply -k`, `get -k`, `delete -k` act on it.
# - A `configMap` volume with `items` turns a key into a file; redis reads it at start.
# - The notes' pod YAML needs `env:` for `MASTER`; the hash suffix depends on the kustomize version.
#
# Next: [08 · A stateless application](08-stateless-app.ipynb).
