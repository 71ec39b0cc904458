"""kubectl get tables: layout from cli-runtime's tabwriter settings, cells from printers.go v1.32."""
from kubelab.clock import Clock
from kubelab.kubectl.printers import age, human_duration, no_resources_found, print_table, print_tables
from kubelab.kubectl.printers.table import tabwrite

CLOCK = Clock()


def ts(t: float) -> str:
    return CLOCK.timestamp(t)


def svc(name, stype, cluster_ip, ports, created, selector=None):
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": "default", "creationTimestamp": ts(created)},
            "spec": {"type": stype, "clusterIP": cluster_ip, "clusterIPs": [cluster_ip],
                     "ports": ports, **({"selector": selector} if selector else {})},
            "status": {"loadBalancer": {}}}


# --------------------------------------------------------------- HumanDuration

def test_human_duration_thresholds_follow_apimachinery():
    # k8s.io/apimachinery/pkg/util/duration/duration.go (v0.32.4), case by case.
    cases = {-5: "<invalid>", -1: "0s", 0: "0s", 59: "59s", 119: "119s", 120: "2m", 125: "2m5s",
             599: "9m59s", 600: "10m", 179 * 60 + 59: "179m", 3 * 3600: "3h", 3 * 3600 + 60: "3h1m",
             8 * 3600: "8h", 47 * 3600: "47h", 48 * 3600: "2d", 4 * 86400 + 5 * 3600: "4d5h",
             8 * 86400: "8d", 729 * 86400: "729d", 730 * 86400: "2y", 731 * 86400: "2y1d",
             8 * 365 * 86400: "8y"}
    for seconds, text in cases.items():
        assert human_duration(seconds) == text, seconds


def test_age_reads_rfc3339_against_simulated_now():
    assert age(ts(10), 75.0) == "65s"
    assert age(None, 75.0) == "<unknown>"


# --------------------------------------------------------------- tabwriter

def test_tabwriter_pads_columns_by_three_with_minimum_six_and_leaves_last_cell_alone():
    assert tabwrite([["A", "B", "C"], ["1", "22", "333"]]) == "A     B     C\n1     22    333\n"
    assert tabwrite([["NAME", "X"], ["a-very-long-name", ""]]) == "NAME               X\na-very-long-name   \n"


def test_services_table_matches_hello_minikube_tutorial():
    # kubernetes.io/docs/tutorials/hello-minikube ("kubectl get services" output), ages chosen
    # so that the simulated clock gives the same "21s" and "23m" the page shows.
    now = 23 * 60 + 5
    objs = [svc("hello-node", "LoadBalancer", "10.108.144.78",
                [{"port": 8080, "nodePort": 30369, "protocol": "TCP", "targetPort": 8080}], now - 21,
                {"app": "hello-node"}),
            svc("kubernetes", "ClusterIP", "10.96.0.1", [{"port": 443, "protocol": "TCP"}], 5)]
    assert print_table(objs, kind="Service", now=now) == (
        "NAME         TYPE           CLUSTER-IP      EXTERNAL-IP   PORT(S)          AGE\n"
        "hello-node   LoadBalancer   10.108.144.78   <pending>     8080:30369/TCP   21s\n"
        "kubernetes   ClusterIP      10.96.0.1       <none>        443/TCP          23m\n"
    )
    wide = print_table(objs, kind="Service", now=now, wide=True).splitlines()
    assert wide[0].endswith("AGE   SELECTOR") and wide[1].endswith("app=hello-node")
    assert wide[2].endswith("<none>")


def deployment(name, replicas, ready, created):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": "default", "creationTimestamp": ts(created),
                         "labels": {"app": name}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2"}]}}},
            "status": {"replicas": replicas, "readyReplicas": ready, "updatedReplicas": replicas,
                       "availableReplicas": ready}}


def test_deployment_table_matches_deployments_concept_page():
    # kubernetes.io/docs/concepts/workloads/controllers/deployment ("kubectl get deployments")
    objs = [deployment("nginx-deployment", 3, 3, 0)]
    assert print_table(objs, kind="Deployment", now=18) == (
        "NAME               READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "nginx-deployment   3/3     3            3           18s\n"
    )
    wide = print_table(objs, kind="Deployment", now=18, wide=True).splitlines()
    assert wide[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS",
                               "IMAGES", "SELECTOR"]
    assert wide[1].split()[-3:] == ["nginx", "nginx:1.14.2", "app=nginx-deployment"]


