"""The graph builder against hand-checked expectations for the notes' scenarios."""
from __future__ import annotations

import kubelab
from kubelab.viz.graph import CLIENT, build_graph, edges_of, neighbourhood, selected_by

from .scenarios import REDIS, only, system_inventory


def test_hello_node_deployment_owns_its_replicaset_which_owns_the_pod_on_minikube():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.settle()
    g = build_graph(c)
    rs, pod = only(g, "ReplicaSet", "hello-node-"), only(g, "Pod", "hello-node-")
    assert edges_of(g, "owns") == {("Deployment/default/hello-node", rs), (rs, pod)}
    assert edges_of(g, "scheduled-on") == {(pod, "Node//minikube")}
    assert g.nodes[pod]["status"] == "Running" and g.nodes[pod]["ready"] is True
    assert g.nodes["Deployment/default/hello-node"]["status"] == "1/1"
    # no service yet: nothing selects or routes; kube-system and per-namespace extras stay out
    assert not edges_of(g, "selects") and not edges_of(g, "routes-to") and CLIENT not in g
    assert not any(d["namespace"] == "kube-system" for _, d in g.nodes(data=True))
    assert "ConfigMap/default/kube-root-ca.crt" not in g and "Service/default/kubernetes" not in g


def test_system_flag_shows_kube_system_and_the_objects_every_namespace_has():
    c = kubelab.Cluster()
    g = build_graph(c, system=True)
    assert any(d["namespace"] == "kube-system" and d["kind"] == "Pod" for _, d in g.nodes(data=True))
    assert "Service/default/kubernetes" in g


def test_nodeport_services_route_from_outside_and_to_ready_pods_with_their_ports():
    g = build_graph(system_inventory())
    svc = "Service/default/system-service"
    pod = only(g, "Pod", "system-deployment-")
    assert (CLIENT, svc) in edges_of(g, "routes-to")
    assert g.edges[CLIENT, svc]["ports"][0]["nodePort"] == 31000
    assert (svc, pod) in edges_of(g, "routes-to")
    ports = g.edges[svc, pod]["ports"][0]
    assert (ports["port"], ports["targetPort"], ports["nodePort"]) == (9080, 9080, 31000)
    assert selected_by(g, svc) == {pod}
    # each service reaches only its own app's pod
    assert (svc, only(g, "Pod", "inventory-deployment-")) not in g.edges


def test_a_selected_pod_that_is_not_ready_is_selected_but_not_routed_to():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    c.kubectl("create service clusterip web --tcp=80:80")
    g = build_graph(c)       # one second in: the pod is still being created
    pod = only(g, "Pod", "web-")
    assert g.nodes[pod]["ready"] is False
    assert ("Service/default/web", pod) in edges_of(g, "selects")
    assert ("Service/default/web", pod) not in edges_of(g, "routes-to")
    assert CLIENT not in g       # a ClusterIP service is not reachable from outside
    c.settle()
    g = build_graph(c)
    assert ("Service/default/web", pod) in edges_of(g, "routes-to")


def test_env_from_edges_carry_the_keys_each_variable_reads():
    g = build_graph(system_inventory())
    sys_pod, inv_pod = only(g, "Pod", "system-deployment-"), only(g, "Pod", "inventory-deployment-")
    cm, secret = "ConfigMap/default/sys-app-name", "Secret/default/sys-app-credentials"
    assert edges_of(g, "env-from") == {(sys_pod, cm), (inv_pod, secret)}
    assert g.edges[sys_pod, cm]["keys"] == ["APP_NAME=name"]
    assert g.edges[inv_pod, secret]["keys"] == ["SYSTEM_APP_USERNAME=username", "SYSTEM_APP_PASSWORD=password"]


def test_redis_pod_mounts_its_config_map_and_the_empty_dir_is_no_edge():
    c = kubelab.Cluster()
    assert c.kubectl("apply -f -", stdin=REDIS).ok
    c.settle()
    g = build_graph(c)
    assert edges_of(g, "mounts") == {("Pod/default/redis", "ConfigMap/default/example-redis-config")}
    e = g.edges["Pod/default/redis", "ConfigMap/default/example-redis-config"]
    assert (e["volume"], e["items"]) == ("config", ["redis-config"])


