"""Stored objects share their equal parts (hash-consing).

A hundred pods made from one template are a hundred copies of the same
tolerations, volume sources, labels, owner references, conditions stamped at
the same instant...  Stored objects never change in place (every write stores
a new version; readers get copies or promise not to write), so equal subtrees
of stored objects can be one object: :class:`Sharer` hands each new subtree's
canonical twin back when it has one, and remembers it as canonical otherwise.

Between objects, equality here is exact: the same keys in the same order,
leaves of the same type and value (``True`` is not ``1``, ``1.0`` not ``1``),
so a shared subtree prints byte for byte as the one it replaces.  Between an
object and its previous version it is Python's ``==``, the store's own test
of a no-op write.

The table is bounded: past ``limit`` entries, or BYTES_LIMIT bytes of keys, it is
emptied (the subtrees stored so far stay shared; later ones start a new table),
so the parts of versions long gone are not kept alive by it.

A part is remembered once its own parts have twins, so there are at most
n + 1 copies of a part with n levels of parts below it:

>>> s = Sharer()
>>> made = [{"spec": {"tolerations": [{"key": "k", "operator": "Exists"}]}} for _ in range(5)]
>>> for obj in made:
...     s.share_parts(obj)
>>> len({id(obj["spec"]) for obj in made}), made[0] == made[4]
(3, True)
>>> len({id(obj["spec"]["tolerations"][0]) for obj in made})
1
>>> c = {"spec": {"tolerations": [{"key": "k", "operator": "Exists", "tolerationSeconds": 1}]}}
>>> s.share_parts(c); c["spec"] is made[4]["spec"]
False
>>> d = {"x": [True]}; e = {"x": [1]}
>>> s.share_parts(d); s.share_parts(e); d["x"] is e["x"], e["x"][0] is True
(False, False)
"""
from __future__ import annotations

from marshal import dumps
from typing import Any

#: Table entries kept before the table is emptied, and bytes of their keys.
SHARE_LIMIT = 60_000
BYTES_LIMIT = 8_000_000
#: Strings kept by Sharer.string before its table is emptied.
STRINGS_KEPT = 4_096
#: Parts with more entries are not looked up (a whole pod spec or status: one
#: of a kind, it would only cost time and hold memory); their children are.
SMALL = 12
#: A list's __sizeof__ without spare room: its header and a pointer an item.
_LIST_BASE = [].__sizeof__()
_POINTER = [None].__sizeof__() - _LIST_BASE
#: Keys whose values hold an object's own strings, so are never found whole: a
#: pod's containers and volumes (the service account volume's generated name in
#: each container's volumeMounts), its container statuses (the container IDs) and
#: podIPs.  Such a value, and each entry of such a list, is not looked up (a
#: lookup that always fails, and a table entry that is never found again); its
#: parts are, as any other's (a volume's projected sources, a container's resources).
OWN_KEYS = frozenset({"containers", "initContainers", "ephemeralContainers", "volumes", "volumeMounts",
                      "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses", "podIPs"})
#: Those of OWN_KEYS whose entries hold nothing but scalars in the API's schema (a
#: VolumeMount, a VolumeMountStatus, a PodIP): there is nothing in them to share, so
#: such a list with no previous version to take entries back from is not walked
#: (a kubelet's first containerStatuses entry and first podIPs, every pod).
SCALAR_ENTRIES = frozenset({"volumeMounts", "podIPs"})
#: The one empty dict every stored ``{}`` is (each new table starts with it), so a
#: writer that hands this very object (the kubelet's lastState before there is one)
#: has it found by identity, with no lookup.
EMPTY: dict = {}
_EMPTY_KEY = dumps(EMPTY, 0)


