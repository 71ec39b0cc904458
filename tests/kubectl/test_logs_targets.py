"""kubectl logs TYPE/NAME and -l SELECTOR: which pods and containers are read.

Golden texts come from kubectl v1.32: staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go,
pkg/polymorphichelpers/logsforobject.go, helpers.go and pkg/util/podutils/podutils.go.
"""
import kubelab
from kubelab.kubectl.commands.logs import sort_by_logging
from kubelab.testing import apply

SAYS = "sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo {0}-$i; done; sleep 3600'"


def cluster_with(*names, label="app=talk"):
    c = kubelab.Cluster()
    for n in names:
        c.kubectl(f"run {n} --image=busybox -l {label} -- " + SAYS.format(n))
        c.settle()
        c.run(10)
    return c


def test_deployment_logs_read_one_pod_and_say_which_on_stderr():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=3")
    c.settle()
    pods = [p["metadata"]["name"] for p in c.api.list("pods", "default")]
    r = c.kubectl("logs deploy/web")
    # logsforobject.go: fmt.Fprintf(os.Stderr, "Found %v pods, using pod/%v\n", ...)
    assert r.stderr == f"Found 3 pods, using pod/{pods[0]}\n"
    assert r.returncode == 0 and r.stdout == c.kubectl(f"logs {pods[0]}").stdout != ""
    assert c.kubectl("logs deployment/web").stdout == r.stdout
    rs = c.api.list("replicasets", "default")[0]["metadata"]["name"]
    assert c.kubectl(f"logs rs/{rs}").stdout == r.stdout


def test_job_logs_read_its_pod():
    c = kubelab.Cluster()
    c.kubectl("create job hello --image=busybox -- echo Hello, Kubernetes!")
    c.settle()
    c.run(10)
    r = c.kubectl("logs job/hello")
    assert (r.stdout, r.stderr, r.returncode) == ("Hello, Kubernetes!\n", "", 0)


def test_the_pod_ready_longest_is_chosen_over_name_order():
    # ByLogging: ready for more time < less time, before creation time or name.
    c = cluster_with("zeta", "alpha")
    c.kubectl("create service clusterip talk --tcp=80")     # selects app=talk
    r = c.kubectl("logs svc/talk --tail=1")
    assert (r.stdout, r.stderr) == ("zeta-12\n", "Found 2 pods, using pod/zeta\n")


def test_by_logging_order():
    def pod(name, node="n", phase="Running", ready=None, restarts=0, created="2025-01-06T09:00:00Z"):
        conds = [{"type": "Ready", "status": "True", "lastTransitionTime": ready}] if ready else []
        return {"metadata": {"name": name, "creationTimestamp": created},
                "spec": {"nodeName": node, "containers": [{"name": "c"}]},
                "status": {"phase": phase, "conditions": conds, "containerStatuses": [{"restartCount": restarts}]}}

    def order(*pods):
        return [p["metadata"]["name"] for p in sort_by_logging(list(pods))]
    assert order(pod("a", node=""), pod("b")) == ["b", "a"]                       # assigned first
    assert order(pod("a", phase="Pending"), pod("b", phase="Unknown"), pod("c")) == ["c", "b", "a"]
    assert order(pod("a"), pod("b", ready="2025-01-06T09:00:05Z")) == ["b", "a"]  # ready first
    assert order(pod("a", ready="2025-01-06T09:00:09Z"), pod("b", ready="2025-01-06T09:00:05Z")) == ["b", "a"]
    assert order(pod("a"), pod("b", restarts=2)) == ["b", "a"]                    # more restarts first
    assert order(pod("a", created="2025-01-06T09:00:09Z"), pod("b")) == ["b", "a"]  # older first
    assert order(pod("b"), pod("a")) == ["b", "a"]                                # ties keep list order


def test_all_pods_reads_every_pod_with_a_prefix():
    c = cluster_with("one", "two")
    apply(c, """
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: rc}
        spec:
          replicas: 0
          selector: {app: talk}
          template:
            metadata: {labels: {app: talk}}
            spec:
              containers: [{name: c, image: busybox}]
    """)
    r = c.kubectl("logs rc/rc --all-pods --tail=1")
    # --all-pods: "Get logs from all pod(s). Sets prefix to true."; no "Found" line.
    assert (r.stdout, r.stderr) == ("[pod/one/one] one-12\n[pod/two/two] two-12\n", "")


def test_selector_reads_the_last_ten_lines_of_every_pod():
    c = cluster_with("one", "two")
    r = c.kubectl("logs -l app=talk")
    # logs.go: selectorTail = 10 unless --tail was given.
    assert r.stdout.splitlines() == [f"one-{i}" for i in range(3, 13)] + [f"two-{i}" for i in range(3, 13)]
    assert len(c.kubectl("logs -l app=talk --tail=-1").stdout.splitlines()) == 24
    r = c.kubectl("logs --selector app=talk --tail 1 --prefix")
    assert r.stdout == "[pod/one/one] one-12\n[pod/two/two] two-12\n"
    assert c.kubectl("logs -lapp=talk --tail=1").stdout == "one-12\ntwo-12\n"


def test_selector_matching_nothing_says_so_and_succeeds():
    c = kubelab.Cluster()
    r = c.kubectl("logs -l app=nothing")
    assert (r.stdout, r.stderr, r.returncode) == ("", "No resources found in default namespace.\n", 0)
    r = c.kubectl("logs -l app=nothing -n kube-system")
    assert r.stderr == "No resources found in kube-system namespace.\n"


