"""kubectl describe, checked against real kubectl output and describe.go (v0.32.4).

Where the expected text is a real terminal transcript, the comment says where it was
published; otherwise it is composed line by line from describe.go's format strings.
"""
from kubelab.clock import Clock, parse_timestamp
from kubelab.kubectl.printers.describe import Related, describe, rfc1123z

CLOCK = Clock()


def ts(t):
    return CLOCK.timestamp(t)


# A real `kubectl describe deployments.apps` transcript (kubectl >= 1.30: the pod template
# lists Node-Selectors and Tolerations), published in a public GitHub lab write-up.
REAL_DEPLOYMENT = """\
Name:                   nginx-deployment
Namespace:              default
CreationTimestamp:      Mon, 25 May 2026 15:23:11 +0000
Labels:                 <none>
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=nginx
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx-container:
    Image:         nginx:latest
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   nginx-deployment-6586c5b5fb (3/3 replicas created)
Events:
  Type    Reason             Age    From                   Message
  ----    ------             ----   ----                   -------
  Normal  ScalingReplicaSet  3m59s  deployment-controller  Scaled up replica set nginx-deployment-6586c5b5fb from 0 to 3
"""

# The same transcript's `kubectl describe svc` for the NodePort service.
REAL_SERVICE = """\
Name:                     nginx-service
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=nginx
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.43.240.40
IPs:                      10.43.240.40
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
NodePort:                 <unset>  30011/TCP
Endpoints:                10.22.0.9:80,10.22.0.10:80,10.22.0.11:80
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
"""


def event(reason, message, first, last=None, count=1, component="deployment-controller", etype="Normal"):
    return {"kind": "Event", "type": etype, "reason": reason, "message": message,
            "firstTimestamp": ts(first), "lastTimestamp": ts(last if last is not None else first),
            "count": count, "source": {"component": component}}


