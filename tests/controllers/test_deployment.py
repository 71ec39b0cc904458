"""The Deployment controller: rolling update arithmetic and steps, Recreate,
revisions, history cleanup, progress deadline, pause, proportional scaling."""
import pytest

import kubelab
from kubelab.controllers.deployment import DESIRED, REVISION, REVISION_HISTORY, resolve_fenceposts


def dep(replicas=4, surge=None, unavailable=None):
    ru = {}
    if surge is not None:
        ru["maxSurge"] = surge
    if unavailable is not None:
        ru["maxUnavailable"] = unavailable
    return {"spec": {"replicas": replicas, "strategy": {"type": "RollingUpdate", "rollingUpdate": ru}}}


@pytest.mark.parametrize("replicas,surge,unavailable,want", [
    (10, "25%", "25%", (3, 2)),      # surge rounds up, unavailable rounds down
    (4, None, None, (1, 1)),         # the defaults, 25% each
    (1, "25%", "25%", (1, 0)),
    (3, 0, 0, (0, 1)),               # both zero: maxUnavailable becomes 1
    (5, 2, "50%", (2, 2)),
])
def test_fenceposts_follow_kubernetes_rounding(replicas, surge, unavailable, want):
    assert resolve_fenceposts(dep(replicas, surge, unavailable)) == want


def bootcamp(replicas=4, image="gcr.io/google-samples/kubernetes-bootcamp:v1"):
    c = kubelab.Cluster()
    c.kubectl(f"create deployment kubernetes-bootcamp --image={image} --replicas={replicas}")
    c.settle()
    return c


def sizes(c):
    return {rs["metadata"]["name"].rsplit("-", 1)[1]: rs["spec"]["replicas"] for rs in c.api.list("replicasets", "default")}


def set_image(c, image):
    c.kubectl(f"set image deployments/kubernetes-bootcamp kubernetes-bootcamp={image}")


def test_rolling_update_takes_steps_within_surge_and_unavailability():
    c = bootcamp()
    set_image(c, "jocatalin/kubernetes-bootcamp:v2")
    c.settle()
    msgs = [e["message"] for e in c.api.list("events", "default") if e["reason"] == "ScalingReplicaSet"]
    new = c.get("deployment", "kubernetes-bootcamp")
    assert new["metadata"]["annotations"][REVISION] == "2"
    # The first steps, as a real cluster shows them for 4 replicas at 25%/25%.
    old_rs = [m for m in msgs if "from 0 to 4" in m][0].split()[4]
    new_rs = [m for m in msgs if "from 0 to 1" in m][0].split()[4]
    assert f"Scaled up replica set {new_rs} from 0 to 1" in msgs
    assert f"Scaled down replica set {old_rs} from 4 to 3" in msgs
    assert f"Scaled up replica set {new_rs} from 1 to 2" in msgs
    assert msgs[-1] == f"Scaled down replica set {old_rs} from 1 to 0"
    st = new["status"]
    assert (st["replicas"], st["updatedReplicas"], st["availableReplicas"]) == (4, 4, 4)
    conds = {c["type"]: (c["status"], c["reason"]) for c in st["conditions"]}
    assert conds == {"Available": ("True", "MinimumReplicasAvailable"), "Progressing": ("True", "NewReplicaSetAvailable")}


def test_bad_image_stalls_the_rollout_and_old_pods_keep_serving():
    c = bootcamp()
    set_image(c, "jocatalin/kubernetes-bootcamp:v10")
    c.run(120)
    d = c.get("deployment", "kubernetes-bootcamp")
    assert d["status"]["availableReplicas"] == 3           # 4 - maxUnavailable(1)
    assert d["status"]["updatedReplicas"] == 2             # 4 + maxSurge(1) - 3 old
    reasons = {p["status"]["containerStatuses"][0]["state"].get("waiting", {}).get("reason")
               for p in c.api.list("pods", "default") if p["spec"]["containers"][0]["image"].endswith(":v10")}
    assert reasons <= {"ErrImagePull", "ImagePullBackOff"} and reasons
    # A shorter deadline than the default 600 s keeps the test quick.
    c.api.mutate("deployments", "kubernetes-bootcamp", "default", lambda o: o["spec"].update(progressDeadlineSeconds=120))
    c.run(200)
    cond = [x for x in c.get("deployment", "kubernetes-bootcamp")["status"]["conditions"] if x["type"] == "Progressing"][0]
    assert (cond["status"], cond["reason"]) == ("False", "ProgressDeadlineExceeded")
    assert cond["message"].endswith("has timed out progressing.")


def test_undo_gives_the_restored_replicaset_the_next_revision():
    c = bootcamp()
    set_image(c, "jocatalin/kubernetes-bootcamp:v2")
    c.settle()
    first = [rs for rs in c.api.list("replicasets", "default") if rs["metadata"]["annotations"][REVISION] == "1"][0]
    c.kubectl("rollout undo deployments/kubernetes-bootcamp")
    c.settle()
    rs = c.get("replicaset", first["metadata"]["name"])
    assert rs["metadata"]["annotations"][REVISION] == "3"
    assert rs["metadata"]["annotations"][REVISION_HISTORY] == "1"
    assert rs["spec"]["replicas"] == 4
    assert c.get("deployment", "kubernetes-bootcamp")["metadata"]["annotations"][REVISION] == "3"


