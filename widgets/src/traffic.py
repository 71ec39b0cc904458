# %% [markdown]
# # Playground: the traffic explorer
#
# Choose a Service's type, port, targetPort and nodePort, and where a request comes from;
# send it and see every hop with the port it was sent to, or why it failed.

# %%
import kubelab
from kubelab.ui import TrafficExplorer

explorer = TrafficExplorer(kubelab.Cluster())
print(explorer.setup(), end="")

# %% tags=["nbval-ignore-output"]
explorer

# %% [markdown]
# A ClusterIP Service cannot be reached from outside the cluster:

# %%
explorer.configure("ClusterIP", port=80, target_port=8080)
print(explorer.fire("outside").text())

# %% [markdown]
# A NodePort Service can: node port 30080 → Service port 80 → the pod's targetPort 8080.

# %%
explorer.configure("NodePort", port=80, target_port=8080, node_port=30080)
print(explorer.fire("outside").text())

# %% [markdown]
# A targetPort nothing listens on is refused at the pod:

# %%
explorer.configure("NodePort", port=80, target_port=9999, node_port=30080)
print(explorer.fire("outside").text())
