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


def test_what_acyclic_code_makes_while_running_is_frozen_without_a_walk():
    import weakref

    class Node:
        pass

    with heap.relaxed():
        a, b = Node(), Node()                           # a cycle left before the acyclic code
        a.other, b.other = b, a
        before_gone = weakref.ref(a)
        del a, b
        frozen = gc.get_freeze_count()
        with heap.acyclic():
            assert before_gone() is None                # found on entry, as by a young pass
            assert not gc.isenabled()                   # the collector waits inside
            made = [[i] for i in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + 1000   # what was made: frozen at once
        assert gc.get_count()[0] < 1000                 # and not left for the next young pass
        del made
    assert gc.get_freeze_count() == 0                   # thawed with the rest after the run


def test_acyclic_outside_a_run_only_makes_the_collector_wait():
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            with heap.acyclic():
                assert not gc.isenabled()
                [[i] for i in range(100)]
            assert gc.isenabled() is enabled            # left as it was found
            assert gc.get_freeze_count() == 0           # nothing frozen outside a run
    finally:
        (gc.enable if was else gc.disable)()


def test_a_table_printed_while_running_is_frozen_with_its_rows():
    from kubelab.kubectl.printers import PrintContext, RowMemo, print_table

    pods = [{"metadata": {"name": f"p{i}", "resourceVersion": str(i), "creationTimestamp": "2025-01-06T09:00:00Z"},
             "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Pending"}} for i in range(500)]
    memo = RowMemo()
    with heap.relaxed():
        frozen = gc.get_freeze_count()
        text = print_table(pods, kind="Pod", ctx=PrintContext(memo=memo))
        assert gc.get_freeze_count() >= frozen + 500    # the rows the memo keeps: no young pass walks them
    assert text.splitlines()[1].split()[:4] == ["p0", "0/1", "Pending", "0"]
    assert gc.get_freeze_count() == 0
