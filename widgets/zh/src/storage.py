# %% [markdown] en="b9cf5d4f"
# # 演练场：存储实验室
#
# 创建一个持久卷（PersistentVolume）和一个持久卷申领（PersistentVolumeClaim），
# 在 Pod 中使用这个申领，再删除申领，观察各自的阶段（phase）如何变化。
#
# [English version](../storage.ipynb)

# %%
import kubelab; kubelab.set_lang("zh")  # 中文版：本套件自己的提示、判定和图示用中文
import kubelab
from kubelab.ui import StorageLab

lab = StorageLab(kubelab.Cluster())

# %% tags=["nbval-ignore-output"]
lab

# %%
print(lab.create_pv("pv-1", "1Gi", reclaim="Retain"), end="")
print(lab.create_pvc("claim-1", "1Gi"), end="")
lab.settle()
print(lab.table_text)
print(lab.phases_text)