def test_namespace_and_kind_prefix_and_labels_decorate_the_table():
    objs = [deployment("web", 1, 0, 0)]
    text = print_table(objs, kind="Deployment", now=5, with_namespace=True, with_kind=True,
                       show_labels=True, label_columns=["app.kubernetes.io/app", "app"])
    assert text == (
        "NAMESPACE   NAME                  READY   UP-TO-DATE   AVAILABLE   AGE   APP   APP   LABELS\n"
        "default     deployment.apps/web   0/1     1            0           5s          web   app=web\n"
    )


def test_no_headers_and_empty_results():
    objs = [deployment("web", 1, 1, 0)]
    assert print_table(objs, kind="Deployment", now=5, no_headers=True) == "web   1/1   1     1     5s\n"
    assert print_table([], kind="Deployment") == ""
    # kubectl get.go writes these to stderr.
    assert no_resources_found("default") == "No resources found in default namespace.\n"
    assert no_resources_found(all_namespaces=True) == "No resources found\n"


def test_get_all_prints_one_table_per_kind_separated_by_a_blank_line():
    text = print_tables([("Deployment", [deployment("web", 1, 1, 0)]), ("Job", []),
                         ("Service", [svc("web", "ClusterIP", "10.96.0.9", [{"port": 80, "protocol": "TCP"}], 0)])],
                        now=5, with_kind=True)
    assert text == (
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "deployment.apps/web   1/1     1            1           5s\n"
        "\n"
        "NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "service/web   ClusterIP   10.96.0.9    <none>        80/TCP    5s\n"
    )


# --------------------------------------------------------------- pod STATUS (printPod)

def pod(statuses, *, phase="Running", init=None, init_statuses=None, deleting=False, conditions=None):
    p = {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "p", "namespace": "default", "creationTimestamp": ts(0)},
         "spec": {"containers": [{"name": s["name"]} for s in statuses] or [{"name": "c"}],
                  "nodeName": "minikube"},
         "status": {"phase": phase, "containerStatuses": statuses, "podIPs": [{"ip": "10.244.0.5"}],
                    "conditions": conditions or []}}
    if init:
        p["spec"]["initContainers"] = init
        p["status"]["initContainerStatuses"] = init_statuses or []
    if deleting:
        p["metadata"]["deletionTimestamp"] = ts(50)
    return p


def running(name="c", restarts=0, ready=True, finished=None):
    s = {"name": name, "ready": ready, "restartCount": restarts, "state": {"running": {"startedAt": ts(1)}}}
    if finished is not None:
        s["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": ts(finished)}}
    return s


def cells(p, now=100):
    return print_table([p], kind="Pod", now=now, no_headers=True).split()


def test_pod_status_running_with_restarts_shows_when_it_last_restarted():
    # printPod: "%d (%s ago)" from the newest lastState.terminated.finishedAt.
    assert cells(pod([running(restarts=3, finished=95)])) == ["p", "1/1", "Running", "3", "(5s", "ago)", "100s"]


