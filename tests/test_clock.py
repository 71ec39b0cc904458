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
