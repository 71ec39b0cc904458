"""The label lab: change a pod's labels and see who selects it — which ReplicaSet
owns it, which Services route to it.  A ReplicaSet and a Service find their pods
by label selector only: relabel a pod out of the selector and the ReplicaSet
releases it (and makes a replacement), the Service stops sending it requests.

>>> import kubelab
>>> c = kubelab.Cluster()
>>> _ = c.kubectl("create deployment web --image=nginx")
>>> _ = c.kubectl("expose deployment web --port=80")
>>> _ = c.settle()
>>> lab = LabelLab(c)
>>> pod = lab.pods()[0]
>>> [s.split("/")[0] for s in lab.selected_by(pod)]
['Deployment', 'ReplicaSet', 'Service']
>>> lab.set_labels(pod, "app=debug").returncode
0
>>> lab.selected_by(pod)
[]
"""
from __future__ import annotations

from ..api import selectors
from ..result import Result
from ..viz.graph import build_graph
from ..viz.render import render_png
from ..viz.style import css_width
from .base import Control, pre

KINDS = ("Deployment", "ReplicaSet", "Pod", "Service")
#: What selects pods: resource, and where its selector is (a LabelSelector or a plain map).
SELECTORS = (("deployments", "Deployment", "label"), ("replicasets", "ReplicaSet", "label"),
             ("services", "Service", "map"))


def parse_labels(text: str) -> dict[str, str]:
    """``app=web, tier=front`` → {"app": "web", "tier": "front"}; blanks ignored."""
    out = {}
    for item in text.replace(" ", "").split(","):
        if item:
            key, eq, value = item.partition("=")
            if not eq or not key:
                raise ValueError(f"{item!r}: say key=value")
            out[key] = value
    return out


def label_text(labels: dict | None) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted((labels or {}).items()))


class LabelLab(Control):
    def __init__(self, cluster=None, namespace: str = "default"):
        super().__init__(cluster)
        self.namespace = namespace
        self.png = b""
        self.selected_text = ""
        self.w = self._build()
        self.refresh(force=True)

    # ------------------------------------------------------------ the twins
    def set_labels(self, pod: str, labels: str | dict) -> Result:
        """Give ``pod`` exactly these labels: ``kubectl label pod POD k=v ... old- --overwrite``."""
        try:
            want = parse_labels(labels) if isinstance(labels, str) else dict(labels)
        except ValueError as err:
            return self.note(f"label pod {pod} {labels}", f"error: {err}\n", ok=False)
        obj = self.cluster.api.peek("pods", pod, self.namespace)
        have = ((obj or {}).get("metadata") or {}).get("labels") or {}
        args = [f"{k}={v}" for k, v in sorted(want.items()) if have.get(k) != v]
        args += [f"{k}-" for k in sorted(have) if k not in want]
        if not args:
            return self.note(f"label pod {pod}", "nothing to change\n")
        return self.kubectl(f"label pod {pod} {' '.join(args)} --overwrite -n {self.namespace}")

    def selected_by(self, pod: str) -> list[str]:
        """``Kind/name`` of every ReplicaSet, Deployment and Service whose selector matches the pod now."""
        obj = self.cluster.api.peek("pods", pod, self.namespace)
        if obj is None:
            return []
        labels = obj["metadata"].get("labels") or {}
        out = []
        for resource, kind, form in SELECTORS:
            for o in self.cluster.api.list(resource, self.namespace, copy=False):
                spec = o.get("spec") or {}
                if form == "label":
                    sel = selectors.from_label_selector(spec.get("selector"))
                elif spec.get("selector"):
                    sel = selectors.from_map(spec["selector"])
                else:
                    continue                       # a Service without selector selects no pod
                if sel.matches(labels):
                    out.append(f"{kind}/{o['metadata']['name']}")
        return out

    def owner(self, pod: str) -> str:
        obj = self.cluster.api.peek("pods", pod, self.namespace)
        refs = ((obj or {}).get("metadata") or {}).get("ownerReferences") or []
        return ", ".join(f"{r['kind']}/{r['name']}" for r in refs if r.get("controller")) or "nobody"

    def pods(self) -> list[str]:
        return [p["metadata"]["name"] for p in self.cluster.api.list("pods", self.namespace, copy=False)
                if not p["metadata"].get("deletionTimestamp")]

    # ------------------------------------------------------------ views
    def describe(self, pod: str | None) -> str:
        if not pod or self.cluster.api.peek("pods", pod, self.namespace) is None:
            return "(choose a pod)"
        labels = label_text(self.cluster.api.peek("pods", pod, self.namespace)["metadata"].get("labels"))
        chosen = self.selected_by(pod)
        lines = [f"pod {pod}", f"  labels:      {labels or '(none)'}", f"  owned by:    {self.owner(pod)}",
                 "  selected by: " + (", ".join(chosen) if chosen else "nothing (no selector matches its labels)")]
        return "\n".join(lines)

    def render(self) -> None:
        w = self.w
        pods = self.pods()
        if list(w["pod"].options) != pods:
            keep = w["pod"].value
            w["pod"].options = pods
            w["pod"].value = keep if keep in pods else (pods[0] if pods else None)
        self.selected_text = self.describe(w["pod"].value)
        self.table_text = self.query(f"get pods --show-labels -n {self.namespace}")
        self.png = render_png(build_graph(self.cluster, namespace=self.namespace, kinds=KINDS), "who selects which pod")
        w["selected"].value = pre(self.selected_text)
        w["table"].value = pre(self.table_text, "220px")
        w["output"].value = pre(self.last_output, "120px")
        if w["image"].value != self.png:
            w["image"].value = self.png
            w["image"].width = str(css_width(self.png))     # a 2x picture shown at its size, sharp

    def _pick(self, change) -> None:
        obj = self.cluster.api.peek("pods", change["new"], self.namespace) if change["new"] else None
        self.w["labels"].value = label_text((obj or {}).get("metadata", {}).get("labels"))
        self.w["selected"].value = pre(self.describe(change["new"]))

    def _build(self) -> dict:
        import ipywidgets as W
        w: dict = {}
        w["pod"] = W.Dropdown(description="pod", layout=W.Layout(width="420px"))
        w["labels"] = W.Text(description="labels", placeholder="app=web,tier=front", layout=W.Layout(width="420px"))
        w["apply"] = W.Button(description="set labels", button_style="primary")
        w["settle"] = W.Button(description="settle", tooltip="let the controllers react")
        w["selected"], w["table"], w["output"] = W.HTML(), W.HTML(), W.HTML()
        w["image"] = W.Image(format="png")
        for key in w:
            w[key].add_class(f"kubelab-labels-{key}")
        w["pod"].observe(self._pick, "value")
        w["apply"].on_click(lambda _: w["pod"].value and self.set_labels(w["pod"].value, w["labels"].value))
        w["settle"].on_click(lambda _: self.settle())
        self.widget = W.VBox([W.HBox([w["pod"]]), W.HBox([w["labels"], w["apply"], w["settle"]]),
                              w["selected"], w["image"], w["table"], w["output"]])
        return w
