"""kubernetes.io's "StatefulSet Basics" tutorial
(content/en/docs/tutorials/stateful-application/basic-stateful-set.md), its
commands in the page's order, asserting what the page shows in v1.32's form.

The manifests are the website's ``application/web/web.yaml`` and
``web-parallel.yaml`` (copied in tests/data/website-examples).  Where the page
uses what another part of the kit does not have yet, the test reaches the same
fact another way and says so: ``nslookup`` from ``kubectl run -i --tty busybox``
becomes a request by name from a pod, ``--template`` becomes ``-o jsonpath``.
"""
import pathlib

import pytest

import kubelab
from kubelab.clock import parse_timestamp

WEB = pathlib.Path(__file__).parents[1] / "data" / "website-examples" / "application" / "web"
IMAGE = "{.spec.containers[0].image}"


@pytest.fixture
def c():
    cluster = kubelab.Cluster(cwd=str(WEB))
    r = cluster.kubectl("apply -f web.yaml")
    assert r.stdout == "service/nginx created\nstatefulset.apps/web created\n"
    return cluster


def rows(result) -> list[list[str]]:
    return [line.split() for line in result.stdout.splitlines()[1:]]


def image(c, pod: str) -> str:
    return c.kubectl(["get", "pod", pod, "-o", f"jsonpath={IMAGE}"]).stdout


def ready_at(pod) -> float:
    cond = next(x for x in pod["status"]["conditions"] if x["type"] == "Ready")
    assert cond["status"] == "True"
    return parse_timestamp(cond["lastTransitionTime"])


def created_at(pod) -> float:
    return parse_timestamp(pod["metadata"]["creationTimestamp"])


def write_hostnames(c):
    for i in (0, 1):
        r = c.kubectl(["exec", f"web-{i}", "--", "sh", "-c",
                       'echo "$(hostname)" > /usr/share/nginx/html/index.html'])
        assert r.returncode == 0, r.stderr


def served(c, n: int = 2) -> list[str]:
    """What each pod's nginx serves (through a terminal: -t ends lines with CR LF)."""
    return [c.kubectl(f"exec -i -t web-{i} -- curl http://localhost/").stdout.replace("\r\n", "\n")
            for i in range(n)]


def test_creating_a_statefulset_makes_its_pods_in_order(c):
    svc = c.kubectl("get service nginx")
    assert rows(svc)[0][:5] == ["nginx", "ClusterIP", "None", "<none>", "80/TCP"]
    c.settle()
    assert c.kubectl("get statefulset web").stdout.splitlines()[0].split() == ["NAME", "READY", "AGE"]
    assert rows(c.kubectl("get statefulset web"))[0][:2] == ["web", "2/2"]
    web0, web1 = c.get("pod", "web-0"), c.get("pod", "web-1")
    # web-1 is not launched until web-0 is Running and Ready
    assert created_at(web1) >= ready_at(web0)
    assert [r[:3] for r in rows(c.kubectl("get pods -l app=nginx"))] == [["web-0", "1/1", "Running"],
                                                                         ["web-1", "1/1", "Running"]]


def test_pods_have_stable_hostnames_and_dns_names(c):
    c.settle()
    for i in (0, 1):
        assert c.kubectl(["exec", f"web-{i}", "--", "sh", "-c", "hostname"]).stdout == f"web-{i}\n"
    c.kubectl("run dns-test --image busybox:1.28 --restart=Never -- sleep 3600")
    c.settle()
    ips = {p: c.get("pod", p)["status"]["podIP"] for p in ("web-0", "web-1")}
    for name, pod in (("web-0.nginx", "web-0"), ("web-1.nginx.default.svc.cluster.local", "web-1")):
        r = c.curl(f"http://{name}/", from_pod="dns-test")
        assert r.pod == pod
    # the pods come back under the same names; their IPs may change
    r = c.kubectl("delete pod -l app=nginx")
    assert r.stdout == 'pod "web-0" deleted\npod "web-1" deleted\n'
    c.settle()
    for i in (0, 1):
        assert c.kubectl(["exec", f"web-{i}", "--", "sh", "-c", "hostname"]).stdout == f"web-{i}\n"
    assert c.curl("http://web-0.nginx/", from_pod="dns-test").pod == "web-0"
    assert set(ips) == {"web-0", "web-1"}


def test_each_pod_keeps_its_own_claim_and_data(c):
    c.settle()
    pvcs = rows(c.kubectl("get pvc -l app=nginx"))
    assert [r[0] for r in pvcs] == ["www-web-0", "www-web-1"]
    assert all(r[1] == "Bound" and r[3:6] == ["1Gi", "RWO", "standard"] for r in pvcs)
    write_hostnames(c)
    assert served(c) == ["web-0\n", "web-1\n"]
    c.kubectl("delete pod -l app=nginx")
    c.settle()
    assert served(c) == ["web-0\n", "web-1\n"]