def test_revision_history_limit_deletes_the_oldest_empty_replicasets():
    c = bootcamp(replicas=1)
    c.kubectl("patch deployment kubernetes-bootcamp -p '{\"spec\":{\"revisionHistoryLimit\":1}}'")
    for image in ("jocatalin/kubernetes-bootcamp:v2", "nginx:1.25", "nginx:1.26"):
        def change(o, image=image):
            o["spec"]["template"]["spec"]["containers"][0]["image"] = image
            o["spec"]["revisionHistoryLimit"] = 1
        c.api.mutate("deployments", "kubernetes-bootcamp", "default", change)
        c.settle()
    revisions = sorted(int(rs["metadata"]["annotations"][REVISION]) for rs in c.api.list("replicasets", "default"))
    assert revisions == [3, 4]


def test_recreate_creates_the_new_replicaset_only_after_old_pods_are_gone():
    c = bootcamp(replicas=2)
    c.api.mutate("deployments", "kubernetes-bootcamp", "default",
                 lambda o: o["spec"].update(strategy={"type": "Recreate"}))
    c.settle()
    set_image(c, "jocatalin/kubernetes-bootcamp:v2")
    seen_both = []

    def check():
        rss = c.api.list("replicasets", "default")
        pods = [p for p in c.api.list("pods", "default")]
        images = {p["spec"]["containers"][0]["image"] for p in pods}
        seen_both.append(len(images) > 1)
        return False
    c.wait_for(check, 60)
    assert not any(seen_both)
    d = c.get("deployment", "kubernetes-bootcamp")
    assert d["status"]["updatedReplicas"] == 2 and d["status"]["availableReplicas"] == 2


def test_scaling_mid_rollout_is_shared_out_proportionally():
    c = bootcamp(replicas=10)
    set_image(c, "jocatalin/kubernetes-bootcamp:v10")     # stalls: old 8 (10-2), new 5 (10+3-8)
    c.run(30)
    before = sorted(sizes(c).values())
    assert before == [5, 8]
    c.kubectl("scale deployment kubernetes-bootcamp --replicas=20")
    after = sorted(sizes(c).values())
    # getProportion (deployment/util): 13 pods were allowed (max-replicas 10 + surge 3); now
    # 25 are (20 + surge 5), 12 more, shared by each ReplicaSet's fraction of the old
    # allowance, rounded: 8*25/13 = 15.4 → 15, 5*25/13 = 9.6 → 10.
    assert resolve_fenceposts(c.get("deployment", "kubernetes-bootcamp"))[0] == 5
    assert after == [10, 15]
    for rs in c.api.list("replicasets", "default"):
        assert rs["metadata"]["annotations"][DESIRED] == "20"


def test_paused_deployment_does_not_roll_out_until_resumed():
    c = bootcamp(replicas=2)
    c.kubectl("rollout pause deployment/kubernetes-bootcamp")
    set_image(c, "jocatalin/kubernetes-bootcamp:v2")
    c.settle()
    assert len(c.api.list("replicasets", "default")) == 1
    cond = [x for x in c.get("deployment", "kubernetes-bootcamp")["status"]["conditions"] if x["type"] == "Progressing"][0]
    assert (cond["status"], cond["reason"], cond["message"]) == ("Unknown", "DeploymentPaused", "Deployment is paused")
    c.kubectl("scale deployment kubernetes-bootcamp --replicas=3")    # scaling still works while paused
    c.settle()
    assert list(sizes(c).values()) == [3]
    c.kubectl("rollout resume deployment/kubernetes-bootcamp")
    c.settle()
    assert sorted(sizes(c).values()) == [0, 3]


def test_a_sets_replica_failure_shows_on_the_deployment_until_pods_can_be_made():
    """syncRolloutStatus moves the new set's ReplicaFailure condition (calculateStatus
    sets it from the error that stopped manageReplicas) to the Deployment, and drops
    it when no set has one."""
    c = kubelab.Cluster()
    c.kubectl("create deployment d --image=nginx --replicas=2")
    c.settle()
    c.kubectl(["patch", "deployment", "d", "-p", '{"spec":{"template":{"spec":{"priorityClassName":"high"}}}}'])
    c.run(5)
    new = [rs for rs in c.api.list("replicasets", "default") if rs["spec"]["template"]["spec"].get("priorityClassName")][0]
    cond = [x for x in new["status"]["conditions"] if x["type"] == "ReplicaFailure"][0]
    assert (cond["status"], cond["reason"]) == ("True", "FailedCreate")
    assert cond["message"] == f'pods "{new["metadata"]["name"]}-" is forbidden: no PriorityClass with name high was found'
    d = c.get("deployment", "d")
    got = [x for x in d["status"]["conditions"] if x["type"] == "ReplicaFailure"][0]
    assert got == {"type": "ReplicaFailure", "status": "True", "lastUpdateTime": cond["lastTransitionTime"],
                   "lastTransitionTime": cond["lastTransitionTime"], "reason": "FailedCreate", "message": cond["message"]}
    assert "  ReplicaFailure   True    FailedCreate\n" in c.kubectl("describe deployment d").stdout
    c.kubectl("create priorityclass high --value=1000")
    c.run(120)
    assert [x["type"] for x in c.get("deployment", "d")["status"]["conditions"]] == ["Available", "Progressing"]
    assert "conditions" not in c.get("replicaset", new["metadata"]["name"])["status"]
