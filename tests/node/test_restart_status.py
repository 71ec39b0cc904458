"""What the kubelet reports between a container's exit and its restart
(kubelet_pods.go convertToAPIContainerStatuses): the container that exited stays
the latest, so its terminated state shows until the new one is created — then
it moves to lastState and restartCount counts the new container.  kubectl's
STATUS column (printers.go printPod) shows the terminated reason, never
ContainerCreating."""
from __future__ import annotations

import kubelab


def status(c, name):
    return c.api.get("pods", name, "default")["status"]["containerStatuses"][0]


def columns(c, name):
    return c.kubectl(f"get pod {name} --no-headers").stdout.split()[1:4]


def run_until(c, name, pred, limit=60.0):
    """Step time in tenths until ``pred(status)`` holds; every status seen on the way."""
    seen = []
    end = c.now + limit
    while c.now < end:
        c.run(0.1)
        s = status(c, name)
        seen.append(s)
        if pred(s):
            return seen
    raise AssertionError(f"not reached: {seen[-1]}")


def test_an_exited_container_shows_its_last_state_until_the_new_one_runs():
    c = kubelab.Cluster(pause=0)         # kubectl takes no simulated time: each step is seen
    c.kubectl("run box --image=busybox -- sh -c 'sleep 5; exit 1'")
    c.settle()
    assert columns(c, "box") == ["1/1", "Running", "0"]
    seen = run_until(c, "box", lambda s: "terminated" in s["state"])
    assert seen[-1]["restartCount"] == 0 and seen[-1]["lastState"] == {}
    assert seen[-1]["state"]["terminated"]["reason"] == "Error"
    assert columns(c, "box") == ["0/1", "Error", "0"]
    first = seen[-1]["state"]["terminated"]
    # busybox (latest: pulled again) is pulled while the exited container is still the latest
    seen = run_until(c, "box", lambda s: "running" in s["state"])
    gap = seen[:-1]
    assert gap and all(s["state"] == {"terminated": first} and s["restartCount"] == 0 for s in gap)
    assert not any("waiting" in s["state"] for s in seen)
    now = seen[-1]
    assert now["lastState"] == {"terminated": first} and now["restartCount"] == 1
    assert columns(c, "box")[:2] == ["1/1", "Running"]
    # the second exit falls into the back-off window: CrashLoopBackOff, the run in lastState
    seen = run_until(c, "box", lambda s: "waiting" in s["state"])
    assert seen[-1]["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert seen[-1]["lastState"]["terminated"]["startedAt"] == now["state"]["running"]["startedAt"]
    assert seen[-1]["restartCount"] == 1
    # ... and it stays so while the image is pulled again, until the third container runs
    seen = run_until(c, "box", lambda s: "running" in s["state"])
    assert all(s["state"]["waiting"]["reason"] == "CrashLoopBackOff" for s in seen[:-1])
    assert seen[-1]["restartCount"] == 2


def test_a_completed_container_of_restart_policy_always_shows_completed_then_running():
    c = kubelab.Cluster(pause=0)         # kubectl takes no simulated time: each step is seen
    c.kubectl("run done --image=busybox --image-pull-policy=IfNotPresent -- sh -c 'sleep 5'")
    c.settle()
    run_until(c, "done", lambda s: "terminated" in s["state"])
    assert columns(c, "done") == ["0/1", "Completed", "0"]
    seen = run_until(c, "done", lambda s: "running" in s["state"])
    assert not any("waiting" in s["state"] for s in seen)
    ready, shown, restarts = columns(c, "done")
    assert (ready, shown, restarts) == ("1/1", "Running", "1")


def test_a_pull_failing_on_restart_shows_the_run_that_ended_in_last_state():
    c = kubelab.Cluster(pause=0)
    c.kubectl("run box --image=busybox -- sh -c 'sleep 5; exit 1'")      # busybox: pulled again on restart
    c.settle()
    first = run_until(c, "box", lambda s: "terminated" in s["state"])[-1]["state"]["terminated"]
    c.kubelets["minikube"].blocked_registries = frozenset({"registry-1.docker.io"})
    seen = run_until(c, "box", lambda s: "waiting" in s["state"])
    assert seen[-1]["state"]["waiting"]["reason"] == "ErrImagePull"
    assert seen[-1]["lastState"] == {"terminated": first} and seen[-1]["restartCount"] == 0
    c.kubelets["minikube"].blocked_registries = frozenset()
    now = run_until(c, "box", lambda s: "running" in s["state"], limit=120)[-1]
    assert now["lastState"] == {"terminated": first} and now["restartCount"] == 1
