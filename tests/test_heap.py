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


def test_young_survivors_are_frozen_while_running_and_thawed_after():
    assert gc.get_freeze_count() == 0
    kept = []
    with heap.relaxed():
        kept.extend([i] for i in range(10))            # tracked containers that live on
        gc.collect(0)                                   # a young pass: its survivors frozen
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0                   # back in the oldest generation
    assert heap._freeze_survivors not in gc.callbacks


def test_a_cycle_left_during_a_run_is_collected_after_it():
    import weakref

    class Node:
        pass

    with heap.relaxed():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gc.collect(0)                                   # the cycle survives a young pass: frozen
        gone = weakref.ref(a)
        del a, b
        gc.collect(0)
        assert gone() is not None                       # frozen: no pass looks at it during the run
    gc.collect()
    assert gone() is None                               # found by the first full pass after it


def test_a_process_that_froze_objects_itself_keeps_its_freezing():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with heap.relaxed():
            [[i] for i in range(10)]
            gc.collect(0)
            assert heap._freeze_survivors not in gc.callbacks
        assert gc.get_freeze_count() == frozen          # not thawed by the run
    finally:
        gc.unfreeze()
