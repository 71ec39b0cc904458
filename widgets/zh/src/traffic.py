# %% [markdown] en="b9142ebf"
# # 演练场：流量探索器
#
# 选择 Service 的类型、端口（port）、目标端口（targetPort）和节点端口（nodePort），
# 再选择请求从哪里发出；发送之后，可以看到请求经过的每一跳以及每一跳所用的端口，
# 或者请求失败的原因。
#
# [English version](../traffic.ipynb)

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
import kubelab
from kubelab.ui import TrafficExplorer

explorer = TrafficExplorer(kubelab.Cluster())
print(explorer.setup(), end="")

# %% tags=["nbval-ignore-output"]
explorer

# %% [markdown] en="04084ccc"
# ClusterIP 类型的 Service 无法从集群外部访问：

# %%
explorer.configure("ClusterIP", port=80, target_port=8080)
print(explorer.fire("outside").text())

# %% [markdown] en="c52ba563"
# NodePort 类型的 Service 可以：节点端口 30080 → Service 端口 80 → Pod 的目标端口 8080。

# %%
explorer.configure("NodePort", port=80, target_port=8080, node_port=30080)
print(explorer.fire("outside").text())

# %% [markdown] en="4c241e85"
# 目标端口上没有程序监听时，请求在 Pod 处被拒绝：

# %%
explorer.configure("NodePort", port=80, target_port=9999, node_port=30080)
print(explorer.fire("outside").text())
