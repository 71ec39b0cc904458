"""The probe lab: one pod whose program is healthy for a while and then not
(the liveness example of the Kubernetes docs: ``touch /tmp/healthy; sleep N;
rm -f /tmp/healthy``), a probe ``cat /tmp/healthy`` with the numbers you choose,
and the timeline of what the kubelet did.

>>> import kubelab
>>> lab = ProbeLab(kubelab.Cluster())
>>> print(lab.manifest().splitlines()[1])
kind: Pod
"""
from __future__ import annotations

from ..result import Result
from ..viz.draw import to_png
from ..viz.timeline import draw_pods, history, pod_table, probe_results
from ..viz.style import css_width
from .base import Control, pre

KINDS = ("liveness", "readiness", "startup")
NUMBERS = ("initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold", "successThreshold")
DEFAULTS = {"initialDelaySeconds": 5, "periodSeconds": 5, "timeoutSeconds": 1, "failureThreshold": 3, "successThreshold": 1}


class ProbeLab(Control):
    def __init__(self, cluster=None, pod: str = "probe-lab", namespace: str = "default"):
        super().__init__(cluster)
        self.history = history(self.cluster)
        self.pod, self.namespace = pod, namespace
        self.kind = "liveness"
        self.numbers = dict(DEFAULTS)
        self.healthy_for = 30
        self.png = b""
        self.w = self._build()
        self.refresh(force=True)

    def tune(self, kind: str | None = None, healthy_for: int | None = None, **numbers: int) -> None:
        """Change the probe (takes effect at the next :meth:`start`)."""
        if kind is not None:
            if kind not in KINDS:
                raise ValueError(f"kind must be one of {KINDS}")
            self.kind = kind
        if healthy_for is not None:
            self.healthy_for = int(healthy_for)
        for k, v in numbers.items():
            if k not in NUMBERS:
                raise ValueError(f"unknown probe field {k!r}; one of {NUMBERS}")
            self.numbers[k] = int(v)
        if self.kind in ("liveness", "startup"):
            self.numbers["successThreshold"] = 1   # the API rejects anything else for these
        self.refresh(force=True)

    def manifest(self) -> str:
        probe = "\n".join(f"      {k}: {v}" for k, v in self.numbers.items())
        return f"""apiVersion: v1
kind: Pod
metadata:
  name: {self.pod}
  namespace: {self.namespace}
  labels:
    test: {self.kind}
spec:
  containers:
  - name: app
    image: busybox
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep {self.healthy_for}; rm -f /tmp/healthy; sleep 600
    {self.kind}Probe:
      exec:
        command:
        - cat
        - /tmp/healthy
{probe}
"""

    def start(self) -> Result:
        """(Re)create the pod with the current probe."""
        if self.cluster.api.peek("pods", self.pod, self.namespace) is not None:
            self.kubectl(f"delete pod {self.pod} --grace-period=0 --force -n {self.namespace}")
        return self.kubectl("apply -f -", stdin=self.manifest())

    def render(self) -> None:
        exists = self.cluster.api.peek("pods", self.pod, self.namespace) is not None
        self.pod_text = self.query(f"get pod {self.pod} -n {self.namespace}") if exists else "(no pod yet)\n"
        self.timeline_text = pod_table(self.history, self.namespace, [self.pod], containers=True)
        results = [p for p in probe_results(self.history, self.namespace) if p.object == f"Pod/{self.pod}"]
        t0 = self.history.start
        self.probe_text = "\n".join(f"{p.time - t0:.0f}s  {p.probe:<9} {p.result}  {p.message.strip()}".rstrip() for p in results) or "(no probe results yet)"
        if exists:
            self.png = to_png(draw_pods(self.history, self.namespace, [self.pod], title=f"pod/{self.pod}: {self.kind} probe"))
        self._update_widgets()

    def _build(self) -> dict:
        import ipywidgets as W
        w: dict = {"kind": W.Dropdown(options=KINDS, value=self.kind, description="probe"),
                   "healthy": W.BoundedIntText(value=self.healthy_for, min=0, max=3600, description="healthy for")}
        for k in NUMBERS:
            w[k] = W.BoundedIntText(value=self.numbers[k], min=0 if k == "initialDelaySeconds" else 1, max=600,
                                    description=k, style={"description_width": "150px"})
        w["start"] = W.Button(description="(re)start pod", button_style="primary")
        w["step"] = W.Button(description="+5s")
        w["step30"] = W.Button(description="+30s")
        w["play"] = W.Play(value=0, min=0, max=10**9, step=1, interval=500, description="play")
        w["image"] = W.Image(format="png")
        w["pod"], w["timeline"], w["probes"], w["output"] = W.HTML(), W.HTML(), W.HTML(), W.HTML()

        def start(_) -> None:
            self.tune(w["kind"].value, w["healthy"].value, **{k: w[k].value for k in NUMBERS})
            self.start()
        for key in w:                          # stable handles for the browser test
            w[key].add_class(f"kubelab-probe-{key.replace('_', '-')}")
        w["start"].on_click(start)
        w["step"].on_click(lambda _: self.step(5))
        w["step30"].on_click(lambda _: self.step(30))
        w["play"].observe(lambda ch: self.step(max(0, ch["new"] - ch["old"])), "value")
        form = W.VBox([w["kind"], w["healthy"], *[w[k] for k in NUMBERS], w["start"],
                       W.HBox([w["step"], w["step30"], w["play"]])])
        self.widget = W.VBox([form, w["pod"], w["probes"], w["image"], w["timeline"], w["output"]])
        return w

    def _update_widgets(self) -> None:
        w = self.w
        w["pod"].value = pre(self.pod_text)
        w["probes"].value = pre(self.probe_text, "200px")
        w["timeline"].value = pre(self.timeline_text, "240px")
        w["output"].value = pre(self.last_output, "120px")
        if self.png and w["image"].value != self.png:
            w["image"].value = self.png
            w["image"].width = str(css_width(self.png))     # a 2x picture shown at its size, sharp
