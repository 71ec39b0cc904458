"""kubectl cordon, uncordon, drain and taint, and what the cluster does about them.

Golden texts: staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go, pkg/drain/{drain,filters}.go,
pkg/cmd/taint/{taint,utils}.go at kubernetes-1.32.4, cmdutil.CheckErr (helpers.go) for how
errors print, and the real kubectl v1.32.4 for every message it gives before it needs a server
(usage errors, taint spec errors).
"""
import pytest

import kubelab
from kubelab.kubectl.commands.nodes import parse_taint, reorganize_taints

USAGE = "See 'kubectl {} -h' for help and examples\n"


def out(r):
    return r.stdout, r.stderr, r.returncode


def pods_on(c, node, app=None):
    return sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")
                  if p["spec"].get("nodeName") == node and (app is None or (p["metadata"].get("labels") or {}).get("app") == app)
                  and not p["metadata"].get("deletionTimestamp"))


@pytest.fixture
def c():
    return kubelab.Cluster()


@pytest.fixture
def c3():
    return kubelab.Cluster(workers=2)


# ---------------------------------------------------------------- cordon

def test_cordon_marks_the_node_unschedulable_and_get_nodes_shows_it(c):
    assert out(c.kubectl("cordon minikube")) == ("node/minikube cordoned\n", "", 0)
    assert c.get("node", "minikube")["spec"]["unschedulable"] is True
    assert "minikube   Ready,SchedulingDisabled   control-plane" in c.kubectl("get nodes").stdout
    assert out(c.kubectl("cordon minikube")) == ("node/minikube already cordoned\n", "", 0)


def test_uncordon_removes_the_field_as_the_merge_patch_does(c):
    c.kubectl("cordon minikube")
    assert out(c.kubectl("uncordon minikube")) == ("node/minikube uncordoned\n", "", 0)
    assert "unschedulable" not in c.get("node", "minikube")["spec"]
    assert out(c.kubectl("uncordon minikube")) == ("node/minikube already uncordoned\n", "", 0)


def test_cordon_dry_run_prints_but_changes_nothing(c):
    assert c.kubectl("cordon minikube --dry-run=client").stdout == "node/minikube cordoned (dry run)\n"
    assert c.kubectl("cordon minikube --dry-run=server").stdout == "node/minikube cordoned (server dry run)\n"
    assert "unschedulable" not in c.get("node", "minikube")["spec"]


def test_cordon_by_selector_takes_every_matching_node(c3):
    r = c3.kubectl("cordon -l minikube.k8s.io/primary=false")
    assert out(r) == ("node/minikube-m02 cordoned\nnode/minikube-m03 cordoned\n", "", 0)


@pytest.mark.parametrize("cmd", ["cordon", "uncordon", "drain"])
def test_a_node_or_a_selector_is_required_but_not_both(c, cmd):
    # real kubectl v1.32.4: DrainCmdOptions.Complete's UsageErrorf
    assert out(c.kubectl(cmd)) == ("", f"error: USAGE: {cmd} NODE [flags]\n" + USAGE.format(cmd), 1)
    assert c.kubectl(f"{cmd} a -l x=y").stderr == \
        "error: cannot specify both a node name and a --selector option\n" + USAGE.format(cmd)


def test_cordon_of_a_missing_node_is_not_found(c):
    assert out(c.kubectl("cordon nope")) == ("", 'Error from server (NotFound): nodes "nope" not found\n', 1)


def test_new_pods_stay_pending_on_a_cordoned_node(c):
    c.kubectl("cordon minikube")
    c.kubectl("run web --image=nginx")
    c.settle()
    assert c.get("pod", "web")["status"]["phase"] == "Pending"
    assert "0/1 nodes are available: 1 node(s) were unschedulable." in c.kubectl("describe pod web").stdout
    c.kubectl("uncordon minikube")
    c.settle()
    assert c.get("pod", "web")["status"]["phase"] == "Running"


# ----------------------------------------------------------------- drain

