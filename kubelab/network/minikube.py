"""The minikube commands that reach Services from your machine: ``minikube ip``,
``minikube service NAME [--url]`` and ``minikube tunnel``.

On a cloud, a LoadBalancer Service gets an external IP from the cloud's load
balancer controller.  minikube has none, so EXTERNAL-IP stays ``<pending>``
(the NodePort underneath works all the same).  ``minikube tunnel`` plays the
cloud: it adds a route from your machine to the Service CIDR through the node
and sets each LoadBalancer Service's ``status.loadBalancer.ingress`` to its
ClusterIP — so EXTERNAL-IP shows the ClusterIP and ``curl EXTERNAL-IP:port`` works.
"""
from __future__ import annotations

import shlex
from typing import Callable

from ..api.meta import Obj
from ..result import Result
from .traffic import SERVICE_CIDR


class Tunnel:
    """A running ``minikube tunnel``: a component that keeps patching LoadBalancer
    Services as they appear (the loadbalancer emulator)."""

    component = "minikube-tunnel"

    def __init__(self, api, network, node_ip: str):
        self.api = api
        self.network = network
        self.node_ip = node_ip
        self.pending: set[str] = set()
        self.patched: list[str] = []
        network.tunnel_routes.append(SERVICE_CIDR)
        api.watch(self._on_service, "Service")
        for svc in api.list("services", copy=False):
            self._on_service("ADDED", svc, None)

    def _on_service(self, etype: str, svc: Obj, old: Obj | None) -> None:
        if etype != "DELETED" and svc["spec"].get("type") == "LoadBalancer":
            self.pending.add(f"{svc['metadata']['namespace']}/{svc['metadata']['name']}")

    def drain(self) -> bool:
        did = False
        for key in sorted(self.pending):
            self.pending.discard(key)
            ns, name = key.split("/", 1)
            svc = self.api.peek("services", name, ns)
            if svc is None or svc["spec"].get("type") != "LoadBalancer":
                continue
            # ipMode: the apiserver defaults it to VIP for an ingress with an IP (LoadBalancerIPMode, 1.30+)
            want = [{"ip": svc["spec"]["clusterIP"], "ipMode": "VIP"}]
            if ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") == want:
                continue
            with self.api.acting_as("minikube-tunnel"):
                self.api.mutate("services", name, ns,
                                lambda s: s.setdefault("status", {}).__setitem__("loadBalancer", {"ingress": want}),
                                status=True)
            if name not in self.patched:
                self.patched.append(name)
            did = True
        return did

    def status(self) -> str:
        services = " ".join(self.patched)
        return ("Status:\t\n"
                "\tmachine: minikube\n"
                "\tpid: 4242\n"
                f"\troute: {SERVICE_CIDR} -> {self.node_ip}\n"
                "\tminikube: Running\n"
                f"\tservices: [{services}]\n"
                "    errors: \n"
                "\t\tminikube: no errors\n"
                "\t\trouter: no errors\n"
                "\t\tloadbalancer emulator: no errors\n")


def service_urls(api, node_ip: str, name: str, namespace: str = "default") -> list[str] | None:
    svc = api.peek("services", name, namespace)
    if svc is None:
        return None
    return [f"http://{node_ip}:{p['nodePort']}" for p in svc["spec"].get("ports") or [] if p.get("nodePort")]


def _table(rows: list[list[str]]) -> str:
    header = ["NAMESPACE", "NAME", "TARGET PORT", "URL"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    line = "|" + "|".join("-" * (w + 2) for w in widths) + "|\n"
    def row(cells: list[str], centre: bool = False) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, widths)):
            out.append(c.center(w) if centre else (c.rjust(w) if i == 2 else c.ljust(w)))
        return "| " + " | ".join(out) + " |\n"
    return line + row(header, True) + line + "".join(row(r) for r in rows) + line


def run(api, node_ips: dict[str, str], tunnel: Callable[[str], Tunnel], pump: Callable[[], None],
        cmdline: str) -> Result:
    """``minikube <cmdline>`` against the simulated cluster: ``tunnel(node_ip)`` starts
    (or finds) the running tunnel, ``pump()`` lets it act at once."""
    words = shlex.split(cmdline)
    if words and words[0] == "minikube":
        words = words[1:]
    node_ip = node_ips.get("minikube") or next(iter(node_ips.values()), "")
    if not words:
        return Result("", "Usage: minikube ip | service NAME [--url] [-n NAMESPACE] | tunnel\n", 1)
    verb, args = words[0], words[1:]
    if verb == "ip":
        return Result(node_ip + "\n")
    if verb == "tunnel":
        running = tunnel(node_ip)
        pump()
        return Result(running.status())
    if verb == "service":
        namespace, url_only, names = "default", False, []
        while args:
            a = args.pop(0)
            if a == "--url":
                url_only = True
            elif a in ("-n", "--namespace") and args:
                namespace = args.pop(0)
            elif a.startswith("--namespace="):
                namespace = a.split("=", 1)[1]
            else:
                names.append(a)
        if not names:
            return Result("", "❌  Exiting due to MK_USAGE: You must specify service name(s) or --all\n", 1)
        name = names[0]
        svc = api.peek("services", name, namespace)
        if svc is None:
            return Result("", f"\n❌  Exiting due to SVC_NOT_FOUND: Service '{name}' was not found in "
                              f"'{namespace}' namespace.\nYou may select another namespace by using 'minikube "
                              f"service {name} -n <namespace>'. Or list out all the services using 'minikube "
                              f"service list'\n\n", 1)
        urls = service_urls(api, node_ip, name, namespace) or []
        if not urls:
            out = "" if url_only else _table([[namespace, name, "", "No node port"]])
            return Result(out, f"😿  service {namespace}/{name} has no node port\n", 0 if not url_only else 0)
        if url_only:
            return Result("".join(u + "\n" for u in urls))
        rows = []
        for p, u in zip([p for p in svc["spec"]["ports"] if p.get("nodePort")], urls):
            target = f"{p['name']}/{p['port']}" if p.get("name") else str(p["port"])
            rows.append([namespace if not rows else "", name if not rows else "", target, u])
        return Result(_table(rows) + f"🎉  Opening service {namespace}/{name} in default browser...\n")
    return Result("", f'Error: unknown command "{verb}" for "minikube"\nRun \'minikube --help\' for usage.\n', 1)
