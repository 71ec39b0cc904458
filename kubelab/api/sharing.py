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

The table is bounded: past ``limit`` entries it is emptied (the subtrees stored
so far stay shared; later ones start a new table), so the parts of versions
long gone are not kept alive by it.

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

from typing import Any

#: Table entries kept before the table is emptied (a few MB of keys).
SHARE_LIMIT = 60_000
#: Parts with more entries are not looked up (a whole pod spec or status: one
#: of a kind, it would only cost time and hold memory); their children are.
SMALL = 12


class Sharer:
    __slots__ = ("limit", "_table", "_known", "_fresh")

    def __init__(self, limit: int = SHARE_LIMIT) -> None:
        self.limit = limit
        self._table: dict[tuple, Any] = {}    # key of a subtree -> its canonical object
        self._known: dict[int, Any] = {}      # id -> canonical object (kept alive by _table)
        self._fresh = False                   # the last part shared had no twin (see _share)

    def share_parts(self, obj: dict, old: dict | None = None, own: tuple[str, ...] = ("metadata",)) -> None:
        """Replace the parts of a new object (one about to be stored, not yet read
        by anyone) with their canonical twins.  ``old``: the version it replaces,
        whose parts are taken back where equal (the parts a write did not change
        cost one comparison).  The object itself is never shared (it has a name
        and uid of its own), nor are its ``own`` parts, whose children are shared
        one by one."""
        if len(self._table) > self.limit:
            self._table.clear()
            self._known.clear()
        for k, v in obj.items():
            t = type(v)
            if t is dict or t is list:
                o = old.get(k) if old is not None else None
                if v is o:
                    continue
                if k in own and t is dict:
                    self.share_parts(v, o if type(o) is dict else None, ())
                    continue
                c = self._share(v, o)
                if c is not v:
                    obj[k] = c

    def _share(self, v: Any, old: Any = None) -> Any:
        """``v``'s twin: ``old`` (the same part of the version it replaces) when
        equal, else its canonical twin, else ``v`` itself.  Children first; then a
        part of at most SMALL entries whose children all have twins is looked up by
        its key: its leaves (with their types) and its children's identities.  A
        part with a child of its own kind (a pod's IP, its token volume's name)
        has no twin, and a bigger part (a whole spec or status) is one of a kind:
        neither is looked up or remembered, so ``self._fresh`` tells the caller."""
        if old is v or type(old) is type(v) and old == v:
            self._fresh = False
            return old
        if self._known.get(id(v)) is v:
            self._fresh = False
            return v
        fresh = len(v) > SMALL
        known = self._known
        key: list = []
        if type(v) is dict:
            before = old if type(old) is dict else None
            changed = None
            for k, x in v.items():
                t = type(x)
                if t is dict or t is list:
                    o = before.get(k) if before is not None else None
                    if o is x or type(o) is t and o == x:      # _share's first tests, inline
                        c = o
                    elif known.get(id(x)) is x:
                        c = x
                    else:
                        c = self._share(x, o)
                        if self._fresh:
                            fresh = True
                    if c is not x:
                        if changed is None:
                            changed = []
                        changed.append((k, c))
                    if not fresh:
                        key += (k, None, id(c))
                elif not fresh:
                    key += (k, t, repr(x) if t is float else x)   # 0.0 and -0.0 are equal but print apart
            if changed:
                for k, c in changed:
                    v[k] = c
        else:
            key.append(None)        # a list's key differs from a dict's
            before = old if type(old) is list and len(old) == len(v) else None
            for i, x in enumerate(v):
                t = type(x)
                if t is dict or t is list:
                    o = before[i] if before is not None else None
                    if o is x or type(o) is t and o == x:
                        c = o
                    elif known.get(id(x)) is x:
                        c = x
                    else:
                        c = self._share(x, o)
                        if self._fresh:
                            fresh = True
                    if c is not x:
                        v[i] = c
                    if not fresh:
                        key += (None, id(c))
                elif not fresh:
                    key += (t, repr(x) if t is float else x)
        self._fresh = True
        if fresh:
            return v
        tkey = tuple(key)
        try:
            found = self._table.get(tkey)
        except TypeError:           # a leaf that is not JSON's: kept as it is
            return v
        if found is not None:
            self._fresh = False
            return found
        self._table[tkey] = v
        self._known[id(v)] = v
        return v
