"""The storage lab: make PersistentVolumes and claims, watch them bind, use a
claim in a pod, delete a claim and see what the reclaim policy does.

>>> import kubelab
>>> lab = StorageLab(kubelab.Cluster())
>>> print(lab.pv_manifest("pv1", "1Gi").splitlines()[1])
kind: PersistentVolume
"""
from __future__ import annotations

from ..result import Result
from ..viz.graph import build_graph
from ..viz.render import render_png
from ..viz.style import css_width
from ..viz.timeline import history
from .base import Control, pre

ACCESS = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")
RECLAIM = ("Retain", "Delete", "Recycle")
STORAGE_KINDS = ("Pod", "PersistentVolumeClaim", "PersistentVolume", "StorageClass")


class StorageLab(Control):
    def __init__(self, cluster=None, namespace: str = "default"):
        super().__init__(cluster)
        self.history = history(self.cluster)
        self.namespace = namespace
        self.png = b""
        self.w = self._build()
        self.refresh(force=True)

    # ------------------------------------------------------------ manifests
    def pv_manifest(self, name: str, capacity: str = "1Gi", access: str = "ReadWriteOnce",
                    reclaim: str = "Retain", storage_class: str = "manual", path: str | None = None) -> str:
        return f"""apiVersion: v1
kind: PersistentVolume
metadata:
  name: {name}
spec:
  capacity:
    storage: {capacity}
  accessModes:
  - {access}
  persistentVolumeReclaimPolicy: {reclaim}
  storageClassName: "{storage_class}"
  hostPath:
    path: {path or '/mnt/data/' + name}
"""

    def pvc_manifest(self, name: str, request: str = "1Gi", access: str = "ReadWriteOnce",
                     storage_class: str | None = "manual") -> str:
        cls = "" if storage_class is None else f'  storageClassName: "{storage_class}"\n'
        return f"""apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {name}
  namespace: {self.namespace}
spec:
{cls}  accessModes:
  - {access}
  resources:
    requests:
      storage: {request}
"""

    def pod_manifest(self, name: str, claim: str) -> str:
        return f"""apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: {self.namespace}
spec:
  containers:
  - name: app
    image: nginx
    volumeMounts:
    - mountPath: /usr/share/nginx/html
      name: data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: {claim}
"""

    # ------------------------------------------------------------ the twins
    def create_pv(self, name: str, capacity: str = "1Gi", access: str = "ReadWriteOnce",
                  reclaim: str = "Retain", storage_class: str = "manual") -> Result:
        return self.kubectl("apply -f -", stdin=self.pv_manifest(name, capacity, access, reclaim, storage_class))

    def create_pvc(self, name: str, request: str = "1Gi", access: str = "ReadWriteOnce",
                   storage_class: str | None = "manual") -> Result:
        return self.kubectl("apply -f -", stdin=self.pvc_manifest(name, request, access, storage_class))

    def use(self, pod: str, claim: str) -> Result:
        return self.kubectl("apply -f -", stdin=self.pod_manifest(pod, claim))

    def delete(self, kind: str, name: str) -> Result:
        ns = "" if kind in ("pv", "persistentvolume") else f" -n {self.namespace}"
        return self.kubectl(f"delete {kind} {name} --wait=false{ns}")

    # ------------------------------------------------------------ views
    def render(self) -> None:
        self.table_text = self.query(f"get pv,pvc,storageclass -n {self.namespace}")
        g = build_graph(self.cluster, namespace=self.namespace, kinds=STORAGE_KINDS)
        self.graph = g
        self.png = render_png(g, "storage")
        t0 = self.history.start
        rows = []
        for ch in self.history.changes:
            if ch.kind in ("PersistentVolume", "PersistentVolumeClaim") and ch.type != "SNAPSHOT":
                phase = "deleted" if ch.summary is None else (ch.summary.get("phase") or "-")
                bound = "" if ch.summary is None or not ch.summary.get("bound") else f" → {ch.summary['bound']}"
                rows.append(f"{ch.time - t0:>5.0f}s  {ch.kind:<22} {ch.name:<16} {phase}{bound}")
        self.phases_text = "\n".join(rows) or "(nothing yet)"
        w = self.w
        w["table"].value = pre(self.table_text)
        w["phases"].value = pre(self.phases_text, "200px")
        w["output"].value = pre(self.last_output, "140px")
        if w["image"].value != self.png:
            w["image"].value = self.png
            w["image"].width = str(css_width(self.png))     # a 2x picture shown at its size, sharp

    def _build(self) -> dict:
        import ipywidgets as W
        w: dict = {}
        w["pv_name"] = W.Text(value="pv-1", description="PV name")
        w["pv_cap"] = W.Text(value="1Gi", description="capacity")
        w["pv_access"] = W.Dropdown(options=ACCESS, description="access")
        w["pv_reclaim"] = W.Dropdown(options=RECLAIM, description="reclaim")
        w["pv_class"] = W.Text(value="manual", description="class")
        w["create_pv"] = W.Button(description="create PV")
        w["pvc_name"] = W.Text(value="claim-1", description="PVC name")
        w["pvc_req"] = W.Text(value="1Gi", description="request")
        w["pvc_access"] = W.Dropdown(options=ACCESS, description="access")
        w["pvc_class"] = W.Text(value="manual", description="class", tooltip="empty: the default class")
        w["create_pvc"] = W.Button(description="create PVC")
        w["pod_name"] = W.Text(value="user", description="pod")
        w["use"] = W.Button(description="use claim in pod")
        w["del_pvc"] = W.Button(description="delete PVC", button_style="warning")
        w["step"] = W.Button(description="+5s")
        w["image"] = W.Image(format="png")
        w["table"], w["phases"], w["output"] = W.HTML(), W.HTML(), W.HTML()
        for key in w:                          # stable handles for the browser test
            w[key].add_class(f"kubelab-storage-{key.replace('_', '-')}")
        w["create_pv"].on_click(lambda _: self.create_pv(w["pv_name"].value, w["pv_cap"].value, w["pv_access"].value,
                                                         w["pv_reclaim"].value, w["pv_class"].value))
        w["create_pvc"].on_click(lambda _: self.create_pvc(w["pvc_name"].value, w["pvc_req"].value, w["pvc_access"].value,
                                                           w["pvc_class"].value or None))
        w["use"].on_click(lambda _: self.use(w["pod_name"].value, w["pvc_name"].value))
        w["del_pvc"].on_click(lambda _: self.delete("pvc", w["pvc_name"].value))
        w["step"].on_click(lambda _: self.step(5))
        pv = W.VBox([w["pv_name"], w["pv_cap"], w["pv_access"], w["pv_reclaim"], w["pv_class"], w["create_pv"]])
        pvc = W.VBox([w["pvc_name"], w["pvc_req"], w["pvc_access"], w["pvc_class"], w["create_pvc"],
                      w["pod_name"], w["use"], w["del_pvc"], w["step"]])
        # The table is wide: it goes below the controls so it never covers their buttons.
        self.widget = W.VBox([W.HBox([pv, pvc]), w["table"], w["image"], w["phases"], w["output"]])
        return w