def test_pod_status_crashloop_and_waiting_reasons_win_over_phase():
    s = {"name": "c", "ready": False, "restartCount": 4,
         "state": {"waiting": {"reason": "CrashLoopBackOff"}},
         "lastState": {"terminated": {"exitCode": 1, "finishedAt": ts(40)}}}
    assert cells(pod([s]))[:4] == ["p", "0/1", "CrashLoopBackOff", "4"]
    s = {"name": "c", "ready": False, "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}
    assert cells(pod([s], phase="Pending"))[:4] == ["p", "0/1", "ContainerCreating", "0"]


def test_pod_status_completed_and_exit_codes():
    done = {"name": "c", "ready": False, "restartCount": 0,
            "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}
    assert cells(pod([done], phase="Succeeded"))[2] == "Completed"
    bare = {"name": "c", "ready": False, "restartCount": 0, "state": {"terminated": {"exitCode": 3}}}
    assert cells(pod([bare], phase="Failed"))[2] == "ExitCode:3"
    # A finished sidecar-less container next to a running one: Completed turns back to Running
    # when the pod is Ready, NotReady otherwise.
    both = [running("a"), dict(done, name="b")]
    assert cells(pod(both, conditions=[{"type": "Ready", "status": "True"}]))[2] == "Running"
    assert cells(pod(both))[2] == "NotReady"


def test_pod_status_init_containers():
    init = [{"name": "i1"}, {"name": "i2"}]
    done = {"name": "i1", "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}
    busy = {"name": "i2", "restartCount": 0, "state": {"running": {}}}
    waiting = {"name": "c", "ready": False, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}
    assert cells(pod([waiting], phase="Pending", init=init, init_statuses=[done, busy]))[2] == "Init:1/2"
    crash = {"name": "i2", "restartCount": 2, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}
    assert cells(pod([waiting], phase="Pending", init=init, init_statuses=[done, crash]))[2:4] == \
        ["Init:CrashLoopBackOff", "2"]
    failed = {"name": "i1", "restartCount": 0, "state": {"terminated": {"exitCode": 137, "signal": 9}}}
    assert cells(pod([waiting], phase="Pending", init=init, init_statuses=[failed]))[2] == "Init:Signal:9"


def test_pod_status_terminating_and_wide_columns():
    p = pod([running()], deleting=True)
    assert cells(p)[2] == "Terminating"
    text = print_table([p], kind="Pod", now=100, wide=True)
    assert text == (
        "NAME   READY   STATUS        RESTARTS   AGE    IP           NODE       NOMINATED NODE   READINESS GATES\n"
        "p      1/1     Terminating   0          100s   10.244.0.5   minikube   <none>           <none>\n"
    )


# --------------------------------------------------------------- other kinds

def test_job_columns_are_status_completions_duration_age():
    job = {"apiVersion": "batch/v1", "kind": "Job",
           "metadata": {"name": "pi", "creationTimestamp": ts(0)},
           "spec": {"completions": 1, "template": {"spec": {"containers": [{"name": "pi", "image": "perl"}]}}},
           "status": {"succeeded": 1, "startTime": ts(0), "completionTime": ts(9),
                      "conditions": [{"type": "Complete", "status": "True"}]}}
    assert print_table([job], kind="Job", now=65) == (
        "NAME   STATUS     COMPLETIONS   DURATION   AGE\n"
        "pi     Complete   1/1           9s         65s\n"
    )


def test_events_table_has_last_seen_first_and_object_column():
    ev = {"apiVersion": "v1", "kind": "Event",
          "metadata": {"name": "web.1", "namespace": "default", "creationTimestamp": ts(3)},
          "involvedObject": {"kind": "Pod", "name": "web", "fieldPath": "spec.containers{c}"},
          "reason": "Pulled", "message": "Successfully pulled image", "type": "Normal",
          "firstTimestamp": ts(3), "lastTimestamp": ts(3), "count": 1,
          "source": {"component": "kubelet", "host": "minikube"}}
    assert print_table([ev], kind="Event", now=10) == (
        "LAST SEEN   TYPE     REASON   OBJECT    MESSAGE\n"
        "7s          Normal   Pulled   pod/web   Successfully pulled image\n"
    )
    wide = print_table([ev], kind="Event", now=10, wide=True).splitlines()[0].split("   ")
    assert [c.strip() for c in wide if c.strip()] == ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT",
                                                    "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]


def test_node_configmap_secret_and_default_storage_class():
    node = {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": "minikube", "creationTimestamp": ts(0),
                         "labels": {"node-role.kubernetes.io/control-plane": ""}},
            "status": {"conditions": [{"type": "Ready", "status": "True"}],
                       "nodeInfo": {"kubeletVersion": "v1.32.0"}}}
    assert print_table([node], kind="Node", now=600) == (
        "NAME       STATUS   ROLES           AGE   VERSION\n"
        "minikube   Ready    control-plane   10m   v1.32.0\n"
    )
    cm = {"kind": "ConfigMap", "metadata": {"name": "kube-root-ca.crt", "creationTimestamp": ts(0)},
          "data": {"ca.crt": "x"}}
    assert print_table([cm], kind="ConfigMap", now=600) == "NAME               DATA   AGE\nkube-root-ca.crt   1      10m\n"
    sec = {"kind": "Secret", "metadata": {"name": "s", "creationTimestamp": ts(0)}, "type": "Opaque",
           "data": {"a": "", "b": ""}}
    assert print_table([sec], kind="Secret", now=600) == "NAME   TYPE     DATA   AGE\ns      Opaque   2      10m\n"
    sc = {"kind": "StorageClass", "provisioner": "k8s.io/minikube-hostpath", "reclaimPolicy": "Delete",
          "volumeBindingMode": "Immediate",
          "metadata": {"name": "standard", "creationTimestamp": ts(0),
                       "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}}}
    assert print_table([sc], kind="StorageClass", now=600).splitlines()[1].split("   ")[0] == "standard (default)"


def test_unknown_kinds_get_name_and_age():
    obj = {"kind": "Widget", "metadata": {"name": "w", "creationTimestamp": ts(0)}}
    assert print_table([obj], kind="Widget", now=3) == "NAME   AGE\nw      3s\n"
