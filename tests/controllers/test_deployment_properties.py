"""Property tests: whatever a learner does to a Deployment, the controllers keep
their promises (pkg/controller/deployment invariants)."""
from hypothesis import given, settings
from hypothesis import strategies as st

import kubelab
from kubelab.api.meta import controller_ref
from kubelab.controllers.deployment import resolve_fenceposts

IMAGES = ["gcr.io/google-samples/kubernetes-bootcamp:v1", "jocatalin/kubernetes-bootcamp:v1",
          "jocatalin/kubernetes-bootcamp:v2"]

ops = st.lists(st.one_of(
    st.tuples(st.just("scale"), st.integers(0, 6)),
    st.tuples(st.just("image"), st.sampled_from(IMAGES)),
    st.tuples(st.just("undo"), st.just(0)),
    st.tuples(st.just("delete-pod"), st.integers(0, 5)),
    st.tuples(st.just("wait"), st.sampled_from([0.5, 2, 5])),
), min_size=1, max_size=6)


def apply(c, op, arg):
    if op == "scale":
        c.kubectl(f"scale deployment/web --replicas={arg}")
    elif op == "image":
        c.kubectl(f"set image deployment/web kubernetes-bootcamp={arg}")
    elif op == "undo":
        c.kubectl("rollout undo deployment/web")
    elif op == "delete-pod":
        pods = c.api.list("pods", "default")
        if pods:
            c.kubectl(f"delete pod {pods[arg % len(pods)]['metadata']['name']} --wait=false")
    else:
        c.run(arg)


@settings(max_examples=25)
@given(ops)
def test_after_settling_replicasets_add_up_and_pods_have_one_controller(sequence):
    c = kubelab.Cluster()
    c.kubectl(f"create deployment web --image={IMAGES[0]} --replicas=3")
    c.settle()
    for op, arg in sequence:
        apply(c, op, arg)
    c.settle()
    d = c.get("deployment", "web")
    rss = c.api.list("replicasets", "default")
    assert sum(rs["spec"]["replicas"] for rs in rss) == d["spec"]["replicas"]
    live = [p for p in c.api.list("pods", "default") if not p["metadata"].get("deletionTimestamp")]
    assert len(live) == d["spec"]["replicas"]
    for pod in c.api.list("pods", "default"):
        assert sum(1 for r in pod["metadata"].get("ownerReferences") or [] if r.get("controller")) <= 1
        assert controller_ref(pod)["name"] in {rs["metadata"]["name"] for rs in rss}
    # exactly one set carries the current template, and it has every replica
    d_image = d["spec"]["template"]["spec"]["containers"][0]["image"]
    current = [rs for rs in rss if rs["spec"]["replicas"] > 0]
    assert all(rs["spec"]["template"]["spec"]["containers"][0]["image"] == d_image for rs in current)


bound = st.one_of(st.integers(0, 3), st.sampled_from(["0%", "10%", "25%", "50%", "100%"]))


@settings(max_examples=25)
@given(replicas=st.integers(1, 8), surge=bound, unavailable=bound, image=st.sampled_from(IMAGES[1:]))
def test_a_rollout_never_leaves_the_surge_and_unavailability_bounds(replicas, surge, unavailable, image):
    c = kubelab.Cluster()
    c.kubectl(f"create deployment web --image={IMAGES[0]} --replicas={replicas}")
    c.api.mutate("deployments", "web", "default", lambda o: o["spec"].update(
        strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}}))
    if surge in (0, "0%") and unavailable in (0, "0%"):
        return      # the API server rejects this (both may not be 0); validation is tested elsewhere
    c.settle()
    d = c.get("deployment", "web")
    max_surge, max_unavailable = resolve_fenceposts(d)
    c.kubectl(f"set image deployment/web kubernetes-bootcamp={image}")
    seen = []

    def check():
        rss = c.api.list("replicasets", "default")
        total = sum(rs["spec"]["replicas"] for rs in rss)
        available = sum(rs.get("status", {}).get("availableReplicas", 0) for rs in rss)
        seen.append((total, available))
        st_ = c.get("deployment", "web")["status"]
        return st_.get("updatedReplicas") == replicas == st_.get("availableReplicas") == st_.get("replicas")
    assert c.wait_for(check, 300)
    assert max(t for t, _ in seen) <= replicas + max_surge
    assert min(a for _, a in seen) >= replicas - max_unavailable
