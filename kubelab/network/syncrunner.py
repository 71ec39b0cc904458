"""When kube-proxy rewrites its rules: the iptables proxier's sync runner.

kube-proxy does not rewrite a node's rules on every change it hears of.  Each
Service or EndpointSlice event asks for a sync (``proxier.Sync()`` →
``syncRunner.Run()``); the runner, an ``async.BoundedFrequencyRunner`` built by
``NewProxier`` in ``pkg/proxy/iptables/proxier.go`` (v1.32) as

    NewBoundedFrequencyRunner("sync-runner", proxier.syncProxyRules, minSyncPeriod, time.Hour, burstSyncs)

with ``burstSyncs = 2`` and ``minSyncPeriod`` = ``--iptables-min-sync-period``
(``iptables.minSyncPeriod``; 0, what kubeadm and minikube write, is defaulted to
1 s), runs a sync at once when its token bucket (``qps = 1/minSyncPeriod``,
``burst = 2``, full at start) has a token, and otherwise sets its timer for
``minSyncPeriod`` after the end of the last sync.  Requests that arrive before
then are folded into that one deferred sync.  So a quiet kube-proxy applies a
change at once, and a busy one (a rolling update, a scale-up: many changes a
second) lags up to ``minSyncPeriod`` behind the API — the window in which a
node still sends new connections to a pod that is already shutting down.

The kit applies everything that arrives in one simulated instant with one sync,
and takes a sync as instantaneous (``iptables-restore`` takes milliseconds on a
small cluster).  The hourly ``maxInterval`` run and the 30 s canary check
(``--iptables-sync-period``) only repair rules someone else flushed; they are
not modelled.

>>> from kubelab.clock import Clock
>>> clock, ran = Clock(), []
>>> r = SyncRunner(clock, lambda: ran.append(clock.now))
>>> r.run(); r.run(); r.run()       # two tokens: two syncs now, the third waits
>>> clock.advance(5)
>>> ran
[0.0, 0.0, 1.0]
"""
from __future__ import annotations

from typing import Callable

#: --iptables-min-sync-period: v1alpha1 defaulting turns 0 (kubeadm's config) into 1 s
MIN_SYNC_PERIOD = 1.0
#: burstSyncs in the iptables proxier's NewProxier
BURST_SYNCS = 2
_EPS = 1e-9                    # float slack: a token refilled "exactly now" counts


class SyncRunner:
    """``async.BoundedFrequencyRunner`` on the simulated clock (without the periodic run)."""

    def __init__(self, clock, fn: Callable[[], None], min_interval: float = MIN_SYNC_PERIOD,
                 burst: int = BURST_SYNCS, label: str = "kube-proxy sync"):
        self.clock = clock
        self.fn = fn
        self.min_interval = float(min_interval)
        self.burst = burst
        self.label = label
        # flowcontrol.NewTokenBucketRateLimiterWithClock (golang.org/x/time/rate): full at start
        self._tokens = float(burst)
        self._stamp: float | None = None
        self.last_run: float | None = None
        self.timer = None              # the deferred run, when one is set

    @property
    def tokens(self) -> float:
        """The token bucket now: refilled one per min_interval since it was last used, up to burst."""
        if self._stamp is None or self.min_interval <= 0:
            return self._tokens
        return min(float(self.burst), self._tokens + (self.clock.now - self._stamp) / self.min_interval)

    def _try_accept(self) -> bool:
        """The limiter's TryAccept: take a token if one has refilled."""
        if self.min_interval <= 0:
            return True                # minInterval 0: nullLimiter
        tokens = self.tokens
        if tokens + _EPS < 1.0:
            return False               # a refused request leaves the bucket as it was
        self._tokens, self._stamp = tokens - 1.0, self.clock.now
        return True

    def run(self) -> None:
        """Run the function as soon as the limits allow (``Run()`` then ``tryRun()``)."""
        if self._try_accept():
            self.fn()
            self.last_run = self.clock.now
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            return
        # It can't run now: at the earliest min_interval after the last run, or at the
        # timer already set if that comes sooner.
        wait = self.min_interval - (self.clock.now - (self.last_run or 0.0))
        if self.timer is not None and self.timer.when <= self.clock.now + wait:
            return
        if self.timer is not None:
            self.timer.cancel()
        # busy: rules not yet in step with the API are work in flight (settle waits for it)
        self.timer = self.clock.schedule(wait, self._deferred, label=self.label, busy=True)

    def _deferred(self) -> None:
        self.timer = None
        self.run()

    @property
    def pending(self) -> bool:
        """A deferred sync is set."""
        return self.timer is not None
