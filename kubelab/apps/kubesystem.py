"""The control-plane and addon programs: long-running, quiet, answering their health checks.

Each logs a first line in its real format (klog for Kubernetes binaries, JSON
for etcd, CoreDNS's banner) so ``kubectl logs -n kube-system ...`` looks
right; what follows in a real log (thousands of lines) is not simulated.
"""
from __future__ import annotations

from datetime import timedelta

from kubelab import clock as simclock

from .base import App, Request, Response


def klog(ctx, where: str, msg: str, level: str = "I") -> str:
    """``I0106 09:00:00.000000       1 server.go:123] msg``"""
    t = simclock.EPOCH + timedelta(seconds=ctx.now())
    return f"{level}{t:%m%d %H:%M:%S}.{t.microsecond:06d}       1 {where}] {msg}"


class Daemon(App):
    """A server that runs until stopped and answers 200 on its health paths."""

    health: dict[str, str] = {}          # path -> body
    first_lines: tuple = ()

    def start(self) -> None:
        for line in self.lines():
            self.ctx.log(line)

    def lines(self) -> list[str]:
        return [klog(self.ctx, where, msg) for where, msg in self.first_lines]

    def http(self, req: Request) -> Response:
        path = req.path.split("?", 1)[0]
        if path in self.health:
            return Response(200, self.health[path], {"Content-Type": "text/plain; charset=utf-8"})
        return Response(404, "404 page not found\n", {"Content-Type": "text/plain; charset=utf-8"})


class Pause(App):
    """registry.k8s.io/pause: holds the pod's namespaces, says nothing, exits on SIGTERM."""


class CoreDNS(Daemon):
    ports = frozenset({53, 8080, 8181, 9153})
    health = {"/health": "OK", "/ready": "OK"}

    def lines(self):
        return [".:53", "CoreDNS-1.11.3", "linux/amd64, go1.21.11, a6338e9"]


class Etcd(Daemon):
    ports = frozenset({2379, 2380, 2381})
    health = {"/health": '{"health":"true","reason":""}', "/readyz": "ok", "/livez": "ok"}

    def lines(self):
        t = simclock.EPOCH + timedelta(seconds=self.ctx.now())
        ts = f"{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond:06d}Z"
        return ['{"level":"warn","ts":"%s","caller":"embed/config.go:689","msg":"Running http and grpc '
                'server on single port. This is not recommended for production."}' % ts]


class KubeAPIServer(Daemon):
    ports = frozenset({6443, 8443})
    health = {"/livez": "ok", "/readyz": "ok", "/healthz": "ok"}
    first_lines = (("options.go:238", "external host was not specified, using 192.168.49.2"),)


class KubeControllerManager(Daemon):
    ports = frozenset({10257})
    health = {"/healthz": "ok"}
    first_lines = (("serving.go:386", "Generated self-signed cert in-memory"),)


class KubeScheduler(KubeControllerManager):
    ports = frozenset({10259})


class KubeProxy(Daemon):
    ports = frozenset({10249, 10256})
    health = {"/healthz": '{"lastUpdated": "", "currentTime": ""}', "/livez": "ok"}
    first_lines = (("server_linux.go:66", '"Using iptables proxy"'),)


class StorageProvisioner(Daemon):
    first_lines = (("storage_provisioner.go:116", "Initializing the minikube storage provisioner..."),)


class Flannel(Daemon):
    first_lines = (("main.go:211", "CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,"
                    "http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: "
                    "etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:true "
                    "kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: iface:[] "
                    "ifaceRegex:[] ipMasq:true ifaceCanReach: subnetFile:/run/flannel/subnet.env "
                    "publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 "
                    "iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json "
                    "setNodeNetworkUnavailable:true}"),)
