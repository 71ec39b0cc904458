"""Where each object goes and how it looks, for both renderers (matplotlib in :mod:`.draw`,
Pillow in :mod:`.render`): columns and ranks by kind, colours and marker shapes by kind,
ring colours by status, edge styles by relation, and the layered layout itself.

Columns left to right: workloads (and the outside client) → ReplicaSets and
Services → Pods → Nodes, configuration and claims → volumes → classes.  Inside a
column objects are ordered by where their neighbours sit (one sweep each way),
so owner lines rarely cross.
"""
from __future__ import annotations

import networkx as nx

from .style import BAD, BLACK, BLUE, BUSY, DARK, GONE, GOOD, GREEN, GREY, ORANGE, PURPLE, SKY, YELLOW

COLUMN = {"Client": 0, "Deployment": 0, "DaemonSet": 0, "StatefulSet": 0, "Job": 0, "CronJob": 0,
          "ReplicaSet": 1, "ReplicationController": 1, "Service": 1, "Endpoints": 1, "EndpointSlice": 1,
          "Pod": 2, "Node": 3, "ConfigMap": 3, "Secret": 3, "PersistentVolumeClaim": 3,
          "PersistentVolume": 4, "StorageClass": 5}
#: order inside a column before barycentres: workloads above services, nodes above config
RANK = {"Deployment": 0, "DaemonSet": 0, "StatefulSet": 0, "Job": 0, "CronJob": 0, "Client": 1,
        "ReplicaSet": 0, "ReplicationController": 0, "Service": 1, "Endpoints": 2, "EndpointSlice": 2,
        "Node": 0, "PersistentVolumeClaim": 1, "ConfigMap": 2, "Secret": 3}
COLOUR = {"Deployment": BLUE, "DaemonSet": BLUE, "StatefulSet": BLUE, "Job": BLUE, "CronJob": BLUE,
          "ReplicaSet": SKY, "ReplicationController": SKY, "Pod": PURPLE, "Node": GREY, "Service": YELLOW,
          "Endpoints": YELLOW, "EndpointSlice": YELLOW, "ConfigMap": ORANGE, "Secret": BLACK,
          "PersistentVolumeClaim": SKY, "PersistentVolume": BLUE, "StorageClass": GREEN, "Client": BLACK}
SHAPE = {"Deployment": "s", "DaemonSet": "s", "StatefulSet": "s", "Job": "P", "CronJob": "P",
         "ReplicaSet": "D", "ReplicationController": "D", "Pod": "o", "Node": "h", "Service": "^",
         "Endpoints": "<", "EndpointSlice": "<", "ConfigMap": "p", "Secret": "p",
         "PersistentVolumeClaim": "v", "PersistentVolume": "8", "StorageClass": "*", "Client": "X"}
NONE = DARK
STATUS_RING = {"Running": GOOD, "Ready": GOOD, "Bound": GOOD, "Completed": GOOD, "Succeeded": GOOD,
               "Available": GOOD, "Pending": BUSY, "ContainerCreating": BUSY, "PodInitializing": BUSY,
               "NotReady": BAD, "Released": BUSY, "Terminating": GONE, "Failed": BAD, "Lost": BAD,
               "CrashLoopBackOff": BAD, "Error": BAD, "ImagePullBackOff": BAD, "ErrImagePull": BAD,
               "OOMKilled": BAD, "CreateContainerConfigError": BAD, "Unknown": BAD}
#: each relation has its own dash pattern (colour is a second cue, never the only one)
EDGE_STYLE = {"owns": ("solid", DARK), "scheduled-on": ("dotted", GREY),
              "selects": ("dashed", BLUE), "routes-to": ("solid", BLUE),
              "tracks": ("dotted", SKY), "mounts": ("dashdot", ORANGE),
              "env-from": ((0, (1, 2, 4, 2)), ORANGE), "binds": ("solid", GREEN),
              "provisions": ("dotted", GREEN)}


def ring(attrs: dict) -> str:
    """The status colour: green good, orange on its way, red wrong, grey going."""
    status = attrs.get("status") or ""
    if status in STATUS_RING:
        return STATUS_RING[status]
    if attrs["kind"] == "Pod" and (status.startswith("Init:") or status.startswith("Error")):
        return BAD if "Error" in status or "BackOff" in status else BUSY
    if "/" in status:                      # READY x/y of a workload
        a, _, b = status.partition("/")
        return GOOD if a == b else BUSY
    return NONE


def layout(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Column by kind; inside a column, ordered by the mean row of neighbours
    already placed (a forward then a backward sweep), ties by kind rank and name."""
    cols: dict[int, list[str]] = {}
    for n in g:
        cols.setdefault(COLUMN.get(g.nodes[n]["kind"], 2), []).append(n)
    for c in cols:
        cols[c].sort(key=lambda n: (RANK.get(g.nodes[n]["kind"], 0), n))
    row: dict[str, float] = {}
    for c in sorted(cols):
        _place(g, cols[c], row)
    for c in sorted(cols, reverse=True)[1:]:
        _place(g, cols[c], row)
    for c in sorted(cols):
        _place(g, cols[c], row)
    tallest = max((len(v) for v in cols.values()), default=1)
    pos = {}
    for c, members in cols.items():
        offset = (tallest - len(members)) / 2.0
        for i, n in enumerate(members):
            pos[n] = (float(c), -(offset + i))
    return pos


def _place(g: nx.DiGraph, members: list[str], row: dict[str, float]) -> None:
    def key(n: str) -> tuple:
        near = [row[m] for m in (*g.predecessors(n), *g.successors(n)) if m in row and m not in members]
        bary = sum(near) / len(near) if near else row.get(n, 1e9)
        return (RANK.get(g.nodes[n]["kind"], 0) if not near else 0, bary, n)
    members.sort(key=key)
    for i, n in enumerate(members):
        row[n] = i - len(members) / 2.0


def edge_label(d: dict) -> str:
    """The data a picture shows on an edge: ports on routes, keys on env edges."""
    t = d["type"]
    if t == "routes-to" and d.get("ports"):
        parts = []
        for p in d["ports"]:
            if "targetPort" in p:
                chain = [p.get("nodePort")] if p.get("nodePort") and d.get("from_client") else []
                chain += [p.get("port"), p.get("targetPort")]
                parts.append("→".join(str(x) for x in chain if x is not None))
            else:
                parts.append(str(p.get("port")))
        return ",".join(parts)
    if t == "env-from" and d.get("keys"):
        return "\n".join(d["keys"])          # one variable ← key a line
    if t == "mounts":
        return d.get("volume", "")
    return ""


def short_name(name: str, limit: int = 22) -> str:
    """Shortened in the middle: the end tells a Deployment's pods apart.

    >>> short_name("kubernetes-bootcamp-645d5868d6-glz8g")
    'kubernete…5868d6-glz8g'
    """
    if len(name) <= limit:
        return name
    tail = (limit - 1) * 3 // 5
    return name[:limit - 1 - tail] + "…" + name[-tail:]


def node_label(attrs: dict, limit: int = 22) -> str:
    """The text under a marker: the name (shortened in the middle) and the status word."""
    name = short_name(attrs["name"], limit)
    status = attrs.get("status")
    if attrs["kind"] == "Pod" and attrs.get("restarts"):
        status = f"{status} ↻{attrs['restarts']}"
    return f"{name}\n{status}" if status else name
