"""One container's image pull, as a small sequence picture: the kubelet asks the
container runtime, the runtime asks each source in turn — the mirrors configured
for the image's registry, then the registry — and the answer comes back.

The times and the outcome are the pod's own Events (``Pulling``, ``Pulled``,
``Failed``, ``Container image … already present``); which sources the runtime
asked is its mirror configuration and the node's reachable registries, read with
the runtime's own rule (:func:`kubelab.apps.images.pull_sources`).

>>> import kubelab
>>> c = kubelab.Cluster(blocked_registries={"docker.io"},
...                     registry_mirrors={"docker.io": ["https://docker.m.daocloud.io"]})
>>> _ = c.kubectl("run web --image=nginx:1.27")
>>> _ = c.settle()
>>> [(s.src, s.dst, s.outcome) for s in pull_steps(c, "web")][:3]
[('kubelet', 'container runtime', ''), ('container runtime', 'docker.m.daocloud.io', ''), ('docker.m.daocloud.io', 'container runtime', 'ok')]
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from ..apps.catalog import ALIYUN
from ..apps.images import pull_sources
from ..clock import parse_timestamp
from ..i18n import Words
from . import style

#: every word the picture prints (one place, for translation)
WORDS = Words({
    "kubelet": "kubelet\n({node})", "runtime": "container\nruntime",
    "mirror": "mirror\n{host}", "registry": "registry\n{host}",
    "copy": "registry\n{host}\n(a copy of Google's images)",
    "pull": "PullImage {image}", "ask": "HEAD /v2/{path}/manifests/{tag}",
    "ok": "✓ the image", "blocked": "✗ no answer: i/o timeout", "not serving": "✗ does not serve {registry}",
    "pulled": "✓ pulled in {seconds}", "failed": "✗ ErrImagePull (back-off, then again)",
    "present": "already on the node: no pull",
    "title": "pod/{pod} pulls\n{image}",
})


@dataclass(frozen=True)
class Step:
    time: float
    src: str
    dst: str
    text: str
    outcome: str = ""          # ok / blocked / not serving, on a source's answer; pulled / failed at the end


def _events(cluster, pod: str, namespace: str) -> list[dict]:
    evs = [e for e in cluster.api.list("events", namespace, copy=False)
           if (e.get("involvedObject") or {}).get("name") == pod
           and e.get("reason") in ("Pulling", "Pulled", "Failed")]
    return sorted(evs, key=lambda e: (parse_timestamp(e.get("firstTimestamp") or e.get("lastTimestamp")),
                                      e["metadata"]["name"]))


def pull_steps(cluster, pod: str, namespace: str = "default") -> list[Step]:
    """The arrows, from the pod's first pull (or its 'already present' event)."""
    obj = cluster.api.get("pods", pod, namespace)
    node = obj["spec"].get("nodeName", "")
    out: list[Step] = []
    for ev in _events(cluster, pod, namespace):
        t = parse_timestamp(ev.get("firstTimestamp") or ev.get("lastTimestamp"))
        msg = ev.get("message") or ""
        image = msg.split('"')[1] if '"' in msg else ""
        if ev["reason"] == "Pulled" and "already present" in msg:
            return out + [Step(t, "kubelet", "kubelet", WORDS["present"], "present")]
        if ev["reason"] == "Pulling" and not out:
            out.append(Step(t, "kubelet", "container runtime", WORDS["pull"].format(image=image)))
            kubelet = cluster.kubelets.get(node) if hasattr(cluster, "kubelets") else None
            blocked = getattr(kubelet, "blocked_registries", None)
            blocked = cluster.blocked_registries if blocked is None else blocked
            from ..apps import reference as refs
            ref = refs.parse(image)
            for host, outcome in pull_sources(image, blocked, cluster.registry_mirrors):
                ask = WORDS["ask"].format(path=ref.path, tag=ref.tag or ref.digest)
                out.append(Step(t, "container runtime", host, ask))
                words = WORDS[outcome].format(registry=ref.domain)
                out.append(Step(t, host, "container runtime", words, outcome))
        elif ev["reason"] == "Pulled" and out:
            seconds = msg.split(" in ", 1)[1].split(" ", 1)[0] if " in " in msg else ""
            out.append(Step(t, "container runtime", "kubelet", WORDS["pulled"].format(seconds=seconds), "pulled"))
            break
        elif ev["reason"] == "Failed" and out and "ErrImagePull" not in msg:
            out.append(Step(t, "container runtime", "kubelet", WORDS["failed"], "failed"))
            break
    # the answers arrive when the runtime is done: a timeout after its wait, an image when pulled
    end = out[-1].time if out else 0.0
    return [Step(end, s.src, s.dst, s.text, s.outcome) if s.outcome in ("ok", "blocked") else s for s in out]


OUTCOME_COLOUR = {"ok": style.GREEN, "pulled": style.GREEN, "present": style.GREEN, "blocked": style.VERMILLION,
                  "not serving": style.VERMILLION, "failed": style.VERMILLION, "": style.BLUE}
