"""``kubectl describe service|endpoints`` (describe.go)."""
from __future__ import annotations

from kubelab.api.meta import Obj

from ..columns import format_labels
from .writer import (Related, Writer, annotations_multiline, describe_events, labels_multiline,
                     meta_of, render)


def _format_endpoint_slices(slices: list[Obj], port_name: str) -> str:
    """formatEndpointSlices for one service port: ready addresses, at most three shown."""
    if not slices:
        return "<none>"
    items: list[str] = []
    more, count, limit = False, 0, 3
    for s in slices:
        endpoints = s.get("endpoints") or []
        if not s.get("ports"):
            for e in endpoints:
                if len(items) == limit:
                    more = True
                if (e.get("conditions") or {}).get("ready") is False:
                    continue
                if not more:
                    items.append((e.get("addresses") or [""])[0])
                count += 1
            continue
        for p in s["ports"]:
            if p.get("name", "") != port_name:
                continue
            for e in endpoints:
                if len(items) == limit:
                    more = True
                if (e.get("conditions") or {}).get("ready") is False:
                    continue
                if not more:
                    addr = (e.get("addresses") or [""])[0]
                    host = f"[{addr}]" if ":" in addr else addr
                    items.append(f"{host}:{p.get('port')}")
                count += 1
    text = ",".join(items)
    return f"{text} + {count - limit} more..." if more else text


def describe_service(svc: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta, spec = meta_of(svc), svc.get("spec") or {}
    status = svc.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{spec.get('type', '')}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    ingress = (status.get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        parts = []
        for i in ingress:
            if i.get("ip"):
                parts.append(i["ip"] + (f" ({i['ipMode']})" if i.get("ipMode") else ""))
            else:
                parts.append(i.get("hostname", ""))
        w.write(0, f"LoadBalancer Ingress:\t{', '.join(parts)}\n")
    slices = related.endpoint_slices(svc)
    for p in spec.get("ports") or []:
        name = p.get("name") or "<unset>"
        proto = p.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{p.get('port')}/{proto}\n")
        w.write(0, f"TargetPort:\t{p.get('targetPort', p.get('port'))}/{proto}\n")
        if p.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{p['nodePort']}/{proto}\n")
        w.write(0, f"Endpoints:\t{_format_endpoint_slices(slices, p.get('name', ''))}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', '')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    describe_events(w, events, now)
    return render(w)


def describe_endpoints(ep: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    w = Writer()
    meta = meta_of(ep)
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Subsets:\n")
    for ss in ep.get("subsets") or []:
        addrs = ",".join(a.get("ip", "") for a in ss.get("addresses") or []) or "<none>"
        not_ready = ",".join(a.get("ip", "") for a in ss.get("notReadyAddresses") or []) or "<none>"
        w.write(1, f"Addresses:\t{addrs}\n")
        w.write(1, f"NotReadyAddresses:\t{not_ready}\n")
        if ss.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for p in ss["ports"]:
                w.write(2, f"{p.get('name') or '<unset>'}\t{p.get('port')}\t{p.get('protocol', 'TCP')}\n")
        w.write(0, "\n")
    describe_events(w, events, now)
    return render(w)
