"""``kubeadm init``, ``join``, ``token create`` and ``reset`` on simulated machines.

What is real: the order and wording of kubeadm v1.32's output, the preflight
checks the notes meet (swap, images that cannot be pulled, a second init), a
real CA certificate whose public-key hash is the ``--discovery-token-ca-cert-hash``,
bootstrap tokens of kubeadm's format kept as ``bootstrap-token-<id>`` Secrets,
the ``cluster-info`` ConfigMap signed with a real detached JWS that ``join``
verifies, and the objects a fresh control plane holds (static pods, CoreDNS,
kube-proxy, a NotReady node tainted until a CNI is installed).
What is simulated: the programs themselves (see kubelab.apps.kubesystem) and time.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import yaml

from ..i18n import translate
from ..result import Result
from . import minikube, pki, preflight
from .host import Machine

VERSION = minikube.KUBERNETES_VERSION
DEFAULT_REPOSITORY = "registry.k8s.io"
TOKEN_RE = re.compile(r"^([a-z0-9]{6})\.([a-z0-9]{16})$")
NOT_READY_MESSAGE = ("container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                     "message:Network plugin returns error: cni plugin not initialized")
STACK = "To see the stack trace of this error execute with --v=5 or higher\n"
SWAP_WARNING = ("\t[WARNING Swap]: swap is supported for cgroup v2 only. The kubelet must be properly configured to use "
                "swap. Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable "
                "swap on the node\n")
CNI_FILE = "/etc/cni/net.d/10-flannel.conflist"


def images(repository: str = DEFAULT_REPOSITORY) -> list[str]:
    """``kubeadm config images list``: a custom repository flattens coredns/coredns to coredns."""
    coredns = "coredns/coredns" if repository == DEFAULT_REPOSITORY else "coredns"
    return [f"{repository}/kube-apiserver:{VERSION}", f"{repository}/kube-controller-manager:{VERSION}",
            f"{repository}/kube-scheduler:{VERSION}", f"{repository}/kube-proxy:{VERSION}",
            f"{repository}/{coredns}:v1.11.3", f"{repository}/pause:3.10", f"{repository}/etcd:3.5.16-0"]


def _flags(args: list[str]) -> tuple[list[str], dict[str, str]]:
    pos, opts = [], {}
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("--"):
            k, eq, v = a[2:].partition("=")
            if not eq and i + 1 < len(args) and not args[i + 1].startswith("--") and k not in ("print-join-command", "force", "f"):
                v, i = args[i + 1], i + 1
            opts[k] = v if (eq or v) else "true"
        elif a == "-f":
            opts["force"] = "true"
        else:
            pos.append(a)
        i += 1
    return pos, opts


def _duration(rng, base: float) -> str:
    """Go's Duration for a measured wait: 502.872747ms, 7.00102198s."""
    v = base + rng.randrange(0, 900_000) / 1e9
    if v < 1:
        return f"{v * 1000:.6f}ms"
    minutes, seconds = divmod(v, 60)
    return (f"{int(minutes)}m" if minutes else "") + f"{seconds:.9f}".rstrip("0").rstrip(".") + "s"


class Kubeadm:
    """The cluster-side state kubeadm leaves (CA, tokens) and the piece of the
    kubelet that turns a node Ready once a CNI config appears on its machine."""

    component = "kubelet"

    def __init__(self, api, clock, recorder, machines: dict[str, Machine]):
        self.api, self.clock, self.recorder, self.machines = api, clock, recorder, machines
        self.control_plane: Machine | None = None
        self.repository = DEFAULT_REPOSITORY
        self.pod_cidr = ""
        self.ca: pki.Issued | None = None
        self.queue: list[str] = []
        api.watch(self._on_pod, "Pod")

    # ------------------------------------------------- network readiness
    def _on_pod(self, etype: str, pod, old) -> None:
        node = pod["spec"].get("nodeName")
        if node and pod["metadata"].get("namespace") == "kube-flannel" and node not in self.queue:
            self.queue.append(node)

    def drain(self) -> bool:
        did = False
        while self.queue:
            did = True
            self._check_network(self.queue.pop(0))
        return did

    def _check_network(self, node_name: str) -> None:
        machine = self.machines.get(node_name)
        if machine is None or CNI_FILE in machine.files:
            return
        flannel = [p for p in self.api.list("pods", "kube-flannel", copy=False) if p["spec"].get("nodeName") == node_name]
        done = any(all("terminated" in (s.get("state") or {}) and s["state"]["terminated"].get("exitCode") == 0
                       for s in p.get("status", {}).get("initContainerStatuses") or [{}]) for p in flannel)
        if not done:
            return
        # install-cni copied the conflist onto the host: the kubelet's runtime now reports NetworkReady.
        machine.files[CNI_FILE] = json.dumps({"name": "cbr0", "cniVersion": "0.3.1"}) + "\n"
        with self.api.acting_as("kubelet"):
            self.api.mutate("nodes", node_name, None, lambda n: _set_ready(n, self.clock.timestamp()), status=True)
        with self.api.acting_as("node-lifecycle-controller"):
            self.api.mutate("nodes", node_name, None, _untaint_not_ready)
        node = self.api.get("nodes", node_name)
        self.recorder.normal(node, "NodeReady", f"Node {node_name} status is now: NodeReady", component="kubelet")