def test_drain_refuses_daemonset_and_bare_pods_and_says_which(c):
    # minikube's storage-provisioner is a bare pod, kube-proxy a DaemonSet pod.
    # filters.go v1.32: errors() formats "cannot delete %s: %s" around unmanagedFatal,
    # which itself begins "cannot delete" (doubled until v1.36, kubernetes#135817).
    proxy = [p["metadata"]["name"] for p in c.api.list("pods", "kube-system") if p["metadata"]["name"].startswith("kube-proxy")][0]
    ds = f"cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/{proxy}"
    bare = ("cannot delete cannot delete Pods that declare no controller (use --force to override): "
            "kube-system/storage-provisioner")
    r = c.kubectl("drain minikube")
    assert r.stdout == "node/minikube cordoned\n"
    assert r.stderr == (f'error: unable to drain node "minikube" due to error: [{ds}, {bare}], continuing command...\n'
                        "There are pending nodes to be drained:\n minikube\n"
                        f"{ds}\n{bare}\n")
    assert r.returncode == 1
    # one error left: the aggregate of one is unwrapped and prints with "error: "
    r = c.kubectl("drain minikube --ignore-daemonsets")
    assert r.stdout == "node/minikube already cordoned\n"
    assert r.stderr.endswith("There are pending nodes to be drained:\n minikube\n" + bare + "\n")
    assert c.get("pod", "storage-provisioner", "kube-system") is not None


def test_drain_names_a_bare_pod_in_default(c3):
    c3.kubectl("run x --image=nginx")
    c3.settle()
    node = c3.get("pod", "x")["spec"]["nodeName"]
    r = c3.kubectl(f"drain {node} --ignore-daemonsets")
    assert r.stderr.endswith("cannot delete cannot delete Pods that declare no controller (use --force to override): "
                             "default/x\n")


def test_drain_evicts_and_the_replicaset_recreates_pods_on_other_nodes(c3):
    c3.kubectl("create deployment web --image=nginx --replicas=4")
    c3.settle()
    victims = pods_on(c3, "minikube-m02", "web")
    assert victims
    coredns = [p for p in c3.api.list("pods", "kube-system") if p["spec"]["nodeName"] == "minikube-m02"
               and p["metadata"]["name"].startswith("coredns")]
    proxy = [p["metadata"]["name"] for p in c3.api.list("pods", "kube-system")
             if p["spec"]["nodeName"] == "minikube-m02" and p["metadata"]["name"].startswith("kube-proxy")][0]
    r = c3.kubectl("drain minikube-m02 --ignore-daemonsets")
    evicted = [f"default/{v}" for v in victims] + [f"kube-system/{p['metadata']['name']}" for p in coredns]
    assert r.stdout == ("node/minikube-m02 cordoned\n"
                        + "".join(f"evicting pod {e}\n" for e in evicted)
                        + "".join(f"pod/{e.split('/')[1]} evicted\n" for e in evicted)
                        + "node/minikube-m02 drained\n")
    assert r.stderr == f"Warning: ignoring DaemonSet-managed Pods: kube-system/{proxy}\n"
    assert r.returncode == 0
    c3.settle()
    assert pods_on(c3, "minikube-m02") == []
    web = [p for p in c3.api.list("pods", "default") if (p["metadata"].get("labels") or {}).get("app") == "web"]
    assert len(web) == 4
    assert all(p["status"]["phase"] == "Running" and p["spec"]["nodeName"] != "minikube-m02" for p in web)
    # the DaemonSet pod stays: it tolerates node.kubernetes.io/unschedulable
    assert c3.get("pod", proxy, "kube-system") is not None


def test_eviction_marks_the_pod_as_a_disruption_target_then_deletes_it(c):
    c.kubectl("create deployment sleeper --image=busybox -- sleep 3600")   # sleep ignores SIGTERM
    c.settle()
    name = pods_on(c, "minikube")[0]
    seen = []
    c.api.watch(lambda etype, obj, old: seen.append(obj) if obj["metadata"]["name"] == name else None, "Pod")
    start = c.now
    r = c.kubectl("drain minikube --ignore-daemonsets --force --grace-period=10")
    assert r.returncode == 0 and f"pod/{name} evicted\n" in r.stdout
    cond = [x for x in seen[-1]["status"]["conditions"] if x["type"] == "DisruptionTarget"]
    assert cond and (cond[0]["reason"], cond[0]["message"]) == ("EvictionByEvictionAPI", "Eviction API: evicting")
    assert c.now - start >= 10       # drain waited for the grace period


