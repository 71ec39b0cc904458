"""The bootstrap picture tells the cluster's own story: nodes register NotReady and
turn Ready only once the pod network's pod runs on them."""
from __future__ import annotations

import io

from PIL import Image

import kubelab
from kubelab.viz import style
from kubelab.viz.bootstrap import bootstrap_png, moments, states


def kubeadm_cluster():
    c = kubelab.Cluster(profile="kubeadm", workers=2)
    c.settle()
    return c


def test_each_node_turns_ready_after_it_registers_and_after_its_flannel_pod_runs():
    c = kubeadm_cluster()
    ms = moments(c)
    nodes = sorted(n["metadata"]["name"] for n in c.api.list("nodes", None))
    assert len(nodes) == 3
    for node in nodes:
        when = {m.what: m.time for m in ms if m.node == node and m.what in ("registered", "cni running", "ready")}
        assert when["registered"] <= when["cni running"] <= when["ready"], (node, when)
    first = [m for m in ms if m.what == "registered"][0]
    assert "control-plane" in str(c.api.get("nodes", first.node)["metadata"]["labels"])   # kubeadm init first


def test_the_columns_show_notready_until_the_ready_moment_and_coredns_pending_until_running():
    c = kubeadm_cluster()
    ms = moments(c)
    columns, rows = states(c, ms)
    assert columns[-1] == "CoreDNS"
    for node in columns[:-1]:
        seen = [row[node] for row in rows if row[node]]
        ready_at = next(i for i, m in enumerate(ms) if m.what == "ready" and m.node == node)
        assert set(seen[:seen.index("Ready")]) == {"NotReady"} and rows[ready_at][node] == "Ready"
        assert rows[ready_at - 1][node] == "NotReady"
    dns = [row["CoreDNS"] for row in rows if row["CoreDNS"]]
    assert dns[0] == "Pending" and dns[-1] == "Running"


def test_the_picture_is_deterministic_and_fits_the_notebook():
    c = kubeadm_cluster()
    png = bootstrap_png(c)
    assert png == bootstrap_png(c)
    assert style.css_width(png) <= style.MAX_WIDTH
    assert Image.open(io.BytesIO(png)).size[0] == 2 * style.css_width(png)
