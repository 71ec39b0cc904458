# %% [markdown]
# # Playground: the storage lab
#
# Make a PersistentVolume and a claim, use the claim in a pod, delete the claim, and watch
# the phases change.

# %%
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
