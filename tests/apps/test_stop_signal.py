"""The image's STOPSIGNAL: nginx's official image stops with SIGQUIT (a graceful
shutdown) since nginx/docker-nginx#457 (Nov 2020, nginx 1.19.5); older tags and
most images with SIGTERM.  nginx says which one it received in its log."""
import pytest

from kubelab.apps.images import resolve, start
from kubelab.apps.testing import FakeContext


@pytest.mark.parametrize("image, signal", [
    ("nginx", "SIGQUIT"), ("nginx:1.27", "SIGQUIT"), ("nginx:1.14.2", "SIGTERM"),
    ("busybox", "SIGTERM"), ("redis", "SIGTERM")])
def test_stop_signal_of_the_image(image, signal):
    assert resolve(image).stop_signal == signal


def notices(ctx):
    return [line.split(" [notice] ", 1)[1] for line in ctx.logs if " [notice] " in line]


def test_nginx_shuts_down_gracefully_on_sigquit():
    ctx = FakeContext(image="nginx", args=["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"])
    app = start(ctx)
    before = len(notices(ctx))
    app.signal("SIGQUIT")
    assert notices(ctx)[before:before + 2] == ["1#1: signal 3 (SIGQUIT) received, shutting down",
                                              "29#29: gracefully shutting down"]
    assert notices(ctx)[-1] == "1#1: exit" and ctx.exited == (0, "Completed")
    assert app.signals == ["SIGQUIT"]


def test_nginx_exits_fast_on_sigterm():
    ctx = FakeContext(image="nginx:1.14.2", args=["nginx", "-g", "daemon off;"])
    app = start(ctx)
    app.signal("SIGTERM")
    assert "1#1: signal 15 (SIGTERM) received, exiting" in notices(ctx)
    assert "29#29: gracefully shutting down" not in notices(ctx)
    assert ctx.exited == (0, "Completed")
