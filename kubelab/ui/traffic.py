"""The traffic explorer: choose a Service's type, port, targetPort and nodePort
and where a request comes from, fire it, and see each hop and its port, or
why it failed.

>>> import kubelab
>>> t = TrafficExplorer(kubelab.Cluster())
>>> _ = t.setup()
>>> _ = t.configure("NodePort", port=80, target_port=8080, node_port=30080)
>>> t.fire().ok
True
>>> _ = t.configure("NodePort", port=80, target_port=9999, node_port=30080)
>>> print(t.fire().reason)
Connection refused: Pod hello-node-... (10.244.0...) has no process listening on port 9999: ...
"""
from __future__ import annotations

import json

from ..i18n import translate
from ..result import Result
from ..viz.draw import draw_path, to_png
from ..viz.path import Path, route
from ..viz.style import css_width
from .base import Control, pre

TYPES = ("ClusterIP", "NodePort", "LoadBalancer")


class TrafficExplorer(Control):
    """``TrafficExplorer(cluster)`` brings its own Deployment and Service ("explorer");
    ``TrafficExplorer(cluster, service="hello-node")`` works on a Service that exists:
    the form starts from its settings and *apply* patches it (``kubectl patch``)."""

    def __init__(self, cluster=None, app: str = "hello-node", image: str = "k8s.gcr.io/echoserver:1.4",
                 service: str = "explorer", namespace: str = "default"):
        super().__init__(cluster)
        self.app, self.image, self.service, self.namespace = app, image, service, namespace
        self.own_service = self._service() is not None      # the chapter's Service, not the explorer's
        self.requests = 0
        self.path: Path | None = None
        self.response = None                  # what cluster.curl returned, when it exists
        self.png = b""
        self.w = self._build()
        self.refresh(force=True)

    def _service(self) -> dict | None:
        return self.cluster.api.peek("services", self.service, self.namespace)

    @property
    def can_curl(self) -> bool:
        return hasattr(self.cluster, "curl")

    def setup(self, replicas: int = 2) -> Result:
        """Create the backend Deployment the Service will route to (if missing)."""
        if self.cluster.api.peek("deployments", self.app, self.namespace) is not None:
            return self.note(f"deployment/{self.app} exists", "")
        r = self.kubectl(f"create deployment {self.app} --image={self.image} --replicas={replicas} -n {self.namespace}")
        self.cluster.settle()
        self.refresh(force=True)
        return r

    def manifest(self, type_: str, port: int, target_port: int | str, node_port: int | None) -> str:
        lines = ["apiVersion: v1", "kind: Service", "metadata:", f"  name: {self.service}",
                 f"  namespace: {self.namespace}", "spec:", f"  type: {type_}", "  selector:",
                 f"    app: {self.app}", "  ports:", "  - protocol: TCP", f"    port: {port}",
                 f"    targetPort: {target_port}"]
        if node_port and type_ != "ClusterIP":
            lines.append(f"    nodePort: {node_port}")
        return "\n".join(lines) + "\n"

    def patch_ops(self, type_: str, port: int, target_port: int | str, node_port: int | None) -> list[dict]:
        """The JSON patch that gives the Service these settings.  Switching to ClusterIP
        needs no "remove nodePort": the API server drops a nodePort the type no longer
        needs (as Kubernetes' Service strategy does)."""
        ops = [{"op": "replace", "path": "/spec/type", "value": type_},
               {"op": "replace", "path": "/spec/ports/0/port", "value": int(port)},
               {"op": "replace", "path": "/spec/ports/0/targetPort", "value": target_port}]
        if node_port and type_ != "ClusterIP":
            ops.append({"op": "add", "path": "/spec/ports/0/nodePort", "value": int(node_port)})
        return ops

    def configure(self, type_: str = "NodePort", port: int = 80, target_port: int | str = 8080,
                  node_port: int | None = None) -> Result:
        """Give the Service these settings: patch it when it exists, create it otherwise."""
        if self._service() is not None:
            ops = json.dumps(self.patch_ops(type_, port, target_port, node_port), separators=(",", ":"))
            return self.kubectl(f"patch service {self.service} -n {self.namespace} --type=json -p '{ops}'")
        return self.kubectl("apply -f -", stdin=self.manifest(type_, port, target_port, node_port))

    def settings(self) -> dict:
        """The Service's type, port, targetPort and nodePort as the API holds them."""
        svc = self._service()
        if svc is None:
            return {}
        sp = (svc["spec"].get("ports") or [{}])[0]
        return {"type": svc["spec"].get("type", "ClusterIP"), "port": sp.get("port"),
                "targetPort": sp.get("targetPort"), "nodePort": sp.get("nodePort")}

    def url(self, source: str) -> str:
        """Where a client at ``source`` sends the request: from outside the node IP and
        nodePort (or, for a ClusterIP Service, its ClusterIP, which is not reachable from
        there); from a node the ClusterIP (a node has no cluster DNS); from a pod the name."""
        svc = self._service()
        sp = (svc["spec"].get("ports") or [{}])[0]
        if source == "outside":
            if sp.get("nodePort"):
                ip = node_ip(self.cluster.api.list("nodes")[0])      # the first node, by name
                return f"http://{ip}:{sp['nodePort']}/"
            return f"http://{svc['spec'].get('clusterIP')}:{sp.get('port')}/"
        if source.startswith("node "):
            return f"http://{svc['spec'].get('clusterIP')}:{sp.get('port')}/"
        return f"http://{self.service}:{sp.get('port')}/"

    def fire(self, source: str = "outside") -> Path:
        """Send one request from ``source``: "outside", "node NAME" or a pod's name.
        Endpoints are taken in turn, request after request, for the derived path."""
        node = source[len("node "):] if source.startswith("node ") else None
        if node is None:
            self.path = route(self.cluster, self.service, self.namespace, source, attempt=self.requests)
        self.requests += 1
        self.response = None
        if self.can_curl and self._service() is not None:
            url = self.url(source)
            try:
                if node is not None:
                    self.response = self.cluster.curl(url, from_node=node)
                else:
                    self.response = self.cluster.curl(url, from_pod=None if source == "outside" else source,
                                                      namespace=self.namespace)
            except Exception as e:        # the explorer shows the failure, it does not crash
                self.response = e
        if self.response is not None and not isinstance(self.response, Exception):
            self.path = self._path_of_response(source)      # the path the request really took
        elif node is not None:
            self.path = self._path_of_response(source)
        self.refresh(force=True)
        return self.path

    def report(self) -> str:
        """The last request in a few lines: where it went, who answered, each hop."""
        r = self.response
        if r is None or isinstance(r, Exception):
            return self.result_text
        head = translate(f"HTTP {r.status} from pod {r.pod}" if r.status else f"no answer: {r.error}")
        return f"$ curl {r.url}\n{head}\n{r.explain()}"

    def _path_of_response(self, source: str) -> Path:
        """The path a real request took (a node's requests are not derived: they are sent)."""
        r = self.response
        if r is None or isinstance(r, Exception):
            return Path(hops=[{"kind": "client", "name": source}], ok=False, reason=str(r or "no Service"))
        kinds = {"client": "client", "node": "node", "service": "service", "pod": "pod", "container": "container"}
        notes = {"node": "nodePort", "service": "port", "pod": "targetPort"}     # which number each hop uses
        hops = [{"kind": kinds[h.kind], "name": h.name, "port": h.port}
                | ({"note": notes[h.kind]} if h.kind in notes and h.port is not None else {})
                for h in r.hops if h.kind in kinds]
        p = Path(hops=hops, ok=bool(r.status))
        if not r.status:
            p.reason = f"{r.error}: {r.trace[-1]}" if r.trace else r.error      # the trace is in the learner's language
            p.hops.append({"kind": "error", "name": r.error, "note": r.error})
        return p

    def sources(self) -> list[str]:
        return (["outside"] + [f"node {n['metadata']['name']}" for n in self.cluster.api.list("nodes", copy=False)]
                + [p["metadata"]["name"] for p in self.cluster.api.list("pods", self.namespace, copy=False)])

    @property
    def result_text(self) -> str:
        if self.path is None:
            return translate("(no request yet)")
        text = self.path.text()
        if self.response is not None:
            r = self.response
            if isinstance(r, Exception):          # curl refused the request itself (a bad URL)
                text += f"\n\ncluster.curl: {r}"
            else:
                head = translate(f"HTTP {r.status} from pod {r.pod}" if r.status else f"no answer: {r.error}")
                text += f"\n\n$ curl {r.url}\n{head}\n{r.explain()}\n\n{r.curl_output()[:600]}"
        elif not self.can_curl:
            text += "\n\n" + translate("(path derived from the Service, its endpoints and the pods' programs)")
        return text

    def render(self) -> None:
        self.service_text = self.query(f"get service {self.service} -n {self.namespace} -o wide") \
            if self._service() else translate("(no service yet)") + "\n"
        if self.path is not None:
            self.png = to_png(draw_path(self.path.hops, translate("one request")))
        w = self.w
        if list(w["source"].options) != self.sources():
            keep = w["source"].value
            w["source"].options = self.sources()
            w["source"].value = keep if keep in w["source"].options else "outside"
        w["svc"].value = pre(self.service_text)
        w["result"].value = pre(self.result_text)
        w["output"].value = pre(self.last_output, "160px")
        if self.png and w["image"].value != self.png:
            w["image"].value = self.png
            w["image"].width = str(css_width(self.png))     # a 2x picture shown at its size, sharp

    def _build(self) -> dict:
        import ipywidgets as W
        now = self.settings()
        w: dict = {}
        w["type"] = W.Dropdown(options=TYPES, value=now.get("type", "NodePort") if now.get("type") in TYPES else "NodePort",
                               description="type")
        w["port"] = W.BoundedIntText(value=now.get("port") or 80, min=1, max=65535, description="port")
        w["target"] = W.Text(value=str(now.get("targetPort") or 8080), description="targetPort")
        w["node_port"] = W.BoundedIntText(value=now.get("nodePort") or (0 if now else 30080), min=0, max=32767,
                                          description="nodePort", tooltip="0: let the cluster choose (30000-32767)")
        w["apply"] = W.Button(description="apply service")
        w["setup"] = W.Button(description=f"create deployment {self.app}")
        w["source"] = W.Dropdown(options=["outside"], description="from")
        w["fire"] = W.Button(description="send request", button_style="primary")
        w["svc"], w["result"], w["output"] = W.HTML(), W.HTML(), W.HTML()
        w["image"] = W.Image(format="png")
        for key in w:                          # stable handles for the browser test
            w[key].add_class(f"kubelab-traffic-{key.replace('_', '-')}")

        def target() -> int | str:
            v = w["target"].value.strip()
            return int(v) if v.isdigit() else v
        w["apply"].on_click(lambda _: self.configure(w["type"].value, w["port"].value, target(), w["node_port"].value or None))
        w["setup"].on_click(lambda _: self.setup())
        w["fire"].on_click(lambda _: self.fire(w["source"].value))
        top = [] if self.own_service else [w["setup"]]
        form = W.VBox(top + [w["type"], w["port"], w["target"], w["node_port"], w["apply"],
                             W.HBox([w["source"], w["fire"]])])
        # Stacked: side by side, the wide result text covered the form's controls.
        self.widget = W.VBox([form, w["svc"], w["result"], w["image"], w["output"]])
        return w


def node_ip(node: dict) -> str:
    """The node's InternalIP, as its status lists it."""
    return next((a["address"] for a in (node.get("status") or {}).get("addresses") or []
                 if a.get("type") == "InternalIP"), "")