def _set_ready(node, now: str) -> None:
    for cond in node["status"]["conditions"]:
        if cond["type"] == "Ready":
            cond.update({"status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status",
                         "lastHeartbeatTime": now, "lastTransitionTime": now})


def _untaint_not_ready(node) -> None:
    taints = [t for t in node["spec"].get("taints") or [] if t["key"] != "node.kubernetes.io/not-ready"]
    if taints:
        node["spec"]["taints"] = taints
    else:
        node["spec"].pop("taints", None)


def state(cluster) -> Kubeadm:
    """kubeadm's cluster state, started (an add-on of the cluster) on first use."""
    return cluster.addon("kubeadm", lambda: Kubeadm(cluster.api, cluster.clock, cluster.recorder, cluster.machines))


# ------------------------------------------------------------------ entry
def run(cluster, machine: Machine, args: list[str]) -> Result:
    pos, opts = _flags(args)
    verb = pos[0] if pos else ""
    if machine.user != "root" and verb in ("init", "join", "reset"):
        return Result("", "[preflight] Running pre-flight checks\nerror execution phase preflight: [preflight] Some fatal "
                          "errors occurred:\n\t[ERROR IsPrivilegedUser]: user is not running as root\n[preflight] If you know "
                          "what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n" + STACK, 1)
    if verb == "init":
        return init(cluster, machine, opts)
    if verb == "join":
        return join(cluster, machine, pos[1] if len(pos) > 1 else "", opts)
    if pos[:2] == ["token", "create"]:
        return token_create(cluster, machine, "print-join-command" in opts)
    if pos[:3] == ["config", "images", "list"]:
        return Result("\n".join(images(opts.get("image-repository", DEFAULT_REPOSITORY))) + "\n")
    if verb == "reset":
        return reset(cluster, machine)
    return Result("", translate(f"unknown command \"{verb}\" for \"kubeadm\" (the kit simulates init, join, token "
                                f"create, config images list, reset)") + "\n", 1)


def _preflight_fail(lines: list[str], errors: list[str]) -> Result:
    err = ("error execution phase preflight: [preflight] Some fatal errors occurred:\n"
           + "".join(f"\t[ERROR {e}\n" for e in errors)
           + "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n"
           + STACK)
    return Result("".join(lines), err, 1)


def _with_klog(klog: str, result: Result) -> Result:
    """kubeadm's klog warning (stderr) sits after its first two lines of output."""
    if not klog:
        return result
    head, _, rest = result.stdout.partition("[preflight] Running pre-flight checks\n")
    pieces = (("stdout", head + "[preflight] Running pre-flight checks\n"), ("stderr", klog), ("stdout", rest),
              ("stderr", result.stderr))
    return Result(result.stdout, klog + result.stderr, result.returncode, tuple(p for p in pieces if p[1]))


def _system_verification(m: Machine, out: list[str], check) -> None:
    report, warnings, errors = preflight.system_verification(m)
    if errors:
        out.append("[preflight] The system verification failed. Printing the output from the verification:\n")
        out += [line + "\n" for line in report]
    out += [f"\t[WARNING SystemVerification]: {w}\n" for w in warnings]
    for e in errors:
        check("SystemVerification", e)


