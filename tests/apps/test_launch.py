"""What a container start works out once per image and argv (images.launch), and the
kubelet's other shortcuts at a start, give what the general way gives."""
import re

import kubelab
from kubelab.apps import images
from kubelab.apps.busybox import ShellApp, StartFailedApp
from kubelab.apps.catalog import REGISTRY
from kubelab.apps.images import GenericServer, ImageInfo, _server_class, _start_error, _toolbox, exec_argv, program_of
from kubelab.apps.testing import FakeContext
from kubelab.network import envvars
from kubelab.node.env import _REF, expand

ARGVS = [[], ["nope"], ["/nope"], ["sh"], ["sh", "-c", "sleep 1"], ["sh", "-c", "nginx -g x"], ["bash", "-c", "a; b"],
         ["--flag"], ["x.conf"], ["-v"]]


def infos():
    for repo, spec in sorted(REGISTRY.items()):
        for tag in list(spec.tags)[:2]:
            info = images.resolve(f"{repo}:{tag}")
            if isinstance(info, ImageInfo):
                yield info
    for name in ("ghcr.io/someone/webapp:1.0", "quay.io/acme/tool:2"):     # images kubelab does not know
        info = images.resolve(name)
        assert isinstance(info, ImageInfo) and info.spec.generic
        yield info


def argvs(info):
    yield info.entrypoint + info.cmd
    yield info.cmd
    yield info.entrypoint
    for prog in sorted(info.spec.programs)[:3]:
        yield [prog] + ["--x"]
    for wrapper in sorted(info.spec.wrappers):
        yield [wrapper, "--maxmemory", "2mb"]
        yield [wrapper]
    yield from ARGVS


def general(info, argv):
    """app_for's answer as it was worked out at every start."""
    error = _start_error(info, argv)
    if error:
        return error, None, None, None, None
    program = program_of(info, argv)
    cls = ShellApp
    if program and info.spec.app is not None:
        generic = info.spec.app is GenericServer
        cls = _server_class(info.spec.app, info.version, frozenset(info.spec.exposed) if generic else None,
                            info.name if generic else None)
    return None, exec_argv(info, argv), cls, _toolbox(info.spec, info.tag), info.stop_signal


def test_launch_is_the_general_way_for_every_image_and_many_argvs():
    seen = 0
    for info in infos():
        for argv in argvs(info):
            argv = list(argv)
            error, exec_args, cls, toolbox, signal = general(info, argv)
            got = images.launch(info, argv)
            assert got is images.launch(info, tuple(argv))            # worked out once
            assert images.start_error(info, argv) == error
            ctx = FakeContext(container={"name": "c", "image": info.name}, args=list(argv))
            app = images.app_for(info, ctx)
            if error:
                assert type(app) is StartFailedApp and app.message == error and ctx.args == argv
            else:
                assert type(app) is cls and app.toolbox is toolbox and app.stop_signal == signal
                assert ctx.args == exec_args and type(ctx.args) is list
                assert ctx.args is not images.app_for(info, FakeContext(args=list(argv))).ctx.args
            seen += 1
    assert seen > 300


def test_a_full_launch_table_starts_over():
    info = images.resolve("busybox:1.36")
    for i in range(images.LAUNCHES_KEPT + 5):
        images.launch(info, ["sleep", str(i)])
    assert len(info.launches) <= images.LAUNCHES_KEPT
    assert images.launch(info, ["sleep", "3"]).argv == ("sleep", "3")


def test_expand_without_a_dollar_is_the_value_itself():
    env = {"A": "x", "B": "$(A)"}
    for value in ["", "plain", "a$b", "$(A)", "$$(A)", "$(C)", "x$(A)y$(B)", "$", "$$", "no dollars at all"]:
        assert expand(value, env) == _REF.sub(lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)),
                                              value)
    assert re.search(r"\$", "a$b")


def test_the_kubelets_service_env_function_is_the_stores():
    c = kubelab.Cluster()
    k = next(iter(c.kubelets.values()))
    assert k.service_env is envvars.for_store(c.api)
    pod = {"metadata": {"namespace": "default"}, "spec": {}}
    before = k.service_env(pod)
    assert before is envvars.service_env(c.api, pod) and "KUBERNETES_SERVICE_HOST" in before
    c.kubectl("create service clusterip web --tcp=80:80")
    after = k.service_env(pod)
    assert after is not before and "WEB_SERVICE_HOST" in after and after == envvars._service_env(c.api, pod)


def test_pull_seconds_kept_per_size_is_the_formula():
    for size in (0, 1, 46_230_000, 123_456_789, 7, 10**9):
        expected = round(images.PULL_LATENCY + size / images.PULL_BYTES_PER_SECOND, 2)
        assert images.pull_seconds(size) == expected and type(images.pull_seconds(size)) is float
    info = images.resolve("nginx:1.16.1")
    assert images.pull_seconds(info) == images.pull_seconds(info.size)


def test_a_container_without_probes_starts_no_probe_worker_and_one_with_does():
    c = kubelab.Cluster()
    c.kubectl("run plain --image=nginx:1.16.1")
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probed", "namespace": "default"},
                  "spec": {"containers": [{"name": "web", "image": "nginx:1.16.1", "livenessProbe": None,
                                           "readinessProbe": {"httpGet": {"path": "/", "port": 80}}}]}})
    c.settle()
    workers = {k: w for kl in c.kubelets.values() for k, w in kl.workers.items()}
    assert workers["default/plain"].containers["plain"].probe_workers == ()
    probed = workers["default/probed"].containers["web"]
    assert [p.kind for p in probed.probe_workers] == ["readiness"] and probed.ready
