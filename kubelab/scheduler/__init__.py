"""kube-scheduler: for each pod without a node, filter the nodes, score the
ones left, bind the pod to the best (ties broken by the cluster's RNG).

In a big cluster only a sample of the nodes is filtered and scored, from where
the last search stopped, as kube-scheduler does (see :mod:`.sampling`, which
also keeps the scores of a template's pods indexed so a search does not visit
every node)."""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from ..api.meta import Obj, controller_ref, is_deleting
from ..api.quantity import parse_quantity
from ..api.taints import tolerates
from ..api.workqueue import WorkQueue
from .nodeports import ERR_REASON as PORTS_IN_USE, NodePorts, host_ports
from .sampling import MIN_FEASIBLE_NODES_TO_FIND, NodeScores, num_feasible_nodes_to_find

if TYPE_CHECKING:
    import random

    from ..api.store import Store
    from ..clock import Clock
    from ..controllers.events import Recorder

COMPONENT = "default-scheduler"
UNSCHEDULABLE_TAINT = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}


@lru_cache(maxsize=4096)
def _amount(text: str) -> float:
    return float(parse_quantity(text).amount)


def _summed_requests(containers) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for c in containers or []:
        res = c.get("resources")
        if not res:                 # most pods ask for nothing: nothing to add up
            continue
        req = res.get("requests") or {}
        lim = res.get("limits") or {}
        for name in set(req) | set(lim):
            out[name] += _amount(str(req.get(name, lim.get(name))))
    return out


def pod_requests(pod: Obj) -> dict[str, float]:
    """Effective requests: sum over app containers, at least the largest init container."""
    spec = pod["spec"]
    total = _summed_requests(spec.get("containers"))
    for c in spec.get("initContainers") or ():
        for name, v in _summed_requests([c]).items():
            total[name] = max(total[name], v)
    return dict(total)


_REQUESTS: dict[tuple, dict[str, float]] = {}


def _shared_requests(req: dict[str, float]) -> dict[str, float]:
    """One dict for equal requests (read only): the scheduler keeps one per placed pod,
    and the pods of a template all ask the same (most ask nothing)."""
    key = tuple(sorted(req.items()))
    shared = _REQUESTS.get(key)
    if shared is None:
        if len(_REQUESTS) >= 4096:
            _REQUESTS.clear()
        shared = _REQUESTS[key] = req
    return shared


def node_allocatable(node: Obj) -> dict[str, float]:
    alloc = (node.get("status") or {}).get("allocatable") or {}
    return {k: _amount(str(v)) for k, v in alloc.items()}


def _match_node_selector_terms(terms: list[Obj], node: Obj) -> bool:
    labels = node["metadata"].get("labels") or {}
    for term in terms:
        ok = True
        for expr in term.get("matchExpressions") or []:
            have = labels.get(expr["key"])
            op, values = expr["operator"], expr.get("values") or []
            ok &= {"In": have in values, "NotIn": have not in values, "Exists": expr["key"] in labels,
                   "DoesNotExist": expr["key"] not in labels}.get(op, False)
        for f in term.get("matchFields") or []:
            if f["key"] == "metadata.name":
                ok &= (node["metadata"]["name"] in (f.get("values") or [])) == (f["operator"] == "In")
        if ok:
            return True
    return False