def test_on_one_node_the_replacements_stay_pending_until_uncordon(c):
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.settle()
    r = c.kubectl("drain minikube --ignore-daemonsets --force")
    assert r.returncode == 0 and r.stdout.endswith("node/minikube drained\n")
    assert "deleting Pods that declare no controller: kube-system/storage-provisioner" in r.stderr
    c.settle()
    web = [p for p in c.api.list("pods", "default")]
    assert len(web) == 2 and all(p["status"]["phase"] == "Pending" for p in web)
    c.kubectl("uncordon minikube")
    c.settle()
    assert all(p["status"]["phase"] == "Running" for p in c.api.list("pods", "default"))


def test_mirror_pods_are_left_alone(c):
    c.kubectl("drain minikube --ignore-daemonsets --force")
    assert c.get("pod", "etcd-minikube", "kube-system") is not None
    assert c.get("pod", "kube-apiserver-minikube", "kube-system") is not None


def test_emptydir_pods_need_delete_emptydir_data(c3):
    c3.kubectl("apply -f -", stdin="""
apiVersion: apps/v1
kind: Deployment
metadata: {name: cache}
spec:
  replicas: 1
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      containers: [{name: c, image: nginx, volumeMounts: [{name: tmp, mountPath: /tmp}]}]
      volumes: [{name: tmp, emptyDir: {}}]
""")
    c3.settle()
    pod = c3.api.list("pods", "default")[0]
    node = pod["spec"]["nodeName"]
    r = c3.kubectl(f"drain {node} --ignore-daemonsets")
    assert r.stderr.endswith("cannot delete Pods with local storage (use --delete-emptydir-data to override): "
                             f"default/{pod['metadata']['name']}\n")
    r = c3.kubectl(f"drain {node} --ignore-daemonsets --delete-emptydir-data")
    assert r.returncode == 0 and f"pod/{pod['metadata']['name']} evicted\n" in r.stdout
    # filters.go: the local-storage warning is dropped by the next filter's Okay
    assert "local storage" not in r.stderr


def test_drain_dry_run_client_lists_the_pods_and_touches_nothing(c3):
    c3.kubectl("create deployment web --image=nginx --replicas=4")
    c3.settle()
    victims = pods_on(c3, "minikube-m03", "web")
    r = c3.kubectl("drain minikube-m03 --ignore-daemonsets --pod-selector=app=web --dry-run=client")
    assert r.stdout == ("node/minikube-m03 cordoned (dry run)\n"
                        + "".join(f"evicting pod default/{v} (dry run)\n" for v in victims)
                        + "node/minikube-m03 drained (dry run)\n")
    assert pods_on(c3, "minikube-m03", "web") == victims
    assert "unschedulable" not in c3.get("node", "minikube-m03")["spec"]


def test_drain_rejects_a_bad_pod_selector(c):
    # real kubectl v1.32.4
    assert out(c.kubectl("drain minikube --pod-selector=a=b=c")) == \
        ("", "error: --pod-selector=<pod_selector> must be a valid label selector\n", 1)
    assert c.kubectl("drain minikube --timeout=x").stderr == \
        "Error: invalid argument \"x\" for \"--timeout\" flag: time: invalid duration \"x\"\n" \
        "See 'kubectl drain --help' for usage.\n"


def test_drain_of_a_dead_node_times_out_with_the_pods_still_terminating(c3):
    c3.kubectl("create deployment web --image=nginx --replicas=4")
    c3.settle()
    victims = pods_on(c3, "minikube-m02", "web")
    c3.fail_node("minikube-m02")
    start = c3.now
    r = c3.kubectl("drain minikube-m02 --ignore-daemonsets --pod-selector=app=web --timeout=20s")
    errs = [f'error when waiting for pod "{v}" in namespace "default" to terminate: context deadline exceeded'
            for v in victims]
    assert r.stderr == (f'There are pending pods in node "minikube-m02" when an error occurred: [{", ".join(errs)}]\n'
                        + "".join(f"pod/{v}\n" for v in victims)
                        + f'error: unable to drain node "minikube-m02" due to error: [{", ".join(errs)}], '
                        "continuing command...\nThere are pending nodes to be drained:\n minikube-m02\n"
                        + "".join(e + "\n" for e in errs))
    assert r.returncode == 1
    assert 20 <= c3.now - start <= 22
    # --skip-wait-for-delete-timeout gives up on pods long marked for deletion
    r = c3.kubectl("drain minikube-m02 --ignore-daemonsets --pod-selector=app=web --skip-wait-for-delete-timeout=5")
    assert r.returncode == 0
    assert all(f'pod "{v}" has DeletionTimestamp older than 5 seconds, skipping\n' in r.stdout for v in victims)


