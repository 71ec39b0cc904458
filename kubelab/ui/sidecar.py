"""The sidecar lab: two containers of one pod share a volume; one writes a file,
the other reads it.  Write through the sidecar, read through the main container,
let time pass and see the sidecar's own loop rewrite the file.

It works on any pod whose containers mount one volume (chapter 12's
``web-with-sidecar``, or this one):

>>> import kubelab
>>> c = kubelab.Cluster()
>>> _ = c.kubectl("apply -f -", stdin='''
... apiVersion: v1
... kind: Pod
... metadata: {name: pair}
... spec:
...   volumes: [{name: shared, emptyDir: {}}]
...   containers:
...   - {name: main, image: busybox:1.36, command: [sleep, "3600"], volumeMounts: [{name: shared, mountPath: /in}]}
...   - {name: helper, image: busybox:1.36, command: [sleep, "3600"], volumeMounts: [{name: shared, mountPath: /out}]}
... ''')
>>> _ = c.settle()
>>> lab = SidecarLab(c, "pair", file="note.txt")
>>> lab.main, lab.sidecar, lab.volume
('main', 'helper', 'shared')
>>> _ = lab.write("hello from the sidecar")
>>> print(lab.read().stdout, end="")
hello from the sidecar
"""
from __future__ import annotations

import shlex

from ..i18n import tr, translate
from ..result import Result
from .base import Control, pre


class SidecarLab(Control):
    """``SidecarLab(cluster, pod)``: ``pod`` has a volume mounted by two of its containers;
    the first container mounting it is the main one, the other the sidecar."""

    def __init__(self, cluster=None, pod: str = "web-with-sidecar", namespace: str = "default",
                 file: str = "index.html"):
        super().__init__(cluster)
        self.pod, self.namespace, self.file = pod, namespace, file
        self.main = self.sidecar = self.volume = ""
        self.main_path = self.sidecar_path = ""
        self.reads: list[tuple[float, str, str]] = []      # (time, who, what was read)
        self._find_shared_volume()
        self.w = self._build()
        self.refresh(force=True)

    def _find_shared_volume(self) -> None:
        obj = self.cluster.api.peek("pods", self.pod, self.namespace)
        if obj is None:
            return
        mounts: dict[str, list[tuple[str, str]]] = {}
        for c in obj["spec"].get("containers") or []:
            for m in c.get("volumeMounts") or []:
                mounts.setdefault(m["name"], []).append((c["name"], m["mountPath"].rstrip("/")))
        shared = next(((v, ms) for v, ms in mounts.items() if len({c for c, _ in ms}) >= 2), None)
        if shared is not None:
            self.volume = shared[0]
            (self.main, self.main_path), (self.sidecar, self.sidecar_path) = shared[1][0], shared[1][1]

    # ------------------------------------------------------------ the twins
    def write(self, text: str) -> Result:
        """The sidecar writes ``text`` into the shared file (``kubectl exec -c SIDECAR -- sh -c 'echo …'``)."""
        if not self.sidecar:
            return self.note(f"write to {self.pod}", f"pod {self.pod} has no volume shared by two containers\n", ok=False)
        script = f"echo {shlex.quote(text)} > {self.sidecar_path}/{self.file}"
        return self.kubectl(f"exec {self.pod} -n {self.namespace} -c {self.sidecar} -- sh -c {shlex.quote(script)}")

    def read(self) -> Result:
        """The main container reads the file (``kubectl exec -c MAIN -- cat …``)."""
        if not self.main:
            return self.note(f"read in {self.pod}", f"pod {self.pod} has no volume shared by two containers\n", ok=False)
        r = self.kubectl(f"exec {self.pod} -n {self.namespace} -c {self.main} -- cat {self.main_path}/{self.file}")
        self.reads.append((self.cluster.now, self.main, (r.stdout or r.stderr).strip()))
        self.refresh(force=True)
        return r

    # ------------------------------------------------------------ views
    @property
    def layout_text(self) -> str:
        if not self.volume:
            return translate(f"pod {self.pod}: no volume shared by two containers (yet)")
        return "\n".join([tr("pod {pod}, volume {volume} mounted by both containers:", pod=self.pod,
                              volume=repr(self.volume)),
                           tr("  sidecar {name} writes {path}", name=f"{self.sidecar:<10}",
                              path=f"{self.sidecar_path}/{self.file}"),
                           tr("  main    {name} reads  {path}", name=f"{self.main:<10}",
                              path=f"{self.main_path}/{self.file}")])

    @property
    def reads_text(self) -> str:
        t0 = self.reads[0][0] if self.reads else 0
        return "\n".join(f"T+{t - t0:>4.0f}s  " + tr("{who} read: {what}", who=who, what=what)
                         for t, who, what in self.reads) or translate("(nothing read yet)")

    def render(self) -> None:
        w = self.w
        w["clock"].value = f"<b>simulated time {self.cluster.now:g}s</b>"
        w["layout"].value = pre(self.layout_text)
        w["reads"].value = pre(self.reads_text, "200px")
        w["output"].value = pre(self.last_output, "120px")

    def on_time(self) -> None:
        if hasattr(self, "w"):
            self.w["clock"].value = f"<b>simulated time {self.cluster.now:g}s</b>"

    def _build(self) -> dict:
        import ipywidgets as W
        w: dict = {}
        w["text"] = W.Text(value="hello from the sidecar", description="text", layout=W.Layout(width="420px"))
        w["write"] = W.Button(description="sidecar writes", button_style="primary")
        w["read"] = W.Button(description="main reads")
        w["step"] = W.Button(description="+10s", tooltip="the sidecar's own loop rewrites the file every 10 s")
        w["clock"], w["layout"], w["reads"], w["output"] = W.HTML(), W.HTML(), W.HTML(), W.HTML()
        for key in w:
            w[key].add_class(f"kubelab-sidecar-{key}")
        w["write"].on_click(lambda _: self.write(w["text"].value))
        w["read"].on_click(lambda _: self.read())
        w["step"].on_click(lambda _: self.step(10))
        self.widget = W.VBox([w["layout"], W.HBox([w["text"], w["write"]]), W.HBox([w["read"], w["step"], w["clock"]]),
                              w["reads"], w["output"]])
        return w
