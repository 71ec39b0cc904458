import pytest
from hypothesis import given, strategies as st

from kubelab.apps import images
from kubelab.setup import mirrors

name = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)?", fullmatch=True)
tag = st.from_regex(r"[a-z0-9][a-z0-9.]{0,8}", fullmatch=True)


def test_the_notes_example():
    assert mirrors.to_anjia0532("gcr.io/google-samples/node-hello:1.0") == "anjia0532/google-samples.node-hello:1.0"


@given(name, name, tag)
def test_anjia0532_naming_round_trips(ns, image, t):
    original = f"gcr.io/{ns}/{image}:{t}"
    assert mirrors.from_anjia0532(mirrors.to_anjia0532(original)) == original


@given(name, tag)
def test_aliyun_naming_round_trips(image, t):
    original = f"k8s.gcr.io/{image}:{t}"
    assert mirrors.from_aliyun(mirrors.to_aliyun(original)) == original


def test_mirror_names_resolve_to_the_same_image_in_the_simulated_registry():
    a = images.resolve("gcr.io/google-samples/node-hello:1.0")
    b = images.resolve(mirrors.to_anjia0532("gcr.io/google-samples/node-hello:1.0"))
    assert a.spec is b.spec and a.digest == b.digest
    c = images.resolve(mirrors.to_aliyun("k8s.gcr.io/echoserver:1.4"))
    assert c.spec is images.resolve("k8s.gcr.io/echoserver:1.4").spec


def test_wrong_shapes_are_refused():
    with pytest.raises(mirrors.MirrorError):
        mirrors.to_anjia0532("k8s.gcr.io/echoserver:1.4")
    with pytest.raises(mirrors.MirrorError):
        mirrors.from_anjia0532("nginx:1.0")
