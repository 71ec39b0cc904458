"""The live view: the ownership and traffic picture of one namespace, kept in the
notebook and redrawn after every cell that changed what it shows — type
``%kubectl scale deployment web --replicas=3`` in any cell below and the picture
follows.  ``%kubelab watch`` shows one for the magics' cluster;
``%kubelab watch stop`` (or its *stop* button) freezes it.

>>> import kubelab
>>> c = kubelab.Cluster()
>>> view = watch(c)
>>> _ = c.kubectl("create deployment web --image=nginx")
>>> view.refresh()                # what the hook does after each cell
True
>>> sorted(n for n in view.graph if n.startswith("Deployment/"))
['Deployment/default/web']
>>> view.stop()
>>> view.refresh()
False
"""
from __future__ import annotations

from ..viz.graph import build_graph, signature
from ..viz.render import render_png
from ..viz.style import css_width
from .base import Control

#: Above this many pods the picture draws only the owners, Services and Nodes
#: (one box per ReplicaSet says how many pods it has): a thousand pod boxes
#: are neither legible nor quick to draw.
MAX_PODS = 60
SUMMARY_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "Service", "Node",
                 "PersistentVolumeClaim", "PersistentVolume", "Client")


class LiveView(Control):
    def __init__(self, cluster=None, namespace: str = "default", kinds=None):
        super().__init__(cluster)
        self.namespace, self.kinds = namespace, kinds
        self.stopped = False
        self.graph = None
        self.png = b""
        self.redraws = 0
        self.summarised = False
        self._sig = None
        self.w = self._build()
        self.refresh(force=True)

    def stop(self) -> None:
        """Stop following the cluster: the picture stays as it is."""
        self.stopped = True
        self.unhook()
        self.w["stop"].disabled = True
        self.w["status"].value = f"<i>stopped at simulated time {self.cluster.now:g}s</i>"

    def refresh(self, force: bool = False) -> bool:
        if self.stopped:
            return False
        return super().refresh(force)

    def render(self) -> None:
        pods = len(self.cluster.api.list("pods", self.namespace, copy=False))
        self.summarised = pods > MAX_PODS and self.kinds is None
        kinds = SUMMARY_KINDS if self.summarised else self.kinds
        g = build_graph(self.cluster, namespace=self.namespace, **({"kinds": kinds} if kinds else {}))
        self.graph = g
        sig = signature(g)
        if sig != self._sig:
            self._sig = sig
            title = f"namespace {self.namespace}" + (f" — {pods} pods, not drawn one by one" if self.summarised else "")
            self.png = render_png(g, title)
            self.redraws += 1
        w = self.w
        w["status"].value = (f"<i>live: redrawn after each cell that changes the cluster — simulated time "
                             f"{self.cluster.now:g}s, {g.number_of_nodes()} objects</i>")
        if w["image"].value != self.png:
            w["image"].value = self.png
            w["image"].width = str(css_width(self.png))     # a 2x picture shown at its size, sharp

    def _build(self) -> dict:
        import ipywidgets as W
        w: dict = {}
        w["status"] = W.HTML()
        w["stop"] = W.Button(description="stop", tooltip="stop redrawing (%kubelab watch stop)")
        w["image"] = W.Image(format="png")
        for key in w:
            w[key].add_class(f"kubelab-watch-{key}")
        w["stop"].on_click(lambda _: self.stop())
        self.widget = W.VBox([W.HBox([w["stop"], w["status"]]), w["image"]])
        return w


def watch(cluster, namespace: str = "default", kinds=None) -> LiveView:
    """A live view of ``cluster``: display it (the last line of a cell) and it follows every command."""
    return LiveView(cluster, namespace=namespace, kinds=kinds)
