"""Which watchers the store tells of a change: the watch filters.

A watcher may say which changes it acts on, as a Kubernetes client narrows its
watch (a field selector, an informer's filter), so that it is not called for
the many it would drop at once — a 10,000-pod cluster makes some 50,000 pod
changes and as many Events, and most watchers act on few of them:

- ``etypes``: only these change types (``"ADDED"``, ``"MODIFIED"``, ``"DELETED"``);
- ``owners``: only changes of objects whose controller (the ownerReference with
  ``controller: true``) is of one of these kinds, before or after the change;
  ``None`` among them stands for no controller (an orphan, one a controller may
  adopt, or one just released);
- ``ignore``: for a watcher of every kind, kinds it never wants (the garbage
  collector's ignored resources: Events);
- ``namespaces``: only objects of these namespaces (a namespaced watch).  The
  store can change a watcher's namespaces as it goes (:meth:`.Store.narrow`):
  the endpoints controllers look only at the namespaces where a Service selects
  pods, so the pods of a namespace without one cost them nothing.

The store keeps, per kind, one list of watchers per change type (the same list
object where they are the same), and where a watcher filters by owner or
namespace, one per (namespace, controller kind after, controller kind before)
met so far.  Each list keeps the watchers in registration order, so every
watcher sees the changes it asks for in the order it would see them unfiltered,
and in the same order relative to the others.

>>> f = WatchFilter(etypes=frozenset({"DELETED"}), owners=frozenset({"ReplicaSet"}))
>>> f.wants_etype("ADDED"), f.wants_etype("DELETED")
(False, True)
>>> f.wants_owner("ReplicaSet", "ReplicaSet"), f.wants_owner(None, None), f.wants_owner(None, "ReplicaSet")
(True, False, True)
>>> g = WatchFilter(namespaces=frozenset({"kube-system"}))
>>> g.wants(None, "kube-system", None, None), g.wants(None, "default", None, None)
(True, False)
"""
from __future__ import annotations

from typing import Callable, Collection, NamedTuple

from .meta import Obj, controller_ref

WatchFn = Callable[[str, Obj, "Obj | None"], None]   # (type, obj, old)

ETYPES = ("ADDED", "MODIFIED", "DELETED")

#: The controller kind of an ownerReference whose ``kind`` is not a string (no filter names it).
OTHER = object()
#: No ownerReferences list (ByObject.last before the first change).
_NOTHING = object()


class WatchFilter(NamedTuple):
    etypes: frozenset | None = None       # None: every change type
    owners: frozenset | None = None       # None: whatever the controller
    ignore: frozenset = frozenset()       # kinds not wanted (a watcher of every kind)
    namespaces: frozenset | None = None   # None: every namespace

    @classmethod
    def of(cls, etypes: Collection[str] | None, owners: Collection[str | None] | None,
           ignore: Collection[str] | None, namespaces: Collection[str] | None = None) -> "WatchFilter | None":
        """The filter of a watch's arguments, None when they filter nothing."""
        if etypes is None and owners is None and not ignore and namespaces is None:
            return None
        for etype in etypes or ():
            if etype not in ETYPES:
                raise ValueError(f"unknown change type {etype!r}")
        return cls(None if etypes is None else frozenset(etypes), None if owners is None else frozenset(owners),
                   frozenset(ignore or ()), None if namespaces is None else frozenset(namespaces))

    def wants_etype(self, etype: str) -> bool:
        return self.etypes is None or etype in self.etypes

    def wants_owner(self, kind: object, old_kind: object) -> bool:
        return self.owners is None or kind in self.owners or old_kind in self.owners

    def wants(self, etype: str | None, namespace: str | None, kind: object, old_kind: object) -> bool:
        """Whether a change (of a wanted kind) passes: its type (None: any), the object's
        namespace, its controller's kind after and before."""
        return ((etype is None or self.wants_etype(etype)) and self.wants_owner(kind, old_kind)
                and (self.namespaces is None or namespace in self.namespaces))

    @property
    def picks(self) -> bool:
        """Whether it filters by what a change's object is (owner, namespace), not only its type."""
        return self.owners is not None or self.namespaces is not None


class ByObject:
    """The watchers of one kind and change type when one of them filters by owner or
    namespace: the list for each (namespace, controller kind after, controller kind
    before) met, built when first met (the namespace None when no watcher filters by
    it, the kinds None when none filters by owner).  Its watchers never change once
    made (a notification under way goes on with the lists it began with):
    :meth:`add` makes a new one."""
    __slots__ = ("entries", "lists", "last", "by_owner", "by_namespace")

    def __init__(self, entries: list[tuple[WatchFn, WatchFilter | None]]) -> None:
        self.entries = entries
        self.by_owner = any(f is not None and f.owners is not None for fn, f in entries)
        self.by_namespace = any(f is not None and f.namespaces is not None for fn, f in entries)
        self.lists: dict[tuple[object, object, object], list[WatchFn]] = {}
        #: (ownerReferences list, namespace, their watchers) of the last change that kept its
        #: list: the pods of one set share their list (api.sharing), which never changes in place
        self.last: tuple[object, object, list[WatchFn]] = (_NOTHING, None, [])

    def pick(self, namespace: object, kind: object, old_kind: object) -> list[WatchFn]:
        key = (namespace, kind, old_kind)
        fns = self.lists.get(key)
        if fns is None:
            fns = self.lists[key] = [fn for fn, f in self.entries
                                     if f is None or f.wants(None, namespace, kind, old_kind)]
        return fns

    def add(self, fn: WatchFn) -> "ByObject":
        """These watchers and ``fn`` (unfiltered) last."""
        return ByObject([*self.entries, (fn, None)])


def fanout(watchers: list[tuple[object, WatchFn, WatchFilter | None]], rt: object, kind: str) -> dict:
    """The change type -> watchers table of resource type ``rt`` (of ``kind``), from
    every watcher ``(wanted type or None, fn, filter)`` in registration order: a list,
    or a :class:`ByObject` where a watcher filters by owner or namespace.  Change types with the
    same watchers share one list."""
    table: dict = {}
    made: dict[tuple, list[WatchFn] | ByObject] = {}
    for etype in ETYPES:
        entries = [(fn, f) for want, fn, f in watchers
                   if (want is None or want is rt) and (f is None or (f.wants_etype(etype) and kind not in f.ignore))]
        if any(f is not None and f.picks for fn, f in entries):
            table[etype] = ByObject(entries)
        else:
            fns = [fn for fn, f in entries]
            table[etype] = made.setdefault(tuple(map(id, fns)), fns)
    return table


def add_unfiltered(table: dict, fn: WatchFn) -> dict:
    """``table`` (see :func:`fanout`) with ``fn`` last for every change type: new
    lists, one for each list shared."""
    made: dict[int, list[WatchFn] | ByObject] = {}
    out = {}
    for etype, fns in table.items():
        new = made.get(id(fns))
        if new is None:
            new = made[id(fns)] = fns.add(fn) if type(fns) is ByObject else [*fns, fn]
        out[etype] = new
    return out


def controller_kind(obj: Obj) -> object:
    """The kind of an object's controller (:func:`.meta.controller_ref`'s): None without one."""
    ref = controller_ref(obj)
    if ref is None:
        return None
    kind = ref.get("kind")
    return kind if type(kind) is str else OTHER
