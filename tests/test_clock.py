from kubelab.clock import Clock, EPOCH, parse_timestamp


def test_timers_fire_in_time_order_and_ties_in_insertion_order():
    c = Clock()
    fired = []
    c.schedule(5, lambda: fired.append("b"))
    c.schedule(1, lambda: fired.append("a"))
    c.schedule(5, lambda: fired.append("c"))
    c.advance(10)
    assert fired == ["a", "b", "c"]
    assert c.now == 10


def test_cancelled_timers_do_not_fire_and_busy_timers_are_tracked():
    c = Clock()
    fired = []
    t = c.schedule(2, lambda: fired.append("x"), busy=True)
    c.schedule(3, lambda: fired.append("y"))
    assert c.next_busy() == 2
    t.cancel()
    assert c.next_busy() is None
    c.advance(5)
    assert fired == ["y"]


def test_timestamps_are_rfc3339_from_the_fixed_epoch():
    c = Clock()
    c.advance(61.5)
    assert c.timestamp() == "2025-01-06T09:01:01Z"
    assert parse_timestamp(c.timestamp()) == 61.0
    assert EPOCH.year == 2025


def test_a_rescheduled_timer_repeats_in_order_with_timers_set_at_the_same_instants():
    c = Clock()
    fired = []

    def tick():
        fired.append(("tick", c.now))
        if c.now < 20:
            c.reschedule(timer, 10)
    timer = c.schedule(0, tick)
    c.schedule(10, lambda: fired.append(("other", c.now)))    # set before the tick re-arms for t=10
    c.advance(30)
    assert fired == [("tick", 0.0), ("other", 10.0), ("tick", 10.0), ("tick", 20.0)]


def test_only_a_fired_timer_can_be_rescheduled():
    import pytest
    c = Clock()
    t = c.schedule(5, lambda: None, label="pending")
    with pytest.raises(ValueError, match="still pending"):
        c.reschedule(t, 1)


def test_fire_due_runs_each_timer_as_the_component_that_set_it_and_restores_the_caller():
    c = Clock()
    who = {"now": "kubectl"}
    c.tagger = (lambda: who["now"], lambda tag: who.__setitem__("now", tag))
    seen = []
    for tag in ("kubelet", "kubelet", None, "scheduler"):
        who["now"] = tag
        c.schedule(0, lambda: seen.append(who["now"]))
    who["now"] = "kubectl"
    assert c.fire_due() is True
    # an untagged timer runs as whoever fired it
    assert seen == ["kubelet", "kubelet", "kubectl", "scheduler"]
    assert who["now"] == "kubectl"
    assert c.fire_due() is False


def test_timestamps_at_one_instant_and_at_the_next():
    c = Clock()
    c.advance(59.9999)
    assert c.timestamp() == "2025-01-06T09:00:59Z"
    assert c.timestamp() == "2025-01-06T09:00:59Z"
    c.advance(0.0001)
    assert c.timestamp() == "2025-01-06T09:01:00Z"
    assert c.timestamp(0) == "2025-01-06T09:00:00Z"


def test_a_rescheduled_busy_timer_leaves_no_stale_entry_and_settle_returns():
    # A busy timer at 5 fires during run(6) and is set again for 10 from there:
    # its old entry (5) must not count, or settle() would wait for the past forever.
    c = Clock()
    fired = []
    timer = c.schedule(5, lambda: fired.append(c.now), busy=True)
    c.run_until(6)
    c.reschedule(timer, 10)
    assert c.next_busy() == 16.0
    assert c.settle() == 10.0
    assert fired == [5.0, 16.0]
    assert c.next_busy() is None


def test_run_until_stops_at_the_first_instant_the_condition_holds():
    c = Clock()
    seen = []
    for t in (1, 2, 3):
        c.schedule(t, lambda t=t: seen.append(t))
    assert c.run_until(10, stop=lambda: 2 in seen) is True
    assert c.now == 2.0 and seen == [1, 2]
    assert c.run_until(5) is False and c.now == 5.0


def test_settle_waits_for_busy_timers_only_and_within_its_limit():
    c = Clock()
    c.schedule(3600, lambda: None)                 # a program's `sleep 3600`: not system work
    c.schedule(4, lambda: None, busy=True)
    assert c.settle() == 4.0
    c.schedule(700, lambda: None, busy=True)
    assert c.settle(limit=600) == 0.0              # beyond the limit: settle does not jump there


def _joined_run(use_join: bool, seed: int) -> list:
    """A random program of timers, some set by timers as they fire, under two tags;
    join() either used or replaced by schedule(): what fires, and when, and what
    next_busy() says along the way."""
    import random
    rng = random.Random(seed)
    c = Clock()
    tag = ["a"]
    c.tagger = (lambda: tag[0], lambda t: tag.__setitem__(0, t))
    fired, timers, n = [], [], [0]

    def setter():
        n[0] += 1
        me = n[0]

        def fn():
            fired.append((me, c.now, tag[0]))
            if rng.random() < 0.3 and n[0] < 400:
                setter()
        delay = rng.choice([0, 0, 1, 1, 2.5])
        busy = rng.random() < 0.5
        ambient, tag[0] = tag[0], rng.choice("aab")      # set as a component (acting_as: then put back)
        if use_join and rng.random() < 0.7:
            c.join(delay, fn, busy=busy)
        else:
            t = c.schedule(delay, fn, busy=busy)
            timers.append(t)
            if rng.random() < 0.1:
                rng.choice(timers).cancel()
        tag[0] = ambient
    seen = []
    for _ in range(60):
        for _ in range(rng.randrange(1, 6)):
            setter()
        seen.append(c.next_busy())
        c.advance(rng.choice([0, 0.5, 1, 3]))
    c.advance(100)
    return fired + seen


def test_joined_timers_fire_as_their_own_timers_would():
    for seed in range(40):
        # the same random draws either way: join() is chosen by a draw made in both runs
        plain = Clock.join
        try:
            Clock.join = lambda self, delay, fn, label="", busy=False: self.schedule(delay, fn, label, busy)
            expected = _joined_run(True, seed)
        finally:
            Clock.join = plain
        got = _joined_run(True, seed)
        assert got == expected, seed


def test_timers_joined_at_one_instant_are_one_heap_entry():
    c = Clock()
    fired = []
    for i in range(5):
        c.join(1, lambda i=i: fired.append(i), busy=True)
    assert c.pending() == 1 and c.next_busy() == 1
    c.join(2, lambda: fired.append("later"), busy=True)       # another time: a timer of its own
    c.schedule(1, lambda: fired.append("set after"))
    c.join(1, lambda: fired.append("joined after a plain timer"))   # the last timer set is not a joined one
    assert c.pending() == 4
    c.advance(3)
    assert fired == [0, 1, 2, 3, 4, "set after", "joined after a plain timer", "later"]
