"""Storage object in-use protection: finalizers hold claims and volumes in use."""
from kubelab.api.volumes import PV_PROTECTION, PVC_PROTECTION


def test_finalizers_added_on_create(c, k):
    c.api.create(k.pv("pv0"))
    c.api.create(k.pvc("claim"))
    assert c.get("pv", "pv0")["metadata"]["finalizers"] == [PV_PROTECTION]
    assert c.get("pvc", "claim")["metadata"]["finalizers"] == [PVC_PROTECTION]


def test_claim_in_use_stays_terminating_until_its_pod_is_gone(c, k):
    c.api.create(k.pv("pv0"))
    c.api.create(k.pvc("claim"))
    c.api.create(k.pod("user", "claim"))
    c.settle()
    c.kubectl("delete pvc claim --wait=false")
    c.settle()
    assert c.get("pvc", "claim")["metadata"].get("deletionTimestamp")
    assert "Terminating" in str(c.kubectl("get pvc claim"))
    assert k.phase(c, "pv", "pv0") == "Bound"
    c.kubectl("delete pod user")
    c.settle()
    assert c.get("pvc", "claim") is None
    assert k.phase(c, "pv", "pv0") == "Released"


def test_pod_cannot_use_a_claim_being_deleted(c, k):
    c.api.create(k.pv("pv0"))
    c.api.create(k.pvc("claim"))
    c.api.create(k.pod("first", "claim"))
    c.settle()
    c.kubectl("delete pvc claim --wait=false")
    c.api.create(k.pod("second", "claim"))
    c.settle()
    [ev] = k.events(c, "second", "FailedScheduling")
    assert ev["message"].startswith('0/1 nodes are available: persistentvolumeclaim "claim" is being deleted.')


def test_bound_volume_stays_terminating_until_released(c, k):
    c.api.create(k.pv("pv0"))
    c.api.create(k.pvc("claim"))
    c.settle()
    c.kubectl("delete pv pv0 --wait=false")
    c.settle()
    assert c.get("pv", "pv0")["metadata"].get("deletionTimestamp")
    assert "Terminating" in str(c.kubectl("get pv pv0"))
    c.kubectl("delete pvc claim")
    c.settle()
    assert c.get("pv", "pv0") is None
