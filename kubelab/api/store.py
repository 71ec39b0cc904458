"""The API server's store: etcd plus the generic registry behaviour.

Every component reads and writes through this object, as every Kubernetes
component talks only to kube-apiserver.  Writes made on behalf of a user
(``external=True``) go through validation; every write goes through defaulting
and the admission hooks (allocators).  Watchers are told of each change
synchronously; they only enqueue work.
"""
from __future__ import annotations

import marshal
import random
from collections import defaultdict, deque
from dataclasses import dataclass, field
from operator import itemgetter
from struct import Struct
from typing import Any, Callable, Collection, Iterable, NamedTuple, Sequence

from ..clock import Clock
from . import errors, resources
from .connect import Connector
from .fanout import ByObject, WatchFilter, add_unfiltered, controller_kind, fanout
from .metrics import MetricsAPI
from .meta import GENERATION_KINDS, Obj, clone, labels_of
from .resources import ResourceType
from .selectors import Selector
from .sharing import Sharer

WatchFn = Callable[[str, Obj, "Obj | None"], None]   # (type, obj, old)
Hook = Callable[..., None]

#: How many recorded actions the store keeps (the newest): a course cluster makes a
#: few thousand; a 150,000-pod cluster two million, which nobody reads back.
ACTIONS_KEPT = 200_000

# A version-4 UUID's fixed bits: the version nibble (4) and the variant's two bits (10).
_UUID_MASK = ((1 << 128) - 1) & ~(0xC000 << 48) & ~(0xF000 << 64)
_UUID_BITS = (0x8000 << 48) | (4 << 76)



def uuid_text(bits: int) -> str:
    """The text of the version-4 UUID of these 128 bits, its fixed bits set here: what
    str(uuid.UUID(int=bits, version=4)) gives.  Most of a new uid's cost (three times
    the draw): an Event's is kept as the bits drawn and written out when it is read."""
    h = "%032x" % (bits & _UUID_MASK | _UUID_BITS)
    return "-".join((h[:8], h[8:12], h[12:16], h[16:20], h[20:]))     # (cheaper than an f-string of five slices)


# Kubernetes' alphabet for random name suffixes (k8s.io/apimachinery/pkg/util/rand):
# no vowels, no easily confused characters.
ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"
_SUFFIXES = len(ALPHANUMS)
_SUFFIX_BITS = _SUFFIXES.bit_length()
#: random.Random.choice draws with _randbelow_with_getrandbits (random_suffix repeats it).
_RANDBELOW_BITS = getattr(random.Random, "_randbelow", None) is getattr(random.Random, "_randbelow_with_getrandbits", 0)


class Action(NamedTuple):
    """One recorded step of who did what, for the control-plane trace.  A tuple
    of strings and a number: the garbage collector stops tracking it, and a
    busy cluster records hundreds of thousands."""
    time: float
    component: str
    verb: str
    kind: str
    key: str
    detail: str = ""


_new_tuple = tuple.__new__


class ActionLog:
    """The store's record of actions: read as ``deque(maxlen=ACTIONS_KEPT)`` of
    :class:`Action` is (iteration oldest first, ``len``, ``[i]``, ``maxlen``,
    ``append``, ``clear``), kept as two pointers a record.  An action's time,
    writer, verb, kind, namespace and detail (its *head*) are one tuple shared by
    every action of the same head at the same instant (a big cluster's kubelets
    write a thousand pods' statuses in one instant), and its name is the
    object's own name string; the Action and its ``namespace/name`` key are made
    again when read.  About 16 bytes a record instead of 190."""
    __slots__ = ("maxlen", "_heads", "_names", "_pos", "_seen", "_now")

    def __init__(self, maxlen: int) -> None:
        self.maxlen = maxlen
        self._heads: list[tuple] = []      # (time, component, verb, kind, namespace or None, detail)
        self._names: list[str] = []        # the name (namespace None: the whole key)
        self._pos = 0                      # when full: where the oldest record lies (the next to go)
        self._seen: dict[tuple, tuple] = {}     # the heads of the current instant, each kept once
        self._now: Any = None

    def add(self, now: Any, component: str, verb: str, kind: str, ns: str | None, name: str, detail: str) -> None:
        """Record one action (``ns`` None: ``name`` is the whole key)."""
        if now is not self._now:          # a new instant (the clock's own float: one object an instant)
            self._seen.clear()
            self._now = now
        head = (now, component, verb, kind, ns, detail)
        head = self._seen.setdefault(head, head)
        if len(self._heads) < self.maxlen:
            self._heads.append(head)
            self._names.append(name)
        else:
            self._put(head, name)

    def _put(self, head: tuple, name: str) -> None:
        """Record in place of the oldest (the log is full)."""
        pos = self._pos
        self._heads[pos] = head
        self._names[pos] = name
        pos += 1
        self._pos = 0 if pos == self.maxlen else pos

    def append(self, action: Action) -> None:
        t, component, verb, kind, key, detail = action
        self.add(t, component, verb, kind, None, key, detail)

    def clear(self) -> None:
        self._heads, self._names, self._pos = [], [], 0
        self._seen.clear()

    def __len__(self) -> int:
        return len(self._heads)

    @staticmethod
    def _action(head: tuple, name: str) -> Action:
        t, component, verb, kind, ns, detail = head
        return _new_tuple(Action, (t, component, verb, kind, f"{ns}/{name}" if ns else name, detail))

    def __getitem__(self, i: int) -> Action:
        n = len(self._heads)
        if not -n <= i < n:
            raise IndexError("deque index out of range")
        i = (i % n + self._pos) % n
        return self._action(self._heads[i], self._names[i])

    def __iter__(self):
        heads, names, pos = self._heads, self._names, self._pos
        action = self._action
        for i in range(pos, len(heads)):
            yield action(heads[i], names[i])
        for i in range(pos):
            yield action(heads[i], names[i])

    def __reversed__(self):
        heads, names, pos = self._heads, self._names, self._pos
        action = self._action
        for i in range(pos - 1, -1, -1):
            yield action(heads[i], names[i])
        for i in range(len(heads) - 1, pos - 1, -1):
            yield action(heads[i], names[i])

    def __repr__(self) -> str:
        return f"ActionLog({list(self)!r}, maxlen={self.maxlen})"


class ActingAs:
    """``with api.acting_as("kubelet"):`` — writes inside are recorded as that
    component's, and the caller's identity comes back afterwards, even on error.
    A plain class, not @contextmanager: the controllers' loops enter one per key."""
    __slots__ = ("store", "component", "previous")

    def __init__(self, store: "Store", component: str) -> None:
        self.store, self.component, self.previous = store, component, ""

    def __enter__(self) -> "Store":
        self.previous = self.store.component
        self.store.component = self.component
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.store.component = self.previous


