"""kubelab: a simulated Kubernetes cluster to learn with, in Jupyter.

>>> import kubelab
>>> c = kubelab.Cluster()
>>> c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4").stdout
'deployment.apps/hello-node created\\n'
"""
from .cluster import Cluster
from .result import Result
from .i18n import get_lang, set_lang

__all__ = ["Cluster", "Result", "graph", "load_ipython_extension", "current_cluster", "set_lang", "get_lang"]
__version__ = "0.1.0"


def load_ipython_extension(ipython) -> None:
    from .magic import load_ipython_extension as load
    load(ipython)


def current_cluster():
    from .magic import current_cluster as cur
    return cur()


def graph(cluster, **filters):
    """A networkx DiGraph of the cluster's objects (see kubelab.viz)."""
    from .viz.graph import build_graph
    return build_graph(cluster, **filters)
