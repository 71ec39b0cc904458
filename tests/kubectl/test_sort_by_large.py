"""--sort-by in O(n log n) orders exactly as the insertion sort it stands for (objects
without the field first, the last of them first; equal values in list order), and
falls back to it for values isLess does not order as one kind."""
import random

import pytest

from kubelab.kubectl import sorting
from kubelab.kubectl.sorting import Unsortable

POOLS = [["a", "b", "web-10", "web-9", "B", "é", ""], ["1", "2Gi", "512Mi", "1000m", "3", "0"],
         [1, 2, 3, -1, 10], [1.5, 0.2, 3.0], [True, False], ["1Gi", "abc", "2"], [1, "a"]]


def order(objs):
    try:
        return [o["i"] for o in sorting.sort_objects(objs, ".v", table=True)]
    except Unsortable:
        return "unsortable"


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_sort_gives_the_insertion_sorts_order(seed, monkeypatch):
    rng = random.Random(seed)
    for _ in range(500):
        pool = rng.choice(POOLS)
        objs = []
        for i in range(rng.randint(1, 14)):
            roll = rng.random()
            objs.append({"i": i} if roll < 0.15 else {"i": i, "v": None if roll < 0.25 else rng.choice(pool)})
        if all("v" not in o for o in objs):
            continue
        fast = order(objs)
        with monkeypatch.context() as m:
            m.setattr(sorting, "_sorted_by_key", lambda *a: None)
            assert fast == order(objs), objs


def test_ten_thousand_pod_ips_sort_by_value():
    objs = [{"i": i, "v": f"10.244.{i % 250}.{i // 250}"} for i in range(10_000)] + [{"i": -1}]
    got = sorting.sort_objects(objs, ".v")
    assert got[0] == {"i": -1} and [o["v"].encode() for o in got[1:]] == sorted(o["v"].encode() for o in objs[:-1])
