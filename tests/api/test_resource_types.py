"""ResourceType is hashed by identity (the store's maps are keyed by it, a dozen
lookups a write): that agrees with its fields' equality only while no two resource
types are equal, each made once."""
from kubelab.api import metrics, resources
from kubelab.server import versions


def _every_resource_type():
    return [*resources.RESOURCES, metrics.PODS, metrics.NODES, *(v.rt for v in versions.VIEWS)]


def test_no_two_resource_types_are_equal():
    every = _every_resource_type()
    for i, a in enumerate(every):
        for b in every[i + 1:]:
            assert a != b, (a, b)


def test_a_resource_type_is_found_by_itself_in_a_map():
    every = _every_resource_type()
    index = {rt: i for i, rt in enumerate(every)}
    assert all(index[rt] == i for i, rt in enumerate(every))
    assert hash(every[0]) == hash(every[0]) and every[0] == every[0]


def test_lookups_hand_back_the_tables_own_objects():
    for rt in resources.RESOURCES:
        found = resources.by_kind(rt.api_version, rt.kind)
        assert found is not None and (found is rt or found != rt)