class Shapes:
    """How packed objects are laid out, each layout kept once, and the words they
    share.  A packed object is the tuple ``(layout number, word codes, *values,
    *words given in full)``: the values of its top-level keys in key order, a dict
    among them (``metadata``, ``involvedObject``, ``source``) spliced in as its
    own values; the layout holds the keys.  What lies deeper is packed with its
    keys.  Two things are left out of the values: ``metadata.name`` (the bucket's
    key; None in its place) and the fields of WORD_GROUPS, each group's values
    (a word: the same source, object kind and type; the same instant; the same
    reason and message) given by its code, two bytes, when that word was seen
    before (its place in ``words``), else in full after the values (code 0).
    Events have a handful of layouts; past SHAPES_KEPT an object is packed with
    its keys, and past WORDS_KEPT a new word is given in full."""
    __slots__ = ("layouts", "numbers", "words", "codes", "seen")

    def __init__(self) -> None:
        self.layouts: list[Layout] = []
        self.numbers: dict[tuple, int] = {}
        self.words: list[tuple | None] = [None]   # by code (0: no word, given in full)
        self.codes: dict[tuple, int] = {}
        self.seen: dict[tuple, None] = {}        # words seen once (emptied when full)

    def pack(self, obj: Obj, name: str | None = None) -> bytes:
        flat: list[Any] = []
        subs = []
        for x in obj.values():
            if type(x) is dict:
                subs.append(tuple(x))
                flat += x.values()
            else:
                subs.append(None)
                flat.append(x)
        shape = (tuple(obj), tuple(subs))
        n = self.numbers.get(shape)
        if n is None:
            if len(self.layouts) >= SHAPES_KEPT:
                return marshal.dumps(obj)
            n = self.layout(*shape)
        return self.pack_values(n, flat, name, obj)

    def layout(self, keys: tuple[str, ...], subs: tuple[tuple[str, ...] | None, ...]) -> int:
        """The number of the layout of objects with these keys (``subs``: each
        one's dict's keys, None for a value not a dict), made when new."""
        shape = (keys, subs)
        n = self.numbers.get(shape)
        if n is None:
            n = self.numbers[shape] = len(self.layouts)
            self.layouts.append(Layout(keys, subs))
        return n

    def pack_values(self, n: int, flat: list, name: str | None = None, obj: Obj | None = None) -> bytes:
        """The object of layout ``n`` with the values ``flat`` (each dict's spliced in,
        as the layout lists them; left as they are) packed; ``obj``: that object,
        when the caller has it (else it is made from them when it must be packed
        with its keys)."""
        layout = self.layouts[n]
        codes, given, full = self.codes, [], []
        try:
            for group in layout.groups:
                word = group(flat)
                code = codes.get(word) or self._word(word)
                given.append(code)
                if not code:
                    full.append(word)
        except TypeError:                     # a list or a dict in a word: packed with its keys
            return marshal.dumps(layout.made(flat) if obj is None else obj)
        at = layout.name_at
        if at is not None and flat[at] == name and type(name) is str:
            flat[at] = None                  # the bucket's key, not kept twice (and given back)
            others = layout.others(flat)
            flat[at] = name
        else:
            others = layout.others(flat)
        return marshal.dumps((n, layout.words.pack(*given), *others, *full))

    def unpack(self, packed: bytes, name: str | None = None) -> Obj:
        flat = marshal.loads(packed)
        if type(flat) is dict:
            return flat
        layout = self.layouts[flat[0]]
        given = layout.words.unpack(flat[1])
        end = layout.values_end
        values = list(flat[2:end])
        if layout.name_at is not None and values[layout.name_in_values] is None:
            values[layout.name_in_values] = name
        at = layout.uid_in_values
        if at is not None and type(values[at]) is int:
            values[at] = uuid_text(values[at])      # an Event's uid kept as its bits (Store.create_event)
        at = layout.rv_in_values
        if at is not None and type(values[at]) is int:
            values[at] = str(values[at])            # and its resourceVersion as its number
        words = self.words
        for code in given:
            if code:
                values += words[code]
            else:
                values += flat[end]
                end += 1
        return layout.build(layout.order(values))

    def _word(self, word: tuple) -> int:
        """The code of ``word`` when it is seen the second time, else 0 (a word
        seen once, a pod's own message, is given in full in its object's bytes).
        Only strings and None make words: a word found is then of the same types."""
        if word in self.seen:
            if len(self.words) > WORDS_KEPT or not all(type(x) is str or x is None for x in word):
                return 0
            code = self.codes[word] = len(self.words)
            self.words.append(word)
            return code
        if len(self.seen) >= SEEN_KEPT:
            self.seen.clear()
        self.seen[word] = None
        return 0


def _getter(places: list[int]) -> Callable[[list], tuple]:
    """itemgetter(*places) that always gives a tuple."""
    if len(places) == 1:
        place = places[0]
        return lambda values: (values[place],)
    return itemgetter(*places) if places else lambda values: ()


