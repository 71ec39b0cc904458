# %% [markdown] en="9966a0aa"
# # 演练场：探针实验室
#
# 一个 Pod，其中的程序先健康运行一段时间，然后变得不健康
# （`touch /tmp/healthy; sleep N; rm -f /tmp/healthy`），探针执行 `cat /tmp/healthy` 检查它。
# 调整探针的各项数值，（重新）启动 Pod，推进时钟，再读时间线。
#
# [English version](../probes.ipynb)

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
import kubelab
from kubelab.ui import ProbeLab

lab = ProbeLab(kubelab.Cluster())
lab.tune("liveness", healthy_for=30, initialDelaySeconds=5, periodSeconds=5, failureThreshold=3)
print(lab.manifest())

# %% tags=["nbval-ignore-output"]
lab

# %%
print(lab.start(), end="")
lab.step(90)
print(lab.pod_text)
print(lab.timeline_text)
print(lab.probe_text)
