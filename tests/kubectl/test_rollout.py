"""kubectl scale, set image, rollout, label/annotate, wait and get -w.

Golden lines come from kubectl's source (kubernetes/kubectl, staging/src/k8s.io/kubectl/pkg):
cmd/scale/scale.go (NewPrintFlags("scaled")), cmd/set/set_image.go ("image updated"),
polymorphichelpers/rollout_status.go (DeploymentStatusViewer.Status), polymorphichelpers/history.go
(ViewHistory: tabwriter "REVISION\\tCHANGE-CAUSE"), polymorphichelpers/rollback.go ("rolled back",
"skipped rollback (current template already matches revision %d)"), polymorphichelpers/objectpauser.go
("is already paused"), objectrestarter.go, cmd/label/label.go (validateNoOverwrites, "labeled",
"not labeled", "unlabeled", `label %q not found.`), cmd/wait/wait.go (NewPrintFlags("condition met")).
"""
import pytest

import kubelab

NAME = "kubernetes-bootcamp"


@pytest.fixture
def c():
    c = kubelab.Cluster()
    c.kubectl(f"create deployment {NAME} --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    c.settle()
    return c


def test_scale_prints_scaled_and_checks_the_precondition(c):
    assert c.kubectl(f"scale deployments/{NAME} --replicas=4").stdout == f"deployment.apps/{NAME} scaled\n"
    assert c.kubectl(f"scale deployment {NAME} --current-replicas=3 --replicas=2").stderr == \
        "error: Expected replicas to be 3, was 4\n"
    assert c.kubectl(f"scale rs --all --replicas=1").returncode == 0
    r = c.kubectl(f"scale deployment {NAME}")
    assert r.returncode == 1 and 'required flag(s) \\"replicas\\" not set' in r.stderr


def test_rollout_status_prints_each_step_then_success(c):
    c.kubectl(f"scale deployments/{NAME} --replicas=4")
    c.settle()
    r = c.kubectl(f"set image deployments/{NAME} {NAME}=jocatalin/kubernetes-bootcamp:v2")
    assert r.stdout == f"deployment.apps/{NAME} image updated\n"
    out = c.kubectl(f"rollout status deployments/{NAME}").stdout.splitlines()
    assert out[-1] == f'deployment "{NAME}" successfully rolled out'
    for line in out[:-1]:
        assert line.startswith(f'Waiting for deployment "{NAME}" rollout to finish: ')
        assert line.endswith(("new replicas have been updated...", "old replicas are pending termination...",
                              "updated replicas are available..."))
    # setting the same image again changes nothing and prints nothing
    assert c.kubectl(f"set image deployments/{NAME} {NAME}=jocatalin/kubernetes-bootcamp:v2").stdout == ""
    assert c.kubectl(f"set image deployments/{NAME} nope=x").stderr == 'error: unable to find container named "nope"\n'


def test_rollout_status_reports_a_stalled_rollout(c):
    c.kubectl(f"set image deployments/{NAME} {NAME}=jocatalin/kubernetes-bootcamp:v10")
    r = c.kubectl(f"rollout status deployments/{NAME} --timeout=30s")
    assert "rollout to finish" in r.stdout
    assert r.stderr == "error: timed out waiting for the condition\n" and r.returncode == 1


def test_history_and_undo_renumber_revisions(c):
    c.kubectl(f"set image deployments/{NAME} {NAME}=jocatalin/kubernetes-bootcamp:v2")
    c.settle()
    assert c.kubectl(f"rollout history deployments/{NAME}").stdout == (
        f"deployment.apps/{NAME} \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n")
    assert c.kubectl(f"rollout undo deployments/{NAME}").stdout == f"deployment.apps/{NAME} rolled back\n"
    c.settle()
    assert c.kubectl(f"rollout history deployments/{NAME}").stdout == (
        f"deployment.apps/{NAME} \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n")
    assert c.kubectl(f"rollout undo deployments/{NAME} --to-revision=3").stdout == \
        f"deployment.apps/{NAME} skipped rollback (current template already matches revision 3)\n"
    assert c.kubectl(f"rollout undo deployments/{NAME} --to-revision=9").stderr == \
        "error: unable to find specified revision 9 in history\n"
    detail = c.kubectl(f"rollout history deployments/{NAME} --revision=2").stdout
    assert detail.startswith(f"deployment.apps/{NAME} with revision #2\nPod Template:\n")
    assert "jocatalin/kubernetes-bootcamp:v2" in detail


def test_change_cause_annotation_shows_in_history(c):
    assert c.kubectl(f"annotate deployment {NAME} kubernetes.io/change-cause='first version'").stdout == \
        f"deployment.apps/{NAME} annotated\n"
    c.settle()
    assert c.kubectl(f"rollout history deployment/{NAME}").stdout.splitlines()[2] == "1         first version"


def test_pause_resume_restart_messages(c):
    assert c.kubectl(f"rollout pause deployment/{NAME}").stdout == f"deployment.apps/{NAME} paused\n"
    assert c.kubectl(f"rollout pause deployment/{NAME}").stderr == f'error: deployments.apps "{NAME}" is already paused\n'
    assert c.kubectl(f"rollout restart deployment/{NAME}").stderr == \
        f"error: deployments.apps \"{NAME}\" can't restart paused deployment (run rollout resume first)\n"
    assert c.kubectl(f"rollout undo deployment/{NAME}").returncode == 1
    assert c.kubectl(f"rollout resume deployment/{NAME}").stdout == f"deployment.apps/{NAME} resumed\n"
    assert c.kubectl(f"rollout resume deployment/{NAME}").stderr == f'error: deployments.apps "{NAME}" is not paused\n'
    t = c.clock.timestamp()
    assert c.kubectl(f"rollout restart deployment/{NAME}").stdout == f"deployment.apps/{NAME} restarted\n"
    ann = c.get("deployment", NAME)["spec"]["template"]["metadata"]["annotations"]
    assert ann["kubectl.kubernetes.io/restartedAt"] == t


def test_label_errors_and_messages(c):
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    r = c.kubectl(f"label pod {pod} app=v1")
    assert r.stderr == f"error: 'app' already has a value ({NAME}), and --overwrite is false\n" and r.returncode == 1
    assert c.kubectl(f"label pod {pod} app={NAME}").stdout == f"pod/{pod} not labeled\n"
    assert c.kubectl(f"label pod {pod} tier=web").stdout == f"pod/{pod} labeled\n"
    assert c.kubectl(f"label pod {pod} tier-").stdout == f"pod/{pod} unlabeled\n"
    assert c.kubectl(f"label pod {pod} tier-").stdout == f'label "tier" not found.\npod/{pod} not labeled\n'
    assert c.kubectl(f"label pod {pod}").stderr == "error: at least one label update is required\n"
    assert c.kubectl(f"label pod {pod} a=b a-").stderr == "error: can not both modify and remove a label in the same command\n"
    assert c.kubectl("label pods --all env=test").stdout == f"pod/{pod} labeled\n"
    assert c.kubectl("get pods -l env=test -o name").stdout == f"pod/{pod}\n"


def test_annotate_refuses_to_overwrite_without_the_flag(c):
    c.kubectl(f"annotate deployment {NAME} team=a")
    assert c.kubectl(f"annotate deployment {NAME} team=b").stderr == \
        "error: --overwrite is false but found the following declared annotation(s): 'team' already has a value (a)\n"
    assert c.kubectl(f"annotate deployment {NAME} team=b --overwrite").returncode == 0


def test_wait_for_condition_delete_and_jsonpath(c):
    assert c.kubectl(f"wait --for=condition=Available deployment/{NAME}").stdout == \
        f"deployment.apps/{NAME} condition met\n"
    assert c.kubectl(f"wait --for=jsonpath={{.status.readyReplicas}}=1 deployment/{NAME}").returncode == 0
    r = c.kubectl(f"wait --for=jsonpath={{.status.readyReplicas}}=5 deployment/{NAME} --timeout=5s")
    assert r.stderr == f"error: timed out waiting for the condition on deployments/{NAME}\n"
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    c.kubectl(f"delete pod {pod} --wait=false")
    start = c.now
    assert c.kubectl(f"wait --for=delete pod/{pod} --timeout=60s").stdout == f"pod/{pod} condition met\n"
    assert c.now - start < 60
    assert c.kubectl("wait --for=bogus pod/x").stderr == 'error: unrecognized condition: "bogus"\n'


def test_get_watch_prints_table_then_changes_for_a_bounded_time(c):
    c.kubectl(f"scale deployment {NAME} --replicas=2")
    r = c.kubectl("get pods -w --request-timeout=20s")
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert len(lines) > 3 and any("Running" in l for l in lines[3:])


def test_undo_and_history_as_the_real_kubectl_prints_them():
    """Goldens from /usr/bin/kubectl v1.32.4 against the served cluster, same state."""
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx:1.15")
    c.settle()
    c.kubectl("set image deployment/web nginx=nginx:1.16.1")
    c.settle()
    # printTemplate: a bare prefix writer, so the fields stay tab-separated
    assert c.kubectl("rollout history deployment/web --revision=2").stdout == (
        "deployment.apps/web with revision #2\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=797db8b795\n"
        "  Containers:\n   nginx:\n    Image:\tnginx:1.16.1\n    Port:\t<none>\n    Host Port:\t<none>\n"
        "    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n"
        "  Tolerations:\t<none>\n\n")
    # the client dry run's operation is the template, then " (dry run)"
    assert c.kubectl("rollout undo deployment/web --dry-run=client").stdout == (
        "deployment.apps/web Pod Template:\n  Labels:\tapp=web\n\tpod-template-hash=6bf8445f55\n"
        "  Containers:\n   nginx:\n    Image:\tnginx:1.15\n    Port:\t<none>\n    Host Port:\t<none>\n"
        "    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n"
        "  Tolerations:\t<none>\n (dry run)\n")
    assert c.kubectl("rollout undo deployment/web --dry-run=server").stdout == \
        "deployment.apps/web rolled back (server dry run)\n"
    assert c.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.16.1"
    c.kubectl("rollout pause deployment/web")
    r = c.kubectl("rollout undo deployment/web")
    assert (r.stdout, r.stderr, r.returncode) == ("", "error: you cannot rollback a paused deployment; resume it "
                                                   "first with 'kubectl rollout resume' and try again\n", 1)
    assert c.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.16.1"


def test_delete_prints_as_the_real_kubectl_does():
    """delete.go Complete/Validate/PrintObj; goldens from /usr/bin/kubectl v1.32.4."""
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    c.settle()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    assert c.kubectl("delete deployment web --dry-run=server").stdout == 'deployment.apps "web" deleted (server dry run)\n'
    assert c.kubectl("delete deployment web --dry-run=client").stdout == 'deployment.apps "web" deleted (dry run)\n'
    r = c.kubectl("delete pods --all --dry-run=server --force")
    assert r.stdout == f'pod "{pod}" force deleted (server dry run)\n'
    assert r.stderr == ("Warning: Immediate deletion does not wait for confirmation that the running resource has "
                        "been terminated. The resource may continue to run on the cluster indefinitely.\n")
    # --grace-period=0 without --force becomes 1: no warning, "deleted"
    r = c.kubectl("delete deployment web --grace-period=0 --dry-run=server")
    assert (r.stdout, r.stderr) == ('deployment.apps "web" deleted (server dry run)\n', "")
    assert c.get("deployment", "web") is not None
    assert (c.kubectl("delete pods -l app=zzz").stdout, c.kubectl("delete pods -l app=zzz").stderr) == \
        ("No resources found\n", "")
    assert c.kubectl("delete pod x --force --grace-period=5").stderr == \
        "error: --force and --grace-period greater than 0 cannot be specified together\n"
    assert c.kubectl("delete pod x --now --grace-period=5").stderr == \
        "error: --now and --grace-period cannot be specified together\n"
    assert c.kubectl("delete pod x -o yaml").stderr == "error: unexpected -o output mode: yaml. We only support '-o name'\n"


def test_run_under_server_dry_run_says_so():
    # run.go: PrintFlagsWithDryRunStrategy; the real kubectl printed 'pod/client created (server dry run)'
    c = kubelab.Cluster()
    r = c.kubectl("run client --image=busybox:1.36 --dry-run=server -- sleep 3600")
    assert (r.stdout, r.returncode) == ("pod/client created (server dry run)\n", 0)
    assert c.get("pod", "client") is None
