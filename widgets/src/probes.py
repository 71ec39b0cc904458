# %% [markdown]
# # Playground: the probe lab
#
# One pod whose program is healthy for a while and then not (`touch /tmp/healthy; sleep N;
# rm -f /tmp/healthy`), probed with `cat /tmp/healthy`. Tune the probe's numbers, (re)start
# the pod, move the clock and read the timeline.

# %%
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
