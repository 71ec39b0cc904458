"""The kubelet's status manager: one write a change, none for its own write coming back."""
from unittest import mock

import kubelab
from kubelab.node import kubelet as kubelet_module
from kubelab.testing import apply

POD = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: nginx:1.16.1
"""


def status_writes(c, name):
    return [a for a in c.api.actions if a.verb == "update-status" and a.kind == "Pod" and a.key == f"default/{name}"]


def test_a_starting_pod_gets_three_kubelet_writes_and_each_status_is_generated_once():
    c = kubelab.Cluster()
    c.settle()
    made = []
    real = kubelet_module.pod_status

    def counting(stored, w, *args):
        made.append(w.key)
        return real(stored, w, *args)

    with mock.patch.object(kubelet_module, "pod_status", counting):
        apply(c, POD)
        c.settle()
    # ContainerCreating (no IP), the sandbox's IP, Running: as the events happen.
    writes = status_writes(c, "p")
    assert len(writes) == 3
    assert made.count("default/p") == 3          # the writes coming back are not generated again
    pod = c.get("pod", "p")
    assert pod["status"]["phase"] == "Running"
    assert {x["type"]: x["status"] for x in pod["status"]["conditions"]}["Ready"] == "True"


def test_a_status_someone_else_wrote_is_written_back_by_the_kubelet():
    c = kubelab.Cluster()
    apply(c, POD)
    c.settle()
    pod = c.get("pod", "p")
    pod["status"]["phase"] = "Pending"
    pod["status"]["containerStatuses"][0]["ready"] = False
    c.api.update_status(pod)
    c.settle()
    again = c.get("pod", "p")
    assert again["status"]["phase"] == "Running"
    assert again["status"]["containerStatuses"][0]["ready"] is True


TWO = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    image: nginx:1.16.1
  - name: b
    image: nginx:1.16.1
    readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 5}
"""


def test_an_unchanged_container_keeps_its_status_entry_between_writes():
    c = kubelab.Cluster()
    apply(c, TWO)
    c.run(4)
    before = c.api.peek("pods", "p", "default")["status"]
    c.run(10)
    after = c.api.peek("pods", "p", "default")["status"]
    assert [s["ready"] for s in before["containerStatuses"]] == [True, False]
    assert [s["ready"] for s in after["containerStatuses"]] == [True, True]
    assert after["containerStatuses"][0] is before["containerStatuses"][0]     # a: nothing changed
    assert after["containerStatuses"][1] is not before["containerStatuses"][1]


def test_pods_started_together_share_their_conditions_and_an_outside_write_does_not_reach_others():
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx:1.16.1 --replicas=6")
    c.settle()
    pods = c.api.list("pods", "default", copy=False)
    ready = [next(x for x in p["status"]["conditions"] if x["type"] == "Ready") for p in pods]
    assert len({id(x) for x in ready}) < len(ready)           # one object for equal conditions
    # A reader gets copies: changing one changes nothing stored.
    one = c.get("pod", pods[0]["metadata"]["name"])
    next(x for x in one["status"]["conditions"] if x["type"] == "Ready")["status"] = "False"
    assert all(x["status"] == "True" for x in ready)
    # Someone else writing a pod's conditions (the status subresource) changes only that pod.
    c.api.update_status(one)
    assert next(x for x in c.get("pod", pods[1]["metadata"]["name"])["status"]["conditions"]
                if x["type"] == "Ready")["status"] == "True"


def _worker(c, name):
    pod = c.api.peek("pods", name, "default")
    return c.kubelets[pod["spec"]["nodeName"]].workers[f"default/{name}"]


def test_the_worker_keeps_each_containers_memo_tuple_not_a_copy():
    c = kubelab.Cluster()
    apply(c, TWO)
    c.run(10)
    w = _worker(c, "p")
    kept = w.status_made_from[4:]
    assert len(kept) == 2
    for part, cs in zip(kept, w.containers.values()):
        assert part is cs.status_memo[0]


def test_a_change_while_the_status_is_being_written_is_written_next():
    # What the worker remembers is what the written status was made from: a
    # container that changes while the write is being handed to the watchers
    # (after its status was generated) is written at the next check.
    c = kubelab.Cluster()
    apply(c, POD)
    changed = []

    def on_pod(etype, pod, old):
        statuses = (pod.get("status") or {}).get("containerStatuses") or []
        if not changed and pod["metadata"]["name"] == "p" and statuses and statuses[0]["ready"]:
            cs = _worker(c, "p").containers["c"]
            cs.ready = False              # as kill_container does, without a write of its own
            changed.append(True)
    c.api.watch(on_pod, "Pod")
    c.settle()
    assert changed
    assert c.get("pod", "p")["status"]["containerStatuses"][0]["ready"] is False


def test_made_from_is_each_containers_made_from_tuple_the_memos_own_while_it_holds():
    # made_from builds each container's part inline: it must be _container_made_from,
    # and the memo's own tuple exactly when the memo still holds, in every state a
    # container goes through (creating, running, ready, restarted, terminated).
    from kubelab.node import statuswriter
    c = kubelab.Cluster()
    apply(c, TWO)
    seen = 0
    for _ in range(40):
        c.run(1)
        w = _worker(c, "p")
        made = statuswriter.made_from(w, "h")
        assert made[:4] == ("h", w.ip, w.sandbox_ready, w.terminal)
        for part, cs in zip(made[4:], w.containers.values()):
            assert part == statuswriter._container_made_from(cs)
            memo = cs.status_memo
            if memo is not None and memo[0] == part:
                assert part is memo[0]
                seen += 1
        for cs in w.containers.values():       # a change the memo no longer holds
            was = cs.restart_count
            cs.restart_count = was + 1
            part = statuswriter.made_from(w, "h")[4 + list(w.containers.values()).index(cs)]
            assert part == statuswriter._container_made_from(cs) and part is not (cs.status_memo or (None,))[0]
            cs.restart_count = was
    assert seen


def test_conditions_with_the_callers_names_are_those_made_from_the_spec():
    from kubelab.node import status as podstatus
    spec = {"containers": [{"name": "b"}, {"name": "a"}]}
    pod = {"spec": spec}
    for ready in ((True, True), (True, False), (False, False)):
        statuses = [{"name": "a", "ready": ready[0]}, {"name": "b", "ready": ready[1]}]
        for phase in ("Pending", "Running", "Succeeded"):
            for sandbox in (True, False):
                prev = []
                general = podstatus.compute_conditions(pod, sandbox, [], statuses, phase, prev, "T", {})
                given = podstatus.compute_conditions(pod, sandbox, [], statuses, phase, prev, "T", {}, ("b", "a"))
                assert given == general
                shared: dict = {}
                first = podstatus.compute_conditions(pod, sandbox, [], statuses, phase, prev, "T", shared, ("b", "a"))
                assert podstatus.compute_conditions(pod, sandbox, [], statuses, phase, prev, "T", shared) is first