def test_scaling_up_is_ordered_and_scaling_down_goes_in_reverse(c):
    c.settle()
    assert c.kubectl("scale sts web --replicas=5").stdout == "statefulset.apps/web scaled\n"
    c.settle()
    pods = {p: c.get("pod", p) for p in ("web-2", "web-3", "web-4")}
    assert created_at(pods["web-3"]) >= ready_at(pods["web-2"])
    assert created_at(pods["web-4"]) >= ready_at(pods["web-3"])
    r = c.kubectl(["patch", "sts", "web", "-p", '{"spec":{"replicas":3}}'])
    assert r.stdout == "statefulset.apps/web patched\n"
    c.settle()
    assert [r[0] for r in rows(c.kubectl("get pods -l app=nginx"))] == ["web-0", "web-1", "web-2"]
    events = sorted(c.api.list("events"), key=lambda e: e["lastTimestamp"])
    deletes = [e["message"] for e in events if e["reason"] == "SuccessfulDelete"]
    assert deletes == ["delete Pod web-4 in StatefulSet web successful",
                       "delete Pod web-3 in StatefulSet web successful"]
    # the claims stay
    assert [r[0] for r in rows(c.kubectl("get pvc -l app=nginx"))] == [f"www-web-{i}" for i in range(5)]


def test_scaling_down_waits_for_each_pod_to_be_gone(c):
    c.kubectl("scale sts web --replicas=4")
    c.settle()
    t = c.now
    c.kubectl(["patch", "sts", "web", "-p", '{"spec":{"replicas":2}}'])
    c.settle()
    steps = [(a.component, a.detail, a.key) for a in c.api.actions
             if a.time >= t and a.kind == "Pod" and a.verb == "delete"]
    # the controller asks for web-2 to go only once the kubelet has removed web-3
    assert steps == [("statefulset-controller", "graceful", "default/web-3"), ("kubelet", "", "default/web-3"),
                     ("statefulset-controller", "graceful", "default/web-2"), ("kubelet", "", "default/web-2")]