def init(cluster, m: Machine, opts: dict) -> Result:
    socket, err = preflight.choose_socket(m, opts.get("cri-socket", ""))
    if err:
        return Result("", err + STACK, 1)
    cri_error = preflight.connect_error(m, socket)
    klog = f"{preflight.KLOG_PREFIX}[preflight] WARNING: Couldn't create the interface used for talking to the container runtime: {cri_error}\n" if cri_error else ""
    return _with_klog(klog, _init(cluster, m, opts, cri_error))


def _init(cluster, m: Machine, opts: dict, cri_error: str) -> Result:
    st = state(cluster)
    repo = opts.get("image-repository", DEFAULT_REPOSITORY)
    ignore = {x.strip().lower() for x in opts.get("ignore-preflight-errors", "").split(",") if x.strip()}
    out = [f"[init] Using Kubernetes version: {VERSION}\n", "[preflight] Running pre-flight checks\n"]
    errors: list[str] = []

    def check(name: str, message: str) -> None:
        if name.lower() in ignore or "all" in ignore:
            out.append(f"\t[WARNING {name}]: {message}\n")
        else:
            errors.append(f"{name}]: {message}")

    if m.swap:
        out.append(SWAP_WARNING)
    _system_verification(m, out, check)
    if m.role:
        check("Port-6443", "Port 6443 is in use")
        for c in ("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"):
            check(f"FileAvailable--etc-kubernetes-manifests-{c}.yaml", f"/etc/kubernetes/manifests/{c}.yaml already exists")
        check("Port-10250", "Port 10250 is in use")
    if errors:
        return _preflight_fail(out, errors)
    out += ["[preflight] Pulling images required for setting up a Kubernetes cluster\n",
            "[preflight] This might take a minute or two, depending on the speed of your internet connection\n",
            "[preflight] You can also perform this action beforehand using 'kubeadm config images pull'\n"]
    if cri_error:           # pulling needs the runtime: kubeadm gives up here, whatever is ignored
        return Result("".join(out), "error execution phase preflight: [preflight] Some fatal errors occurred:\n" + cri_error
                      + "[preflight] If you know what you are doing, you can make a check non-fatal with "
                      "`--ignore-preflight-errors=...`\n" + STACK, 1)
    from . import docker
    seconds = 0.0
    for image in images(repo):
        info = cluster.images.resolve(image, cluster.blocked_registries)
        if getattr(info, "error", None) is not None:
            seconds += cluster.images.error_seconds(info)
            check("ImagePull", f"failed to pull image {image}: failed to pull image {image}: {info.error}")
        else:
            seconds += cluster.images.pull_seconds(info) if info.reference not in m.images else 0
            docker.pull(m.images, image, cluster.blocked_registries)
    cluster.run(seconds)
    if errors:
        return _preflight_fail(out, errors)
    ip = opts.get("apiserver-advertise-address", m.ip)
    node = m.name
    out += _certs_lines(node, ip)
    st.ca = pki.make_ca(cluster.seed, cluster.now)
    admin = pki.make_client(cluster.seed, cluster.now, "kubernetes-admin", "kubeadm:cluster-admins")
    _write_pki(m, st.ca, admin, ip)
    out += ['[kubeconfig] Using kubeconfig folder "/etc/kubernetes"\n']
    out += [f'[kubeconfig] Writing "{f}" kubeconfig file\n' for f in
            ("admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf", "scheduler.conf")]
    out += ['[etcd] Creating static Pod manifest for local etcd in "/etc/kubernetes/manifests"\n',
            '[control-plane] Using manifest folder "/etc/kubernetes/manifests"\n']
    out += [f'[control-plane] Creating static Pod manifest for "{c}"\n' for c in
            ("kube-apiserver", "kube-controller-manager", "kube-scheduler")]
    manifests = [f"/etc/kubernetes/manifests/{p['metadata']['labels']['component']}.yaml"
                 for p in minikube.control_plane_pods(node, repo)]
    for path, p in zip(manifests, minikube.control_plane_pods(node, repo)):
        m.files[path] = static_pod_manifest(p, ip)
    pods = [kubelet_static_pod(m.files[path], node) for path in manifests]
    out += ['[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"\n',
            '[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"\n',
            "[kubelet-start] Starting the kubelet\n",
            '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests"\n',
            "[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s\n"]
    m.role = "control-plane"
    if m.swap:
        # kubeadm only warns; the kubelet itself refuses to run (failSwapOn defaults to true).
        m.kubelet_failed = ("failed to run Kubelet: running with swap on is not supported, please disable swap or set "
                            "--fail-swap-on flag to false")
        cluster.run(240)
        out.append(f"[kubelet-check] The kubelet is not healthy after {_duration(cluster.rng, 240)}\n")
        err = ("\nUnfortunately, an error has occurred, likely caused by:\n\t- The kubelet is not running\n"
               "\t- The kubelet is unhealthy due to a misconfiguration of the node in some way (required cgroups disabled)\n\n"
               "If you are on a systemd-powered system, you can try to troubleshoot the error with the following commands:\n"
               "\t- 'systemctl status kubelet'\n\t- 'journalctl -xeu kubelet'\n\n"
               "error execution phase wait-control-plane: failed while waiting for the kubelet to start: The HTTP call equal "
               "to 'curl -sSL http://127.0.0.1:10248/healthz' returned error: Get \"http://127.0.0.1:10248/healthz\": "
               "dial tcp 127.0.0.1:10248: connect: connection refused\n\n" + STACK)
        return Result("".join(out), err, 1)
    m.kubelet_failed = ""
    st.control_plane, st.repository = m, repo
    st.pod_cidr = opts.get("pod-network-cidr", "")
    out.append(f"[kubelet-check] The kubelet is healthy after {_duration(cluster.rng, 0.5)}\n")
    out.append("[api-check] Waiting for a healthy API server. This can take up to 4m0s\n")
    _bootstrap_control_plane(cluster, m, repo, pods)
    cluster.run(6.5)
    token = pki.new_token(cluster.rng)
    _create_token(cluster, token)
    out.append(f"[api-check] The API server is healthy after {_duration(cluster.rng, 6.5)}\n")
    out += ['[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace\n',
            '[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system with the configuration for the kubelets in the cluster\n',
            "[upload-certs] Skipping phase. Please see --upload-certs\n",
            f"[mark-control-plane] Marking the node {node} as control-plane by adding the labels: [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]\n",
            f"[mark-control-plane] Marking the node {node} as control-plane by adding the taints [node-role.kubernetes.io/control-plane:NoSchedule]\n",
            f"[bootstrap-token] Using token: {token}\n",
            "[bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles\n",
            "[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes\n",
            "[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials\n",
            "[bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token\n",
            "[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster\n",
            '[bootstrap-token] Creating the "cluster-info" ConfigMap in the "kube-public" namespace\n',
            '[kubelet-finalize] Updating "/etc/kubernetes/kubelet.conf" to point to a rotatable kubelet client certificate and key\n',
            "[addons] Applied essential addon: CoreDNS\n", "[addons] Applied essential addon: kube-proxy\n",
            "\nYour Kubernetes control-plane has initialized successfully!\n\n"
            "To start using your cluster, you need to run the following as a regular user:\n\n"
            "  mkdir -p $HOME/.kube\n  sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config\n"
            "  sudo chown $(id -u):$(id -g) $HOME/.kube/config\n\n"
            "Alternatively, if you are the root user, you can run:\n\n  export KUBECONFIG=/etc/kubernetes/admin.conf\n\n"
            "You should now deploy a pod network to the cluster.\n"
            'Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:\n'
            "  https://kubernetes.io/docs/concepts/cluster-administration/addons/\n\n"
            "Then you can join any number of worker nodes by running the following on each as root:\n\n",
            join_command(cluster, token) + "\n"]
    return Result("".join(out))