def test_deployment_matches_a_real_transcript():
    created = parse_timestamp("2026-05-25T15:23:11Z")
    now = created + 300
    d = {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "nginx-deployment", "namespace": "default",
                      "creationTimestamp": "2026-05-25T15:23:11Z",
                      "annotations": {"deployment.kubernetes.io/revision": "1",
                                      "kubectl.kubernetes.io/last-applied-configuration": "{}\n"}},
         "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}},
                  "strategy": {"type": "RollingUpdate",
                               "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                  "template": {"metadata": {"labels": {"app": "nginx"}},
                               "spec": {"containers": [{"name": "nginx-container", "image": "nginx:latest",
                                                        "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}}},
         "status": {"replicas": 3, "updatedReplicas": 3, "availableReplicas": 3, "readyReplicas": 3,
                    "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                                   {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]}}
    new_rs = {"metadata": {"name": "nginx-deployment-6586c5b5fb"}, "spec": {"replicas": 3}, "status": {"replicas": 3}}
    ev = event("ScalingReplicaSet", "Scaled up replica set nginx-deployment-6586c5b5fb from 0 to 3", now - 239)
    text = describe(d, events=[ev], now=now, related=Related(replica_sets=lambda obj: ([], new_rs)))
    assert text == REAL_DEPLOYMENT


def test_service_matches_a_real_transcript():
    svc = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": "nginx-service", "namespace": "default"},
           "spec": {"type": "NodePort", "selector": {"app": "nginx"}, "clusterIP": "10.43.240.40",
                    "clusterIPs": ["10.43.240.40"], "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                    "ports": [{"port": 80, "targetPort": 80, "nodePort": 30011, "protocol": "TCP"}],
                    "sessionAffinity": "None", "externalTrafficPolicy": "Cluster",
                    "internalTrafficPolicy": "Cluster"}}
    eps = {"kind": "EndpointSlice", "addressType": "IPv4",
           "ports": [{"name": "", "port": 80, "protocol": "TCP"}],
           "endpoints": [{"addresses": [ip], "conditions": {"ready": True}}
                         for ip in ("10.22.0.9", "10.22.0.10", "10.22.0.11")]}
    assert describe(svc, events=[], now=0, related=Related(endpoint_slices=lambda s: [eps])) == REAL_SERVICE


def test_events_age_shows_repeats_as_x_count_over_first_seen():
    # DescribeEvents: "%s (x%d over %s)" with lastTimestamp age, count, firstTimestamp age.
    cm = {"kind": "ConfigMap", "metadata": {"name": "c", "namespace": "default"}}
    evs = [event("BackOff", "Back-off restarting failed container", 10, 270, count=3, component="kubelet",
                 etype="Warning"),
           event("Pulled", "Successfully pulled image", 5)]
    text = describe(cm, events=evs, now=300)
    lines = text.splitlines()
    start = lines.index("Events:")
    assert lines[start + 1].split() == ["Type", "Reason", "Age", "From", "Message"]
    assert "30s (x3 over 4m50s)" in lines[start + 4]
    assert lines[start + 3].startswith("  Normal   Pulled   4m55s")   # sorted by lastTimestamp


def test_configmap_prints_each_key_with_dashes_then_binary_data():
    # describe.go ConfigMapDescriber: "%s:\n----\n", value, blank line; then BinaryData.
    cm = {"kind": "ConfigMap", "metadata": {"name": "game-config", "namespace": "default",
                                            "labels": {"b": "2", "a": "1"}},
          "data": {"ui.properties": "color.good=purple\nhow.nice.to.look=fairlyNice\n"}}
    assert describe(cm, events=[], now=0) == (
        "Name:         game-config\n"
        "Namespace:    default\n"
        "Labels:       a=1\n"
        "              b=2\n"
        "Annotations:  <none>\n"
        "\n"
        "Data\n"
        "====\n"
        "ui.properties:\n"
        "----\n"
        "color.good=purple\n"
        "how.nice.to.look=fairlyNice\n"
        "\n"
        "\n"
        "\n"
        "BinaryData\n"
        "====\n"
        "\n"
        "Events:  <none>\n"
    )


def test_secret_shows_sizes_never_values():
    # Layout as in the kubernetes.io "Managing Secrets using kubectl" page:
    #   Type:  Opaque / Data / ==== / password:  12 bytes / username:  5 bytes
    s = {"kind": "Secret", "type": "Opaque", "metadata": {"name": "db-user-pass", "namespace": "default"},
         "data": {"username": "YWRtaW4=", "password": "UyFCXCpkJHpEc2I9"}}
    assert describe(s, events=[], now=0) == (
        "Name:         db-user-pass\n"
        "Namespace:    default\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "\n"
        "Type:  Opaque\n"
        "\n"
        "Data\n"
        "====\n"
        "password:  12 bytes\n"
        "username:  5 bytes\n"
    )


def test_namespace_reports_no_quota_and_no_limit_range():
    ns = {"kind": "Namespace", "metadata": {"name": "default",
                                            "labels": {"kubernetes.io/metadata.name": "default"}},
          "status": {"phase": "Active"}}
    assert describe(ns, now=0) == (
        "Name:         default\n"
        "Labels:       kubernetes.io/metadata.name=default\n"
        "Annotations:  <none>\n"
        "Status:       Active\n"
        "\n"
        "No resource quota.\n"
        "\n"
        "No LimitRange resource.\n"
    )


def test_pod_describe_follows_describe_pod_field_order():
    # Composed from describePod/describeContainers/describeVolumes in describe.go v0.32.4.
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "hello-node-7b87cd5f68-zwd4g", "namespace": "default",
                        "labels": {"app": "hello-node", "pod-template-hash": "7b87cd5f68"},
                        "ownerReferences": [{"kind": "ReplicaSet", "name": "hello-node-7b87cd5f68",
                                             "controller": True}]},
           "spec": {"nodeName": "minikube", "serviceAccountName": "default", "priority": 0,
                    "containers": [{"name": "echoserver", "image": "k8s.gcr.io/echoserver:1.4",
                                    "volumeMounts": [{"name": "kube-api-access-x", "readOnly": True,
                                                      "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]}],
                    "volumes": [{"name": "kube-api-access-x", "projected": {"sources": [
                        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                        {"configMap": {"name": "kube-root-ca.crt"}},
                        {"downwardAPI": {}}]}}],
                    "tolerations": [
                        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                         "tolerationSeconds": 300},
                        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                         "tolerationSeconds": 300}]},
           "status": {"phase": "Running", "hostIP": "192.168.49.2", "podIP": "10.244.0.3",
                      "podIPs": [{"ip": "10.244.0.3"}], "startTime": ts(0), "qosClass": "BestEffort",
                      "conditions": [{"type": "Initialized", "status": "True"},
                                     {"type": "Ready", "status": "True"}],
                      "containerStatuses": [{"name": "echoserver", "ready": True, "restartCount": 0,
                                             "containerID": "docker://abc", "imageID": "docker-pullable://e",
                                             "state": {"running": {"startedAt": ts(3)}}}]}}
    assert describe(pod, events=[], now=60) == (
        "Name:             hello-node-7b87cd5f68-zwd4g\n"
        "Namespace:        default\n"
        "Priority:         0\n"
        "Service Account:  default\n"
        "Node:             minikube/192.168.49.2\n"
        "Start Time:       Mon, 06 Jan 2025 09:00:00 +0000\n"
        "Labels:           app=hello-node\n"
        "                  pod-template-hash=7b87cd5f68\n"
        "Annotations:      <none>\n"
        "Status:           Running\n"
        "IP:               10.244.0.3\n"
        "IPs:\n"
        "  IP:           10.244.0.3\n"
        "Controlled By:  ReplicaSet/hello-node-7b87cd5f68\n"
        "Containers:\n"
        "  echoserver:\n"
        "    Container ID:   docker://abc\n"
        "    Image:          k8s.gcr.io/echoserver:1.4\n"
        "    Image ID:       docker-pullable://e\n"
        "    Port:           <none>\n"
        "    Host Port:      <none>\n"
        "    State:          Running\n"
        "      Started:      Mon, 06 Jan 2025 09:00:03 +0000\n"
        "    Ready:          True\n"
        "    Restart Count:  0\n"
        "    Environment:    <none>\n"
        "    Mounts:\n"
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x (ro)\n"
        "Conditions:\n"
        "  Type          Status\n"
        "  Initialized   True \n"
        "  Ready         True \n"
        "Volumes:\n"
        "  kube-api-access-x:\n"
        "    Type:                    Projected (a volume that contains injected data from multiple sources)\n"
        "    TokenExpirationSeconds:  3607\n"
        "    ConfigMapName:           kube-root-ca.crt\n"
        "    ConfigMapOptional:       <nil>\n"
        "    DownwardAPI:             true\n"
        "QoS Class:                   BestEffort\n"
        "Node-Selectors:              <none>\n"
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
        "Events:                      <none>\n"
    )


def test_replicaset_counts_its_pods_by_phase():
    rs = {"kind": "ReplicaSet",
          "metadata": {"name": "web-5d4f", "namespace": "default", "labels": {"app": "web"},
                       "ownerReferences": [{"kind": "Deployment", "name": "web", "controller": True}]},
          "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                   "template": {"metadata": {"labels": {"app": "web"}},
                                "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}},
          "status": {"replicas": 2}}
    pods = [{"status": {"phase": "Running"}}, {"status": {"phase": "Pending"}}]
    text = describe(rs, events=[], now=0, related=Related(pods=lambda o: pods))
    assert text.splitlines()[:7] == [
        "Name:           web-5d4f",
        "Namespace:      default",
        "Selector:       app=web",
        "Labels:         app=web",
        "Annotations:    <none>",
        "Controlled By:  Deployment/web",
        "Replicas:       2 current / 2 desired",
    ]
    assert "Pods Status:    1 Running / 1 Waiting / 0 Succeeded / 0 Failed" in text


def test_rfc1123z_is_gos_layout():
    assert rfc1123z("2025-01-06T09:00:00Z") == "Mon, 06 Jan 2025 09:00:00 +0000"


def test_deployment_lists_old_replicasets_scaled_to_zero_oldest_first():
    """describe.go's DeploymentDescriber takes the *second* result of
    GetAllReplicaSetsInChunks (FindOldReplicaSets' allRSs, those scaled to zero too), sorted
    by creation (findNewReplicaSet sorts the list), and prints each with
    printReplicaSetsByLabels' "%s (%d/%d replicas created)", joined by ", "."""
    from kubelab import Cluster
    c = Cluster()
    c.kubectl("create deployment web --image=nginx:1.25 --replicas=2")
    c.settle()
    first = c.kubectl("get rs -o name").stdout.split()[0].split("/")[1]
    c.kubectl("set image deployment/web nginx=nginx:1.26")
    c.settle()
    second = [n.split("/")[1] for n in c.kubectl("get rs -o name").stdout.split()
              if n.split("/")[1] != first][0]
    c.kubectl("set image deployment/web nginx=nginx:1.27")
    c.settle()
    new = [n.split("/")[1] for n in c.kubectl("get rs -o name").stdout.split()
           if n.split("/")[1] not in (first, second)][0]
    out = c.kubectl("describe deployment web").stdout
    assert (f"OldReplicaSets:  {first} (0/0 replicas created), {second} (0/0 replicas created)\n"
            f"NewReplicaSet:   {new} (2/2 replicas created)\n") in out