def test_disable_eviction_deletes_and_says_deleted(c3):
    c3.kubectl("create deployment web --image=nginx --replicas=4")
    c3.settle()
    victims = pods_on(c3, "minikube-m03", "web")
    r = c3.kubectl("drain minikube-m03 --ignore-daemonsets --pod-selector=app=web --disable-eviction")
    assert "evicting" not in r.stdout
    assert all(f"pod/{v} deleted\n" in r.stdout for v in victims)


# ----------------------------------------------------------------- taint

def test_taint_add_overwrite_and_remove(c):
    assert out(c.kubectl("taint nodes minikube dedicated=gpu:NoSchedule")) == ("node/minikube tainted\n", "", 0)
    assert c.get("node", "minikube")["spec"]["taints"] == [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]
    # taint.go updateTaints
    assert out(c.kubectl("taint nodes minikube dedicated=cpu:NoSchedule")) == (
        "", "error: node minikube already has dedicated taint(s) with same effect(s) and --overwrite is false\n", 1)
    assert c.kubectl("taint nodes minikube dedicated=cpu:NoSchedule --overwrite").stdout == "node/minikube modified\n"
    assert c.kubectl("taint node minikube other:PreferNoSchedule").stdout == "node/minikube tainted\n"
    assert [t["key"] for t in c.get("node", "minikube")["spec"]["taints"]] == ["other", "dedicated"]
    assert c.kubectl("taint nodes minikube dedicated:NoSchedule-").stdout == "node/minikube untainted\n"
    assert out(c.kubectl("taint nodes minikube dedicated:NoSchedule-")) == (
        "", 'error: taint "dedicated:NoSchedule" not found\n', 1)
    assert c.kubectl("taint nodes minikube other-").stdout == "node/minikube untainted\n"
    assert "taints" not in c.get("node", "minikube")["spec"]


def test_several_missing_taints_print_as_an_aggregate(c):
    assert out(c.kubectl("taint nodes minikube a- b:NoSchedule-")) == (
        "", 'taint "a" not found\ntaint "b:NoSchedule" not found\n', 1)


@pytest.mark.parametrize("args,err", [
    # all from the real kubectl v1.32.4
    ("", "error: one or more resources must be specified as <resource> <name>\n"),
    ("nodes", "error: at least one taint update is required\n"),
    ("nodes a k", "error: at least one taint update is required\n"),
    ("nodes a k=v:NoSchedule foo", "error: all resources must be specified before taint changes: foo\n"),
    ("nodes a k=v:Bad", "error: invalid taint effect: Bad, unsupported taint effect\n" + USAGE.format("taint")),
    ("nodes a k=v:NoSchedule k=w:NoSchedule",
     "error: duplicated taints with the same key and effect: {k w NoSchedule <nil>}\n" + USAGE.format("taint")),
    ("nodes a k=v=x:NoSchedule", "error: invalid taint spec: k=v=x:NoSchedule\n" + USAGE.format("taint")),
    ("nodes a k=v:NoSchedule:x", "error: invalid taint spec: k=v:NoSchedule:x\n" + USAGE.format("taint")),
    ("nodes a k=v", "error: invalid taint spec: k=v, name part must consist of alphanumeric characters, '-', '_' "
     "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
     "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n" + USAGE.format("taint")),
    ("nodes a =v:NoSchedule", "error: invalid taint spec: =v:NoSchedule, name part must be non-empty; name part must "
     "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
     "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
     "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n" + USAGE.format("taint")),
    ("nodes a k=-bad:NoSchedule", "error: invalid taint spec: k=-bad:NoSchedule, a valid label must be an empty string "
     "or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
     "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
     "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n" + USAGE.format("taint")),
])
def test_taint_argument_errors_match_kubectl(c, args, err):
    assert out(c.kubectl(f"taint {args}")) == ("", err, 1)


