"""Every picture's words are at least the notebook's body text (14 CSS px) and the
picture fits the notebook's column, shown at its CSS width from a 2x PNG."""
from __future__ import annotations

import pytest
from matplotlib.text import Text

import kubelab
from kubelab.viz import style, traffic
from kubelab.viz.draw import draw_path
from kubelab.viz.path import route
from kubelab.viz.timeline import draw_pods, draw_rollout, history


@pytest.fixture(scope="module")
def cluster():
    c = kubelab.Cluster()
    h = history(c)
    c.kubectl("create deployment web --image=nginx:1.26 --replicas=4")
    c.kubectl("expose deployment web --type=NodePort --port=80")
    c.settle()
    c.kubectl("set image deployment/web nginx=nginx:1.27")
    c.kubectl("rollout status deployment/web")
    return c, h


def figures(c, h):
    r = c.curl(f"http://192.168.49.2:{c.get('service', 'web')['spec']['ports'][0]['nodePort']}/")
    g = traffic.traffic_graph(c, "web")
    return {"traffic": traffic.draw_traffic(g, traffic.path_of(g, r), "t", answered=r.status),
            "rollout": draw_rollout(h, "web"), "pods": draw_pods(h, containers=False, title="t"),
            "path": draw_path(route(c, "web").hops, "t")}


def test_no_word_in_a_matplotlib_picture_is_smaller_than_the_notebooks_text(cluster):
    for name, fig in figures(*cluster).items():
        sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip()]
        assert sizes and min(sizes) >= style.TEXT, name


def test_the_pictures_fit_the_notebooks_column_and_are_drawn_at_twice_the_density(cluster):
    for name, fig in figures(*cluster).items():
        png = style.figure_png(fig)
        assert style.scale_of(png) == 2, name
        assert style.css_width(png) <= style.MAX_WIDTH, name