LEFT, LANE_W, ROW_H, HEAD_H, PAD = 54, 200, 32, 58, 8


def pull_png(cluster, pod: str, namespace: str = "default", title: str | None = None) -> bytes:
    """The picture: lifelines for the kubelet, the runtime and each source asked; blue
    arrows ask, green answers bring the image, vermillion ones (dashed) say why not."""
    from PIL import Image, ImageDraw

    from .render import font
    P = style.px
    steps = pull_steps(cluster, pod, namespace)
    obj = cluster.api.get("pods", pod, namespace)
    node = obj["spec"].get("nodeName", "")
    image = (obj["spec"].get("containers") or [{}])[0].get("image", "")
    lanes = ["kubelet", "container runtime"] + [s.dst for s in steps if s.src == "container runtime"
                                                 and s.dst != "kubelet"]
    registry_host = lanes[-1] if len(lanes) > 2 else ""
    head = {"kubelet": WORDS["kubelet"].format(node=node), "container runtime": WORDS["runtime"]}
    for host in lanes[2:]:
        if host == registry_host and _is_registry(image, host):
            head[host] = (WORDS["copy"] if host in ALIYUN else WORDS["registry"]).format(host=host)
        else:
            head[host] = WORDS["mirror"].format(host=host)
    title = WORDS["title"].format(pod=pod, image=image) if title is None else title
    top = HEAD_H + (28 * (title.count("\n") + 1) if title else 0)
    top += 20 if any(h.count("\n") == 2 for h in head.values()) else 0      # a three-line heading
    lane_w = min(LANE_W, (style.MAX_WIDTH - LEFT - PAD) // len(lanes))
    width = LEFT + lane_w * len(lanes) + PAD
    height = top + ROW_H * (len(steps) + 1)
    im = Image.new("RGB", (P(width), P(height)), "white")
    d = ImageDraw.Draw(im)
    text = font(P(style.TEXT))
    x_of = {lane: LEFT + lane_w * i + lane_w // 2 for i, lane in enumerate(lanes)}
    if title:
        d.multiline_text((P(6), P(6)), title, font=font(P(style.TITLE)), fill=(0, 0, 0), spacing=P(6))
    for lane, x in x_of.items():
        d.multiline_text((P(x), P(top - 8)), head[lane], font=text, anchor="md", align="center", fill=(17, 17, 17),
                         spacing=P(2))
        for y in range(top - 4, height - 8, 8):
            d.line([(P(x), P(y)), (P(x), P(y + 4))], fill=(170, 170, 170), width=P(1))
    t0 = steps[0].time if steps else 0.0
    for i, s in enumerate(steps):
        y = top + ROW_H * (i + 1) - 6
        colour = style.rgb(OUTCOME_COLOUR.get(s.outcome, style.BLUE))
        d.text((P(4), P(y - 6)), f"+{s.time - t0:.0f}s", font=text, anchor="lm", fill=(90, 90, 90))
        x0, x1 = x_of[s.src], x_of[s.dst]
        if x0 == x1:
            d.line([(P(x0), P(y - 4)), (P(x0 + 18), P(y - 4)), (P(x0 + 18), P(y + 4)), (P(x0 + 4), P(y + 4))],
                   fill=colour, width=P(2))
            x1 = x0 + 24
        else:
            step = 1 if x1 > x0 else -1
            if s.outcome in ("blocked", "not serving", "failed"):          # a dashed arrow: no image
                for xs in range(x0, x1 - 10 * step, 10 * step):
                    d.line([(P(xs), P(y)), (P(xs + 6 * step), P(y))], fill=colour, width=P(2))
            else:
                d.line([(P(x0), P(y)), (P(x1 - 8 * step), P(y))], fill=colour, width=P(2))
            d.polygon([(P(x1), P(y)), (P(x1 - 10 * step), P(y - 5)), (P(x1 - 10 * step), P(y + 5))], fill=colour)
        length = d.textlength(s.text, font=text)
        tx = min(P(min(x0, x1) + 6), P(width - PAD) - length)
        box = d.textbbox((tx, P(y - 12)), s.text, font=text, anchor="lm")
        d.rectangle((box[0] - P(2), box[1] - P(1), box[2] + P(2), box[3]), fill="white")
        d.text((tx, P(y - 12)), s.text, font=text, anchor="lm", fill=colour)
    buf = io.BytesIO()
    im.save(buf, format="PNG", compress_level=6, dpi=(72 * style.SCALE, 72 * style.SCALE))
    return buf.getvalue()


def _is_registry(image: str, host: str) -> bool:
    from ..apps import reference as refs
    domain = refs.parse(image).domain
    return host in (domain, "registry-1.docker.io" if domain == "docker.io" else domain)


def show_pull(cluster, pod: str, namespace: str = "default", title: str | None = None) -> None:
    """Display the pull picture in a notebook."""
    style.display_png(pull_png(cluster, pod, namespace, title))