def test_filters_namespace_kind_selector_and_around():
    c = system_inventory()
    c.kubectl("create namespace other")
    c.kubectl("create deployment web --image=nginx -n other")
    c.settle()
    assert {d["namespace"] for _, d in build_graph(c, namespace="other").nodes(data=True)} <= {"other", ""}
    assert {d["kind"] for _, d in build_graph(c, kinds=["Pod", "Service"]).nodes(data=True)} == {"Pod", "Service"}
    g = build_graph(c, selector="app=system")
    names = {d["name"] for _, d in g.nodes(data=True) if d["namespace"]}
    assert "system-deployment" in names
    assert "system-service" not in names        # the notes' Service has no labels: -l drops it, as kubectl get -l does
    assert not any(d["name"].startswith("inventory") for _, d in g.nodes(data=True))
    around = build_graph(c, around="deployment/system-deployment")
    names = {d["name"] for _, d in around.nodes(data=True)}
    assert {"system-deployment", "system-service", "sys-app-name", "minikube", "outside"} <= names
    # the shared node and client are not walked through: other apps stay out
    assert not any(n.startswith("inventory") or n.startswith("web") for n in names)
    assert build_graph(c, around="deployment/nope").number_of_nodes() == 0


def test_neighbourhood_stops_at_the_outside_client_shared_by_two_services():
    g = build_graph(system_inventory())
    near = neighbourhood(g, "Service/default/inventory-service")
    assert CLIENT in near and "Node//minikube" in near
    assert "Service/default/system-service" not in near and "ConfigMap/default/sys-app-name" not in near


def test_claims_bind_volumes_and_classes_provision_only_what_they_made():
    c = kubelab.Cluster()
    api = c.api
    api.create({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast"},
                "provisioner": "k8s.io/minikube-hostpath"})
    for name, ann in (("pvc-dyn", {"pv.kubernetes.io/provisioned-by": "k8s.io/minikube-hostpath"}), ("static", {})):
        api.create({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": name, "annotations": ann},
                    "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                             "storageClassName": "fast", "hostPath": {"path": f"/data/{name}"}}})
    api.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data", "namespace": "default"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                         "storageClassName": "fast", "volumeName": "pvc-dyn"}})
    g = build_graph(c)
    assert edges_of(g, "binds") == {("PersistentVolumeClaim/default/data", "PersistentVolume//pvc-dyn")}
    assert edges_of(g, "provisions") == {("StorageClass//fast", "PersistentVolume//pvc-dyn")}


def test_endpoints_objects_decide_where_a_service_routes():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.settle()
    pods = [p["metadata"]["name"] for p in c.api.list("pods", "default")]
    c.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "manual", "namespace": "default"},
                  "spec": {"ports": [{"port": 80, "targetPort": 80}]}})
    c.api.create({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "manual", "namespace": "default"},
                  "subsets": [{"addresses": [{"ip": "10.244.0.9", "targetRef": {"kind": "Pod", "name": pods[0],
                                                                                 "namespace": "default"}}],
                               "ports": [{"port": 80}]}]})
    g = build_graph(c, kinds=["Pod", "Service", "Endpoints"])
    assert ("Service/default/manual", f"Pod/default/{pods[0]}") in edges_of(g, "routes-to")
    assert ("Service/default/manual", f"Pod/default/{pods[1]}") not in g.edges
    assert ("Service/default/manual", "Endpoints/default/manual") in edges_of(g, "tracks")
    assert ("Endpoints/default/manual", f"Pod/default/{pods[0]}") in edges_of(g, "routes-to")


def test_deleted_pod_shows_terminating():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    c.settle()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    c.pause = 0                  # look right after the command, before the kubelet finishes
    c.kubectl(f"delete pod {pod} --wait=false")
    c.run(0)                     # the controllers react within the same instant
    g = build_graph(c)
    assert g.nodes[f"Pod/default/{pod}"]["status"] == "Terminating"
    assert len([n for n, d in g.nodes(data=True) if d["kind"] == "Pod"]) == 2   # the replacement is there too