class Layout:
    """One layout of packed objects.  ``plan`` gives each top-level key with its
    dict's keys (None: not a dict) and where its values lie in the object's flat
    values; ``groups`` take each word of WORD_GROUPS out of them and ``others``
    the rest, which ``order`` puts back (the rest followed by the words);
    ``name_at`` is where metadata.name lies (None: nowhere)."""
    __slots__ = ("plan", "groups", "others", "order", "values_end", "words", "name_at", "name_in_values",
                 "meta_at", "uid_in_values", "rv_in_values")

    def __init__(self, keys: tuple[str, ...], subs: tuple[tuple[str, ...] | None, ...]) -> None:
        plan, fields, i = [], [], 0
        for key, sub in zip(keys, subs):
            if sub is None:
                plan.append((key, None, i, i + 1))
                fields.append(("", key))
                i += 1
            else:
                plan.append((key, sub, i, i + len(sub)))
                fields += [(key, k) for k in sub]
                i += len(sub)
        self.plan = tuple(plan)
        groups = [[p for p, f in enumerate(fields) if f in group] for group in WORD_GROUPS]
        groups = [g for g in groups if g]
        in_words = {p for g in groups for p in g}
        others = [p for p in range(len(fields)) if p not in in_words]
        self.groups = tuple(_getter(g) for g in groups)
        self.others = _getter(others)
        places = others + [p for g in groups for p in g]       # where each value of others + words belongs
        self.order = _getter(sorted(range(len(places)), key=places.__getitem__))
        self.values_end = 2 + len(others)
        self.words = Struct(f"<{len(groups)}H")        # the words' codes, two bytes each
        self.name_at = fields.index(("metadata", "name")) if ("metadata", "name") in fields else None
        self.name_in_values = others.index(self.name_at) if self.name_at is not None else 0
        # where metadata's name, namespace, uid, resourceVersion and creationTimestamp lie (None: nowhere)
        self.meta_at = tuple(fields.index(("metadata", k)) if ("metadata", k) in fields else None
                             for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp"))
        # where metadata.uid lies among the packed values (None: nowhere, or in a word)
        uid_at, rv_at = self.meta_at[2], self.meta_at[3]
        self.uid_in_values = others.index(uid_at) if uid_at in others else None
        self.rv_in_values = others.index(rv_at) if rv_at in others else None

    def build(self, values: Sequence[Any]) -> Obj:
        """The object of these values (in the order of the fields, each dict's spliced in)."""
        out = {}
        for key, keys, i, j in self.plan:
            out[key] = values[i] if keys is None else dict(zip(keys, values[i:j]))
        return out

    def made(self, values: Sequence[Any]) -> Obj:
        """:meth:`build`, with a uid kept as its bits and a resourceVersion as its
        number (an Event's: Store.create_event) written out: the object to keep when
        its values cannot be packed."""
        out = self.build(values)
        at = self.meta_at[2]
        if at is not None and type(values[at]) is int:
            out["metadata"]["uid"] = uuid_text(values[at])
        at = self.meta_at[3]
        if at is not None and type(values[at]) is int:
            out["metadata"]["resourceVersion"] = str(values[at])
        return out


SHAPES_KEPT = 10_000
WORDS_KEPT = 50_000          # below 65,536: a word's code is two bytes
SEEN_KEPT = 2_048            # words seen once kept to be told again (a pod's own messages, mostly)

#: The words of a packed Event: fields whose values recur together, (the dict holding the
#: field, or "" at the top; the field).  Never involvedObject's name or uid: mentioning()
#: finds an object's events by them in the bytes.
WORD_GROUPS = (
    frozenset({("", "apiVersion"), ("", "kind"), ("metadata", "namespace"),
               ("involvedObject", "kind"), ("involvedObject", "namespace"), ("involvedObject", "apiVersion"),
               ("involvedObject", "fieldPath"), ("source", "component"), ("source", "host"), ("", "type"),
               ("", "eventTime"), ("", "reportingComponent"), ("", "reportingInstance")}),
    frozenset({("metadata", "creationTimestamp"), ("", "firstTimestamp"), ("", "lastTimestamp")}),
    frozenset({("", "reason"), ("", "message")}),
)


class PackedBucket(dict):
    """One namespace's objects of a kind that is written often and read rarely
    (Events: four or so a pod, read by ``describe`` and ``get events``), each kept
    as marshal bytes of its values (its keys in :class:`Shapes`) — a third of the
    dict's memory — and rebuilt on every read.  marshal gives back exactly what
    it was given (strings, ints, floats, booleans, None) and the shapes the keys
    in their order, so every read path sees the same object, byte for byte.
    An object marshal cannot encode is kept as it is."""
    __slots__ = ("shapes",)

    def __init__(self, shapes: Shapes) -> None:
        super().__init__()
        self.shapes = shapes

    def __setitem__(self, name: str, obj: Obj) -> None:
        try:
            obj = self.shapes.pack(obj, name)
        except ValueError:
            pass
        dict.__setitem__(self, name, obj)

    def put_values(self, name: str, n: int, values: list) -> None:
        """``self[name] = obj`` for the object of layout ``n`` with these values (see
        :meth:`Shapes.pack_values`), without the object made."""
        try:
            packed: Any = self.shapes.pack_values(n, values, name)
        except ValueError:
            packed = self.shapes.layouts[n].made(values)
        dict.__setitem__(self, name, packed)

    def _unpack(self, packed: Any, name: str) -> Any:
        return self.shapes.unpack(packed, name) if type(packed) is bytes else packed

    def __getitem__(self, name: str) -> Obj:
        return self._unpack(dict.__getitem__(self, name), name)

    def get(self, name: str, default: Any = None) -> Any:
        packed = dict.get(self, name)
        return default if packed is None else self._unpack(packed, name)

    def pop(self, name: str, *default: Any) -> Any:
        return self._unpack(dict.pop(self, name, *default), name)

    def values(self):  # type: ignore[override]
        return [self._unpack(packed, name) for name, packed in dict.items(self)]

    def items(self):  # type: ignore[override]
        return [(name, self._unpack(packed, name)) for name, packed in dict.items(self)]


#: Kinds whose stored objects share their equal parts (see :mod:`.sharing`):
#: the ones made by the thousand from one template.
SHARED_KINDS = frozenset({"Pod"})

#: A missing key (write_status: an object stored without a status).
_ABSENT = object()

#: The status of a namespace stored without one (create_event; never changed).
_NO_STATUS: dict = {}

#: Kinds stored packed (see PackedBucket).
PACKED_KINDS = frozenset({"Event"})


class _Kinds(dict):
    """The store's data: kind -> namespace -> name -> object; a kind's namespaces
    come into being when first asked for, packed for the kinds in PACKED_KINDS."""

    def __init__(self) -> None:
        super().__init__()
        self.shapes = Shapes()

    def __missing__(self, rt: ResourceType) -> dict:
        if rt.kind in PACKED_KINDS:
            spaces = self[rt] = defaultdict(lambda: PackedBucket(self.shapes))
        else:
            spaces = self[rt] = defaultdict(dict)
        return spaces


@dataclass
class Hooks:
    defaulters: dict[str, list[Hook]] = field(default_factory=lambda: defaultdict(list))
    validators: dict[str, list[Hook]] = field(default_factory=lambda: defaultdict(list))
    admitters: dict[str, list[Hook]] = field(default_factory=lambda: defaultdict(list))
    on_delete: dict[str, list[Hook]] = field(default_factory=lambda: defaultdict(list))
    release: dict[str, list[Hook]] = field(default_factory=lambda: defaultdict(list))   # undo admission (dry runs, removal)
    decoders: list[Hook] = field(default_factory=list)   # the request body must decode (external writes)
    # kind -> fn(obj, sibling): obj (made from a template) defaulted and admitted from the object made
    # just before it from the same template object, or None to take the general path (Store.create)
    siblings: dict[str, Callable[[Obj, Obj], Obj | None]] = field(default_factory=dict)


class Store:
    def __init__(self, clock: Clock, rng: random.Random):
        self.clock = clock
        self.rng = rng
        self._data: dict[ResourceType, dict[str, dict[str, Obj]]] = _Kinds()
        # owner uid -> (kind, namespace) -> names of its dependents (the stored objects' own name strings)
        self._by_owner: dict[str, dict[tuple[ResourceType, str], dict[str, None]]] = {}
        # owned(): an owner's dependents of one kind as (namespace, names in order) in namespace order; a new
        # dependent's name is appended (its names sorted again when next read), one gone drops the list
        self._owned_order: dict[tuple[str, ResourceType], list[tuple[str, list[str]]]] = {}
        self._owned_unsorted: set[tuple[str, ResourceType]] = set()
        self._watchers: list[tuple[ResourceType | None, WatchFn, WatchFilter | None]] = []
        self._by_type: dict[ResourceType, dict] = {}   # kind -> change type -> its watchers (fanout.fanout)
        self._routes: dict[ResourceType, dict[str, list[WatchFn]]] = {}   # per-node watchers (watch(node=))
        # list(): a bucket's names in key order, and the place of each in the bucket's own order
        self._order: dict[tuple[ResourceType, str], tuple[list[str], list[int]]] = {}
        self._orphans: dict[tuple[ResourceType, str], set[str]] = {}     # names without a controller owner
        self._rv = 0
        self._resolved: dict[tuple[str, str | None], ResourceType] = {}   # resource(): names already looked up
        self._peeks: dict[str | ResourceType, tuple[bool, dict]] = {}     # peek(): kind -> (namespaced, its namespaces)
        self._sharer = Sharer()
        # bind(): the status a pod's status became, and when (the stored status it was, the
        # timestamp, the status stored): a ReplicaSet's pods bound in one second share both
        self._bound: tuple[Obj | None, str, Obj] | None = None
        # create(template=): the template a pod was last made from, that pod as stored, and the hooks
        # that prepared it (its kind's defaulters and admitters)
        self._made_from: tuple[Obj, Obj, tuple] | None = None
        self.hooks = Hooks()
        self.actions = ActionLog(ACTIONS_KEPT)
        # indexes for list(): (kind, namespace) -> (label, value) -> names, and -> spec.nodeName -> names
        # (the names as a dict's keys: a third of a set's memory)
        self._by_label: dict[tuple[ResourceType, str], dict[tuple[str, str], dict[str, None]]] = {}
        self._by_node: dict[tuple[ResourceType, str], dict[str, dict[str, None]]] = {}
        self.component = "kubectl"   # who is calling; components set it around their writes
        # log, exec, attach, portforward, proxy: answered by the kubelets and the network
        self.connector = Connector(self)
        # metrics.k8s.io: not stored, answered through the aggregator by metrics-server
        self.metrics = MetricsAPI(self)

    def connect(self, resource: str, name: str, namespace: str | None, subresource: str, options: Any = None) -> Any:
        """A connect subresource (pods/log, exec, attach, portforward, proxy): see :mod:`kubelab.api.connect`."""
        return self.connector.connect(resource, name, namespace, subresource, options)

    # ----------------------------------------------------------------- helpers
    def resource(self, kind_or_rt: str | ResourceType, api_version: str | None = None) -> ResourceType:
        if isinstance(kind_or_rt, ResourceType):
            return kind_or_rt
        rt = self._resolved.get((kind_or_rt, api_version))
        if rt is not None:
            return rt
        rt = resources.by_kind(api_version, kind_or_rt) if api_version else None
        rt = rt or resources.lookup(kind_or_rt)
        if rt is not None:
            self._resolved[(kind_or_rt, api_version)] = rt      # the resource tables are fixed
        if rt is None:
            raise errors.ApiError(404, "NotFound", f"the server doesn't have a resource type \"{kind_or_rt}\"")
        return rt

    def new_uid(self) -> str:
        """A version-4 UUID from the cluster's RNG: what str(uuid.UUID(int=bits,
        version=4)) gives, without building the UUID object (every object made costs one)."""
        return uuid_text(self.rng.getrandbits(128))

    def random_suffix(self, n: int = 5) -> str:
        """``n`` characters of ALPHANUMS, as ``rng.choice(ALPHANUMS)`` n times picks them
        (Random._randbelow: 5 random bits, drawn again while ≥ 27), without its calls."""
        rng = self.rng
        if type(rng) is not random.Random or not _RANDBELOW_BITS:
            return "".join(rng.choice(ALPHANUMS) for _ in range(n))
        bits = rng.getrandbits
        out = ""
        for _ in range(n):
            r = bits(_SUFFIX_BITS)
            while r >= _SUFFIXES:
                r = bits(_SUFFIX_BITS)
            out += ALPHANUMS[r]
        return out

    def _next_rv(self) -> str:
        self._rv += 1
        return str(self._rv)

    def acting_as(self, component: str) -> ActingAs:
        """Make the writes of a ``with`` block as ``component`` (who is calling)."""
        return ActingAs(self, component)

    def record(self, verb: str, rt: ResourceType, key: str, detail: str = "") -> None:
        """Record an action on ``key`` (``namespace/name``, or the name of a cluster-scoped object)."""
        self.actions.add(self.clock.now, self.component, verb, rt.kind, None, key, detail)

    def _log(self, verb: str, rt: ResourceType, ns: str, name: str, detail: str = "",
             component: str | None = None) -> None:
        """:meth:`record` with the key's parts (``ns`` "" for a cluster-scoped object):
        the record holds ``name`` itself, the stored object's own string.  As
        ``component`` when given, else as the caller (``self.component``).
        ActionLog.add, inline: one a write."""
        log = self.actions
        now = self.clock.now
        if now is not log._now:
            log._seen.clear()
            log._now = now
        head = (now, self.component if component is None else component, verb, rt.kind, ns, detail)
        head = log._seen.setdefault(head, head)
        if len(log._heads) < log.maxlen:
            log._heads.append(head)
            log._names.append(name)
        else:
            log._put(head, name)

    def watch(self, fn: WatchFn, rt: ResourceType | str | None = None, node: str | None = None, *,
              etypes: Collection[str] | None = None, owners: Collection[str | None] | None = None,
              ignore: Collection[str] | None = None, namespaces: Collection[str] | None = None) -> None:
        """Call ``fn(type, obj, old)`` for every change of ``rt`` (every kind if None).

        ``node``: only for objects whose ``spec.nodeName`` is ``node`` — the field
        selector a kubelet watches its pods with.  One router per kind hands each
        change to the watchers of its node, so a hundred kubelets cost one call.

        ``etypes``, ``owners``, ``ignore``, ``namespaces``: only the changes of
        these types, of objects whose controller is of these kinds (None: without
        one), not of these kinds, of objects in these namespaces; see
        :mod:`kubelab.api.fanout`."""
        flt = WatchFilter.of(etypes, owners, ignore, namespaces)
        if node is None:
            self._add_watcher(self.resource(rt) if rt else None, fn, flt)
        else:
            if flt is not None:
                raise ValueError("a watch by node takes no other filter")
            rt = self.resource(rt)
            routes = self._routes.get(rt)
            if routes is None:
                routes = self._routes[rt] = {}

                def route(etype: str, obj: Obj, old: Obj | None) -> None:
                    for f in routes.get((obj.get("spec") or {}).get("nodeName"), ()):
                        f(etype, obj, old)
                self._add_watcher(rt, route)
            routes.setdefault(node, []).append(fn)

    def _add_watcher(self, rt: ResourceType | None, fn: WatchFn, flt: WatchFilter | None = None) -> None:
        """Register ``fn`` last.  The per-kind tables already built are kept with it
        added at the end of their lists (it comes after every watcher there, as in
        registration order) rather than rebuilt from every watcher: a 5,000-node
        cluster's kubelets register theirs one node at a time.  New lists, not the
        old ones appended to: a notification under way (a handler that starts a
        watch) goes on with the watchers it began with.  A filtered watcher (the
        controllers', at boot) has the tables it belongs to built again."""
        self._watchers.append((rt, fn, flt))
        by_type = self._by_type
        kinds = list(by_type) if rt is None else (rt,) if rt in by_type else ()
        for kind in kinds:
            if flt is None:
                by_type[kind] = add_unfiltered(by_type[kind], fn)
            else:
                del by_type[kind]

    def narrow(self, fn: WatchFn, namespaces: Collection[str]) -> None:
        """Tell watcher ``fn`` (one with a ``namespaces`` filter) from now on only of
        the objects of ``namespaces``; it keeps its place among the watchers.  A
        notification under way goes on with the watchers it began with."""
        changed = False
        for i, (rt, f, flt) in enumerate(self._watchers):
            if f is fn and flt is not None and flt.namespaces is not None:
                self._watchers[i] = (rt, f, flt._replace(namespaces=frozenset(namespaces)))
                changed = True
        if changed:
            self._by_type = {}

    def unwatch(self, fn: WatchFn) -> None:
        """Stop calling ``fn`` (a client's watch ends with its request)."""
        self._watchers = [w for w in self._watchers if w[1] is not fn]
        for routes in self._routes.values():
            for node, fns in routes.items():
                routes[node] = [f for f in fns if f is not fn]
        self._by_type = {}

    def _notify(self, rt: ResourceType, etype: str, obj: Obj, old: Obj | None) -> None:
        table = self._by_type.get(rt)
        if table is None:
            # Registration order is kept: watchers of every kind and of this kind, interleaved as registered.
            table = self._by_type[rt] = fanout(self._watchers, rt, rt.kind)
        fns = table[etype]
        if type(fns) is ByObject:
            by = fns
            md = obj["metadata"]
            ns = md.get("namespace") if by.by_namespace else None
            if by.by_owner:
                # the controller's kind after and before the change (most changes keep the owners' list)
                refs = md.get("ownerReferences")
                kept = old is None or old["metadata"].get("ownerReferences") is refs
                last = by.last
                if kept and last[0] is refs and last[1] == ns:
                    fns = last[2]          # the list the last change of this list was told to
                else:
                    kind = controller_kind(obj) if refs else None
                    key = (ns, kind, kind if kept else controller_kind(old))
                    picked = by.lists.get(key)
                    fns = by.pick(*key) if picked is None else picked
                    if kept:
                        by.last = (refs, ns, fns)
            else:
                picked = by.lists.get((ns, None, None))
                fns = by.pick(ns, None, None) if picked is None else picked
        for fn in fns:
            fn(etype, obj, old)

    def _index_owner(self, rt: ResourceType, obj: Obj, add: bool) -> None:
        md = obj["metadata"]
        ns = md.get("namespace", "")
        name = md["name"]
        place = (rt, ns)
        refs = md.get("ownerReferences") or ()
        by_owner = self._by_owner
        for ref in refs:
            uid = ref["uid"]
            if add:
                places = by_owner.get(uid)
                if places is None:
                    places = by_owner[uid] = {}
                names = places.get(place)
                if names is None:
                    names = places[place] = {}
                if name not in names:
                    names[name] = None
                    order = self._owned_order.get((uid, rt))
                    if order is not None:
                        for space, kept in order:
                            if space == ns:
                                kept.append(name)
                                self._owned_unsorted.add((uid, rt))
                                break
                        else:
                            del self._owned_order[(uid, rt)]
            else:
                places = by_owner.get(uid)
                names = places.get(place) if places is not None else None
                if names is not None:
                    names.pop(name, None)
                    if not names:
                        del places[place]
                        if not places:
                            del by_owner[uid]
                self._owned_order.pop((uid, rt), None)
        if rt.kind in PACKED_KINDS:
            return           # events: never adopted, no orphan index (four or so a pod)
        for ref in refs:        # a controller: not an orphan (a loop, not any() over a generator: a write each)
            if ref.get("controller"):
                return
        if add:
            self._orphans.setdefault((rt, ns), set()).add(md["name"])
        else:
            self._orphans.get((rt, ns), set()).discard(md["name"])

    def _check_namespace(self, rt: ResourceType, namespace: str | None) -> str:
        if not rt.namespaced:
            return ""
        ns = namespace or "default"
        return ns

    # ------------------------------------------------------------------- reads
    def get(self, kind: str | ResourceType, name: str, namespace: str | None = None) -> Obj:
        rt = self.resource(kind)
        ns = self._check_namespace(rt, namespace)
        obj = self._data[rt][ns].get(name)
        if obj is None:
            raise errors.not_found(rt.group, rt.plural, name)
        return clone(obj)

    def try_get(self, kind: str | ResourceType, name: str, namespace: str | None = None) -> Obj | None:
        rt = self.resource(kind)
        obj = self._data[rt][self._check_namespace(rt, namespace)].get(name)
        return clone(obj) if obj is not None else None

    def peek(self, kind: str | ResourceType, name: str, namespace: str | None = None) -> Obj | None:
        """The stored object itself, not a copy: for hot read-only paths. Never mutate it."""
        found = self._peeks.get(kind)
        if found is None:
            rt = self.resource(kind)
            found = self._peeks[kind] = (rt.namespaced, self._data[rt])   # a kind's namespaces: one dict for good
        namespaced, spaces = found
        bucket = spaces.get((namespace or "default") if namespaced else "")
        return bucket.get(name) if bucket is not None else None

    def list(self, kind: str | ResourceType, namespace: str | None = None,
             selector: Selector | None = None, field_filter: Callable[[Obj], bool] | None = None,
             copy: bool = True, node: str | None = None) -> list[Obj]:
        """Objects sorted by namespace then name, as etcd's key order gives them.
        ``namespace=None`` means all namespaces; ``node``: only objects whose
        ``spec.nodeName`` is that (the field selector, through an index)."""
        rt = self.resource(kind)
        buckets = self._data[rt]
        if rt.namespaced and namespace is not None:
            spaces = [namespace] if namespace in buckets else []
        else:
            spaces = sorted(buckets)
        out = []
        # When the label index answers every requirement (=, ==, in), its names all match.
        check = selector if selector is not None and not _indexed(selector) else None
        for ns in spaces:
            bucket = buckets[ns]
            names = self._candidates(rt, ns, bucket, selector, node)
            if check is None and field_filter is None and not copy:     # nothing to test per object
                if names is None and type(bucket) is dict:   # every object (not packed)
                    out += self._in_order(rt, ns, bucket)
                else:
                    out += map(bucket.__getitem__, self._names(rt, ns, bucket) if names is None else names)
                continue
            for name in self._names(rt, ns, bucket) if names is None else names:
                obj = bucket[name]
                if check is not None and not check.matches(labels_of(obj)):
                    continue
                if field_filter is not None and not field_filter(obj):
                    continue
                out.append(clone(obj) if copy else obj)
        return out

    def _candidates(self, rt: ResourceType, ns: str, bucket: dict[str, Obj], selector: Selector | None,
                    node: str | None) -> list[str] | None:
        """The names list() must look at, in key order, from the node or label index
        when one narrows the search; None for every name (no index narrows it, or what
        the indexes found is the whole bucket: ``-l app=big`` of a Deployment's pods,
        listed as a whole bucket is, without 150,000 lookups by name)."""
        found: set[str] | dict[str, None] | None = None
        if node is not None:
            found = (self._by_node.get((rt, ns)) or {}).get(node, {})
        if selector is not None and not selector.nothing:
            labels = self._by_label.get((rt, ns)) or {}
            for req in selector.requirements:
                if req.op in ("=", "==", "in"):
                    names = set().union(*(labels.get((req.key, v), ()) for v in req.values))
                    found = names if found is None else found.keys() & names if type(found) is dict else found & names
        if found is None or len(found) == len(bucket):     # the indexes hold names of the bucket only
            return None
        if len(found) * 4 > len(bucket):          # most of the bucket: its kept order is cheaper
            return [n for n in self._names(rt, ns, bucket) if n in found]
        return sorted(found)

    def _reindex(self, rt: ResourceType, ns: str, name: str, old: Obj | None, new: Obj | None) -> None:
        """Keep the label and node indexes of list() in step with a stored object."""
        before = labels_of(old) if old is not None else {}
        after = labels_of(new) if new is not None else {}
        if before != after:
            index = self._by_label.setdefault((rt, ns), {})
            for pair in before.items():
                if after.get(pair[0]) != pair[1]:
                    names = index.get(pair)
                    if names is not None:
                        names.pop(name, None)
                        if not names:
                            del index[pair]
            for pair in after.items():
                if before.get(pair[0]) != pair[1]:
                    names = index.get(pair)
                    if names is None:
                        names = index[pair] = {}
                    names[name] = None
        if rt.kind == "Pod":
            was = (old.get("spec") or {}).get("nodeName") if old is not None else None
            now = (new.get("spec") or {}).get("nodeName") if new is not None else None
            if was != now:
                index = self._by_node.setdefault((rt, ns), {})
                if was:
                    index[was].pop(name, None)
                if now:
                    names = index.get(now)
                    if names is None:
                        names = index[now] = {}
                    names[name] = None

    def _names(self, rt: ResourceType, ns: str, bucket: dict[str, Obj]) -> list[str]:
        """The bucket's names in key order, kept until a name comes or goes."""
        return self._ordering(rt, ns, bucket)[0]

    def _in_order(self, rt: ResourceType, ns: str, bucket: dict[str, Obj]) -> Iterable[Obj]:
        """The bucket's objects in key order.  Each is taken from the bucket's values
        in the bucket's own order (one pass through the dict's entries in C) at its
        kept place, not looked up by name: at 150,000 pods a lookup by name is a few
        waits for memory (the name's hash, the table's slot and entry), 105-125 ms
        of the first `kubectl get pods`."""
        values = list(bucket.values())
        return map(values.__getitem__, self._ordering(rt, ns, bucket)[1])

    def _ordering(self, rt: ResourceType, ns: str, bucket: dict[str, Obj]) -> tuple[list[str], list[int]]:
        """The bucket's names in key order and the place of each in the bucket's own
        (insertion) order, kept until a name comes or goes: a new version of an
        object takes its name's place in the dict."""
        order = self._order.get((rt, ns))
        if order is None:
            names = list(bucket)
            places = sorted(range(len(names)), key=names.__getitem__)
            order = self._order[(rt, ns)] = (list(map(names.__getitem__, places)), places)
        return order

    def orphans(self, kind: str | ResourceType, namespace: str) -> list[Obj]:
        """Objects of ``kind`` in ``namespace`` without a controller owner, in key
        order (the ones a controller may adopt), without scanning the others
        (not kept for PACKED_KINDS: nothing adopts an Event)."""
        rt = self.resource(kind)
        bucket = self._data[rt][namespace]
        return [bucket[n] for n in sorted(self._orphans.get((rt, namespace), ()))]

    def any_stored(self, kind: str | ResourceType) -> bool:
        """Whether any object of ``kind`` is stored: a hot path's check before a list
        that is mostly empty (priority admission's look for a default class on every
        pod created).  As :meth:`peek`, one dict lookup once the kind is known."""
        found = self._peeks.get(kind)
        if found is None:
            rt = self.resource(kind)
            found = self._peeks[kind] = (rt.namespaced, self._data[rt])
        return any(found[1].values())     # (a namespace's bucket may be there, empty)

    def count(self, kind: str | ResourceType) -> int:
        return sum(len(b) for b in self._data[self.resource(kind)].values())

    def dependents(self, owner_uid: str) -> list[tuple[ResourceType, str, str]]:
        """(kind, namespace, name) of the objects with an ownerReference to ``owner_uid``, in order."""
        found = [(rt, ns, name) for (rt, ns), names in self._by_owner.get(owner_uid, {}).items() for name in names]
        return sorted(found, key=lambda e: (e[0].kind, e[1], e[2]))

    def owned(self, kind: str | ResourceType, owner_uid: str, copy: bool = False) -> list[Obj]:
        """Objects of ``kind`` with an ownerReference to ``owner_uid``."""
        rt = self.resource(kind)
        out = []
        data = self._data[rt]
        key = (owner_uid, rt)
        order = self._owned_order.get(key)
        if order is None:
            places = self._by_owner.get(owner_uid, {})
            order = sorted((ns, sorted(names)) for (ert, ns), names in places.items() if ert is rt)
            self._owned_order[key] = order
            self._owned_unsorted.discard(key)
        elif key in self._owned_unsorted:
            for _, names in order:
                names.sort()     # sorted names and a tail of new ones: timsort merges them in about a pass
            self._owned_unsorted.discard(key)
        for ns, names in order:
            bucket = data[ns]
            for name in names:
                obj = bucket.get(name)
                if obj is not None:
                    out.append(clone(obj) if copy else obj)
        return out

    # ------------------------------------------------------------------ writes
    def _prepare(self, rt: ResourceType, obj: Obj, old: Obj | None, external: bool) -> None:
        for fn in self.hooks.defaulters.get(rt.kind, ()):
            fn(obj, old)
        if external:
            for fn in self.hooks.validators.get(rt.kind, ()):
                fn(obj, old)
        for fn in self.hooks.admitters.get(rt.kind, ()):
            fn(obj, old)

    def create(self, obj: Obj, namespace: str | None = None, *, external: bool = False,
               dry_run: bool = False, copy_result: bool = True, handover: bool = False,
               template: Obj | None = None) -> Obj:
        """Store a new object.  ``copy_result=False`` returns the stored object
        itself (for callers that only read it); ``handover=True`` stores ``obj``
        without copying it (the caller built it fresh and lets go of it).

        ``template``: the pod template ``obj`` was made from (a controller's
        ``make_pod``, whose spec may be the template's own: copied here before the
        hooks).  The parts of a pod equal to those of the pod stored just before it
        from the same template object are taken from that pod: most of a
        ReplicaSet's pod is (see :meth:`.Sharer.share_parts`'s ``old``), all of it
        but its own values when the kind's ``Hooks.siblings`` can prepare it from
        that pod."""
        if not handover:
            obj = clone(obj)
        rt = self.resource(obj.get("kind", ""), obj.get("apiVersion"))
        if external:
            for fn in self.hooks.decoders:
                fn(obj)
        md = obj.setdefault("metadata", {})
        if rt.namespaced:
            ns = md.get("namespace") or namespace or "default"
            if namespace and md.get("namespace") and md["namespace"] != namespace:
                raise errors.bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request")
            md["namespace"] = ns
            space = self.peek("namespaces", ns)
            if rt.kind != "Namespace" and space is None:
                raise errors.namespace_not_found(ns)
        else:
            md.pop("namespace", None)
            ns = ""
        bucket = self._data[rt][ns]
        if not md.get("name") and md.get("generateName"):
            for _ in range(20):
                candidate = md["generateName"] + self.random_suffix()
                if candidate not in bucket:
                    md["name"] = candidate
                    break
        if not md.get("name"):
            kind_word = rt.kind
            raise errors.invalid(kind_word, rt.group, "", [("metadata.name", "Required value: name or generateName is required")])
        if ns and space is not None and space.get("status", {}).get("phase") == "Terminating":
            raise errors.forbidden(
                f'{rt.group_resource} "{md["name"]}" is forbidden: unable to create new content in namespace {ns} because it is being terminated')
        name = md["name"]
        if name in bucket:
            raise errors.already_exists(rt.group, rt.plural, name)
        md["uid"] = self.new_uid()        # before defaulting: a Job's selector names its uid
        made, sibling, like = self._made_from, None, None
        if template is not None:
            # the hooks preparing it: a sibling prepared by others (an admitter added or removed
            # since) lends its equal parts, but the kind's ``siblings`` cannot start from it
            hooks = (*self.hooks.defaulters.get(rt.kind, ()), *self.hooks.admitters.get(rt.kind, ()))
            if made is not None and made[0] is template:
                sibling = made[1]
                if made[2] == hooks and not external and not dry_run:
                    like = self.hooks.siblings.get(rt.kind)
        if like is not None and like(obj, sibling) is not None:
            shared = True        # defaulted and admitted from its sibling, its parts the sibling's
        else:
            if template is not None and obj.get("spec") is template.get("spec"):
                obj["spec"] = clone(obj["spec"])        # make_pod's lent spec: the hooks change it
            self._prepare(rt, obj, None, external)
            shared = False
        if dry_run:
            # BeforeCreate fills these on a dry run too; only the storage (resourceVersion) is skipped
            md["creationTimestamp"] = self.clock.timestamp()
            if rt.kind in GENERATION_KINDS:
                md["generation"] = 1
            for fn in self.hooks.release.get(rt.kind, ()):
                fn(obj)          # a dry run allocates nothing for good
            return obj
        md["resourceVersion"] = self._next_rv()
        md["creationTimestamp"] = self.clock.timestamp()
        if rt.kind in GENERATION_KINDS:
            md["generation"] = 1
        if rt.kind in SHARED_KINDS:
            if not shared:
                self._sharer.share_parts(obj, sibling)
                generated = md.get("generateName")
                if type(generated) is str:       # one string for a ReplicaSet's thousand pods
                    md["generateName"] = self._sharer.string(generated)
            if template is not None:
                self._made_from = (template, obj, hooks)    # the reference keeps the template's id its own
        name = md["name"]
        bucket[name] = obj
        self._reindex(rt, ns, name, None, obj)
        self._order.pop((rt, ns), None)
        self._index_owner(rt, obj, True)
        self._log("create", rt, ns, name)
        self._notify(rt, "ADDED", obj, None)
        return clone(obj) if copy_result else obj

    def _stored(self, rt: ResourceType, obj: Obj, namespace: str | None) -> tuple[str, Obj]:
        md = obj.get("metadata", {})
        ns = self._check_namespace(rt, md.get("namespace") or namespace)
        cur = self._data[rt][ns].get(md.get("name", ""))
        if cur is None:
            raise errors.not_found(rt.group, rt.plural, md.get("name", ""))
        rv = md.get("resourceVersion")
        if rv and rv != cur["metadata"]["resourceVersion"]:
            raise errors.conflict(rt.group, rt.plural, md["name"],
                                  "the object has been modified; please apply your changes to the latest version and try again")
        return ns, cur

    def update(self, obj: Obj, namespace: str | None = None, *, external: bool = False,
               dry_run: bool = False, status: bool = False, _private: bool = False,
               copy_result: bool = True) -> Obj:
        """Replace an object.  ``status=True`` is the status subresource: only
        ``status`` changes.  Otherwise ``status`` is kept as stored."""
        if not _private:
            obj = clone(obj)
        rt = self.resource(obj.get("kind", ""), obj.get("apiVersion"))
        if external:
            for fn in self.hooks.decoders:
                fn(obj)
        ns, cur = self._stored(rt, obj, namespace)
        if status:
            new = {k: v for k, v in cur.items() if k != "status"}
            new["metadata"] = dict(cur["metadata"])
            new["status"] = obj.get("status", {})
        else:
            new = obj
            new.setdefault("metadata", {})
            for keep in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"):
                if keep in cur["metadata"]:
                    new["metadata"][keep] = cur["metadata"][keep]
                else:
                    new["metadata"].pop(keep, None)
            new["metadata"]["namespace"] = ns or None
            if not ns:
                new["metadata"].pop("namespace")
            if "status" in cur and rt.kind not in ("Namespace",):
                new["status"] = clone(cur["status"])
            self._prepare(rt, new, cur, external)
            if rt.kind in GENERATION_KINDS and new.get("spec") != cur.get("spec"):
                new["metadata"]["generation"] = cur["metadata"].get("generation", 1) + 1
        if new == cur or same_but_version(new, cur):
            return clone(cur)     # no-op writes do not bump resourceVersion, as in the apiserver
        if dry_run:
            return new
        new["metadata"]["resourceVersion"] = self._next_rv()
        owners_changed = cur["metadata"].get("ownerReferences") != new["metadata"].get("ownerReferences")
        if owners_changed:
            self._index_owner(rt, cur, False)
        if rt.kind in SHARED_KINDS:
            self._sharer.share_parts(new, cur)
        self._data[rt][ns][new["metadata"]["name"]] = new
        self._reindex(rt, ns, new["metadata"]["name"], cur, new)
        if owners_changed:
            self._index_owner(rt, new, True)
        self._log("update-status" if status else "update", rt, ns, new["metadata"]["name"])
        self._notify(rt, "MODIFIED", new, cur)
        if is_final(new):
            self._remove(rt, ns, new)
        return clone(new) if copy_result else new

    def update_status(self, obj: Obj, namespace: str | None = None) -> Obj:
        return self.update(obj, namespace, status=True)

    def write_status(self, kind: str | ResourceType, name: str, namespace: str | None, status: Obj,
                     shared: bool = False) -> None:
        """Replace an object's status without copying the whole object (the
        status subresource, for components that own the status): what
        ``update(..., status=True)`` does, with nothing but the status to look at.
        ``status`` is stored as given (the caller lets go of it); parts of it that
        are the stored status's own objects cost nothing to share.  ``shared``: the
        writer shares the status's parts itself (the kubelet: its parts are the
        stored status's, ones it keeps a copy of for all its pods, or the pod's own),
        so the store's Sharer does not walk it again."""
        rt = self._resolved.get((kind, None)) if type(kind) is str else None     # resource(), inline: known kinds
        if rt is None:
            rt = self.resource(kind)
        ns = (namespace or "default") if rt.namespaced else ""     # _check_namespace, inline
        bucket = self._data[rt][ns]
        cur = bucket.get(name)
        if cur is None:
            raise errors.not_found(rt.group, rt.plural, name)
        before = cur.get("status", _ABSENT)
        if before is status or before == status:
            return                # a no-op write does not bump resourceVersion
        # update()'s status path: the other keys as stored, status last; metadata a new
        # dict (its parts the stored ones), spec the stored one.
        if before is _ABSENT or next(reversed(cur)) == "status":
            new = cur.copy()           # status last already (or added last): a copy keeps that order
        else:
            new = {k: v for k, v in cur.items() if k != "status"}
        new["metadata"] = {**cur["metadata"], "resourceVersion": self._next_rv()}
        if not shared and rt.kind in SHARED_KINDS and type(status) is dict:
            status = self._sharer.part(status, before if type(before) is dict else None)
        new["status"] = status
        bucket[name] = new
        self._log("update-status", rt, ns, cur["metadata"]["name"])
        self._notify(rt, "MODIFIED", new, cur)
        if new["metadata"].get("deletionTimestamp") and is_final(new):
            self._remove(rt, ns, new)

    def bind(self, name: str, namespace: str, node: str) -> Obj:
        """The pods/binding subresource (BindingREST.setPodNodeAndMetadata): one write
        sets ``spec.nodeName`` and the PodScheduled condition True, refused with the
        registry's words when the pod is being deleted or already has a node.  Returns
        the stored pod (read it, never change it)."""
        rt = self._resolved.get(("pods", None)) or self.resource("pods")     # (resource(), inline once known)
        cur = self._data[rt][namespace].get(name)
        if cur is None:
            raise errors.not_found(rt.group, rt.plural, name)
        spec = cur.get("spec") or {}
        if cur["metadata"].get("deletionTimestamp"):
            raise errors.conflict("", "pods/binding", name, f"pod {name} is being deleted, cannot be assigned to a host")
        if spec.get("nodeName"):
            raise errors.conflict("", "pods/binding", name, f'pod {name} is already assigned to node "{spec["nodeName"]}"')
        if spec.get("schedulingGates"):
            raise errors.conflict("", "pods/binding", name, f"pod {name} has non-empty .spec.schedulingGates")
        # What is not the binding's is shared with the stored version: stored objects never change in place.
        before, now = cur.get("status"), self.clock.timestamp()
        bound = self._bound
        if bound is not None and bound[0] is before and bound[1] == now:
            status = bound[2]     # a sibling's status (one object: Store.create's template), bound in the same second
        else:
            status = dict(before or {})
            status.setdefault("phase", "Pending")
            status["conditions"] = set_pod_condition(status.get("conditions") or [], "PodScheduled", "True", now)
            # metadata's and spec's parts are the stored ones: only the status is new
            status = self._sharer.part(status, before, look=True)     # pods bound in one second: one status
            self._bound = (before, now, status)
        new_spec = {**spec, "nodeName": node}    # its parts the stored spec's (shared already), nodeName a string
        new = {**cur, "metadata": {**cur["metadata"], "resourceVersion": self._next_rv()},
               "spec": new_spec, "status": status}
        self._data[rt][namespace][name] = new
        self._reindex(rt, namespace, name, cur, new)
        self._log("update", rt, namespace, cur["metadata"]["name"])
        self._notify(rt, "MODIFIED", new, cur)
        return new

    def mutate(self, kind: str | ResourceType, name: str, namespace: str | None,
               fn: Callable[[Obj], Any], *, status: bool = False, copy_result: bool = True) -> Obj:
        """Read, change with ``fn`` and write back (a read-modify-write without conflicts)."""
        obj = self.get(kind, name, namespace)
        fn(obj)
        obj["metadata"].pop("resourceVersion", None)
        return self.update(obj, namespace, status=status, _private=True, copy_result=copy_result)

    def delete(self, kind: str | ResourceType, name: str, namespace: str | None = None, *,
               propagation: str | None = None, grace_period: int | None = None,
               dry_run: bool = False, preconditions_uid: str | None = None) -> Obj:
        """Delete as the generic registry does: set deletionTimestamp when finalizers
        or graceful deletion hold the object, otherwise remove it now."""
        rt = self.resource(kind)
        ns = self._check_namespace(rt, namespace)
        cur = self._data[rt][ns].get(name)
        if cur is None:
            raise errors.not_found(rt.group, rt.plural, name)
        if preconditions_uid and cur["metadata"]["uid"] != preconditions_uid:
            raise errors.conflict(rt.group, rt.plural, name, "Precondition failed: UID in precondition does not match UID in object")
        if dry_run:
            return clone(cur)
        new = clone(cur)
        md = new["metadata"]
        finalizers = list(md.get("finalizers") or [])
        if propagation is None:
            # Deployments, ReplicaSets, ... default to background; the old
            # extensions default of orphan does not apply to apps/v1.
            propagation = "Background"
        if propagation == "Foreground" and "foregroundDeletion" not in finalizers and self.dependents(md["uid"]):
            finalizers.append("foregroundDeletion")
        if propagation == "Orphan" and "orphan" not in finalizers and self.dependents(md["uid"]):
            finalizers.append("orphan")
        for fn in self.hooks.on_delete.get(rt.kind, ()):
            fn(new, grace_period)      # e.g. pods: graceful deletion sets deletionGracePeriodSeconds
        if finalizers:
            md["finalizers"] = finalizers
        graceful = md.get("deletionGracePeriodSeconds") not in (None, 0) and rt.kind == "Pod"
        # A namespace waits for its content to go (spec.finalizers, the namespace controller).
        spec_held = rt.kind == "Namespace" and bool((new.get("spec") or {}).get("finalizers"))
        if spec_held:
            new.setdefault("status", {})["phase"] = "Terminating"
        if not finalizers and not graceful and not spec_held:
            self._remove(rt, ns, cur)
            return clone(cur)
        if md.get("deletionTimestamp") is None:
            md["deletionTimestamp"] = self.clock.timestamp(self.clock.now + (md.get("deletionGracePeriodSeconds") or 0))
        if new == cur:
            return clone(cur)
        md["resourceVersion"] = self._next_rv()
        self._data[rt][ns][name] = new
        self._reindex(rt, ns, name, cur, new)
        self._log("delete", rt, ns, cur["metadata"]["name"], "graceful" if graceful else "finalizers")
        self._notify(rt, "MODIFIED", new, cur)
        return clone(new)

    def _remove(self, rt: ResourceType, ns: str, obj: Obj) -> None:
        name = obj["metadata"]["name"]
        stored = self._data[rt][ns].pop(name, None)
        if stored is None:
            return
        self._reindex(rt, ns, name, stored, None)
        self._order.pop((rt, ns), None)
        self._index_owner(rt, stored, False)
        if not self._by_owner.get(stored["metadata"]["uid"]):
            self._by_owner.pop(stored["metadata"]["uid"], None)
        for fn in self.hooks.release.get(rt.kind, ()):
            fn(stored)
        self._log("delete", rt, ns, stored["metadata"]["name"])
        self._notify(rt, "DELETED", stored, None)

    def remove_finalizer(self, kind: str | ResourceType, name: str, namespace: str | None, finalizer: str) -> None:
        rt = self.resource(kind)
        cur = self.peek(rt, name, namespace)
        if cur is None or finalizer not in (cur["metadata"].get("finalizers") or []):
            return
        def drop(o: Obj) -> None:
            fins = [f for f in o["metadata"].get("finalizers", []) if f != finalizer]
            if fins:
                o["metadata"]["finalizers"] = fins
            else:
                o["metadata"].pop("finalizers", None)
        self.mutate(rt, name, namespace, drop)

    def all_kinds(self) -> Iterable[ResourceType]:
        return [rt for rt, buckets in self._data.items() if any(buckets.values())]

    def mentioning(self, kind: str | ResourceType, namespace: str, words: Iterable[str]) -> list[Obj]:
        """The objects of ``kind`` in ``namespace`` in key order, as ``list(copy=False)``
        gives them, but only those whose stored form holds one of ``words`` as a
        string (a superset of those with a field equal to one: the caller tests the
        field).  A packed kind is searched in its bytes, and only the objects found
        are rebuilt: ``describe`` finds an object's Events among a big cluster's
        (by involvedObject's uid and name, which are never words: see WORD_GROUPS)."""
        rt = self.resource(kind)
        buckets = self._data[rt]
        if namespace not in buckets:
            return []
        bucket = buckets[namespace]
        if type(bucket) is not PackedBucket:
            return self.list(rt, namespace, copy=False)
        needles = [w.encode() for w in words if w]
        out = []
        for name in self._names(rt, namespace, bucket):
            raw = dict.__getitem__(bucket, name)
            if type(raw) is not bytes or any(n in raw for n in needles):
                out.append(bucket._unpack(raw, name))
        return out


    # create_event()'s resource type, the namespaces' bucket, the Events' namespaces (each one dict
    # for good) and their shapes, looked up once
    _event_places: tuple[ResourceType, dict[str, Obj], dict[str, PackedBucket], Shapes] | None = None

    def event_layout(self, keys: tuple[str, ...], subs: tuple[tuple[str, ...] | None, ...]) -> int:
        """The number of the layout of Events with these keys (see :meth:`Shapes.layout`),
        for :meth:`create_event`.  The recorder's few are kept past SHAPES_KEPT."""
        return self._data.shapes.layout(keys, subs)

    def create_event(self, layout: int, values: list, component: str) -> None:
        """``create(event, handover=True)`` as ``component``, for the event recorder's
        Events (core/v1; metadata holds its name and namespace, its uid,
        resourceVersion and creationTimestamp given here; no labels, owners or
        generateName): the same checks, uid, resourceVersion, record and
        notification, without the generic steps that do nothing for one (six a
        pod, the busiest write there is).  Raises as create() does.

        The event comes as its values in the order of its ``layout`` (from
        :meth:`event_layout`; the store's once handed over, uid and resourceVersion
        None, creationTimestamp None or this instant's, as the recorder gives it): it is
        stored packed from them, the dict made only for a watcher or an admission hook."""
        places = self._event_places
        if places is None:
            rt = self.resource("Event", "v1")
            places = self._event_places = (rt, self._data[self.resource("Namespace")][""], self._data[rt],
                                           self._data.shapes)
        rt, spaces, events, shapes = places
        shape = shapes.layouts[layout]
        hooks = self.hooks
        if "Event" in hooks.defaulters or "Event" in hooks.admitters:
            event = shape.build(values)
            md = event["metadata"]
            for key in ("uid", "resourceVersion", "creationTimestamp"):
                del md[key]            # given by create(), in this order
            with self.acting_as(component):
                self.create(event, copy_result=False, handover=True)
            return
        name_at, ns_at, uid_at, rv_at, created_at = shape.meta_at
        name, ns = values[name_at], values[ns_at]
        space = spaces.get(ns)
        if space is None:
            raise errors.namespace_not_found(ns)
        if space.get("status", _NO_STATUS).get("phase") == "Terminating":
            raise errors.forbidden(
                f'{rt.group_resource} "{name}" is forbidden: unable to create new content in namespace {ns} because it is being terminated')
        bucket = events[ns]
        if name in bucket:
            raise errors.already_exists(rt.group, rt.plural, name)
        # the uid is stored as the bits drawn and the resourceVersion as its number (what
        # _next_rv gives, without its text), each written out when the Event is read
        values[uid_at] = bits = self.rng.getrandbits(128)
        self._rv += 1
        values[rv_at] = self._rv
        if values[created_at] is None:
            values[created_at] = self.clock.timestamp()
        try:
            dict.__setitem__(bucket, name, shapes.pack_values(layout, values, name))   # put_values, inline
        except ValueError:
            bucket.put_values(name, layout, values)
        self._order.pop((rt, ns), None)
        self._log("create", rt, ns, name, component=component)
        table = self._by_type.get(rt)
        if table is None or table["ADDED"]:    # someone may watch new Events (most of the time nobody does)
            previous, self.component = self.component, component
            values[uid_at] = uuid_text(bits)
            values[rv_at] = str(values[rv_at])
            try:
                self._notify(rt, "ADDED", shape.build(values), None)
            finally:
                self.component = previous


def set_pod_condition(conditions: list[Obj], ctype: str, status: str, now: str) -> list[Obj]:
    """podutil.UpdatePodCondition on a new list: the condition replaced where it
    stands (appended when new, without the old reason and message); its
    lastTransitionTime moves only when its status does."""
    out = list(conditions)
    for i, cond in enumerate(out):
        if cond.get("type") == ctype:
            since = cond.get("lastTransitionTime") if cond.get("status") == status else now
            out[i] = {"type": ctype, "status": status, "lastProbeTime": None, "lastTransitionTime": since}
            return out
    out.append({"type": ctype, "status": status, "lastProbeTime": None, "lastTransitionTime": now})
    return out


def _indexed(selector: Selector) -> bool:
    """Whether list()'s label index alone decides ``selector``: every requirement
    is an equality or a set inclusion (and there is one, unless it selects nothing)."""
    if selector.nothing:
        return False
    return bool(selector.requirements) and all(r.op in ("=", "==", "in") for r in selector.requirements)


def same_but_version(a: Obj, b: Obj) -> bool:
    """Equal but for metadata.resourceVersion (a no-op write); what differs
    elsewhere (a new status, mostly) answers before metadata is copied."""
    if a.keys() != b.keys() or any(v != b[k] for k, v in a.items() if k != "metadata"):
        return False
    return strip_rv(a) == strip_rv(b)


def strip_rv(obj: Obj) -> Obj:
    md = {k: v for k, v in obj.get("metadata", {}).items() if k != "resourceVersion"}
    return {**obj, "metadata": md}


def is_final(obj: Obj) -> bool:
    """Deleting, no finalizers left, and (for pods) not waiting for a graceful stop."""
    md = obj["metadata"]
    if not md.get("deletionTimestamp") or md.get("finalizers"):
        return False
    if obj.get("kind") == "Namespace" and (obj.get("spec") or {}).get("finalizers"):
        return False
    if obj.get("kind") == "Pod" and md.get("deletionGracePeriodSeconds"):
        return False
    return True
