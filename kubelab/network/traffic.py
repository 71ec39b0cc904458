"""A request's journey: client → (DNS) → node or Service address → kube-proxy →
pod:targetPort → the program in the container, with every hop written down.

:meth:`Network.curl` is what ``Cluster.curl`` calls; :meth:`Network.pod_http`
is the kubelet's ``network_http`` hook, so a program's own requests (busybox
``wget``, the inventory app calling system) take the same road.

Where the learner's machine can go (minikube, docker driver, Linux): the node
IPs (192.168.49.x) — so NodePorts work; not pod IPs, not ClusterIPs (nothing on
the host routes 10.96.0.0/12) — unless ``minikube tunnel`` runs, which adds
that route and gives LoadBalancer Services their ClusterIP as external IP.
From inside a pod everything is reachable and cluster DNS answers.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any, Callable
from ipaddress import ip_address, ip_network
from urllib.parse import urlsplit

from ..api.meta import Obj
from ..apps.base import Request
from ..apps.base import Response as AppResponse
from ..i18n import translate
from . import apiproxy, dns, internet
from .proxy import Endpoint, KubeProxy, PortRule

HOST_IP = "192.168.49.1"               # the learner's machine on minikube's docker network
SERVICE_CIDR = ip_network("10.96.0.0/12")
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
TIMEOUT_MS = 127_000                   # Linux gives up a connect after 6 SYN retries (about 127 s)


@dataclass
class Hop:
    """One step of the path, for the trace and the traffic picture.
    ``kind`` is client, dns, node, service, endpoint, pod, container or apiserver."""
    kind: str
    name: str
    port: int | None
    text: str


@dataclass
class Response:
    """What ``Cluster.curl`` returns.  ``status`` is 0 when nothing answered;
    then ``error`` says what the client saw (Connection refused, timed out,
    Could not resolve host) and the last hop of ``trace`` says where and why."""
    status: int = 0
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    pod: str | None = None            # the pod that answered
    trace: list[str] = field(default_factory=list)
    hops: list[Hop] = field(default_factory=list)
    error: str = ""
    url: str = ""
    address: str = ""                 # the IP the client connected to (after DNS)
    elapsed: float = 0.0              # simulated seconds the server took to answer

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400

    def curl_output(self) -> str:
        """What ``curl URL`` would print in a terminal (curl 7.81, Ubuntu 22.04)."""
        if self.status:
            return self.body
        parts = urlsplit(self.url)
        host, port = parts.hostname or "", parts.port or 80
        if self.error == "Could not resolve host":
            return f"curl: (6) Could not resolve host: {host}\n"
        if self.error == "Connection timed out":
            return f"curl: (28) Failed to connect to {host} port {port} after {TIMEOUT_MS} ms: Connection timed out\n"
        return f"curl: (7) Failed to connect to {host} port {port} after 0 ms: Connection refused\n"

    def __str__(self) -> str:
        return self.curl_output()

    def explain(self) -> str:
        """The trace as numbered lines."""
        return "\n".join(f"{i}. {line}" for i, line in enumerate(self.trace, 1))


LOOPBACK = ("localhost", "127.0.0.1", "::1")


class _Via:
    """A port-forwarded connection in the place of the program: the kubelet carries
    the request into the pod, where it arrives on the loopback."""

    def __init__(self, conn: Any):
        self.conn = conn

    def http(self, req: Request) -> AppResponse:
        return self.conn.request(req)


class Undeliverable(Exception):
    def __init__(self, error: str, where: Hop):
        super().__init__(error)
        self.error = error
        self.where = where


class Network:
    """The cluster network: pod addresses, node addresses, kube-proxy, DNS."""

    def __init__(self, api, clock, proxy: KubeProxy, listener: Callable[[str, int], Any],
                 host_network_pods: Callable[[str], list[str]], node_ips: dict[str, str], pod_cidrs: dict):
        self.api = api
        self.clock = clock
        self.proxy = proxy
        # the nodes' answers, wired by the cluster: which running container of pod
        # "ns/name" listens on a port (container name, program); a node's hostNetwork pods
        self.listener = listener
        self._host_network_pods = host_network_pods
        self.node_ips = node_ips          # node name -> InternalIP (the cluster's live dict)
        self.pod_cidrs = pod_cidrs
        self.tunnel_routes: list = []     # networks the learner's machine can reach (minikube tunnel)
        #: `kubectl port-forward` on the learner's machine: local port -> (pod key, pod port,
        #: the pods/portforward session it carries connections through)
        self.forwards: dict[int, tuple[str, int, Any]] = {}
        self.pods_by_ip: dict[str, str] = {}
        api.watch(self._on_pod, "Pod")
        for pod in api.list("pods", copy=False):
            self._on_pod("ADDED", pod, None)
        apiproxy.register(self)

    # ---------------------------------------------------------------- indexes
    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        ip = (pod.get("status") or {}).get("podIP")
        old_ip = (old.get("status") or {}).get("podIP") if old is not None else None
        if not ip and not old_ip:
            return             # no address before or after (a pod not started yet): nothing to index
        md = pod["metadata"]
        key = md["namespace"] + "/" + md["name"]
        by_ip = self.pods_by_ip
        if old_ip and by_ip.get(old_ip) == key:
            del by_ip[old_ip]
        if etype == "DELETED":
            if ip and by_ip.get(ip) == key:
                del by_ip[ip]
        elif ip and not pod["spec"].get("hostNetwork"):
            by_ip[ip] = key

    def node_of_ip(self, ip: str) -> str | None:
        for name, nip in self.node_ips.items():
            if nip == ip:
                return name
        return None

    def _ready_ips(self, svc: Obj) -> list[tuple[str, str]]:
        """A headless Service's ready endpoints as (ip, hostname), for DNS."""
        ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
        out = []
        for sl in self.api.list("endpointslices", ns, field_filter=lambda s: (s["metadata"].get("labels") or {})
                                .get("kubernetes.io/service-name") == name, copy=False):
            for ep in sl.get("endpoints") or []:
                if (ep.get("conditions") or {}).get("ready") is not False:
                    out.extend((a, ep.get("hostname", "")) for a in ep["addresses"])
        return out

    def dns_ready(self) -> bool:
        """CoreDNS answers when the kube-dns Service has a ready endpoint (a cluster
        built without one is treated as having a perfect DNS)."""
        if self.api.peek("services", "kube-dns", "kube-system") is None:
            return True
        return any(r.usable() for r in self.proxy.rules("kube-system/kube-dns"))

    def resolve(self, name: str, namespace: str = "default") -> dns.Answer:
        return dns.resolve(self.api, name, namespace, self._ready_ips)

    # ---------------------------------------------------------------- entry points
    def curl(self, url: str, from_pod: str | None = None, namespace: str = "default", method: str = "GET",
             headers: dict[str, str] | None = None, from_node: str | None = None) -> Response:
        """One HTTP request, from your machine (``from_pod=None``), from a pod
        (``"name"`` in ``namespace``, or ``"ns/name"``) or from a node's own shell
        (``from_node="minikube"``: the node's address, its kube-proxy rules, no cluster DNS)."""
        client = None
        if from_node is not None:
            if from_node not in self.node_ips:
                raise ValueError(f'nodes "{from_node}" not found')
            # The node's network namespace: what a hostNetwork pod with the host's resolver sees.
            client = {"kind": "Node", "metadata": {"name": from_node, "namespace": namespace},
                      "spec": {"nodeName": from_node, "hostNetwork": True, "dnsPolicy": "Default"},
                      "status": {"podIP": self.node_ips[from_node]}}
        elif from_pod is not None:
            ns, _, name = from_pod.rpartition("/")
            client = self.api.peek("pods", name, ns or namespace)
            if client is None:
                raise ValueError(f'pods "{name}" not found')
        hdrs = {"accept": "*/*", "user-agent": "curl/7.81.0"} | {k.lower(): v for k, v in (headers or {}).items()}
        return self.request(url, client, method, hdrs)

    def pod_http(self, pod: Obj, url: str, method: str = "GET") -> AppResponse | None:
        """The kubelet hook: a program's outbound request.  None when the name does
        not resolve; status 0 with the client's complaint when nothing answered."""
        resp = self.request(url if "://" in url else "http://" + url, pod, method, {"user-agent": "Wget"})
        if resp.status:
            return AppResponse(resp.status, resp.body, resp.headers, resp.elapsed)
        if resp.error == "Could not resolve host":
            return None
        # busybox wget's words for a failed connect()
        return AppResponse(0, f"can't connect to remote host ({resp.address}): {resp.error}")

    def pod_lookup(self, pod: Obj, name: str) -> tuple[str, str, list[tuple[str, str]]] | None:
        """The kubelet hook for a program's DNS lookup (``nslookup``), through the pod's
        resolver: ``(server IP, server's name, [(address, its name), ...])``, the list
        empty for a name that does not exist, or None when no name server answers.
        Names of addresses are CoreDNS's PTR answers: a Service's ClusterIP is
        ``<svc>.<ns>.svc.cluster.local``; pod addresses are left unnamed."""
        kube_dns = self.api.peek("services", "kube-dns", "kube-system")
        server_ip = kube_dns["spec"].get("clusterIP", "") if kube_dns else ""
        if kube_dns is not None and not self.dns_ready():
            return None
        ans = self.resolve(name, pod["metadata"]["namespace"])
        if not ans.found:
            ip = internet.lookup(name)
            return server_ip, "kube-dns.kube-system.svc.cluster.local", [(ip, "")] if ip else []
        named = "" if ans.headless else ans.fqdn
        return server_ip, "kube-dns.kube-system.svc.cluster.local", [(ip, named) for ip in ans.ips]

    # ---------------------------------------------------------------- the journey
    def request(self, url: str, client: Obj | None, method: str, headers: dict[str, str]) -> Response:
        parts = urlsplit(url)
        host, port = (parts.hostname or ""), (parts.port or (443 if parts.scheme == "https" else 80))
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        hdrs = dict(headers)
        hdrs["host"] = parts.netloc.rsplit("@", 1)[-1]
        if parts.username is not None:
            token = base64.b64encode(f"{parts.username}:{parts.password or ''}".encode()).decode()
            hdrs["authorization"] = "Basic " + token
        resp = Response(url=url)
        try:
            self._journey(resp, host, port, Request(method, path, hdrs["host"], port, "", hdrs), client)
        except Undeliverable as stop:
            resp.error = stop.error
            resp.hops.append(stop.where)
        resp.trace = [translate(h.text) for h in resp.hops]     # in the learner's language
        return resp

    def _journey(self, resp: Response, host: str, port: int, req: Request, client: Obj | None) -> None:
        hops = resp.hops
        if client is None:
            hops.append(Hop("client", "your computer", None,
                            f"Your computer ({HOST_IP}, outside the cluster) opens a connection to {host}:{port}."))
            client_ip, client_node, client_ns = HOST_IP, None, "default"
        else:
            md = client["metadata"]
            client_ip = (client.get("status") or {}).get("podIP", "")
            client_node, client_ns = client["spec"].get("nodeName"), md["namespace"]
            if client.get("kind") == "Node":
                hops.append(Hop("client", f"node/{md['name']}", None,
                                f"Node {md['name']} ({client_ip}) opens a connection to {host}:{port}."))
            else:
                hops.append(Hop("client", f"pod/{md['name']}", None,
                                f"Pod {md['name']} ({client_ip}, on node {client_node}) opens a connection to {host}:{port}."))
        if client is None and host in LOOPBACK:
            self._forwarded(resp, port, req)
            return
        ip = self._resolve_host(host, client, client_ns, hops)
        resp.address = ip
        node_name = self.node_of_ip(ip)
        if node_name is not None:
            self._to_node(resp, node_name, ip, port, req, client, client_ip)
        elif self.proxy.is_vip(ip):
            self._to_vip(resp, ip, port, req, client, client_ip, client_node)
        elif internet.is_outside(ip):
            self._to_internet(resp, ip, port, req, client)
        elif ip in self.pods_by_ip:
            if client is None:
                raise Undeliverable("Connection timed out", Hop("pod", ip, port,
                                    f"{ip} is a pod IP: pod addresses live on the cluster's own network, which your "
                                    f"computer has no route to. The connection times out. (Use a NodePort Service.)"))
            self._to_pod(resp, self.pods_by_ip[ip], ip, port, req, client_ip=client_ip)
        else:
            raise Undeliverable("Connection timed out", Hop("client", ip, port,
                                f"No node, pod or Service has the address {ip}: nothing answers and the connection "
                                f"times out."))

    def _to_internet(self, resp: Response, ip: str, port: int, req: Request, client: Obj | None) -> None:
        """An address of the simulated internet: out through the node's masquerade, to its server."""
        where = "Your computer" if client is None else f"Node {client['spec'].get('nodeName')}"
        page = internet.fetch(ip, port, req.path, req.method)
        if page is None:
            raise Undeliverable("Connection timed out", Hop("client", ip, port,
                                f"{ip} is outside the cluster and nothing answers on port {port}: the connection "
                                f"times out."))
        resp.hops.append(Hop("container", f"{req.host.split(':')[0]} ({ip})", port,
                             f"{where} sends it out (the pod's address masqueraded as the node's) to {ip}:{port}, "
                             f"a server outside the cluster, which answers {page.status}."))
        resp.status, resp.body, resp.headers = page.status, page.body, dict(page.headers)

    def _forwarded(self, resp: Response, port: int, req: Request) -> None:
        """Your computer's own port: a running `kubectl port-forward` tunnels it through the
        API server and the node's kubelet into the pod, where the connection arrives on the
        pod's loopback; anything else there refuses."""
        forward = self.forwards.get(port)
        if forward is not None and hasattr(forward[2], "serve"):        # `kubectl proxy`: to the API server
            self._api_proxy(resp, port, req, forward[2])
            return
        if forward is not None:
            key, pod_port, session = forward
            pod = self.api.peek("pods", *reversed(key.split("/", 1)))
            if pod is None or (pod.get("status") or {}).get("phase") != "Running":
                del self.forwards[port]      # kubectl port-forward ends when its pod goes
                forward = None
        if forward is None:
            raise Undeliverable("Connection refused", Hop("client", f"127.0.0.1:{port}", port,
                                f"Nothing listens on port {port} of your computer (no `kubectl port-forward` "
                                f"to it is running), so the connection is refused."))
        resp.address = "127.0.0.1"
        resp.hops.append(Hop("client", "your computer", port,
                             f"`kubectl port-forward` listens on 127.0.0.1:{port} and carries the connection "
                             f"through the API server and the kubelet of node {pod['spec'].get('nodeName')} "
                             f"into pod {key.split('/', 1)[1]}, port {pod_port} (no Service, no kube-proxy)."))
        ip = (pod.get("status") or {}).get("podIP", "")
        conn = session.dial(pod_port)
        found = (conn.container, _Via(conn)) if conn is not None else None
        self._answer(resp, found, key, ip, pod_port, req, client_ip="127.0.0.1")

    def _api_proxy(self, resp: Response, port: int, req: Request, proxy: Any) -> None:
        resp.address = "127.0.0.1"
        resp.hops.append(Hop("client", "your computer", port,
                             f"`kubectl proxy` listens on 127.0.0.1:{port} and passes the request to the API "
                             f"server with kubectl's credentials."))
        answer = proxy.serve(req.method, req.path, dict(req.headers), req.body)
        resp.hops.append(Hop("apiserver", "kube-apiserver", None,
                             f"The API server answers {req.path.split('?')[0]}: HTTP {answer.status} "
                             f"{REASONS.get(answer.status, '')}".rstrip() + "."))
        resp.status, resp.body, resp.headers = answer.status, answer.body, dict(answer.headers)

    def _resolve_host(self, host: str, client: Obj | None, namespace: str, hops: list[Hop]) -> str:
        try:
            ip_address(host)
            return host
        except ValueError:
            pass
        if client is None:
            raise Undeliverable("Could not resolve host", Hop("dns", host, None,
                                f'Your computer cannot resolve "{host}": Service names exist only in the cluster\'s '
                                f'DNS, which only pods use. Use the node IP and a nodePort (minikube service '
                                f'--url prints it).'))
        if client.get("kind") == "Node" and not internet.lookup(host):
            raise Undeliverable("Could not resolve host", Hop("dns", host, None,
                                f'Node {client["metadata"]["name"]} cannot resolve "{host}": the node uses its own '
                                f'resolver, and Service names exist only in the cluster\'s DNS, which pods use. '
                                f'Use the ClusterIP, or the node IP and a nodePort.'))
        if client["spec"].get("dnsPolicy", "ClusterFirst") in ("ClusterFirst", "ClusterFirstWithHostNet") \
                and not self.dns_ready():
            raise Undeliverable("Could not resolve host", Hop("dns", host, None,
                                f'Cluster DNS does not answer: the kube-dns Service has no ready CoreDNS pod, so '
                                f'"{host}" cannot be looked up.'))
        ans = self.resolve(host, namespace)
        if not ans.found and internet.lookup(host):
            ip = internet.lookup(host)
            hops.append(Hop("dns", host, None, f'"{host}" is not a cluster name: CoreDNS forwards it to the node\'s '
                                               f'upstream resolver, which answers {ip} (an address outside the cluster).'))
            return ip
        if not ans.found:
            tried = ", ".join(dns.candidates(host, namespace))
            raise Undeliverable("Could not resolve host", Hop("dns", host, None,
                                f'Cluster DNS has no record for "{host}" (tried {tried}). Is the Service name '
                                f'and namespace right?'))
        if ans.cname and not ans.ips:
            raise Undeliverable("Could not resolve host", Hop("dns", host, None,
                                f'Cluster DNS answers "{ans.fqdn}" with a CNAME to "{ans.cname}" (an ExternalName '
                                f'Service); that name is outside the simulated world, so it does not resolve here.'))
        what = (f"a CNAME to {ans.cname}, then {ans.ips[0]}" if ans.cname else
                f"the pod IPs {', '.join(ans.ips)} (a headless Service: no virtual IP)" if ans.headless else
                f"the ClusterIP {ans.ips[0]}")
        named = f" as {ans.fqdn}" if ans.fqdn != host.lower() else ""
        hops.append(Hop("dns", ans.fqdn, None, f'Cluster DNS (CoreDNS) resolves "{host}"{named}: {what}.'))
        return ans.ips[0]

    # ---------------------------------------------------------------- destinations
    def _to_node(self, resp: Response, node: str, ip: str, port: int, req: Request, client: Obj | None,
                 client_ip: str) -> None:
        rule = self.proxy.match_node_port(port)
        if rule is not None:
            resp.hops.append(Hop("node", node, port,
                                 f"Node {node} ({ip}) receives it on port {port}: kube-proxy's rule for nodePort "
                                 f"{port}/{rule.protocol} belongs to Service {rule.service}."))
            # Masquerade: the pod sees the node's bridge address, not the real client.
            self._through_service(resp, rule, req, client_ip, node, f"nodePort {port}",
                                  source=self._snat_ip(node))
            return
        for key in self._host_network_pods(node):
            if self.listener(key, port) is not None:
                resp.hops.append(Hop("node", node, port, f"Node {node} ({ip}): a hostNetwork pod listens on {port}."))
                self._to_pod(resp, key, ip, port, req, client_ip=client_ip)
                return
        raise Undeliverable("Connection refused", Hop("node", f"{ip}:{port}", port,
                            f"Node {node} ({ip}) has nothing on port {port}: no Service has nodePort {port} and no "
                            f"process listens there, so the node answers with a reset (connection refused). A "
                            f"Service's port and targetPort are not opened on the node; only its nodePort "
                            f"(30000-32767) is."))

    def _to_vip(self, resp: Response, ip: str, port: int, req: Request, client: Obj | None, client_ip: str,
                client_node: str | None) -> None:
        if client is None and not any(ip_address(ip) in net for net in self.tunnel_routes):
            raise Undeliverable("Connection timed out", Hop("service", ip, port,
                                f"{ip} is a virtual IP inside the cluster (ClusterIP). Your computer has no route "
                                f"to {SERVICE_CIDR}, so the packets go nowhere and the connection times out. From "
                                f"outside use the node IP and nodePort, or run minikube tunnel."))
        rule = self.proxy.match_vip(ip, port)
        if rule is None:
            svc = self.proxy.cluster_ips.get(ip, "")
            ports = sorted({r.port for r in self.proxy.by_service.get(svc, [])})
            raise Undeliverable("Connection timed out", Hop("service", f"{ip}:{port}", port,
                                f"{ip} belongs to Service {svc}, but it has no port {port} (its ports: "
                                f"{', '.join(map(str, ports)) or 'none'}). kube-proxy has no rule for it, the packet "
                                f"is dropped and the connection times out."))
        node = client_node or self._first_node()
        via = "from your computer through minikube tunnel's route" if client is None else f"on node {node}"
        kind = "load-balancer IP" if ip in rule.lb_ips and ip != rule.cluster_ip else "ClusterIP"
        resp.hops.append(Hop("node", node, None,
                             f"The packet for {ip}:{port} reaches kube-proxy's rules {via}: {kind} {ip} port {port} "
                             f"is Service {rule.service}."))
        # kube-proxy masquerades what does not come from the pod network (KUBE-MARK-MASQ for
        # "! -s <cluster CIDR>"): your computer through the tunnel, or a node's own shell.
        from_pod = client is not None and client.get("kind") != "Node"
        self._through_service(resp, rule, req, client_ip, node, f"port {port}",
                              source=client_ip if from_pod else self._snat_ip(node))

    def _through_service(self, resp: Response, rule: PortRule, req: Request, client_ip: str, node: str,
                         entry: str, source: str) -> None:
        name = rule.port_name and f" ({rule.port_name})"
        resp.hops.append(Hop("service", rule.service, rule.port,
                             f"Service {rule.service}: {entry} leads to service port {rule.port}/{rule.protocol}"
                             f"{name}, targetPort {rule.target_port}."))
        ep = self.proxy.choose(rule, client_ip, self.clock.now)
        if ep is None:
            raise Undeliverable("Connection refused", Hop("endpoint", rule.service, rule.port,
                                f"Service {rule.service} has no ready endpoints (no selected pod is Ready, or the "
                                f"selector matches no pod), so kube-proxy rejects the connection: connection "
                                f"refused."))
        n = len(rule.usable())
        how = ("the one this client used before (sessionAffinity: ClientIP)" if rule.affinity and n > 1
               else f"chosen at random among {n} ready endpoints" if n > 1 else "the only ready endpoint")
        pod_name = ep.pod.split("/", 1)[-1] if ep.pod else ep.ip
        resp.hops.append(Hop("endpoint", ep.address, ep.port,
                             f"kube-proxy rewrites the destination to endpoint {ep.address} (pod {pod_name} on node "
                             f"{ep.node}): {how}."))
        key = ep.pod or self.pods_by_ip.get(ep.ip, "")
        self._to_pod(resp, key, ep.ip, ep.port, req, ep, client_ip=source)

    def _to_pod(self, resp: Response, key: str, ip: str, port: int, req: Request, ep: Endpoint | None = None,
                *, client_ip: str) -> None:
        self._answer(resp, self.listener(key, port) if key else None, key, ip, port, req, client_ip=client_ip)

    def _answer(self, resp: Response, found, key: str, ip: str, port: int, req: Request, *, client_ip: str) -> None:
        pod_name = key.split("/", 1)[-1]
        if found is None:
            raise Undeliverable("Connection refused", Hop("pod", f"{ip}:{port}", port,
                                f"Pod {pod_name} ({ip}) has no process listening on port {port}: connection "
                                f"refused. Check that the Service's targetPort is the port the container listens "
                                f"on (its containerPort)."))
        cname, app = found
        resp.hops.append(Hop("pod", f"pod/{pod_name}", port, f"Pod {pod_name} ({ip}) receives it on port {port}."))
        # as it arrives: on the pod's port, from the (possibly SNATed) source
        answer = app.http(Request(req.method, req.path, req.host, port, client_ip, req.headers, req.body))
        status = answer.status
        resp.hops.append(Hop("container", f"{pod_name}/{cname}", port,
                             f"Container {cname} answers: HTTP {status} {REASONS.get(status, '')}".rstrip() + "."))
        resp.status, resp.body, resp.headers, resp.pod = status, answer.body, dict(answer.headers), pod_name
        resp.elapsed = answer.elapsed

    # ---------------------------------------------------------------- helpers
    def _snat_ip(self, node: str) -> str:
        cidr = self.pod_cidrs.get(node)          # a NodeIPAM (its .network) or a CIDR string
        net = getattr(cidr, "network", None) or (ip_network(cidr) if cidr else None)
        return str(net.network_address + 1) if net is not None else self.node_ips.get(node, "")

    def _first_node(self) -> str:
        return next(iter(self.node_ips), "")
