"""``%host NAME COMMAND`` and ``%%host NAME`` — the notes' host commands on a simulated machine.

    %host master kubeadm init --pod-network-cidr=10.244.0.0/16
    %%host master
    mkdir -p $HOME/.kube
    sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config

The machine names are the cluster's (``Cluster(profile="bare")``: master,
node1, node2; the minikube profile: laptop).  Nothing runs on the real host.
"""
from __future__ import annotations

import sys

from . import machines


def _run(line: str, cell: str | None) -> None:
    from ..magic import current_cluster
    cluster = current_cluster()
    name, _, rest = line.strip().partition(" ")
    m = cluster.machines.get(name)
    if m is None:
        print(f"no machine {name!r}; this cluster has: {', '.join(cluster.machines)}", file=sys.stderr)
        return
    r = machines.run(cluster, m, cell if cell is not None else rest)
    if r.stdout:
        sys.stdout.write(r.stdout)
        sys.stdout.flush()
    if r.stderr:
        sys.stderr.write(r.stderr)
        sys.stderr.flush()


def host_line(line: str) -> None:
    _run(line, None)


def host_cell(line: str, cell: str) -> None:
    _run(line, cell)


def register(ipython) -> None:
    ipython.register_magic_function(host_line, "line", "host")
    ipython.register_magic_function(host_cell, "cell", "host")