def static_pod_manifest(pod: dict, ip: str) -> str:
    """The file kubeadm writes for a control-plane component (phases/controlplane and
    util/staticpod ComponentPod, marshalled as kubeadm does): the pod is named after the
    component.  The kubelet, reading the file, appends the node's name, sets nodeName,
    tolerates NoExecute taints and adds the ``kubernetes.io/config.*`` annotations
    (pkg/kubelet/config/common.go applyDefaults): that is the mirror pod the API shows.

    >>> from kubelab.setup import minikube
    >>> text = static_pod_manifest(minikube.control_plane_pods("master")[1], "10.0.0.5")
    >>> print(text[:text.index("spec:")])
    apiVersion: v1
    kind: Pod
    metadata:
      annotations:
        kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 10.0.0.5:6443
      creationTimestamp: null
      labels:
        component: kube-apiserver
        tier: control-plane
      name: kube-apiserver
      namespace: kube-system
    <BLANKLINE>
    """
    component = pod["metadata"]["labels"]["component"]
    meta: dict = {"creationTimestamp": None, "labels": dict(pod["metadata"]["labels"]), "name": component,
                  "namespace": "kube-system"}
    annotation = {"kube-apiserver": ("kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", f"{ip}:6443"),
                  "etcd": ("kubeadm.kubernetes.io/etcd.advertise-client-urls", f"https://{ip}:2379")}.get(component)
    if annotation:
        meta["annotations"] = dict([annotation])
    spec = {k: v for k, v in pod["spec"].items() if k not in ("nodeName", "tolerations")}
    spec["securityContext"] = {"seccompProfile": {"type": "RuntimeDefault"}}
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": {}})


