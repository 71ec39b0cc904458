"""The cluster dashboard: the picture, the simulated clock, the objects, the
events, and buttons that run the kubectl commands the notes teach.

>>> import kubelab
>>> d = Dashboard(kubelab.Cluster())
>>> print(d.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4"), end="")
deployment.apps/hello-node created
>>> d.step(10)
>>> d.graph.nodes["Deployment/default/hello-node"]["status"]
'1/1'
"""
from __future__ import annotations

from ..i18n import translate
from ..result import Result
from ..viz.graph import build_graph, signature
from ..viz.render import render_png
from ..viz.style import css_width
from ..viz.timeline import history, rollout
from .base import Control, pre

EVENTS_SHOWN = 12


class Dashboard(Control):
    def __init__(self, cluster=None, namespace: str = "default", tick: float = 1.0, timeline: bool = False):
        super().__init__(cluster)
        self.history = history(self.cluster)     # ReplicaSet counts over time, for the rollout tab
        self.t0 = self.cluster.now
        self.timeline = timeline                # also draw the rollout of the chosen Deployment
        self.timeline_png = b""
        self._rollout_rows = None
        self.rollout_text = ""
        self.namespace = namespace
        self.tick = tick                  # simulated seconds per Play tick
        self.around: str | None = None    # "deployment/web": show only what connects to it
        self.graph = None
        self.png = b""
        self.table_text = ""
        self.events_text = ""
        self.redraws = 0
        self._sig = None
        self.w = self._build()
        self.refresh(force=True)

    # ------------------------------------------------------------ the twins
    def scale(self, deployment: str, replicas: int) -> Result:
        return self.kubectl(f"scale deployment/{deployment} --replicas={int(replicas)} -n {self.namespace}")

    def set_image(self, deployment: str, image: str, container: str | None = None) -> Result:
        if container is None:
            dep = self.cluster.api.peek("deployments", deployment, self.namespace)
            cs = (dep or {}).get("spec", {}).get("template", {}).get("spec", {}).get("containers") or [{}]
            container = cs[0].get("name", deployment)
        return self.kubectl(f"set image deployment/{deployment} {container}={image} -n {self.namespace}")

    def undo(self, deployment: str) -> Result:
        return self.kubectl(f"rollout undo deployment/{deployment} -n {self.namespace}")

    def delete_pod(self, pod: str) -> Result:
        return self.kubectl(f"delete pod {pod} --wait=false -n {self.namespace}")

    @property
    def can_fail_nodes(self) -> bool:
        return hasattr(self.cluster, "fail_node") and hasattr(self.cluster, "recover_node")

    def fail_node(self, node: str) -> Result:
        if not self.can_fail_nodes:
            return self.note(f"fail node {node}", "this cluster cannot fail nodes yet (no Cluster.fail_node)", ok=False)
        self.cluster.fail_node(node)
        return self.note(f"cluster.fail_node({node!r})", f"node {node} stopped reporting\n")

    def recover_node(self, node: str) -> Result:
        if not self.can_fail_nodes:
            return self.note(f"recover node {node}", "this cluster cannot recover nodes yet (no Cluster.recover_node)", ok=False)
        self.cluster.recover_node(node)
        return self.note(f"cluster.recover_node({node!r})", f"node {node} is back\n")

    def focus(self, obj: str | None) -> None:
        """Show only what connects to ``obj`` ("deployment/web"); None shows everything."""
        self.around = obj or None
        self.refresh(force=True)

    def play(self, ticks: int = 1) -> None:
        """What the Play widget does on each tick: ``tick`` simulated seconds."""
        for _ in range(ticks):
            self.w["play"].value = self.w["play"].value + 1

    # ------------------------------------------------------------ choices
    def deployments(self) -> list[str]:
        return [d["metadata"]["name"] for d in self.cluster.api.list("deployments", self.namespace, copy=False)]

    def pods(self) -> list[str]:
        return [p["metadata"]["name"] for p in self.cluster.api.list("pods", self.namespace, copy=False)]

    def nodes(self) -> list[str]:
        return [n["metadata"]["name"] for n in self.cluster.api.list("nodes", copy=False)]

    # ------------------------------------------------------------ views
    def render(self) -> None:
        self.graph = build_graph(self.cluster, namespace=self.namespace,
                                 around=self.around if self.around else None)
        sig = signature(self.graph)
        if sig != self._sig:              # the picture changes only when what it shows does
            self._sig = sig
            self.png = render_png(self.graph, f"namespace {self.namespace}" + (f" — around {self.around}" if self.around else ""))
            self.redraws += 1
        self.table_text = self.query(f"get deployments,replicasets,pods,services -n {self.namespace}")
        self.events_text = self._events()
        self._render_rollout()
        self._update_widgets()

    def _render_rollout(self) -> None:
        """The chosen Deployment's ReplicaSets over time: a table, and a picture if asked for."""
        dep = self.w["deployment"].value or next(iter(self.deployments()), None)
        if dep is None:
            self.rollout_text = "(no deployment)"
            return
        rows = rollout(self.history, dep, self.namespace)
        if rows == self._rollout_rows:
            return
        self._rollout_rows = rows
        self.rollout_text = (translate(f"deployment {dep}: ready/replicas of each ReplicaSet since the dashboard "
                                       f"started (T+0s = simulated {self.t0:g}s)") + "\n" + self._rollout_table(rows))
        if self.timeline and rows:
            from ..viz.draw import to_png
            from ..viz.timeline import draw_rollout
            self.timeline_png = to_png(draw_rollout(self.history, dep, self.namespace, f"rollout of {dep}",
                                                        since=self.t0))

    def _rollout_table(self, rows) -> str:
        """One line per instant something changed, one column per ReplicaSet (ready/replicas)."""
        from ..kubectl.printers import tabwrite
        state: dict[str, str] = {}
        names: list[str] = []
        for r in rows:                     # the counts each set had when the dashboard started
            if r.rs not in names:
                names.append(r.rs)
        revision = {r.rs: r.revision for r in rows}
        lines = [["T+"] + [f"{n} (rev {revision[n]})" for n in names]]
        for i, r in enumerate(rows):
            state[r.rs] = f"{r.ready}/{r.replicas}"
            if r.time < self.t0 or (i + 1 < len(rows) and rows[i + 1].time == r.time):
                continue
            line = [f"{r.time - self.t0:.0f}s"] + [state.get(n, "-") for n in names]
            if len(lines) > 1 and lines[-1][1:] == line[1:]:
                continue
            lines.append(line)
        shown = [j for j in range(1, len(lines[0])) if any(ln[j] not in ("-", "0/0") for ln in lines[1:])]
        return tabwrite([[ln[0]] + [ln[j] for j in shown] for ln in lines])

    def _events(self) -> str:
        text = self.query(f"get events -n {self.namespace}")
        lines = text.rstrip("\n").split("\n")
        if len(lines) <= EVENTS_SHOWN + 1:
            return text
        return "\n".join(lines[:1] + lines[-EVENTS_SHOWN:]) + "\n"

    def on_time(self) -> None:
        if hasattr(self, "w"):
            self.w["clock"].value = f"<b>{self.clock_text}</b>"

    @property
    def clock_text(self) -> str:
        return f"simulated time {self.cluster.now:g}s"

    # ------------------------------------------------------------ widgets
    def _build(self) -> dict:
        import ipywidgets as W
        w: dict = {}
        w["image"] = W.Image(format="png")
        w["clock"] = W.HTML()
        w["step1"] = W.Button(description="+1s", layout=W.Layout(width="60px"))
        w["step10"] = W.Button(description="+10s", layout=W.Layout(width="60px"))
        w["settle"] = W.Button(description="settle", tooltip="advance until nothing is in flight")
        w["play"] = W.Play(value=0, min=0, max=10**9, step=1, interval=700, description="play")
        w["deployment"] = W.Dropdown(description="deployment")
        w["replicas"] = W.BoundedIntText(value=1, min=0, max=60, description="replicas", layout=W.Layout(width="160px"))
        w["scale"] = W.Button(description="scale")
        w["image_name"] = W.Text(placeholder="nginx:1.27", description="image")
        w["set_image"] = W.Button(description="set image")
        w["undo"] = W.Button(description="rollout undo")
        w["pod"] = W.Dropdown(description="pod")
        w["delete_pod"] = W.Button(description="delete pod", button_style="warning")
        w["node"] = W.Dropdown(description="node")
        w["fail"] = W.Button(description="fail node", button_style="danger")
        w["recover"] = W.Button(description="recover node")
        if not self.can_fail_nodes:
            for k in ("fail", "recover"):
                w[k].disabled = True
                w[k].tooltip = "needs Cluster.fail_node / recover_node (not in this build)"
        w["around"] = W.Text(placeholder="deployment/NAME", description="around")
        w["focus"] = W.Button(description="focus")
        w["output"] = W.HTML()
        w["table"] = W.HTML()
        w["events"] = W.HTML()
        w["rollout"] = W.HTML()
        w["timeline"] = W.Image(format="png", layout=W.Layout(display="" if self.timeline else "none"))
        for key in w:                          # stable handles for the browser test
            w[key].add_class(f"kubelab-dash-{key.replace('_', '-')}")

        w["step1"].on_click(lambda _: self.step(1))
        w["step10"].on_click(lambda _: self.step(10))
        w["settle"].on_click(lambda _: self.settle())
        w["play"].observe(lambda ch: self.step(self.tick * max(0, ch["new"] - ch["old"])), "value")
        w["scale"].on_click(lambda _: w["deployment"].value and self.scale(w["deployment"].value, w["replicas"].value))
        w["set_image"].on_click(lambda _: w["deployment"].value and w["image_name"].value
                                and self.set_image(w["deployment"].value, w["image_name"].value))
        w["undo"].on_click(lambda _: w["deployment"].value and self.undo(w["deployment"].value))
        w["delete_pod"].on_click(lambda _: w["pod"].value and self.delete_pod(w["pod"].value))
        w["fail"].on_click(lambda _: w["node"].value and self.fail_node(w["node"].value))
        w["recover"].on_click(lambda _: w["node"].value and self.recover_node(w["node"].value))
        w["focus"].on_click(lambda _: self.focus(w["around"].value.strip() or None))

        clock = W.HBox([w["clock"], w["step1"], w["step10"], w["settle"], w["play"]])
        workload = W.VBox([W.HBox([w["deployment"], w["replicas"], w["scale"]]),
                           W.HBox([w["image_name"], w["set_image"], w["undo"]]),
                           W.HBox([w["pod"], w["delete_pod"]]),
                           W.HBox([w["node"], w["fail"], w["recover"]]),
                           W.HBox([w["around"], w["focus"]])])
        tabs = W.Tab([w["table"], w["events"], w["rollout"]])
        tabs.set_title(0, "objects")
        tabs.set_title(1, "events")
        tabs.set_title(2, "rollout")
        w["deployment"].observe(lambda _: self.refresh(force=True), "value")
        # Controls get the full width (beside the command output they were cut off).
        self.widget = W.VBox([clock, w["image"], w["timeline"], workload, w["output"], tabs])
        return w

    def _update_widgets(self) -> None:
        w = self.w
        w["clock"].value = f"<b>{self.clock_text}</b>"
        if w["image"].value != self.png:
            w["image"].value = self.png
            w["image"].width = str(css_width(self.png))     # a 2x picture shown at its size, sharp
        for key, options in (("deployment", self.deployments()), ("pod", self.pods()), ("node", self.nodes())):
            if list(w[key].options) != options:
                keep = w[key].value
                w[key].options = options
                w[key].value = keep if keep in options else (options[0] if options else None)
        w["output"].value = pre(self.last_output, "180px")
        w["table"].value = pre(self.table_text, "300px")
        w["events"].value = pre(self.events_text, "300px")
        w["rollout"].value = pre(self.rollout_text, "300px")
        if self.timeline_png and w["timeline"].value != self.timeline_png:
            w["timeline"].value = self.timeline_png
            w["timeline"].width = str(css_width(self.timeline_png))
