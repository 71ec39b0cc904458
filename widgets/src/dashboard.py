# %% [markdown]
# # Playground: the cluster dashboard
#
# The picture, the simulated clock, the objects and the events of one namespace, with buttons
# for the commands the notes teach: scale, set image, rollout undo, delete a pod, fail a node.
# Time only moves when you press a clock button or *play* (each tick is one simulated second).
#
# Every button has a method twin, used in the plain-text cells below, so this notebook shows
# what the dashboard does even where widgets cannot render.

# %%
import kubelab
from kubelab.ui import Dashboard

cluster = kubelab.Cluster()
dash = Dashboard(cluster)
print(dash.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4"), end="")

# %% tags=["nbval-ignore-output"]
dash

# %% [markdown]
# Let the pod start, then read what the dashboard shows: the clock, the objects table and
# the picture's nodes with their status.

# %%
dash.settle()
print(dash.clock_text)
print(dash.table_text)
for node, status in sorted(dash.graph.nodes(data="status")):
    print(f"{node:55} {status}")

# %% [markdown]
# Delete the pod: the ReplicaSet makes a new one while the old one terminates.

# %%
print(dash.delete_pod(dash.pods()[0]), end="")
for node, status in sorted(dash.graph.nodes(data="status")):
    if node.startswith("Pod/"):
        print(f"{node:55} {status}")

# %%
dash.settle()
print(dash.events_text)