@pytest.mark.parametrize("args,err", [
    # taint.go Validate and validateFlags
    ("pods x k=v:NoSchedule", "error: invalid resource type pods, only node types are supported\n"),
    ("nodes minikube x=y:NoSchedule x-",
     "error: can not both modify and remove the following taint(s) in the same command: x=\n"),
    ("nodes k=v:NoSchedule", "error: at least one resource name must be specified since 'all' parameter is not set\n"),
    ("nodes --all -l a=b k=v:NoSchedule", "error: setting 'all' parameter with a non empty selector is prohibited\n"),
    ("nodes nope k=v:NoSchedule", 'Error from server (NotFound): nodes "nope" not found\n'),
])
def test_taint_validation_errors(c, args, err):
    assert out(c.kubectl(f"taint {args}")) == ("", err, 1)


def test_taint_all_and_dry_run(c3):
    r = c3.kubectl("taint nodes --all maintenance=true:NoSchedule --dry-run=client")
    assert r.stdout == "".join(f"node/{n} tainted (dry run)\n" for n in ("minikube", "minikube-m02", "minikube-m03"))
    assert all("taints" not in n["spec"] for n in c3.api.list("nodes"))


def test_reorganize_taints_puts_new_taints_first():
    old = [{"key": "a", "effect": "NoSchedule"}, {"key": "b", "value": "1", "effect": "NoExecute"}]
    op, new, errs = reorganize_taints(old, True, [parse_taint("b=2:NoExecute")], [])
    assert (op, new, errs) == ("modified", [{"key": "b", "value": "2", "effect": "NoExecute"},
                                            {"key": "a", "effect": "NoSchedule"}], [])


def test_noschedule_keeps_new_pods_off_the_node(c3):
    c3.kubectl("taint nodes minikube-m02 dedicated=gpu:NoSchedule")
    c3.kubectl("create deployment web --image=nginx --replicas=6")
    c3.settle()
    assert pods_on(c3, "minikube-m02") == []
    assert len(pods_on(c3, "minikube-m03")) > 0


def test_noschedule_on_the_only_node_leaves_pods_pending_with_the_taint_named(c):
    c.kubectl("taint nodes minikube dedicated=gpu:NoSchedule")
    c.kubectl("run web --image=nginx")
    c.settle()
    assert "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}." in \
        c.kubectl("describe pod web").stdout


def test_noexecute_evicts_running_pods_that_do_not_tolerate_it(c3):
    c3.kubectl("create deployment web --image=nginx --replicas=4")
    c3.kubectl("apply -f -", stdin="""
apiVersion: v1
kind: Pod
metadata: {name: tolerant}
spec:
  nodeName: minikube-m02
  tolerations: [{key: dedicated, operator: Exists, effect: NoExecute}]
  containers: [{name: c, image: nginx}]
""")
    c3.settle()
    assert pods_on(c3, "minikube-m02", "web")
    assert out(c3.kubectl("taint nodes minikube-m02 dedicated=gpu:NoExecute")) == ("node/minikube-m02 tainted\n", "", 0)
    c3.settle()
    assert pods_on(c3, "minikube-m02", "web") == []
    assert pods_on(c3, "minikube-m02") == ["tolerant"]
    web = [p for p in c3.api.list("pods", "default") if (p["metadata"].get("labels") or {}).get("app") == "web"]
    assert len(web) == 4 and all(p["status"]["phase"] == "Running" for p in web)
    assert "TaintManagerEviction" in c3.kubectl("get events").stdout


def test_a_cordoned_node_carries_the_unschedulable_taint_until_uncordoned():
    # NodeLifecycleController.doNoScheduleTaintingPass: spec.unschedulable -> the
    # node.kubernetes.io/unschedulable:NoSchedule taint (what `describe node` shows).
    c = kubelab.Cluster(workers=1)
    c.kubectl("cordon minikube-m02")
    taints = c.get("node", "minikube-m02")["spec"]["taints"]
    assert [(t["key"], t["effect"]) for t in taints] == [("node.kubernetes.io/unschedulable", "NoSchedule")]
    assert "Taints:             node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable:      true\n" in \
        c.kubectl("describe node minikube-m02").stdout
    c.kubectl("uncordon minikube-m02")
    assert "taints" not in c.get("node", "minikube-m02")["spec"]
