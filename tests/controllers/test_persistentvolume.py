"""The persistentvolume-binder: binding both ways, phases, events, reclaiming."""
from kubelab.api.volumes import ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER


def test_static_binding_picks_smallest_and_binds_both_ways(c, k):
    for obj in (k.pv("big", "10Gi"), k.pv("small", "2Gi"), k.pv("tiny", "100Mi")):
        c.api.create(obj)
    c.api.create(k.pvc("claim", "1Gi"))
    c.settle()
    claim, vol = c.get("pvc", "claim"), c.get("pv", "small")
    assert claim["spec"]["volumeName"] == "small"
    assert vol["spec"]["claimRef"]["uid"] == claim["metadata"]["uid"]
    assert vol["spec"]["claimRef"]["name"] == "claim" and vol["spec"]["claimRef"]["namespace"] == "default"
    assert claim["metadata"]["annotations"][ANN_BIND_COMPLETED] == "yes"
    assert claim["metadata"]["annotations"][ANN_BOUND_BY_CONTROLLER] == "yes"
    assert vol["metadata"]["annotations"][ANN_BOUND_BY_CONTROLLER] == "yes"
    assert claim["status"] == {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "2Gi"}}
    assert k.phase(c, "pv", "small") == "Bound" and k.phase(c, "pv", "big") == "Available"


def test_get_pv_and_pvc_columns(c, k):
    c.api.create(k.pv("pv0", "2Gi"))
    c.api.create(k.pvc("claim", "1Gi"))
    c.settle()
    out = str(c.kubectl("get pv,pvc"))
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "CAPACITY", "ACCESS", "MODES", "RECLAIM", "POLICY", "STATUS", "CLAIM",
                                "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"]
    assert lines[1].split()[:7] == ["persistentvolume/pv0", "2Gi", "RWO", "Retain", "Bound", "default/claim", "manual"]
    assert lines[3].split() == ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS", "MODES", "STORAGECLASS",
                                "VOLUMEATTRIBUTESCLASS", "AGE"]
    assert lines[4].split()[:6] == ["persistentvolumeclaim/claim", "Bound", "pv0", "2Gi", "RWO", "manual"]


def test_no_match_and_no_class_stays_pending_with_event(c, k):
    c.api.create(k.pvc("lonely", "1Gi", sc=""))
    c.settle()
    assert k.phase(c, "pvc", "lonely") == "Pending"
    [ev] = k.events(c, "lonely")
    assert (ev["reason"], ev["type"], ev["source"]["component"]) == ("FailedBinding", "Normal", "persistentvolume-controller")
    assert ev["message"] == "no persistent volumes available for this claim and no storage class is set"


def test_claim_created_before_volume_binds_at_next_resync(c, k):
    c.api.create(k.pvc("early", "1Gi", sc=""))
    c.settle()
    c.api.create(k.pv("late", "1Gi", sc=None))
    c.pump()
    assert k.phase(c, "pvc", "early") == "Pending"        # nothing tells the claim yet
    waited = c.settle()
    assert k.phase(c, "pvc", "early") == "Bound"
    assert 0 < waited <= 15


def test_prebound_claim_to_too_small_volume_gets_mismatch_event(c, k):
    c.api.create(k.pv("small", "1Gi"))
    c.api.create(k.pvc("want", "5Gi", volumeName="small"))
    c.settle()
    assert k.phase(c, "pvc", "want") == "Pending"
    [ev] = k.events(c, "want", "VolumeMismatch")
    assert ev["message"] == 'Cannot bind to requested volume "small": requested PV is too small'


def test_retain_keeps_volume_released_with_its_data(c, k):
    c.api.create(k.pv("keep", "1Gi", path="/mnt/keep"))
    c.api.create(k.pvc("claim"))
    c.settle()
    c.storage.data.host_path("minikube", "/mnt/keep").files["/note"] = "kept"
    c.kubectl("delete pvc claim")
    c.settle()
    vol = c.get("pv", "keep")
    assert vol["status"]["phase"] == "Released" and vol["spec"]["claimRef"]["name"] == "claim"
    assert c.storage.data.host_path("minikube", "/mnt/keep").files == {"/note": "kept"}
    c.api.create(k.pvc("claim"))            # same name, new uid: a Released volume is not reused
    c.run(30)
    assert k.phase(c, "pvc", "claim") == "Pending"


def test_delete_policy_removes_tmp_hostpath_volume_and_data(c, k):
    c.api.create(k.pv("gone", policy="Delete", path="/tmp/gone"))
    c.api.create(k.pvc("claim"))
    c.settle()
    c.storage.data.host_path("minikube", "/tmp/gone").files["/x"] = "1"
    c.kubectl("delete pvc claim")
    c.settle()
    assert c.get("pv", "gone") is None
    assert "/tmp/gone" not in c.storage.data.node("minikube")


def test_delete_policy_outside_tmp_fails_as_the_hostpath_deleter_does(c, k):
    c.api.create(k.pv("stuck", policy="Delete", path="/mnt/data"))
    c.api.create(k.pvc("claim"))
    c.settle()
    c.kubectl("delete pvc claim")
    c.settle()
    vol = c.get("pv", "stuck")
    msg = "host_path deleter only supports /tmp/.+ but received provided /mnt/data"
    assert vol["status"]["phase"] == "Failed" and vol["status"]["message"] == msg
    [ev] = k.events(c, "stuck", "VolumeFailedDelete")
    assert ev["type"] == "Warning" and ev["message"] == msg
    assert "Message:         " + msg in str(c.kubectl("describe pv stuck"))


def test_recycle_scrubs_and_makes_available_with_deprecation_warning(c, k):
    import yaml
    r = c.kubectl("apply -f -", stdin=yaml.safe_dump(k.pv("rec", policy="Recycle", path="/mnt/rec")))
    assert r.stderr == ("Warning: spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. "
                        "Instead, the recommended approach is to use dynamic provisioning.\n")
    c.api.create(k.pvc("claim"))
    c.settle()
    c.storage.data.host_path("minikube", "/mnt/rec").files["/old"] = "secret"
    c.kubectl("delete pvc claim")
    c.settle()
    vol = c.get("pv", "rec")
    assert vol["status"]["phase"] == "Available" and "claimRef" not in vol["spec"]
    assert c.storage.data.host_path("minikube", "/mnt/rec").files == {}
    assert [e["message"] for e in k.events(c, "rec", "VolumeRecycled")] == ["Volume recycled"]


def test_recycle_without_recycler_plugin_fails(c, k):
    vol = k.pv("loc", policy="Recycle")
    del vol["spec"]["hostPath"]
    vol["spec"]["local"] = {"path": "/mnt/disks/ssd1"}
    vol["spec"]["nodeAffinity"] = {"required": {"nodeSelectorTerms": [{"matchExpressions": [
        {"key": "kubernetes.io/hostname", "operator": "In", "values": ["minikube"]}]}]}}
    c.api.create(vol)
    c.api.create(k.pvc("claim"))
    c.settle()
    c.kubectl("delete pvc claim")
    c.settle()
    assert k.phase(c, "pv", "loc") == "Failed"
    assert k.events(c, "loc", "VolumeFailedRecycle")[0]["message"] == "No recycler plugin found for the volume!"