def kubelet_static_pod(text: str, node: str) -> dict:
    """What the kubelet makes of a static pod file (pkg/kubelet/config/common.go
    applyDefaults): the node's name appended to the pod's, the pod bound to the node,
    NoExecute taints tolerated; :func:`minikube.as_mirror` adds the ``config.*``
    annotations of the mirror pod it then creates in the API."""
    pod = yaml.safe_load(text)
    pod.pop("status", None)
    pod["metadata"].pop("creationTimestamp", None)
    pod["metadata"]["name"] = f"{pod['metadata']['name']}-{node}"
    pod["spec"]["nodeName"] = node
    pod["spec"]["tolerations"] = [*pod["spec"].get("tolerations", []), {"effect": "NoExecute", "operator": "Exists"}]
    return pod


def join_command(cluster, token: str) -> str:
    st = state(cluster)
    return (f"kubeadm join {st.control_plane.ip}:6443 --token {token} \\\n"
            f"\t--discovery-token-ca-cert-hash {st.ca.hash} ")


def _certs_lines(node: str, ip: str) -> list[str]:
    gen = lambda n, what="certificate and key": f'[certs] Generating "{n}" {what}\n'
    return ['[certs] Using certificateDir folder "/etc/kubernetes/pki"\n', gen("ca"), gen("apiserver"),
            f"[certs] apiserver serving cert is signed for DNS names [kubernetes kubernetes.default kubernetes.default.svc "
            f"kubernetes.default.svc.cluster.local {node}] and IPs [10.96.0.1 {ip}]\n",
            gen("apiserver-kubelet-client"), gen("front-proxy-ca"), gen("front-proxy-client"), gen("etcd/ca"),
            gen("etcd/server"), f"[certs] etcd/server serving cert is signed for DNS names [localhost {node}] and IPs [{ip} 127.0.0.1 ::1]\n",
            gen("etcd/peer"), f"[certs] etcd/peer serving cert is signed for DNS names [localhost {node}] and IPs [{ip} 127.0.0.1 ::1]\n",
            gen("etcd/healthcheck-client"), gen("apiserver-etcd-client"), gen("sa", "key and public key")]


def kubeconfig(ca: pki.Issued, server: str, client: pki.Issued | None, user: str = "kubernetes-admin") -> dict:
    b64 = lambda b: base64.b64encode(b).decode()
    cfg = {"apiVersion": "v1",
           "clusters": [{"cluster": {"certificate-authority-data": b64(ca.cert_pem), "server": server}, "name": "kubernetes"}],
           "contexts": [{"context": {"cluster": "kubernetes", "user": user}, "name": f"{user}@kubernetes"}],
           "current-context": f"{user}@kubernetes", "kind": "Config", "preferences": {}, "users": []}
    if client is None:           # cluster-info: only the cluster, no user
        cfg.update({"contexts": [], "current-context": ""})
    else:
        cfg["users"] = [{"name": user, "user": {"client-certificate-data": b64(client.cert_pem),
                                                "client-key-data": b64(client.key_pem)}}]
    return cfg