class Scheduler:
    def __init__(self, api: "Store", clock: "Clock", recorder: "Recorder", rng: "random.Random"):
        self.api = api
        self.clock = clock
        self.recorder = recorder
        self.rng = rng
        self.queue = WorkQueue()
        self.unschedulable: set[str] = set()
        self.requested: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.pod_count: dict[str, int] = defaultdict(int)
        # the placed pods: namespace -> name -> (node, requests, owner uid); keyed by the pod's own
        # name string and holding shared requests, so 150,000 placed pods cost ~100 bytes each
        self._accounted: dict[str, dict[str, tuple[str, dict[str, float], str]]] = {}
        self.owner_spread: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # owner uid -> node -> pods
        self.node_ports = NodePorts()                                    # the NodePorts plugin's used ports
        self._alloc: dict[str, tuple[Obj, dict[str, float]]] = {}       # node -> (the node object, allocatable)
        #: handed in by the cluster: the volume plugins (kubelab.storage.scheduling.VolumeBinding)
        self.volume_binding = None
        #: KubeSchedulerConfiguration percentageOfNodesToScore (0: adaptive) and where
        #: the next search starts (nextStartNodeIndex)
        self.percentage_of_nodes_to_score = 0
        self.next_start_node_index = 0
        #: from how many nodes a template's scores are kept indexed (same choices as the scan)
        self.index_from = MIN_FEASIBLE_NODES_TO_FIND
        self._scores: dict[tuple, NodeScores] = {}       # per pod template, most recently used last
        self._node_names: list[str] | None = None
        #: bumped whenever a node's fitness may change (a node event, a pod placed on or
        #: gone from a node): a template's failure diagnosis holds until it moves
        self._node_state = 0
        self._no_fit: dict[tuple, tuple[int, dict[str, int]]] = {}   # template -> (_node_state, reasons)
        # _template_key's memos: (ownerReferences, tolerations, selector, affinity, (owner uid, their texts)),
        # and (requests, their items sorted)
        self._last_parts: tuple | None = None
        self._last_req: tuple = (None, ())
        self._last_requests: tuple = (None, None, {})   # _requests' memo: (containers, initContainers, requests)
        api.watch(self._on_pod, "Pod")
        api.watch(self._on_node, "Node")

    # ------------------------------------------------------------ bookkeeping
    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        md = pod["metadata"]
        ns, name = md["namespace"], md["name"]
        node = pod["spec"].get("nodeName")
        terminal = pod.get("status", {}).get("phase") in ("Succeeded", "Failed")
        placed = self._accounted.get(ns)
        if node and not terminal and etype != "DELETED" and placed is not None and name in placed:
            return               # a placed pod's own writes (its status): already counted
        key = ns + "/" + name
        if etype == "DELETED" or terminal:
            if self._unaccount(ns, name):
                self.retry_unschedulable()
            self.unschedulable.discard(key)
            return
        if node:
            if placed is None:
                placed = self._accounted[ns] = {}
            req = self._requests(pod)
            owner = (controller_ref(pod) or {}).get("uid", "")
            placed[name] = (node, req, owner)
            for k, v in req.items():
                self.requested[node][k] += v
            self.pod_count[node] += 1
            if owner:
                self.owner_spread[owner][node] += 1
            self.node_ports.add(key, node, pod)
            self._touch(node)
            return
        if (pod["spec"].get("schedulerName") or COMPONENT) == COMPONENT and not is_deleting(pod):
            if key not in self.unschedulable:
                self.queue.add(key)

    def _requests(self, pod: Obj) -> dict[str, float]:
        """The pod's requests (shared, read only), remembered for the last containers
        met: the binding keeps the spec's lists, so the pod the scheduler just placed
        comes back with the lists its requests were added up from (stored lists never
        change in place; holding them keeps their ids their own)."""
        spec = pod["spec"]
        containers, inits = spec.get("containers"), spec.get("initContainers")
        last = self._last_requests
        if containers is last[0] and inits is last[1] and containers is not None:
            return last[2]
        req = _shared_requests(pod_requests(pod))
        self._last_requests = (containers, inits, req)
        return req

    def _unaccount(self, ns: str, name: str) -> bool:
        placed = self._accounted.get(ns)
        entry = placed.pop(name, None) if placed is not None else None
        if entry is None:
            return False
        node, req, owner = entry
        for k, v in req.items():
            self.requested[node][k] -= v
        self.pod_count[node] -= 1
        if owner:
            self.owner_spread[owner][node] -= 1
        self.node_ports.remove(ns + "/" + name)
        self._touch(node)
        return True

    def _touch(self, node: str) -> None:
        """A node's load changed: so did its score for every indexed template."""
        self._node_state += 1
        for scores in self._scores.values():
            scores.stale.add(node)          # scored again when the template is next scheduled

    def allocatable(self, node: Obj) -> dict[str, float]:
        # Kept per stored node object: a node that changes is a new object in the store.
        name = node["metadata"]["name"]
        cached = self._alloc.get(name)
        if cached is None or cached[0] is not node:
            cached = (node, node_allocatable(node))
            self._alloc[name] = cached
        return cached[1]

    def _on_node(self, etype: str, node: Obj, old: Obj | None) -> None:
        self._node_state += 1
        if etype == "MODIFIED":
            self._touch(node["metadata"]["name"])
        else:
            self._scores.clear()           # the node list itself changed
            self._node_names = None
        if etype != "MODIFIED" or _schedulability(node) != _schedulability(old):
            self.retry_unschedulable()

    def retry_unschedulable(self) -> None:
        """Put every pod that found no node back in the queue (something changed)."""
        for key in sorted(self.unschedulable):
            self.requeue(key)
        self.unschedulable.clear()

    def requeue(self, key: str) -> None:
        """Schedule one pod again (a claim it waits for has bound)."""
        self.queue.add(key)

    # ------------------------------------------------------------- scheduling
    def drain(self) -> bool:
        return self.queue.drain(self.api, COMPONENT, self._schedule_key)

    def _schedule_key(self, key: str) -> None:
        ns, name = key.split("/", 1)
        pod = self.api.peek("pods", name, ns)
        # PreEnqueue (the SchedulingGates plugin): a gated pod waits outside the queue
        # until its gates are removed; the update that removes them brings it back.
        if pod is not None and not pod["spec"].get("nodeName") and not pod["metadata"].get("deletionTimestamp") \
                and not pod["spec"].get("schedulingGates"):        # (is_deleting, inline: a stored pod has metadata)
            self.schedule_one(pod, key)

    def node_names(self) -> list[str]:
        """Every node's name in list order, kept until a node comes or goes."""
        if self._node_names is None:
            self._node_names = [n["metadata"]["name"] for n in self.api.list("nodes", copy=False)]
        return self._node_names

    def schedule_one(self, pod: Obj, key: str | None = None) -> None:
        """Place one pod (``key``: its "namespace/name", when the caller has it)."""
        if key is None:
            key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        req = self._requests(pod)
        names = self.node_names()
        pinned = _pinned_to(pod) if pod["spec"].get("affinity") else None     # (no affinity: most pods)
        idle = self.volume_binding_idle(pod)
        template = None
        if pinned is None and len(names) >= self.index_from and idle:
            # the indexed path: no node is visited (a big cluster's pods of one template)
            scores = self._indexed(pod, req, names)
            n = len(names)
            start = self.next_start_node_index % n
            name, processed = scores.choose(start, num_feasible_nodes_to_find(n, self.percentage_of_nodes_to_score),
                                            self.rng.randrange)
            if name is not None:
                self.next_start_node_index = (start + processed) % n
                self._place(pod, key, self.api.peek("nodes", name), idle)
                return
            # No node fits.  The scan below finds why on every node (and, having processed
            # them all, leaves nextStartNodeIndex where it was); its answer is the same for
            # every pod of this template until a node changes, so a full cluster's pending
            # pods cost one scan, not one each.
            template = self._template_key(pod, req)
            known = self._no_fit.get(template)
            if known is not None and known[0] == self._node_state:
                self._fail(pod, key, len(names), dict(known[1]))
                return
        if self.volume_binding is not None:
            problem = self.volume_binding.prefilter(pod)
            if problem is not None:       # PreFilter: no node can help, say why once
                resolvable, message = problem
                self._fail(pod, key, len(names), {}, prefilter=message, resolvable=resolvable)
                return
        if pinned is not None:           # NodeAffinity PreFilter: only the nodes it names
            nodes = [node for node in (self.api.peek("nodes", name) for name in pinned) if node is not None]
        else:
            nodes = self.api.list("nodes", copy=False)
        n = len(nodes)
        start = self.next_start_node_index % n if n else 0
        to_find = num_feasible_nodes_to_find(n, self.percentage_of_nodes_to_score)
        reasons: dict[str, int] = defaultdict(int)
        feasible = []
        check = self.filter_for(pod, req)
        processed = 0
        for i in range(n):
            node = nodes[(start + i) % n]
            processed += 1
            why = check(node)
            if why:
                for w in why:
                    reasons[w] += 1
            else:
                feasible.append(node)
                if len(feasible) == to_find:
                    break
        self.next_start_node_index = (start + processed) % n if n else 0
        if not feasible and pinned is not None:          # say why for every node, as before
            reasons.clear()
            for node in self.api.list("nodes", copy=False):
                for w in check(node):
                    reasons[w] += 1
        if not feasible:
            if template is not None:
                while len(self._no_fit) >= 8:                  # forget the oldest template
                    self._no_fit.pop(next(iter(self._no_fit)))
                self._no_fit[template] = (self._node_state, dict(reasons))
            self._fail(pod, key, len(names), reasons)
            return
        self._place(pod, key, self._pick(pod, req, feasible), idle)

    def _place(self, pod: Obj, key: str, best: Obj, idle: bool) -> None:
        """Bind ``pod`` (at ``key``) to ``best``; ``idle``: it has no claims (volume_binding_idle)."""
        if self.volume_binding is not None:
            if idle:
                # no claims: PreBind has nothing to bind, only a wait of this name's to forget
                self.volume_binding.forget(key)
            elif not self.volume_binding.prebind(pod, best):
                return       # PreBind: waiting for its claims to be bound; requeued when they are
        self._bind(pod, best["metadata"]["name"])

    def filter_for(self, pod: Obj, req: dict[str, float]) -> Callable[[Obj], list[str]]:
        """The filter for one pod: ``check(node)`` gives the reasons ``node`` cannot take the
        pod (empty when it can), worded as the plugins word them.  What depends only on
        the pod is read once: a pod is checked against every node."""
        spec = pod["spec"]
        tolerations = spec.get("tolerations")
        selector = list((spec.get("nodeSelector") or {}).items())
        terms = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                 .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms")
        claims = any(v.get("persistentVolumeClaim") for v in spec.get("volumes") or ())
        volumes = self.volume_binding if claims else None
        wanted = [(res, req[res]) for res in sorted(req) if req[res] > 0]
        requested, pod_count = self.requested, self.pod_count
        ports, node_ports = host_ports(pod), self.node_ports

        def check(node: Obj) -> list[str]:
            nspec = node.get("spec") or {}
            if nspec.get("unschedulable") and not tolerates(tolerations, UNSCHEDULABLE_TAINT):
                return ["node(s) were unschedulable"]
            if selector:
                labels = node["metadata"].get("labels") or {}
                if any(labels.get(k) != v for k, v in selector):
                    return ["node(s) didn't match Pod's node affinity/selector"]
            if terms and not _match_node_selector_terms(terms, node):
                return ["node(s) didn't match Pod's node affinity/selector"]
            for taint in nspec.get("taints") or ():
                if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(tolerations, taint):
                    return [f"node(s) had untolerated taint {{{taint['key']}: {taint.get('value', '')}}}"]
            if ports and node_ports.conflicts(node["metadata"]["name"], ports):
                return [PORTS_IN_USE]
            if volumes is not None:
                why = volumes.filter(pod, node)
                if why:
                    return [why]
            alloc = self.allocatable(node)
            name = node["metadata"]["name"]
            out = []
            if pod_count[name] + 1 > alloc.get("pods", 110):
                out.append("Too many pods")
            used = requested[name]
            for res, amount in wanted:
                if res not in alloc and res not in ("cpu", "memory", "ephemeral-storage"):
                    out.append(f"Insufficient {res}")
                elif used.get(res, 0) + amount > alloc.get(res, 0) + 1e-9:
                    out.append(f"Insufficient {res}")
            return out
        return check

    @staticmethod
    def volume_binding_idle(pod: Obj) -> bool:
        """No claims: the filter reads nothing that changes apart from the nodes' load
        (a pod with claims is filtered by the scan, as claims and volumes change on their own)."""
        for v in pod["spec"].get("volumes") or ():      # (a loop, not any() over a generator: once a pod)
            if v.get("persistentVolumeClaim"):
                return False
        return True

    def _template_key(self, pod: Obj, req: dict[str, float]) -> tuple:
        """What the filter and scores read of a pod: pods with the same key fit (and
        score on) the same nodes.  The pods of one template share their tolerations,
        node selector and affinity objects in the store (api.sharing): their text is
        remembered for the objects last seen (held, so they stay those objects), with the
        owner's uid for the ownerReferences list they share."""
        spec = pod["spec"]
        parts = (pod["metadata"].get("ownerReferences"), spec.get("tolerations"), spec.get("nodeSelector"),
                 (spec.get("affinity") or {}).get("nodeAffinity"))
        last = self._last_parts
        if (last is None or last[0] is not parts[0] or last[1] is not parts[1] or last[2] is not parts[2]
                or last[3] is not parts[3]):
            owner = (controller_ref(pod) or {}).get("uid", "")      # the controller of these references
            last = self._last_parts = (*parts, (owner, *(repr(p) for p in parts[1:])))
        if self._last_req[0] is not req:          # (requests are shared: one dict for equal ones)
            self._last_req = (req, tuple(sorted(req.items())))
        return (*last[4], self._last_req[1], host_ports(pod))

    def _indexed(self, pod: Obj, req: dict[str, float], names: list[str]) -> NodeScores:
        """The indexed scores of this pod's template."""
        key = self._template_key(pod, req)
        owner = key[0]
        scores = self._scores.pop(key, None)
        if scores is None:
            check = self.filter_for(pod, req)
            same_owner = self.owner_spread[owner] if owner else {}
            want_cpu, want_memory = req.get("cpu", 0), req.get("memory", 0)
            peek = self.api.peek

            def score(name: str) -> float | None:
                node = peek("nodes", name)
                if node is None or check(node):
                    return None
                return self._score(node, want_cpu, want_memory, same_owner)
            scores = NodeScores(names, score)
            while len(self._scores) >= 8:                      # forget the least recently used template
                self._scores.pop(next(iter(self._scores)))
        else:
            scores.flush()
        self._scores[key] = scores
        return scores

    def _score(self, node: Obj, want_cpu: float, want_memory: float, same_owner: dict[str, int]) -> float:
        """LeastAllocated + spreading of one owner's pods."""
        name = node["metadata"]["name"]
        alloc = self.allocatable(node)
        used = self.requested[name]
        score = 0.0
        cap = alloc.get("cpu", 0)
        if cap > 0:
            score += 50 * (cap - used.get("cpu", 0) - want_cpu) / cap
        cap = alloc.get("memory", 0)
        if cap > 0:
            score += 50 * (cap - used.get("memory", 0) - want_memory) / cap
        score -= 10 * same_owner.get(name, 0)
        return round(score, 6)

    def _pick(self, pod: Obj, req: dict[str, float], nodes: list[Obj]) -> Obj:
        """LeastAllocated + spreading of one owner's pods; random among the best."""
        owner = controller_ref(pod)
        same_owner = self.owner_spread.get(owner["uid"], {}) if owner is not None else {}
        want_cpu, want_memory = req.get("cpu", 0), req.get("memory", 0)
        best, best_score = [], None
        for node in nodes:
            score = self._score(node, want_cpu, want_memory, same_owner)
            if best_score is None or score > best_score:
                best, best_score = [node], score
            elif score == best_score:
                best.append(node)
        return best[0] if len(best) == 1 else self.rng.choice(best)

    def _bind(self, pod: Obj, node_name: str) -> None:
        """POST pods/binding: one write sets nodeName and PodScheduled=True."""
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        bound = self.api.bind(name, ns, node_name)
        self.recorder.normal(bound, "Scheduled", f"Successfully assigned {ns}/{name} to {node_name}", component=COMPONENT)

    def _fail(self, pod: Obj, key: str, total: int, reasons: dict[str, int], prefilter: str = "",
              resolvable: bool = True) -> None:
        # FitError.Error: the "<count> <reason>" strings, sorted as strings (sort.Strings)
        parts = prefilter or ", ".join(sorted(f"{n} {r}" for r, n in reasons.items()))
        message = f"0/{total} nodes are available: {parts}." if total else "no nodes available to schedule pods"
        if total:
            why = "No preemption victims found for incoming pod" if resolvable else "Preemption is not helpful for scheduling"
            message += f" preemption: 0/{total} nodes are available: {total} {why}."
        self.unschedulable.add(key)
        now = self.clock.timestamp()
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        def unsched(p: Obj) -> None:
            st = p.setdefault("status", {})
            st["phase"] = "Pending"
            conds = [c for c in st.get("conditions", []) if c["type"] != "PodScheduled"]
            prev = next((c for c in st.get("conditions", []) if c["type"] == "PodScheduled"), None)
            conds.append({"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                          "lastTransitionTime": prev["lastTransitionTime"] if prev and prev["status"] == "False" else now,
                          "reason": "Unschedulable", "message": message})
            st["conditions"] = conds
        updated = self.api.mutate("pods", name, ns, unsched, status=True)
        self.recorder.warning(updated, "FailedScheduling", message, component=COMPONENT)


def _pinned_to(pod: Obj) -> list[str] | None:
    """The node names a pod's required node affinity pins it to with ``matchFields
    metadata.name In`` in every term (a DaemonSet's pods), sorted; None otherwise."""
    terms = ((((pod["spec"].get("affinity") or {}).get("nodeAffinity") or {})
              .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms"))
    if not terms:
        return None
    names: set[str] = set()
    for term in terms:
        fields = [f for f in term.get("matchFields") or () if f.get("key") == "metadata.name" and f.get("operator") == "In"]
        if not fields:
            return None
        names |= set.intersection(*(set(f.get("values") or ()) for f in fields))
    return sorted(names)


def _schedulability(node: Obj | None) -> tuple:
    if node is None:
        return ()
    return (bool((node.get("spec") or {}).get("unschedulable")), str((node.get("spec") or {}).get("taints")),
            str((node.get("status") or {}).get("allocatable")), str(node["metadata"].get("labels")))
