"""Dynamic provisioning by minikube's storage-provisioner and the default class."""


def test_minikube_has_standard_default_class(c):
    sc = c.get("storageclass", "standard")
    assert sc["provisioner"] == "k8s.io/minikube-hostpath"
    assert sc["reclaimPolicy"] == "Delete" and sc["volumeBindingMode"] == "Immediate"
    assert sc["metadata"]["annotations"]["storageclass.kubernetes.io/is-default-class"] == "true"
    assert "standard (default)   k8s.io/minikube-hostpath   Delete          Immediate" in str(c.kubectl("get sc"))


def test_default_class_admission_only_when_field_absent(c, k):
    c.api.create(k.pvc("absent", sc=None))
    c.api.create(k.pvc("empty", sc=""))
    assert c.get("pvc", "absent")["spec"]["storageClassName"] == "standard"
    assert c.get("pvc", "empty")["spec"]["storageClassName"] == ""


def test_dynamic_claim_gets_pvc_uid_volume_with_events(c, k):
    c.api.create(k.pvc("data", "3Gi", sc=None))
    c.settle()
    claim = c.get("pvc", "data")
    name = f"pvc-{claim['metadata']['uid']}"
    assert claim["spec"]["volumeName"] == name and claim["status"]["phase"] == "Bound"
    vol = c.get("pv", name)
    assert vol["spec"]["hostPath"]["path"] == "/tmp/hostpath-provisioner/default/data"
    assert vol["spec"]["persistentVolumeReclaimPolicy"] == "Delete"
    assert vol["spec"]["capacity"] == {"storage": "3Gi"}
    assert vol["metadata"]["annotations"]["pv.kubernetes.io/provisioned-by"] == "k8s.io/minikube-hostpath"
    reasons = [e["reason"] for e in k.events(c, "data")]
    assert reasons == ["ExternalProvisioning", "Provisioning", "ProvisioningSucceeded"]
    assert k.events(c, "data", "Provisioning")[0]["message"] == 'External provisioner is provisioning volume for claim "default/data"'
    assert k.events(c, "data", "Provisioning")[0]["source"]["component"].startswith("k8s.io/minikube-hostpath_minikube_")


def test_deleting_dynamic_claim_deletes_its_volume(c, k):
    c.api.create(k.pvc("data", sc=None))
    c.settle()
    name = c.get("pvc", "data")["spec"]["volumeName"]
    c.kubectl("delete pvc data")
    c.settle()
    assert c.get("pv", name) is None
    assert "/tmp/hostpath-provisioner/default/data" not in c.storage.data.node("minikube")


def test_unknown_class_fails_provisioning(c, k):
    c.api.create(k.pvc("x", sc="fast"))
    c.settle()
    [ev] = k.events(c, "x", "ProvisioningFailed")
    assert ev["type"] == "Warning" and ev["message"] == 'storageclass.storage.k8s.io "fast" not found'


def test_wait_for_first_consumer_binds_after_scheduling(c, k):
    c.api.create({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "late"},
                  "provisioner": "k8s.io/minikube-hostpath", "volumeBindingMode": "WaitForFirstConsumer"})
    c.api.create(k.pvc("wffc", sc="late"))
    c.settle()
    assert k.phase(c, "pvc", "wffc") == "Pending"
    assert k.events(c, "wffc", "WaitForFirstConsumer")[0]["message"] == \
        "waiting for first consumer to be created before binding"
    c.api.create(k.pod("consumer", "wffc"))
    c.settle()
    claim = c.get("pvc", "wffc")
    assert claim["status"]["phase"] == "Bound"
    assert claim["metadata"]["annotations"]["volume.kubernetes.io/selected-node"] == "minikube"
    assert c.get("pod", "consumer")["status"]["phase"] == "Running"
    assert not k.events(c, "consumer", "FailedScheduling")