def test_rolling_update_goes_in_reverse_ordinal_order(c):
    c.kubectl("scale sts web --replicas=3")
    c.settle()
    patch = '[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'
    start = c.now
    r = c.kubectl(["patch", "statefulset", "web", "--type=json", f"-p={patch}"])
    assert r.stdout == "statefulset.apps/web patched\n"
    status = c.kubectl("rollout status sts/web")
    assert status.stdout.splitlines()[-1] == "partitioned roll out complete: 3 new pods have been updated..."
    deletes = [a.key for a in c.api.actions
               if a.time >= start and a.component == "statefulset-controller" and a.verb == "delete"]
    assert deletes == ["default/web-2", "default/web-1", "default/web-0"]
    assert [image(c, f"web-{p}") for p in (0, 1, 2)] == ["registry.k8s.io/nginx-slim:0.24"] * 3
    sts = c.get("statefulset", "web")
    assert sts["status"]["currentRevision"] == sts["status"]["updateRevision"]
    assert c.kubectl("rollout history statefulset/web").stdout == (
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n")


def test_staging_a_canary_and_a_phased_roll_out_with_partition(c):
    c.kubectl("scale sts web --replicas=3")
    c.settle()
    r = c.kubectl(["patch", "statefulset", "web", "-p",
                   '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'])
    assert r.stdout == "statefulset.apps/web patched\n"
    c.kubectl(["patch", "statefulset", "web", "--type=json", "-p=" + '[{"op": "replace", "path": '
               '"/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.21"}]'])
    assert c.kubectl("delete pod web-2").stdout == 'pod "web-2" deleted\n'
    c.settle()
    # below the partition a pod comes back at the current revision
    assert image(c, "web-2") == "registry.k8s.io/nginx-slim:0.8"
    c.kubectl(["patch", "statefulset", "web", "-p",
               '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'])
    c.settle()
    assert image(c, "web-2") == "registry.k8s.io/nginx-slim:0.21"       # the canary
    c.kubectl("delete pod web-1")
    c.settle()
    assert image(c, "web-1") == "registry.k8s.io/nginx-slim:0.8"
    c.kubectl(["patch", "statefulset", "web", "-p",
               '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}'])
    c.settle()
    assert [image(c, f"web-{p}") for p in (0, 1, 2)] == ["registry.k8s.io/nginx-slim:0.21"] * 3


def test_on_delete_leaves_pods_until_they_are_deleted(c):
    c.settle()
    # The page's patch is refused on v1.32: the defaulted rollingUpdate stays in the
    # merged object (kubernetes/website#47038); setting it to null works.
    r = c.kubectl(["patch", "statefulset", "web", "-p", '{"spec":{"updateStrategy":{"type":"OnDelete"}}}'])
    assert r.stderr == ('The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: '
                        "apps.RollingUpdateStatefulSetStrategy{Partition:0, MaxUnavailable:(*intstr.IntOrString)"
                        "(nil)}: only allowed for updateStrategy 'RollingUpdate'\n")
    r = c.kubectl(["patch", "statefulset", "web", "-p",
                   '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'])
    assert r.stdout == "statefulset.apps/web patched\n"
    c.kubectl(["set", "image", "sts/web", "nginx=registry.k8s.io/nginx-slim:0.24"])
    c.settle()
    assert image(c, "web-1") == "registry.k8s.io/nginx-slim:0.8"
    c.kubectl("delete pod web-1")
    c.settle()
    assert image(c, "web-1") == "registry.k8s.io/nginx-slim:0.24"
    r = c.kubectl("rollout status sts/web")
    assert r.stderr == "error: rollout status is only available for RollingUpdate strategy type\n"


def test_non_cascading_delete_then_the_new_set_adopts_the_pods(c):
    c.kubectl("scale sts web --replicas=3")
    c.settle()
    write_hostnames(c)
    r = c.kubectl("delete statefulset web --cascade=orphan")
    assert r.stdout == 'statefulset.apps "web" deleted\n'
    c.settle()
    assert [r[:3] for r in rows(c.kubectl("get pods -l app=nginx"))] == [
        [f"web-{i}", "1/1", "Running"] for i in range(3)]
    c.kubectl("delete pod web-0")
    c.settle()
    assert [r[0] for r in rows(c.kubectl("get pods -l app=nginx"))] == ["web-1", "web-2"]
    r = c.kubectl("apply -f web.yaml")
    assert r.stdout == "service/nginx unchanged\nstatefulset.apps/web created\n"
    c.settle()
    assert [r[0] for r in rows(c.kubectl("get pods -l app=nginx"))] == ["web-0", "web-1"]
    sts = c.get("statefulset", "web")
    assert c.get("pod", "web-1")["metadata"]["ownerReferences"][0]["uid"] == sts["metadata"]["uid"]
    assert served(c) == ["web-0\n", "web-1\n"]


def test_cascading_delete_and_recreating_keeps_the_data(c):
    c.settle()
    write_hostnames(c)
    assert c.kubectl("delete statefulset web").stdout == 'statefulset.apps "web" deleted\n'
    c.settle()
    assert c.kubectl("get pods -l app=nginx").stderr == "No resources found in default namespace.\n"
    assert c.kubectl("delete service nginx").stdout == 'service "nginx" deleted\n'
    assert c.kubectl("apply -f web.yaml").stdout == "service/nginx created\nstatefulset.apps/web created\n"
    c.settle()
    assert served(c) == ["web-0\n", "web-1\n"]


def test_parallel_pod_management_launches_pods_together(c):
    c.settle()
    c.kubectl("delete statefulset web")
    c.kubectl("delete service nginx")
    c.settle()
    r = c.kubectl("apply -f web-parallel.yaml")
    assert r.stdout == "service/nginx created\nstatefulset.apps/web created\n"
    c.settle()
    t = c.now
    assert c.kubectl("scale statefulset/web --replicas=5").stdout == "statefulset.apps/web scaled\n"
    c.settle()
    born = [created_at(c.get("pod", f"web-{i}")) for i in (2, 3, 4)]
    assert len(set(born)) == 1 and born[0] <= t + 1      # all three at once, none waiting
    # cleanup: the claims outlive the set and the Service
    c.kubectl("delete sts web")
    c.kubectl("delete svc nginx")
    c.settle()
    pvcs = rows(c.kubectl("get pvc"))
    assert [r[0] for r in pvcs] == [f"www-web-{i}" for i in range(5)]
    pvs = rows(c.kubectl("get pv"))
    assert sorted(r[5] for r in pvs) == [f"default/www-web-{i}" for i in range(5)]
    r = c.kubectl("delete pvc www-web-0 www-web-1 www-web-2 www-web-3 www-web-4")
    assert r.stdout == "".join(f'persistentvolumeclaim "www-web-{i}" deleted\n' for i in range(5))
    assert c.kubectl("get pvc").stderr == "No resources found in default namespace.\n"


def test_statefulset_spec_outside_the_mutable_fields_is_refused(c):
    r = c.kubectl(["patch", "sts", "web", "-p", '{"spec":{"serviceName":"other"}}'])
    assert r.stderr == ('The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields '
                        "other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
                        "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n")
    assert c.get("statefulset", "web")["spec"]["serviceName"] == "nginx"