def _write_pki(m: Machine, ca: pki.Issued, admin: pki.Issued, ip: str) -> None:
    m.dirs |= {"/etc/kubernetes/pki", "/etc/kubernetes/manifests", "/var/lib/kubelet", "/etc/cni", "/etc/cni/net.d"}
    m.files["/etc/kubernetes/pki/ca.crt"] = ca.cert_pem.decode()
    m.files["/etc/kubernetes/pki/ca.key"] = ca.key_pem.decode()
    text = yaml.safe_dump(kubeconfig(ca, f"https://{ip}:6443", admin), sort_keys=False)
    for f in ("admin.conf", "super-admin.conf"):
        m.files[f"/etc/kubernetes/{f}"] = text
        m.owners[f"/etc/kubernetes/{f}"] = "0:0"


def _node_pod_cidr(cluster) -> str:
    st = state(cluster)
    if not st.pod_cidr:
        return ""
    base = st.pod_cidr.split("/")[0].split(".")
    index = len(cluster.api.list("nodes", copy=False))
    return f"{base[0]}.{base[1]}.{index}.0/24"


def _register_node(cluster, m: Machine, control_plane: bool) -> None:
    """The kubelet registers its Node: NotReady (no CNI yet), tainted not-ready."""
    cidr = _node_pod_cidr(cluster)
    taints = [{"effect": "NoSchedule", "key": "node.kubernetes.io/not-ready"}]
    if control_plane:
        taints.insert(0, {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"})
    with cluster.api.acting_as("kubelet"):
        kubelet = cluster.add_node(m.name, m.ip, cidr or "10.88.0.0/16", control_plane=control_plane, taints=taints)
        kubelet.image_store = m.images
        kubelet.network_ready = lambda: CNI_FILE in m.files

        def spec(n):
            if not cidr:
                n["spec"].pop("podCIDR", None)
                n["spec"].pop("podCIDRs", None)
            n["metadata"]["annotations"]["kubeadm.alpha.kubernetes.io/cri-socket"] = "unix:///var/run/cri-dockerd.sock"

        def not_ready(n):
            n["status"]["nodeInfo"].update({"osImage": m.os_image, "kernelVersion": m.kernel})
            for cond in n["status"]["conditions"]:
                if cond["type"] == "Ready":
                    cond.update({"status": "False", "reason": "KubeletNotReady", "message": NOT_READY_MESSAGE})
        cluster.api.mutate("nodes", m.name, None, spec)
        cluster.api.mutate("nodes", m.name, None, not_ready, status=True)
    m.dirs |= {"/etc/cni", "/etc/cni/net.d", "/var/lib/kubelet"}


def _bootstrap_control_plane(cluster, m: Machine, repo: str, pods: list) -> None:
    api = cluster.api
    with api.acting_as("kube-apiserver"):
        for ns in ("default", "kube-node-lease", "kube-public", "kube-system"):
            if api.peek("namespaces", ns) is None:
                api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        svc = minikube.kubernetes_service(m.ip)
        svc["spec"]["ports"][0]["targetPort"] = 6443
        api.create(svc)
        _register_node(cluster, m, control_plane=True)
    with api.acting_as("kubelet"):                   # mirror pods of the static pods
        node = api.get("nodes", m.name)
        for p in pods:
            api.create(minikube.as_mirror(p, node, cluster.clock.timestamp()))
    with api.acting_as("kubeadm"):
        d = minikube.coredns_deployment(2, repo)
        if repo != DEFAULT_REPOSITORY:
            d["spec"]["template"]["spec"]["containers"][0]["image"] = f"{repo}/coredns:v1.11.3"
        api.create(d)
        api.create(minikube.kube_dns_service())
        api.create(minikube.kube_proxy_daemonset(repo))
        for name, data in (("kubeadm-config", {"ClusterConfiguration": yaml.safe_dump(_cluster_configuration(repo, state(cluster).pod_cidr))}),
                           ("kubelet-config", {"kubelet": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\nfailSwapOn: true\n"})):
            api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "kube-system"}, "data": data})
        st = state(cluster)
        info = yaml.safe_dump(kubeconfig(st.ca, f"https://{m.ip}:6443", None), sort_keys=False)
        api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cluster-info", "namespace": "kube-public"},
                    "data": {"kubeconfig": info}})


