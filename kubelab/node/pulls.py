"""The kubelet's image manager (pkg/kubelet/images/image_manager.go):
EnsureImageExists for a container about to start — the pull policy, the node's
image store, pulls serialised per image, and the image back-off
(ErrImagePull, then ImagePullBackOff doubling up to 5 minutes).

It reports through narrow callbacks: ``event`` (the kubelet's recorder),
``live(w)`` (is the pod worker still wanted), ``start(w, cs)`` (create and
start the container: its image is there) and ``write_status(w)``.
"""
from __future__ import annotations

from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, Callable

from ..api.gofmt import go_duration
from .runtime import Backoff, ContainerState, PodWorker

if TYPE_CHECKING:
    from ..clock import Clock

START_SECONDS = 0.5            # create + start a container once its image is there
MAX_BACKOFF = 300.0            # MaxImageBackOff
INITIAL_BACKOFF = 10.0         # backOffPeriod


@lru_cache(maxsize=4096)        # a pure function of the name, asked for every container start
def store_key(image: str) -> str:
    """The name a node's image store files an image under (docker's normalised reference)."""
    from ..apps.reference import InvalidReference, parse
    try:
        return str(parse(image))
    except InvalidReference:
        return image


class ImageManager:
    def __init__(self, node_name: str, clock: "Clock", images, runtime_prefix: str, *,
                 event: Callable[..., None], live: Callable[[PodWorker], bool],
                 start: Callable[[PodWorker, ContainerState], None],
                 write_status: Callable[[PodWorker], None]):
        self.node_name, self.clock = node_name, clock
        self.images = images                      # the simulated registry (kubelab.apps.images)
        self.runtime_prefix = runtime_prefix
        self.image_store: dict[str, Any] = {}     # normalised reference -> image info (the node's images)
        self.blocked_registries: frozenset[str] = frozenset()   # registries this node cannot reach
        self.registry_mirrors: dict[str, list[str]] = {}       # the runtime's mirrors (daemon.json, hosts.toml)
        self.backoff = Backoff(INITIAL_BACKOFF, MAX_BACKOFF)
        self.pulling: dict[str, list[Callable[[], None]]] = {}
        self._event, self._live, self._start, self._write_status = event, live, start, write_status
        self._last_pulled: tuple | None = None    # (what, message) of the last Pulled event (_pulled_message)

    def info_for(self, image: str) -> Any:
        """The image as stored on this node (None when it is not there)."""
        return (self.image_store.get(getattr(self.images.resolve(image), "reference", image))
                or self.image_store.get(store_key(image)))

    def ensure(self, w: PodWorker, cs: ContainerState) -> None:
        """EnsureImageExists."""
        if cs.pull_pending:
            return
        image = cs.spec.get("image", "")
        policy = cs.spec.get("imagePullPolicy", "IfNotPresent")
        info = self.images.resolve(image, self.blocked_registries, self.registry_mirrors)
        if getattr(info, "error", None) is not None:
            info = self.images.for_runtime(info, self.runtime_prefix)
        if getattr(info, "reason", "") == "InvalidImageName":
            # Not retried with a back-off: the name will never parse.
            cs.state = {"waiting": {"reason": "InvalidImageName", "message": info.message}}
            self._event(w.pod, "Warning", "InspectFailed", info.message, cs.name, cs.init)
            self._event(w.pod, "Warning", "Failed", "Error: InvalidImageName", cs.name, cs.init)
            return
        ref = getattr(info, "reference", image)
        # `docker tag` puts an image on the node under any name, even one no registry serves
        present = ref in self.image_store or store_key(image) in self.image_store
        if policy == "Never" and not present:
            msg = f'Container image "{image}" is not present with pull policy of Never'
            cs.state = {"waiting": {"reason": "ErrImageNeverPull", "message": msg}}
            self._event(w.pod, "Warning", "ErrImageNeverPull", msg, cs.name, cs.init)
            self._event(w.pod, "Warning", "Failed", "Error: ErrImageNeverPull", cs.name, cs.init)
            return
        if present and policy != "Always":
            self._event(w.pod, "Normal", "Pulled", f'Container image "{image}" already present on machine',
                        cs.name, cs.init)
            self._schedule_start(w, cs)
            return
        key = f"{w.uid}_{image}"
        now = self.clock.now
        if self.backoff.is_in_backoff_since_update(key, now):
            # The waiting message carries the last pull error (v1.32, kubernetes#127918).
            msg = f'Back-off pulling image "{image}"'
            self._event(w.pod, "Normal", "BackOff", msg, cs.name, cs.init)
            self._event(w.pod, "Warning", "Failed", "Error: ImagePullBackOff", cs.name, cs.init)
            cs.state = {"waiting": {"reason": "ImagePullBackOff",
                                    "message": f"{msg}: {cs.pull_error}" if cs.pull_error else msg}}
            backoff, updated = self.backoff.entries[key]
            cs.pull_pending = True
            self.clock.schedule(updated + backoff - now, lambda: self._retry(w, cs),
                                label=f"pull retry {w.key}/{cs.name}")
            return
        cs.pull_error = ""
        self._pull(w, cs, image, info)

    def _schedule_start(self, w: PodWorker, cs: ContainerState) -> None:
        cs.pull_pending = True
        # joined: the containers a pull lets go (or that find their image at one instant)
        # start on one timer, in the order their own timers would have fired
        self.clock.join(START_SECONDS, partial(self._start_now, w, cs), label=f"start {w.key}/{cs.name}",
                        busy=True)

    def _start_now(self, w: PodWorker, cs: ContainerState) -> None:
        cs.pull_pending = False
        self._start(w, cs)

    def _retry(self, w: PodWorker, cs: ContainerState) -> None:
        cs.pull_pending = False
        if not self._live(w):
            return
        self.ensure(w, cs)
        self._write_status(w)

    def _pull(self, w: PodWorker, cs: ContainerState, image: str, info) -> None:
        self._event(w.pod, "Normal", "Pulling", f'Pulling image "{image}"', cs.name, cs.init)
        cs.pull_pending = True
        started = self.clock.now
        error = getattr(info, "error", None) if info is not None else None
        ref = getattr(info, "reference", image)
        seconds = self.images.pull_seconds(info) if error is None else self.images.error_seconds(info)
        if ref in self.pulling and error is None:
            # Pulls are serialised per image: wait for the one already running.
            self.pulling[ref].append(lambda: self._pulled(w, cs, image, info, started, seconds))
            return
        self.pulling.setdefault(ref, [])

        def done() -> None:
            waiters = self.pulling.pop(ref, [])
            self._pulled(w, cs, image, info, started, seconds)
            for fn in waiters:
                fn()
        self.clock.schedule(seconds, done, label=f"pull {image} on {self.node_name}", busy=True)

    def _pulled(self, w: PodWorker, cs: ContainerState, image: str, info, started: float, seconds: float) -> None:
        cs.pull_pending = False
        if not self._live(w):
            return
        error = getattr(info, "error", None)
        if error is not None:
            self._pull_failed(w, cs, image, error)
            return
        self.image_store[info.reference] = info
        self._event(w.pod, "Normal", "Pulled", self._pulled_message(image, info, seconds, self.clock.now - started),
                    cs.name, cs.init)
        self._schedule_start(w, cs)

    def _pulled_message(self, image: str, info, seconds: float, total: float) -> str:
        """The Pulled event's message.  The containers that waited for one pull get the
        same words (the same pull time and wait): made once for them (the last one kept)."""
        key = (image, info, seconds, total)
        last = self._last_pulled
        if last is not None and last[0] == key:
            return last[1]
        message = (f'Successfully pulled image "{image}" in {go_duration(seconds)} ({go_duration(total)} including '
                   f'waiting). Image size: {info.reported_size(self.runtime_prefix)} bytes.')
        self._last_pulled = (key, message)
        return message

    def _pull_failed(self, w: PodWorker, cs: ContainerState, image: str, error: str) -> None:
        self._event(w.pod, "Warning", "Failed", f'Failed to pull image "{image}": {error}', cs.name, cs.init)
        self._event(w.pod, "Warning", "Failed", "Error: ErrImagePull", cs.name, cs.init)
        self.backoff.next(f"{w.uid}_{image}", self.clock.now, self.clock.now)
        cs.pull_error = f"ErrImagePull: {error}"
        if cs.terminated:         # pulling again to restart: the run that ended becomes lastState
            cs.last_state = {"terminated": cs.state["terminated"]}
        cs.state = {"waiting": {"reason": "ErrImagePull", "message": error}}
        self._write_status(w)
        # The pod worker syncs again at once and finds the back-off running.
        cs.pull_pending = True
        self.clock.schedule(1.0, lambda: self._retry(w, cs), label=f"pull backoff {w.key}/{cs.name}")