def test_following_more_streams_than_allowed_is_refused():
    c = cluster_with("a", "b", "c")
    r = c.kubectl("logs -l app=talk -f --max-log-requests=2")
    assert (r.stderr, r.returncode) == (
        "error: you are attempting to follow 3 log streams, but maximum allowed concurrency is 2, "
        "use --max-log-requests to increase the limit\n", 1)
    before = c.now
    r = c.kubectl("logs -l app=talk -f --tail=1 --prefix")
    assert r.returncode == 0 and c.now > before
    assert sorted(r.stdout.splitlines()) == ["[pod/a/a] a-12", "[pod/b/b] b-12", "[pod/c/c] c-12"]


def test_missing_objects_name_the_namespace():
    c = kubelab.Cluster()
    # logs.go wraps the NotFound: fmt.Errorf("error from server (NotFound): %w in namespace %q", ...)
    assert c.kubectl("logs deploy/nope").stderr == \
        'error: error from server (NotFound): deployments.apps "nope" not found in namespace "default"\n'
    assert c.kubectl("logs nope").stderr == \
        'error: error from server (NotFound): pods "nope" not found in namespace "default"\n'
    assert c.kubectl("logs pod/nope -n kube-system").stderr == \
        'error: error from server (NotFound): pods "nope" not found in namespace "kube-system"\n'
    assert c.kubectl("logs foo/x").stderr == 'error: the server doesn\'t have a resource type "foo"\n'


def test_objects_without_a_pod_selector():
    c = kubelab.Cluster()
    c.kubectl("create configmap cfg --from-literal=a=b")
    # helpers.go SelectorsForObject, wrapped by logsforobject.go "cannot get the logs from %T: %v".
    assert c.kubectl("logs cm/cfg").stderr == \
        "error: cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n"
    assert c.kubectl("logs svc/kubernetes").stderr == (
        "error: cannot get the logs from *v1.Service: invalid service 'kubernetes': "
        "Service is defined without a selector\n")


def test_a_workload_without_pods_is_waited_for_then_times_out():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=0")
    c.settle()
    before = c.now
    r = c.kubectl("logs deploy/web")
    # helpers.go GetPodList watches for a pod; UntilWithoutRetry returns wait.ErrWaitTimeout.
    assert (r.stderr, r.returncode) == ("error: timed out waiting for the condition\n", 1)
    assert c.now - before == 20 + c.pause      # --pod-running-timeout=20s (and the kit's pause)
    c.kubectl("logs deploy/web --pod-running-timeout=5s")
    assert c.now - before == 25 + 2 * c.pause
    assert c.kubectl("logs deploy/web --pod-running-timeout=0").stderr == \
        "error: --pod-running-timeout must be higher than zero\n"


def test_usage_errors():
    c = cluster_with("a")
    assert c.kubectl("logs a -l app=talk").stderr == (
        "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n")
    assert c.kubectl("logs a b c").stderr.startswith("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.")
    assert c.kubectl("logs a --all-containers -c a").stderr == \
        "error: --all-containers=true should not be specified with container name a\n"
    assert c.kubectl("logs a a -c a").stderr == "error: only one of -c or an inline [CONTAINER] arg is allowed\n"
    assert c.kubectl("logs a --tail=-2").stderr == "error: --tail must be greater than or equal to -1\n"
    assert c.kubectl("logs a a --tail=1").stdout == "a-12\n"        # logs POD CONTAINER


def test_containers_of_a_pod_default_all_and_prefix():
    c = kubelab.Cluster()
    apply(c, """
        apiVersion: v1
        kind: Pod
        metadata:
          name: duo
          labels: {app: duo}
        spec:
          initContainers:
          - {name: setup, image: busybox, command: [sh, -c, "echo prepared"]}
          containers:
          - {name: main, image: busybox, command: [sh, -c, "echo main up; sleep 3600"]}
          - {name: side, image: busybox, command: [sh, -c, "echo side up; sleep 3600"]}
    """)
    c.settle()
    c.run(5)
    r = c.kubectl("logs duo")
    # podcmd.AllContainerNames: app containers, then "(ephem)", then "(init)".
    assert (r.stdout, r.stderr) == ("main up\n", 'Defaulted container "main" out of: main, side, setup (init)\n')
    r = c.kubectl("logs duo --all-containers --prefix")
    assert (r.stdout, r.stderr) == ("[pod/duo/setup] prepared\n[pod/duo/main] main up\n[pod/duo/side] side up\n", "")
    r = c.kubectl("logs -l app=duo -c side")
    assert (r.stdout, r.stderr) == ("side up\n", "")
    r = c.kubectl("logs duo -c nope")
    assert r.stderr == "error: container nope is not valid for pod duo\n"


def test_followed_streams_interleave_as_they_arrive():
    c = kubelab.Cluster()
    c.kubectl("run s --image=busybox -l app=tick -- sh -c 'echo s1; sleep 4; echo s2; sleep 3600'")
    c.kubectl("run t --image=busybox -l app=tick -- sh -c 'sleep 2; echo t1; sleep 4; echo t2; sleep 3600'")
    c.settle()
    # parallelConsumeRequest: one reader per stream, lines written as they come.
    r = c.kubectl("logs -l app=tick -f --prefix")
    assert r.stdout == "[pod/s/s] s1\n[pod/t/t] t1\n[pod/s/s] s2\n[pod/t/t] t2\n"
    # Sequential without -f: one stream after the other.
    assert c.kubectl("logs -l app=tick").stdout == "s1\ns2\nt1\nt2\n"
    c.run(60)
    assert c.kubectl("logs s --since=30s").stdout == ""           # the kubelet drops older lines
    c.kubectl("run u --image=busybox -- sh -c 'echo u1; sleep 3600'")
    c.settle()
    assert c.kubectl("logs u --since=30s").stdout == "u1\n"
