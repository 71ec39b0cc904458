"""kube-proxy's sync runner: async.BoundedFrequencyRunner(minSyncPeriod=1s, burstSyncs=2)
as pkg/proxy/iptables/proxier.go (v1.32) builds it, on the simulated clock."""
from __future__ import annotations

import kubelab
from kubelab.clock import Clock
from kubelab.network.syncrunner import BURST_SYNCS, MIN_SYNC_PERIOD, SyncRunner


def _runner(min_interval=1.0, burst=2):
    clock, ran = Clock(), []
    return clock, ran, SyncRunner(clock, lambda: ran.append(clock.now), min_interval, burst)


def test_the_defaults_are_kube_proxys():
    # kube-proxy's v1alpha1 defaulting: iptables.minSyncPeriod 0 (kubeadm's config) becomes 1s; burstSyncs := 2
    assert (MIN_SYNC_PERIOD, BURST_SYNCS) == (1.0, 2)


def test_a_quiet_runner_syncs_at_once_twice_then_waits_for_the_minimum_interval():
    clock, ran, r = _runner()
    r.run()
    r.run()
    assert ran == [0.0, 0.0]             # the bucket starts full: burst runs
    r.run()
    assert ran == [0.0, 0.0] and r.pending and r.timer.when == 1.0   # lastRun + minInterval
    clock.advance(0.99)
    assert ran == [0.0, 0.0]
    clock.advance(0.01)
    assert ran == [0.0, 0.0, 1.0] and not r.pending


def test_requests_while_waiting_fold_into_one_deferred_sync():
    clock, ran, r = _runner()
    r.run(); r.run()
    for t in (0.1, 0.3, 0.7):
        clock.advance(t - clock.now)
        r.run()
    clock.advance(5)
    assert ran == [0.0, 0.0, 1.0]


def test_tokens_refill_one_per_minimum_interval():
    clock, ran, r = _runner()
    r.run(); r.run()                     # t=0: both tokens used
    clock.advance(1.0)
    r.run()                              # one token back: runs at once
    clock.advance(0.5)
    r.run()                              # half a token: waits until 1 s after the last run
    assert r.timer.when == 2.0
    clock.advance(5)
    assert ran == [0.0, 0.0, 1.0, 2.0]


def test_a_token_that_refills_before_the_timer_runs_the_sync_early():
    # tryRun: the timer is set for lastRun + minInterval, but a Run() that finds a token sooner runs then
    clock, ran, r = _runner()
    r.run()                              # t=0, one token left
    clock.advance(0.5)
    r.run()                              # t=0.5, 0.5 tokens left
    clock.advance(0.1)
    r.run()                              # t=0.6: 0.6 tokens, wait until 1.5
    assert r.timer.when == 1.5
    clock.advance(0.4)
    r.run()                              # t=1.0: a whole token: now, and the timer is dropped
    assert ran == [0.0, 0.5, 1.0] and not r.pending


def test_without_a_minimum_interval_every_request_syncs():
    clock, ran, r = _runner(min_interval=0)
    for _ in range(5):
        r.run()
    assert ran == [0.0] * 5


def test_a_deferred_sync_is_work_in_flight_for_settle():
    clock, ran, r = _runner()
    r.run(); r.run(); r.run()
    assert clock.next_busy() == 1.0
    clock.settle()
    assert ran == [0.0, 0.0, 1.0] and clock.now == 1.0


def _busy_proxy_cluster():
    """hello-app behind a NodePort Service, kube-proxy's tokens spent by two Service changes."""
    c = kubelab.Cluster(pause=0)
    c.kubectl("create deployment web --image=gcr.io/google-samples/hello-app:1.0 --replicas=2")
    c.kubectl("expose deployment web --type=NodePort --port=8080")
    c.settle()
    c.run(5)
    return c


def test_the_rules_lag_the_api_when_kube_proxy_synced_twice_in_the_last_second():
    c = _busy_proxy_cluster()
    for n in (1, 2):                              # two changes: two syncs at once
        c.kubectl(f"create service clusterip other{n} --tcp=80:80")
        c.pump()
        assert c.proxy.in_step and c.proxy.syncs[-1] == (c.now, [f"default/other{n}"])
    before = {e.ip for r in c.proxy.rules("default/web") for e in r.endpoints}
    victim = c.api.list("pods", "default", copy=False)[0]
    c.kubectl(f"delete pod {victim['metadata']['name']} --wait=false")
    c.pump()
    # the API has marked the endpoint terminating; kube-proxy still has it as ready
    assert not c.proxy.in_step and c.proxy.runner.timer.when == c.now + MIN_SYNC_PERIOD
    (rule,) = c.proxy.rules("default/web")
    assert {e.ip for e in rule.endpoints if e.ready} == before
    # hello-app exits on SIGTERM: connections the stale rules send to it are refused
    port = rule.node_port
    answers = [c.curl(f"http://192.168.49.2:{port}/") for _ in range(40)]
    refused = [a for a in answers if not a.status]
    assert refused and all(a.error == "Connection refused" for a in refused)
    assert any(a.status == 200 for a in answers)
    c.run(MIN_SYNC_PERIOD)                        # the deferred sync drops it
    (rule,) = c.proxy.rules("default/web")
    assert victim["status"]["podIP"] not in {e.ip for e in rule.endpoints if e.ready}
    c.settle()
    assert c.proxy.in_step
    assert all(c.curl(f"http://192.168.49.2:{port}/").status == 200 for _ in range(40))


def test_a_quiet_kube_proxy_applies_a_change_at_once():
    c = _busy_proxy_cluster()
    victim = c.api.list("pods", "default", copy=False)[0]
    c.kubectl(f"delete pod {victim['metadata']['name']} --wait=false")
    c.pump()
    assert c.proxy.in_step
    (rule,) = c.proxy.rules("default/web")
    assert victim["status"]["podIP"] not in {e.ip for e in rule.endpoints if e.ready}
    port = rule.node_port
    assert all(c.curl(f"http://192.168.49.2:{port}/").status == 200 for _ in range(40))


def test_a_service_change_kube_proxy_does_not_use_asks_for_no_sync():
    c = _busy_proxy_cluster()
    n = len(c.proxy.syncs)
    c.kubectl("annotate service web note=x")   # (a label would reach the slice: the controller copies labels)
    c.pump()
    assert c.proxy.in_step and len(c.proxy.syncs) == n and c.proxy.runner.tokens == 2.0
    assert c.kubectl("""patch service web -p '{"spec":{"sessionAffinity":"ClientIP"}}'""").returncode == 0
    c.pump()
    assert len(c.proxy.syncs) == n + 1 and c.proxy.rules("default/web")[0].affinity