def _cluster_configuration(repo: str, cidr: str) -> dict:
    net = {"dnsDomain": "cluster.local", "serviceSubnet": "10.96.0.0/12"}
    if cidr:
        net["podSubnet"] = cidr
    return {"apiVersion": "kubeadm.k8s.io/v1beta4", "kind": "ClusterConfiguration", "certificatesDir": "/etc/kubernetes/pki",
            "clusterName": "kubernetes", "imageRepository": repo, "kubernetesVersion": VERSION, "networking": net}


def jws(payload: str, token: str) -> str:
    """The detached JWS (HS256, key = the whole token) the bootstrap signer puts in cluster-info."""
    tid, _, _ = token.partition(".")
    enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    header = enc(json.dumps({"alg": "HS256", "kid": tid}, separators=(",", ":")).encode())
    signing_input = f"{header}.{enc(payload.encode())}".encode()
    sig = enc(hmac.new(token.encode(), signing_input, hashlib.sha256).digest())
    return f"{header}..{sig}"


def _create_token(cluster, token: str) -> None:
    tid, _, secret = token.partition(".")
    api = cluster.api
    with api.acting_as("kubeadm"):
        b = lambda s: base64.b64encode(s.encode()).decode()
        api.create({"apiVersion": "v1", "kind": "Secret", "type": "bootstrap.kubernetes.io/token",
                    "metadata": {"name": f"bootstrap-token-{tid}", "namespace": "kube-system"},
                    "data": {"auth-extra-groups": b("system:bootstrappers:kubeadm:default-node-token"),
                             "expiration": b(cluster.clock.timestamp(cluster.now + 86400)),
                             "token-id": b(tid), "token-secret": b(secret),
                             "usage-bootstrap-authentication": b("true"), "usage-bootstrap-signing": b("true")}})
    # the bootstrap signer (a controller-manager controller) signs cluster-info for the new token
    with api.acting_as("bootstrapsigner-controller"):
        api.mutate("configmaps", "cluster-info", "kube-public",
                   lambda cm: cm["data"].__setitem__(f"jws-kubeconfig-{tid}", jws(cm["data"]["kubeconfig"], token)))


def token_create(cluster, m: Machine, print_join: bool) -> Result:
    st = state(cluster)
    if st.control_plane is not m:
        return Result("", 'failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory\n' + STACK, 1)
    token = pki.new_token(cluster.rng)
    _create_token(cluster, token)
    return Result((join_command(cluster, token) if print_join else token).replace(" \\\n\t", " ") + "\n")


def join(cluster, m: Machine, endpoint: str, opts: dict) -> Result:
    socket, err = preflight.choose_socket(m, opts.get("cri-socket", ""))
    if err:
        return Result("", err + STACK, 1)
    cri_error = preflight.connect_error(m, socket)
    klog = f"{preflight.KLOG_PREFIX}[preflight] WARNING: Couldn't create the interface used for talking to the container runtime: {cri_error}\n" if cri_error else ""
    return _with_klog(klog, _join(cluster, m, endpoint, opts, cri_error))


