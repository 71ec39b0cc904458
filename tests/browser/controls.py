"""What the browser test does with the live controls of each chapter, as a person would:
choose in dropdowns, type in text fields, press buttons, then read the control to check the
result is on the screen.  Each step names a control by the CSS class the kit gives it
(``kubelab-<control>-<part>``, kubelab/ui); lab.py plays the steps after Run All.

Steps:

- ``("select", part, label)``: choose ``label`` in a dropdown (``label`` ending in ``*``:
  the first option starting with the rest);
- ``("fill", part, text)``: type ``text`` into a text or number field (then leave it, as
  a person tabbing on does, so number fields send their value);
- ``("click", part)``: press a button;
- ``("expect", part, text)`` / ``("expect_not", part, text)``: within a few seconds the
  control's text shows ``text`` (or stops showing it).

>>> all(step[0] in KINDS for steps in CHAPTERS.values() for step in steps)
True
"""
from __future__ import annotations

KINDS = ("select", "fill", "click", "expect", "expect_not")

CHAPTERS: dict[str, list[tuple]] = {
    # %kubelab watch drew the cluster, then `%kubelab watch stop` froze it
    "00-start-here": [
        ("expect", "kubelab-watch-status", "stopped at simulated time"),
    ],
    # delete a pod, watch it come back
    "03-deployments": [
        ("select", "kubelab-dash-pod", "hello-node-*"),
        ("click", "kubelab-dash-delete-pod"),
        ("expect", "kubelab-dash-output", "deleted"),
        ("click", "kubelab-dash-settle"),
        ("expect", "kubelab-dash-table", "1/1     Running"),
    ],
    # scale, set image, roll back while the timeline draws
    "05-scaling-and-rolling-updates": [
        ("select", "kubelab-dash-deployment", "kubernetes-bootcamp"),
        ("fill", "kubelab-dash-replicas", "5"),
        ("click", "kubelab-dash-scale"),
        ("expect", "kubelab-dash-output", "deployment.apps/kubernetes-bootcamp scaled"),
        ("click", "kubelab-dash-settle"),
        ("fill", "kubelab-dash-image-name", "gcr.io/google-samples/kubernetes-bootcamp:v1"),
        ("click", "kubelab-dash-set-image"),
        ("expect", "kubelab-dash-output", "image updated"),
        ("click", "kubelab-dash-step1"),
        ("click", "kubelab-dash-step10"),
        ("click", "kubelab-dash-undo"),
        ("expect", "kubelab-dash-output", "rolled back"),
        ("click", "kubelab-dash-settle"),
        ("expect", "kubelab-dash-rollout", "deployment kubernetes-bootcamp"),
    ],
    # a wrong targetPort is refused at the pod; requests from outside, a node and a pod
    "04-services": [
        ("select", "kubelab-traffic-source", "outside"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "HTTP 200 from pod hello-node"),
        ("fill", "kubelab-traffic-target", "9376"),
        ("click", "kubelab-traffic-apply"),
        ("expect", "kubelab-traffic-output", "service/hello-node patched"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "no process listening on port 9376"),
        ("fill", "kubelab-traffic-target", "8080"),
        ("click", "kubelab-traffic-apply"),
        ("select", "kubelab-traffic-source", "node minikube"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "Node minikube (192.168.49.2) opens a connection"),
        ("expect", "kubelab-traffic-result", "HTTP 200 from pod hello-node"),
        ("select", "kubelab-traffic-source", "client"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "Cluster DNS (CoreDNS) resolves"),
    ],
    "08-stateless-app": [
        ("select", "kubelab-traffic-source", "outside"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "HTTP 200 from pod hello-world"),
        ("select", "kubelab-traffic-source", "node minikube"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "Node minikube (192.168.49.2) opens a connection"),
        ("select", "kubelab-traffic-source", "hello-world-*"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "HTTP 200 from pod hello-world"),
    ],
    # type, port, targetPort, nodePort
    "11-ports": [
        ("select", "kubelab-traffic-type", "ClusterIP"),
        ("click", "kubelab-traffic-apply"),
        ("expect", "kubelab-traffic-svc", "ClusterIP"),
        ("select", "kubelab-traffic-source", "outside"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "Connection timed out"),
        ("select", "kubelab-traffic-source", "node minikube"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "HTTP 200 from pod web-"),
        ("select", "kubelab-traffic-type", "NodePort"),
        ("fill", "kubelab-traffic-port", "9090"),
        ("fill", "kubelab-traffic-node-port", "31999"),
        ("click", "kubelab-traffic-apply"),
        ("expect", "kubelab-traffic-output", '"value":9090'),
        ("expect", "kubelab-traffic-svc", "9090:31999/TCP"),
        ("select", "kubelab-traffic-source", "outside"),
        ("click", "kubelab-traffic-fire"),
        ("expect", "kubelab-traffic-result", "$ curl http://192.168.49.2:31999/"),
        ("expect", "kubelab-traffic-result", "HTTP 200 from pod web-"),
    ],
    # relabel a pod out of its ReplicaSet and Service
    "10-replicaset-deployment-service": [
        ("select", "kubelab-labels-pod", "web-*"),
        ("expect", "kubelab-labels-selected", "selected by: Deployment/web"),
        ("fill", "kubelab-labels-labels", "app=web-debug"),
        ("click", "kubelab-labels-apply"),
        ("expect", "kubelab-labels-output", "kubectl label pod web-"),
        ("click", "kubelab-labels-settle"),
        ("expect", "kubelab-labels-selected", "selected by: nothing"),
        ("expect", "kubelab-labels-selected", "owned by:    nobody"),
    ],
    # the sidecar writes, the main container reads
    "12-pods": [
        ("fill", "kubelab-sidecar-text", "typed in the browser"),
        ("click", "kubelab-sidecar-write"),
        ("expect", "kubelab-sidecar-output", "-c refresher -- sh -c"),
        ("click", "kubelab-sidecar-read"),
        ("expect", "kubelab-sidecar-reads", "nginx read: typed in the browser"),
        ("click", "kubelab-sidecar-step"),
        ("click", "kubelab-sidecar-read"),
        ("expect", "kubelab-sidecar-reads", "nginx read: updated at"),
    ],
    # a liveness probe that kills and restarts the container
    "13-pod-lifecycle": [
        ("select", "kubelab-probe-kind", "liveness"),
        ("fill", "kubelab-probe-healthy", "10"),
        ("click", "kubelab-probe-start"),
        ("expect", "kubelab-probe-output", "pod/probe-lab created"),
        ("click", "kubelab-probe-step30"),
        ("click", "kubelab-probe-step30"),
        ("expect", "kubelab-probe-probes", "Liveness probe failed"),
        ("expect", "kubelab-probe-timeline", "probe-lab"),
    ],
    # a volume, a claim that binds it, the claim deleted: Released
    "14-persistent-volumes": [
        ("fill", "kubelab-storage-pv-name", "browser-pv"),
        ("fill", "kubelab-storage-pvc-name", "browser-claim"),
        ("click", "kubelab-storage-create-pv"),
        ("expect", "kubelab-storage-output", "persistentvolume/browser-pv created"),
        ("click", "kubelab-storage-create-pvc"),
        ("click", "kubelab-storage-step"),
        ("expect", "kubelab-storage-phases", "browser-claim    Bound → browser-pv"),
        ("click", "kubelab-storage-del-pvc"),
        ("click", "kubelab-storage-step"),
        ("expect", "kubelab-storage-phases", "browser-pv       Released → browser-claim"),
    ],
}
