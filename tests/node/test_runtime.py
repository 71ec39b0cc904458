"""The kubelet's back-off (client-go flowcontrol.Backoff with 10 s initial, 300 s max)."""
from kubelab.node.runtime import Backoff


def restart_delays(exit_gaps):
    """Delays before each restart for a container that runs `gap` seconds each time."""
    b, now, delays = Backoff(10, 300), 0.0, []
    for gap in exit_gaps:
        now += gap                      # the container exits now
        finished = now
        if b.is_in_backoff_since("k", finished, now):
            now += b.remaining_since("k", finished, now)
        delays.append(now - finished)
        b.next("k", finished, now)      # restart
    return delays


def test_first_restart_is_immediate_then_doubles_to_five_minutes():
    assert restart_delays([1] * 9) == [0, 10, 20, 40, 80, 160, 300, 300, 300]


def test_running_more_than_ten_minutes_resets_the_back_off():
    # flowcontrol: an exit more than 2 x 300 s after the last restart starts over.
    assert restart_delays([1, 1, 1, 601, 1]) == [0, 10, 20, 0, 10]
    assert restart_delays([1, 1, 1, 600, 1]) == [0, 10, 20, 40, 80]


def test_image_pull_back_off_counts_from_the_last_attempt():
    b = Backoff(10, 300)
    b.next("img", 0, now=0)
    assert b.is_in_backoff_since_update("img", 9.9)
    assert not b.is_in_backoff_since_update("img", 10)
    b.next("img", 10, now=10)
    assert b.get("img") == 20 and b.is_in_backoff_since_update("img", 29)