def _join(cluster, m: Machine, endpoint: str, opts: dict, cri_error: str) -> Result:
    st = state(cluster)
    out = ["[preflight] Running pre-flight checks\n"]
    token = opts.get("token", opts.get("discovery-token", ""))
    if not TOKEN_RE.match(token):
        form = '"^([a-z0-9]{6})\\\\.([a-z0-9]{16})$"'
        msg = (f'[discovery.bootstrapToken.token: Invalid value: "{token}": the bootstrap token "{token}" was not of the '
               f'form {form}, discovery.tlsBootstrapToken: Invalid value: "{token}": the bootstrap token "{token}" was not '
               f'of the form {form}]\n')
        return Result("", msg + STACK, 1)
    if m.swap:
        out.append(SWAP_WARNING)
    ignore = {x.strip().lower() for x in opts.get("ignore-preflight-errors", "").split(",") if x.strip()}
    errors: list[str] = []

    def check(name: str, message: str) -> None:
        if name.lower() in ignore or "all" in ignore:
            out.append(f"\t[WARNING {name}]: {message}\n")
        else:
            errors.append(f"{name}]: {message}")

    _system_verification(m, out, check)
    if m.role:
        errors += ["FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists",
                   "Port-10250]: Port 10250 is in use"]
    if errors:
        return _preflight_fail(out, errors)
    fail = lambda why: Result("".join(out), f"error execution phase preflight: couldn't validate the identity of the API Server: {why}\n" + STACK, 1)
    host = endpoint.rsplit(":", 1)[0]
    if st.control_plane is None or host != st.control_plane.ip:
        cluster.run(10)
        return fail(f'Get "https://{endpoint}/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s": '
                    f"dial tcp {endpoint}: connect: connection refused")
    info = cluster.api.get("configmaps", "cluster-info", "kube-public")
    tid = token.split(".")[0]
    signature = info["data"].get(f"jws-kubeconfig-{tid}")
    if signature is None:
        cluster.run(300)        # kubeadm keeps retrying until the discovery timeout
        return fail(f'could not find a JWS signature in the cluster-info ConfigMap for token ID "{tid}"')
    if not hmac.compare_digest(signature, jws(info["data"]["kubeconfig"], token)):
        return fail("failed to verify JWS signature of received cluster info object, can't trust this API Server")
    pins = [h.strip() for h in opts.get("discovery-token-ca-cert-hash", "").split(",") if h.strip()]
    if "discovery-token-unsafe-skip-ca-verification" not in opts:
        if not pins:
            return Result("".join(out), "discovery.bootstrapToken: Invalid value: \"\": using token-based discovery without "
                          "caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or "
                          "pass --discovery-token-unsafe-skip-ca-verification flag to continue\n" + STACK, 1)
        if st.ca.hash not in pins:
            return fail(f'cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "{st.ca.hash}" are pinned')
    out += ['[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n',
            "[preflight] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.\n",
            '[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"\n',
            '[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"\n',
            "[kubelet-start] Starting the kubelet\n",
            "[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s\n"]
    if m.swap or cri_error:
        m.kubelet_failed = "running with swap on is not supported" if m.swap else cri_error
        cluster.run(240)
        out.append(f"[kubelet-check] The kubelet is not healthy after {_duration(cluster.rng, 240)}\n")
        return Result("".join(out), "error execution phase kubelet-start: The HTTP call equal to 'curl -sSL "
                      "http://127.0.0.1:10248/healthz' returned error: Get \"http://127.0.0.1:10248/healthz\": dial tcp "
                      "127.0.0.1:10248: connect: connection refused\n" + STACK, 1)
    m.role = "worker"
    _register_node(cluster, m, control_plane=False)
    m.files["/etc/kubernetes/kubelet.conf"] = "(kubelet client kubeconfig)\n"
    m.files["/etc/kubernetes/pki/ca.crt"] = st.ca.cert_pem.decode()
    cluster.run(1)
    out += [f"[kubelet-check] The kubelet is healthy after {_duration(cluster.rng, 0.5)}\n",
            "[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n\n",
            "This node has joined the cluster:\n* Certificate signing request was sent to apiserver and a response was received.\n"
            "* The Kubelet was informed of the new secure connection details.\n\n"
            "Run 'kubectl get nodes' on the control-plane to see this node join the cluster.\n\n"]
    return Result("".join(out))


def reset(cluster, m: Machine) -> Result:
    """Undo init/join on this machine's files (the API objects of a failed init never existed)."""
    for f in [f for f in m.files if f.startswith(("/etc/kubernetes/", "/etc/cni/", "/var/lib/kubelet"))]:
        del m.files[f]
    m.role, m.kubelet_failed = "", ""
    return Result("[reset] Reading configuration from the cluster...\n[preflight] Running pre-flight checks\n"
                  "[reset] Stopping the kubelet service\n[reset] Unmounting mounted directories in \"/var/lib/kubelet\"\n"
                  "[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]\n"
                  "[reset] Deleting files: [/etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf "
                  "/etc/kubernetes/kubelet.conf /etc/kubernetes/bootstrap-kubelet.conf /etc/kubernetes/controller-manager.conf "
                  "/etc/kubernetes/scheduler.conf]\n\nThe reset process does not clean CNI configuration. To do so, you must "
                  "remove /etc/cni/net.d\n")
