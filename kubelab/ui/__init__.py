"""ipywidgets controls that show the cluster working.

>>> import kubelab
>>> from kubelab.ui import Dashboard
>>> d = Dashboard(kubelab.Cluster())
>>> _ = d.kubectl("create deployment web --image=nginx")
>>> _ = d.settle()
>>> "web" in d.deployments()
True
"""
from .dashboard import Dashboard
from .labels import LabelLab
from .probes import ProbeLab
from .sidecar import SidecarLab
from .storage import StorageLab
from .traffic import TrafficExplorer
from .watch import LiveView, watch

__all__ = ["Dashboard", "TrafficExplorer", "ProbeLab", "StorageLab", "LabelLab", "SidecarLab", "LiveView", "watch"]
