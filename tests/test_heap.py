"""The collector is relaxed while a cluster runs, and only then."""
from __future__ import annotations

import gc

from kubelab import Cluster, heap


def test_thresholds_relaxed_inside_a_run_and_restored_after():
    before = gc.get_threshold()
    seen = []
    c = Cluster()
    c.clock.schedule(1, lambda: seen.append(gc.get_threshold()))
    c.run(2)
    assert seen == [heap.WHILE_RUNNING]
    assert gc.get_threshold() == before


def test_nested_runs_restore_once_the_outermost_ends():
    before = gc.get_threshold()
    with heap.relaxed():
        with heap.relaxed():
            assert gc.get_threshold() == heap.WHILE_RUNNING
        assert gc.get_threshold() == heap.WHILE_RUNNING
    assert gc.get_threshold() == before