class Sharer:
    __slots__ = ("limit", "_table", "_known", "_fresh", "_bytes", "_strings")

    def __init__(self, limit: int = SHARE_LIMIT) -> None:
        self.limit = limit
        self._table: dict[bytes, Any] = {}    # marshal bytes of a subtree -> its canonical object
        self._known: dict[int, Any] = {}      # id -> canonical object (kept alive by _table)
        self._fresh = False                   # the last part shared had no twin (see _walk)
        self._bytes = 0                       # of the table's keys
        self._strings: dict[str, str] = {}    # text -> its one copy (string())
        self._clear()

    def share_parts(self, obj: dict, old: dict | None = None, own: tuple[str, ...] = ("metadata",)) -> None:
        """Replace the parts of a new object (one about to be stored, not yet read
        by anyone) with their canonical twins.  ``old``: the version it replaces,
        whose parts are taken back where equal (the parts a write did not change
        cost one comparison).  The object itself is never shared (it has a name
        and uid of its own), nor are its ``own`` parts, whose children are shared
        one by one.

        ``old`` may also be a sibling: the stored pod made just before ``obj`` from
        the same template object, by the same code (Store.create's ``template``).
        Then ``==`` is exact too: both copy one template and one owner, keys in the
        same order, and what the defaulting and admission add depends on nothing
        but them except strings (a token volume's name, a timestamp) and scalars
        that are never shared (``spec.priority``), so an equal part is a twin."""
        if len(self._table) > self.limit or self._bytes > BYTES_LIMIT:
            self._clear()
        known = self._known
        for k, v in obj.items():
            t = type(v)
            if t is dict or t is list:
                o = old.get(k) if old is not None else None
                if v is o:
                    continue
                if k in own and t is dict:
                    self.share_parts(v, o if type(o) is dict else None, ())
                    continue
                if type(o) is t and o == v:
                    c = o
                elif known.get(id(v)) is v:
                    c = v
                elif k in OWN_KEYS:
                    c = self._parts(v, o, None, False)
                else:
                    c = self._walk(v, o, True)
                if c is not v:
                    obj[k] = c

    def part(self, v: Any, old: Any = None, look: bool = False) -> Any:
        """The twin of one new part ``v`` (a dict or list about to be stored) that
        differs from ``old``, the same part of the version it replaces (the caller
        compared them: a status write that changed the status, a binding's spec).
        Such a part is mostly one of a kind (a running pod's status): it is looked
        up only if ``look``; its parts are, those equal to ``old``'s taken back."""
        if len(self._table) > self.limit or self._bytes > BYTES_LIMIT:
            self._clear()
        return self._walk(v, old, True) if look else self._parts(v, old, None)   # (_walk's way when not looked up)

    def string(self, text: str) -> str:
        """The one copy of a string many stored objects hold (a generateName)."""
        got = self._strings.get(text)
        if got is None:
            if len(self._strings) >= STRINGS_KEPT:
                self._strings.clear()
            got = self._strings[text] = text
        return got

    def _clear(self) -> None:
        self._table.clear()
        self._known.clear()
        self._table[_EMPTY_KEY] = self._known[id(EMPTY)] = EMPTY
        self._bytes = len(_EMPTY_KEY)

    def _walk(self, v: Any, old: Any, look: bool) -> Any:
        """``v``'s twin, ``v`` being neither ``old`` (the same part of the version it
        replaces) nor equal to it, nor known.  A part of at most SMALL entries is
        looked up first (``look``) by its marshal bytes: all of it, leaves with
        their types (``True`` is not ``1``, ``-0.0`` not ``0.0``), keys in order.
        Not found, its parts are shared one by one, and it is remembered if they all
        had twins (``self._fresh`` tells the caller whether ``v`` had none)."""
        key = None
        if look and len(v) <= SMALL:
            try:
                key = dumps(v, 0)      # version 0: no references, no interning marks
            except ValueError:         # a leaf that is not JSON's: kept as it is
                pass
            else:
                found = self._table.get(key)
                if found is not None:
                    self._fresh = False
                    return found
        return self._parts(v, old, key)

    def _parts(self, v: Any, old: Any, key: bytes | None, whole: bool = True) -> Any:
        """:meth:`_walk` past the lookup of ``v`` (not found under ``key``, or not
        looked up if None): its parts are shared (looked up here, walked when not
        found; a list's entries not looked up unless ``whole``, nor the values of
        OWN_KEYS), then ``v`` is remembered under ``key`` if they all had twins."""
        known, table = self._known, self._table
        new = False
        if type(v) is dict:
            before = old if type(old) is dict else None
            changed = None
            for k, x in v.items():
                t = type(x)
                if t is dict or t is list:
                    o = before.get(k) if before is not None else None
                    if o is x or type(o) is t and o == x:
                        c = o
                    elif known.get(id(x)) is x:
                        c = x
                    elif k in OWN_KEYS:
                        if o is None and t is list and k in SCALAR_ENTRIES:
                            # nothing to share in its entries: kept as it is (see _parts's copy)
                            c = x if x.__sizeof__() == _LIST_BASE + _POINTER * len(x) else x[:]
                        else:
                            c = self._parts(x, o, None, False)
                        new = True
                    else:
                        c = None
                        kx = None
                        if len(x) <= SMALL:
                            try:
                                kx = dumps(x, 0)
                            except ValueError:
                                pass
                            else:
                                c = table.get(kx)
                        if c is None:
                            c = self._parts(x, o, kx)
                            new = new or self._fresh
                    if c is not x:
                        if changed is None:
                            changed = []
                        changed.append((k, c))
            if changed:
                for k, c in changed:
                    v[k] = c
        else:
            before = old if type(old) is list and len(old) == len(v) else None
            i = -1
            for x in v:
                i += 1
                t = type(x)
                if t is dict or t is list:
                    o = before[i] if before is not None else None
                    if o is x or type(o) is t and o == x:
                        c = o
                    elif known.get(id(x)) is x:
                        c = x
                    else:
                        c = None
                        kx = None
                        if whole and len(x) <= SMALL:
                            try:
                                kx = dumps(x, 0)
                            except ValueError:
                                pass
                            else:
                                c = table.get(kx)
                        if c is None:
                            c = self._parts(x, o, kx)
                            new = new or self._fresh
                    if c is not x:
                        v[i] = c
            if v.__sizeof__() != _LIST_BASE + _POINTER * len(v):
                v = v[:]               # a list made by appending holds spare room: stored, a copy holds none
            # (one without spare room is kept itself: a writer that hands it again, a kubelet's
            # conditions or hostIPs shared between its pods, finds it known without a lookup)
        self._fresh = True
        if key is not None and not new:
            table[key] = v
            known[id(v)] = v
            self._bytes += len(key)
        return v
