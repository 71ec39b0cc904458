"""Which nodes the scheduler looks at, and a fast way to look at them.

kube-scheduler does not score every node of a big cluster: it filters nodes
from where the last pod's search stopped (``nextStartNodeIndex``) until it has
found ``numFeasibleNodesToFind`` that fit — all of them under 100 nodes, else
``percentageOfNodesToScore`` of them (adaptive by default: 50% minus 1% per 125
nodes, at least 5%, at least 100 nodes) — and scores only those
(pkg/scheduler/schedule_one.go).

:class:`NodeScores` answers that question for one kind of pod (one template:
same owner, requests, tolerations, node selector and affinity) without
visiting the nodes: a segment tree over the nodes in list order holds each
node's score (None when the pod does not fit there), how many fit, and how
many share the best score.  A bind changes one node, so one leaf is updated;
a pod finds its window, the best score in it and the j-th tie in O(log n).
The result is the one the scan gives, tie for tie.
"""
from __future__ import annotations

from typing import Callable

MIN_FEASIBLE_NODES_TO_FIND = 100
MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5


def num_feasible_nodes_to_find(num_all_nodes: int, percentage: int = 0) -> int:
    """schedule_one.go numFeasibleNodesToFind (percentage 0: the adaptive default)."""
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND:
        return num_all_nodes
    if percentage == 0:
        percentage = max(50 - num_all_nodes // 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
    return max(num_all_nodes * percentage // 100, MIN_FEASIBLE_NODES_TO_FIND)


class NodeScores:
    """Scores of one kind of pod on every node, in node-list order."""

    def __init__(self, names: list[str], score: Callable[[str], float | None]):
        self.names = names
        self.index = {n: i for i, n in enumerate(names)}
        self.score = score
        #: nodes whose score may have changed since it was computed (see flush)
        self.stale: set[str] = set()
        size = 1
        while size < max(1, len(names)):
            size *= 2
        self.size = size
        self.best: list[float | None] = [None] * (2 * size)    # max score under each tree node
        self.ties = [0] * (2 * size)                             # how many leaves reach it
        self.fits = [0] * (2 * size)                             # how many leaves are feasible
        for i, n in enumerate(names):
            s = score(n)
            leaf = size + i
            if s is not None:
                self.best[leaf], self.ties[leaf], self.fits[leaf] = s, 1, 1
        for i in range(size - 1, 0, -1):
            self._pull(i)

    def _pull(self, i: int) -> None:
        best, ties = self.best, self.ties
        a, b = best[2 * i], best[2 * i + 1]
        if a is None or (b is not None and b > a):
            best[i], ties[i] = b, ties[2 * i + 1]
        elif b is None or a > b:
            best[i], ties[i] = a, ties[2 * i]
        else:
            best[i], ties[i] = a, ties[2 * i] + ties[2 * i + 1]
        self.fits[i] = self.fits[2 * i] + self.fits[2 * i + 1]

    def flush(self) -> None:
        """Score again the nodes marked stale.  A score reads only what marking a node
        stale follows (its load, its object), so doing it when the scores are next
        read gives the tree updating at once would: a template not scheduling now
        (the system pods' while a Deployment's are placed) costs nothing a bind."""
        if self.stale:
            for name in self.stale:
                self.update(name)
            self.stale.clear()

    def update(self, name: str) -> None:
        i = self.index.get(name)
        if i is None:
            return
        leaf = self.size + i
        s = self.score(name)
        best, ties, fits = self.best, self.ties, self.fits
        best[leaf], ties[leaf], fits[leaf] = s, int(s is not None), int(s is not None)
        i = leaf // 2
        while i:                         # _pull, inline: a bind updates a leaf and its log n parents
            left = 2 * i
            right = left + 1
            a, b = best[left], best[right]
            if a is None or (b is not None and b > a):
                best[i], ties[i] = b, ties[right]
            elif b is None or a > b:
                best[i], ties[i] = a, ties[left]
            else:
                best[i], ties[i] = a, ties[left] + ties[right]
            fits[i] = fits[left] + fits[right]
            i //= 2

    # ----------------------------------------------------------------- queries
    def _fits_before(self, pos: int) -> int:
        """Feasible nodes among positions [0, pos)."""
        total, lo, hi = 0, self.size, self.size + pos
        while lo < hi:
            if lo & 1:
                total += self.fits[lo]
                lo += 1
            if hi & 1:
                hi -= 1
                total += self.fits[hi]
            lo //= 2
            hi //= 2
        return total

    def _kth_fit(self, k: int) -> int:
        """Position of the k-th feasible node (1-based k) in list order."""
        i = 1
        while i < self.size:
            if self.fits[2 * i] >= k:
                i = 2 * i
            else:
                k -= self.fits[2 * i]
                i = 2 * i + 1
        return i - self.size

    def _cover(self, lo: int, hi: int, left: list[int]) -> None:
        """Append to ``left`` the tree nodes that cover positions [lo, hi) exactly, left to right."""
        right = []
        lo += self.size
        hi += self.size
        while lo < hi:
            if lo & 1:
                left.append(lo)
                lo += 1
            if hi & 1:
                hi -= 1
                right.append(hi)
            lo //= 2
            hi //= 2
        left += reversed(right)

    def choose(self, start: int, to_find: int, pick: Callable[[int], int]) -> tuple[str | None, int]:
        """The node a scan from ``start`` would choose: filter until ``to_find`` nodes
        fit, keep the best score, ``pick(ties)`` the tie.  Returns (node or None,
        nodes processed).  The ties are counted left to right over each window's
        covering tree nodes, and the j-th found by walking down from the one that holds it."""
        n = len(self.names)
        total = self.fits[1]
        if total == 0:
            return None, n
        if total < to_find:              # the scan never stops early: every node is processed
            windows, processed = [(start, n), (0, start)], n
        else:
            before = self._fits_before(start)
            after = total - before
            if after >= to_find:
                end = self._kth_fit(before + to_find)
                windows, processed = [(start, end + 1)], end + 1 - start
            else:
                end = self._kth_fit(to_find - after)
                windows, processed = [(start, n), (0, end + 1)], n - start + end + 1
        best_of, ties_of = self.best, self.ties
        cover: list[int] = []
        for lo, hi in windows:
            self._cover(lo, hi, cover)
        best, ties = None, 0
        for node in cover:
            b = best_of[node]
            if b is None:
                continue
            if best is None or b > best:
                best, ties = b, ties_of[node]
            elif b == best:
                ties += ties_of[node]
        j = pick(ties) if ties > 1 else 0
        for node in cover:
            if best_of[node] != best:
                continue
            if ties_of[node] <= j:
                j -= ties_of[node]
                continue
            size = self.size
            while node < size:           # the j-th tie under this node: go down to it
                left = 2 * node
                if best_of[left] == best:
                    if ties_of[left] > j:
                        node = left
                        continue
                    j -= ties_of[left]
                node = left + 1
            return self.names[node - size], processed
        raise AssertionError("a tie counted in the window was not found in it")
