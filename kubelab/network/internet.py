"""A very small simulated internet: the outside addresses kubernetes.io pages use.

A pod's request for a name that is not in the cluster's zone goes from CoreDNS to
the node's upstream resolver; these few names resolve and answer with a small page
(``wget -O /work-dir/index.html http://info.cern.ch`` in the init-containers task),
and the Debian mirror the images' ``apt-get update`` reads.
Every other outside name does not resolve (busybox ``wget: bad address 'NAME'``),
and every other outside address does not answer (the connection times out), as
in a cluster without egress.  Nothing here touches the real network.

>>> lookup("info.cern.ch"), lookup("no-such-host.example")
('188.184.67.127', None)
>>> page = fetch("188.184.67.127", 80, "/")
>>> page.status, len(page.body.encode())
(200, 646)
"""
from __future__ import annotations

from dataclasses import dataclass, field

INFO_CERN = """<html><head></head><body><header>
<title>http://info.cern.ch</title>
</header>

<h1>http://info.cern.ch - home of the first website</h1>
<p>From here you can:</p>
<ul>
<li><a href="http://info.cern.ch/hypertext/WWW/TheProject.html">Browse the first website</a></li>
<li><a href="http://line-mode.cern.ch/www/hypertext/WWW/TheProject.html">Browse the first website using the line-mode browser simulator</a></li>
<li><a href="http://home.web.cern.ch/topics/birth-web">Learn about the birth of the web</a></li>
<li><a href="http://home.web.cern.ch/about">Learn about CERN, the physics laboratory where the web was born</a></li>
</ul>
</body></html>
"""

EXAMPLE_DOMAIN = """<!doctype html>
<html>
<head>
    <title>Example Domain</title>
</head>

<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in illustrative examples in documents. You may use this
    domain in literature without prior coordination or asking for permission.</p>
    <p><a href="https://www.iana.org/domains/example">More information...</a></p>
</div>
</body>
</html>
"""

KUBERNETES_IO = """<!doctype html><html lang=en class=no-js><head><title>Kubernetes</title>
<meta name=description content="Production-Grade Container Orchestration"></head>
<body><h1>Production-Grade Container Orchestration</h1>
<p>Kubernetes, also known as K8s, is an open source system for automating deployment, scaling, and management of containerized applications.</p>
</body></html>
"""

DEBIAN_RELEASE = """-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA256

Origin: Debian
Label: Debian
Suite: {suite}
Architectures: all amd64 arm64 armel armhf i386 mips64el mipsel ppc64el s390x
Components: main contrib non-free-firmware non-free
"""


@dataclass(frozen=True)
class Site:
    """One outside web server: its address and its pages (path -> HTML)."""
    names: tuple[str, ...]
    ip: str
    pages: dict[str, str] = field(default_factory=dict)
    server: str = "Apache"
    redirect_to: str = ""          # a plain-HTTP site that only sends you to HTTPS


@dataclass
class Page:
    status: int
    body: str
    headers: dict[str, str]


SITES = (
    Site(("info.cern.ch",), "188.184.67.127", {"/": INFO_CERN}),
    Site(("example.com", "www.example.com"), "93.184.215.14", {"/": EXAMPLE_DOMAIN}, server="ECAcc (lac/55B8)"),
    Site(("kubernetes.io", "www.kubernetes.io", "k8s.io"), "147.75.40.148", {"/": KUBERNETES_IO}, server="Netlify"),
    # the Debian mirror the images' apt-get reads (kubelab.apps.apt): its release files
    Site(("deb.debian.org",), "151.101.2.132", {f"/{repo}/dists/{suite}/InRelease": DEBIAN_RELEASE.format(suite=suite)
                                                for repo, suite in (("debian", "bookworm"),
                                                                    ("debian", "bookworm-updates"),
                                                                    ("debian-security", "bookworm-security"))},
         server="Apache"),
)
_BY_NAME = {name: site for site in SITES for name in site.names}
_BY_IP = {site.ip: site for site in SITES}


def lookup(name: str) -> str | None:
    """The address an outside name resolves to, or None (NXDOMAIN)."""
    site = _BY_NAME.get(name.lower().rstrip("."))
    return site.ip if site else None


def is_outside(ip: str) -> bool:
    """Whether an address belongs to the simulated internet."""
    return ip in _BY_IP


def fetch(ip: str, port: int, path: str, method: str = "GET") -> Page | None:
    """What the outside server at ``ip`` answers (None: nothing listens on that port)."""
    site = _BY_IP.get(ip)
    if site is None or port not in (80, 443):
        return None
    body = site.pages.get(path.split("?", 1)[0])
    if body is None:
        body = ("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n"
                "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
                "</body></html>\n")
        return Page(404, "" if method == "HEAD" else body, {"Server": site.server, "Content-Type": "text/html"})
    return Page(200, "" if method == "HEAD" else body, {"Server": site.server, "Content-Type": "text/html",
                                                        "Content-Length": str(len(body.encode()))})
