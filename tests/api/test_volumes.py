"""Which volume a claim gets: the binder's choice (index.go findByClaim)."""
from kubelab.api.volumes import find_best_match, mismatch


def _pv(name, size, modes=("ReadWriteOnce",), sc="", phase="Available", labels=None, mode="Filesystem", ref=None):
    return {"metadata": {"name": name, "labels": labels or {}},
            "spec": {"capacity": {"storage": size}, "accessModes": list(modes), "storageClassName": sc,
                     "volumeMode": mode, **({"claimRef": ref} if ref else {})},
            "status": {"phase": phase}}


def _claim(size, modes=("ReadWriteOnce",), sc="", selector=None):
    spec = {"accessModes": list(modes), "resources": {"requests": {"storage": size}}, "storageClassName": sc,
            "volumeMode": "Filesystem"}
    if selector is not None:
        spec["selector"] = selector
    return {"metadata": {"name": "c", "namespace": "default", "uid": "u1"}, "spec": spec}


def name(pv):
    return pv and pv["metadata"]["name"]


def test_smallest_volume_that_is_big_enough_wins():
    vols = [_pv("a", "10Gi"), _pv("b", "2Gi"), _pv("c", "1Gi"), _pv("d", "500Mi")]
    assert name(find_best_match(_claim("1Gi"), vols)) == "c"
    assert name(find_best_match(_claim("1025Mi"), vols)) == "b"


def test_quantities_compare_by_value_not_text():
    vols = [_pv("gi", "1Gi"), _pv("g", "1G")]       # 1G = 10^9 < 1Gi = 2^30
    assert name(find_best_match(_claim("1000M"), vols)) == "g"
    assert name(find_best_match(_claim("1000000001"), vols)) == "gi"


def test_fewest_extra_access_modes_before_size():
    vols = [_pv("rwo-rox", "1Gi", ("ReadWriteOnce", "ReadOnlyMany")), _pv("rwo", "5Gi")]
    assert name(find_best_match(_claim("1Gi"), vols)) == "rwo"


def test_access_modes_must_all_be_offered():
    assert find_best_match(_claim("1Gi", ("ReadWriteMany",)), [_pv("a", "5Gi")]) is None
    assert name(find_best_match(_claim("1Gi", ("ReadWriteMany",)),
                                [_pv("a", "5Gi", ("ReadWriteMany", "ReadWriteOnce"))])) == "a"


def test_class_selector_phase_and_volume_mode_filter():
    claim = _claim("1Gi", sc="fast", selector={"matchLabels": {"tier": "gold"}})
    vols = [_pv("wrong-class", "1Gi", sc="slow", labels={"tier": "gold"}),
            _pv("no-label", "1Gi", sc="fast"),
            _pv("released", "1Gi", sc="fast", labels={"tier": "gold"}, phase="Released"),
            _pv("block", "1Gi", sc="fast", labels={"tier": "gold"}, mode="Block"),
            _pv("ok", "3Gi", sc="fast", labels={"tier": "gold"})]
    assert name(find_best_match(claim, vols)) == "ok"


def test_prebound_volume_wins_over_smaller():
    ref = {"name": "c", "namespace": "default"}
    vols = [_pv("small", "1Gi"), _pv("reserved", "100Gi", ref=ref)]
    assert name(find_best_match(_claim("1Gi"), vols)) == "reserved"
    other = {"name": "other", "namespace": "default", "uid": "x"}
    assert name(find_best_match(_claim("1Gi"), [_pv("taken", "1Gi", ref=other)])) is None


def test_wait_for_first_consumer_leaves_binding_to_the_scheduler():
    assert find_best_match(_claim("1Gi"), [_pv("a", "1Gi")], delay_binding=True) is None


def test_mismatch_reasons_of_a_named_volume():
    assert mismatch(_claim("2Gi"), _pv("a", "1Gi")) == "requested PV is too small"
    assert mismatch(_claim("1Gi", sc="x"), _pv("a", "1Gi")) == "storageClassName does not match"
    assert mismatch(_claim("1Gi"), _pv("a", "1Gi")) == ""
