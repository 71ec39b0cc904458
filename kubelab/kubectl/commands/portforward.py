"""kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT [...]

staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go and client-go's
tools/portforward (v1.32): the object names a pod (a bare name is a pod; for a
Deployment, ReplicaSet, Service ... one of the pods its selector matches), a
Service's ports are translated to the container ports they target, the pod
must be Running, and kubectl listens on 127.0.0.1 and [::1]:

    Forwarding from 127.0.0.1:8080 -> 80
    Forwarding from [::1]:8080 -> 80

A real ``kubectl port-forward`` then keeps running until Ctrl-C (or until its
pod goes away).  A notebook cell must end, so the kit's forward keeps running
*in the background*, as ``kubectl port-forward ... &`` would: requests from your
computer to ``localhost:8080`` (``cluster.curl("http://localhost:8080/")``) reach
the pod from then on, each carried by the ``pods/portforward`` subresource.

Simplification: when several pods match, kubectl picks the "most active" one
(``sort.Reverse(podutils.ActivePods)``); the kit uses the order ``kubectl logs``
uses, which agrees with it except in how restarts rank.
"""
from __future__ import annotations

from ...api.connect import PodPortForwardOptions
from ..cli import Command, CommandError, Ctx, Flag, register
from .logs import attachable_pod
from .wait import parse_duration

FLAGS = (Flag("address", kind="csv", default=["localhost"]), Flag("pod-running-timeout", default="1m0s"))
USAGE = "See 'kubectl port-forward -h' for help and examples"


def split_port(port: str) -> tuple[str, str]:
    """splitPort: "8080:80" -> ("8080", "80"); "80" -> ("80", "80")."""
    parts = port.split(":")
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], parts[0])


def container_port_by_name(pod: dict, name: str) -> int:
    """util.LookupContainerPortNumberByName."""
    for c in pod["spec"].get("containers") or []:
        for p in c.get("ports") or []:
            if p.get("name") == name:
                return int(p["containerPort"])
    raise CommandError(f"error: Pod '{pod['metadata']['name']}' does not have a named port '{name}'")


def target_port(svc: dict, pod: dict, port: int) -> int:
    """util.LookupContainerPortNumberByServicePort: the container port a Service port leads to."""
    for sp in (svc.get("spec") or {}).get("ports") or []:
        if sp.get("port") != port:
            continue
        target = sp.get("targetPort")
        if isinstance(target, str) and not target.isdigit():
            return container_port_by_name(pod, target)
        return int(target) if target not in (None, 0, "0") else port
    raise CommandError(f"error: Service {svc['metadata']['name']} does not have a service port {port}")


def translate(ports: list[str], pod: dict, svc: dict | None) -> list[tuple[int | None, int]]:
    """translateServicePortToTargetPort / convertPodNamedPortToNumber: (local, remote) pairs."""
    out = []
    for spec in ports:
        local, remote = split_port(spec)
        if remote == "":
            raise CommandError("error: remote port cannot be empty")
        if svc is not None:
            if remote.isdigit():
                number = int(remote)
            else:
                named = [p for p in svc["spec"].get("ports") or [] if p.get("name") == remote]
                if not named:
                    raise CommandError(f"error: Service '{svc['metadata']['name']}' does not have a named port '{remote}'")
                number = named[0]["port"]
                local = str(number) if local == remote else local
            container = target_port(svc, pod, number)
        else:
            container = int(remote) if remote.isdigit() else container_port_by_name(pod, remote)
            if local == remote and not remote.isdigit():
                local = str(container)
        if local and not local.isdigit():
            raise CommandError(f'error: Error parsing local port \'{local}\': strconv.ParseUint: parsing "{local}": '
                               "invalid syntax")
        out.append((int(local) if local else None, container))
    return out


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    if len(args) < 2:
        raise CommandError(f"error: TYPE/NAME and list of ports are required for port-forward\n{USAGE}")
    rt, obj, pod = attachable_pod(ctx, args[0], parse_duration(opts["pod-running-timeout"]))
    pod = ctx.api.get("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
    pairs = translate(args[1:], pod, obj if rt.kind == "Service" else None)
    phase = (pod.get("status") or {}).get("phase", "Pending")
    if phase != "Running":
        raise CommandError(f"error: unable to forward port because pod is not running. Current status={phase}")
    addresses = ["127.0.0.1", "::1"] if opts["address"] == ["localhost"] else \
        ["127.0.0.1" if a == "localhost" else a for a in opts["address"]]
    forwards = ctx.session.local_ports
    md = pod["metadata"]
    key = f"{md['namespace']}/{md['name']}"
    session = ctx.api.connect("pods", md["name"], md["namespace"], "portforward",
                              PodPortForwardOptions(ports=tuple(remote for _, remote in pairs)))
    listening = []
    for local, remote in pairs:
        if local is None:          # ":80": the kernel picks a free port
            local = next(p for p in range(ctx.session.rng.randrange(32768, 60000), 65536) if p not in forwards)
        if local in forwards:
            reasons = " ".join(f"unable to create listener: Error listen tcp{'6' if ':' in a else '4'} "
                               f"{_join(a, local)}: bind: address already in use" for a in addresses)
            ctx.eprint(f"Unable to listen on port {local}: Listeners failed to create with the following "
                       f"errors: [{reasons}]")
            continue
        forwards[local] = (key, remote, session)
        listening.append((local, remote))
        for a in addresses:
            ctx.print(f"Forwarding from {_join(a, local)} -> {remote}")
    if not listening:
        raise CommandError("error: unable to listen on any of the requested ports: ["
                           + " ".join(f"{{{local or 0} {remote}}}" for local, remote in pairs) + "]")


def _join(address: str, port: int) -> str:
    """net.JoinHostPort: IPv6 addresses in brackets."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


register(Command("port-forward", run, FLAGS))
