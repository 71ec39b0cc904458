"""Manifests the notes fetch from the internet, served from files in the kit.

The notebook has no network, so ``kubectl apply -f URL`` for the notes' URLs
reads a copy kept in ``kubelab/setup/manifests/``: the real ``kube-flannel.yml``
of flannel v0.26.3 (namespace ``kube-flannel``, DaemonSet ``kube-flannel-ds``,
pod network ``10.244.0.0/16``).

>>> "kind: DaemonSet" in manifest_for("https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml")
True
>>> manifest_for("https://example.com/other.yaml") is None
True
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent / "manifests"

#: URL -> bundled file.  The coreos/flannel URL of the notes redirects to
#: flannel-io/flannel on GitHub today; both, and the release download, give the same file.
URLS = {
    "https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml": "kube-flannel.yaml",
    "https://raw.githubusercontent.com/flannel-io/flannel/master/Documentation/kube-flannel.yml": "kube-flannel.yaml",
    "https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml": "kube-flannel.yaml",
}


def manifest_for(url: str) -> str | None:
    """The text served for ``url``, or None when the kit has no copy (kubectl then says 404)."""
    name = URLS.get(url.strip())
    if name is None:
        return None
    return (HERE / name).read_text(encoding="utf-8")
