"""The simulated images form a tree of imports, not a circle (issue 19).

The registry (``images``) sits on top and hands each container its programs when
it starts; the shell knows only its builtins; no program module asks the
registry which image it runs in.
"""
import grimp
import networkx as nx


def _apps_graph() -> nx.DiGraph:
    graph = grimp.build_graph("kubelab", exclude_type_checking_imports=True)
    g = nx.DiGraph()
    for mod in graph.find_children("kubelab.apps"):
        for imported in graph.find_modules_directly_imported_by(mod):
            if imported.startswith("kubelab.apps."):
                g.add_edge(mod, imported)
    return g


def test_apps_modules_import_no_circle():
    assert list(nx.simple_cycles(_apps_graph())) == []


def test_only_the_registry_knows_the_images():
    g = _apps_graph()
    assert set(g.predecessors("kubelab.apps.images")) <= {"kubelab.apps"}
    # the shell runs whatever programs it is handed: it imports neither the registry nor the programs
    assert not set(nx.descendants(g, "kubelab.apps.shell")) & {"kubelab.apps.images", "kubelab.apps.tools",
                                                               "kubelab.apps.toolbox"}
