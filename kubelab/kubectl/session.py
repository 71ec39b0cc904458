"""What kubectl reaches of the world: a client's session.

kubectl is only a client of the API.  A command gets the API (the store, with
its connect subresources for logs, exec, attach and port-forward), the
simulated clock and the few callbacks that move it while kubectl waits
(``kubectl wait``, ``rollout status``, ``logs -f``, ``delete --wait``), the
cluster's seeded RNG for the names kubectl itself makes up, the learner's
computer's loopback ports (``kubectl port-forward`` listens there) and the
kubeconfig it reads.  Never the Cluster object and its parts.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ..api.store import Store
    from ..clock import Clock


@dataclass
class Session:
    api: "Store"
    clock: "Clock"
    rng: random.Random
    run: Callable[[float], None]                                # advance simulated time by N seconds
    run_until: Callable[..., bool]                              # (t, stop=None): advance to t or until stop()
    wait_for: Callable[[Callable[[], bool], float], bool]       # (condition, timeout)
    settle: Callable[..., float]                                # advance while work is in flight
    pump: Callable[[], None]                                    # run what is due now
    #: the kubeconfig kubectl reads (~/.kube/config, or the file $KUBECONFIG names):
    #: edits by ``kubectl config`` persist in this dict
    kubeconfig: dict = field(default_factory=dict)
    #: listeners on the learner's computer's loopback: local port -> (pod key, pod port,
    #: the pods/portforward session); ``kubectl port-forward`` adds to it
    local_ports: dict[int, Any] = field(default_factory=dict)
    #: where kubectl's kubeconfig says the API server is (``kubectl cluster-info``)
    server: str = "https://192.168.49.2:8443"

    @property
    def now(self) -> float:
        return self.clock.now
