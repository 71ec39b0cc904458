# %% [markdown] en="cef06b5c"
# # 演练场：集群仪表板
#
# 一个名字空间里的图示、模拟时钟、对象和事件，配上笔记所教命令的按钮：
# 扩缩、`set image`、`rollout undo`、删除 Pod、让节点失效。
# 只有按下时钟按钮或者**播放**时，时间才会前进（每一步是模拟的一秒）。
#
# 每个按钮都有一个对应的方法，下面的纯文本单元格就用这些方法，
# 所以即使在无法渲染小部件的地方，这个笔记本也能展示仪表板做了什么。
#
# [English version](../dashboard.ipynb)

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
import kubelab
from kubelab.ui import Dashboard

cluster = kubelab.Cluster()
dash = Dashboard(cluster)
print(dash.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4"), end="")

# %% tags=["nbval-ignore-output"]
dash

# %% [markdown] en="4a8ea941"
# 让 Pod 启动起来，然后读一读仪表板显示的内容：时钟、对象表，以及图中各节点和它们的状态。

# %%
dash.settle()
print(dash.clock_text)
print(dash.table_text)
for node, status in sorted(dash.graph.nodes(data="status")):
    print(f"{node:55} {status}")

# %% [markdown] en="0eca800f"
# 删除这个 Pod：旧 Pod 正在终止时，ReplicaSet 已经创建了一个新 Pod。

# %%
print(dash.delete_pod(dash.pods()[0]), end="")
for node, status in sorted(dash.graph.nodes(data="status")):
    if node.startswith("Pod/"):
        print(f"{node:55} {status}")

# %%
dash.settle()
print(dash.events_text)
