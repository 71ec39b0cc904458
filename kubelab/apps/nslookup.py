"""``nslookup`` in its three layouts: the kubernetes.io pages show busybox 1.28's.

* busybox up to 1.28 (:func:`busybox_128`) asks the C library (getaddrinfo, which
  follows the search list) and prints ``Server:``/``Address 1:`` then
  ``Name:``/``Address 1:``; a name that does not resolve is
  ``nslookup: can't resolve 'NAME'`` on stderr.
* busybox 1.29 and later (:func:`busybox`, LEDE's rewrite in networking/nslookup.c)
  sends its own A and AAAA queries to the first ``nameserver`` of /etc/resolv.conf,
  one per ``search`` domain only when the name has no dot, and prints every reply
  as it comes: ``Name:\\tFQDN``/``Address: IP`` for an answer, ``** server can't find
  FQDN: NXDOMAIN`` for a name that does not exist, an empty line for an empty
  (AAAA) answer.  Any NXDOMAIN makes the exit status 1, which is why ``nslookup
  kubernetes.default`` fails in a pod with a recent busybox (the pages pin 1.28).
* BIND 9's (:func:`bind`, Debian's dnsutils) follows the search list with
  ``ndots`` and prints the first name that answers.

The answers come from the pod's resolver (``ctx.lookup``: CoreDNS, then the small
simulated internet); names under the cluster domain are CoreDNS's own
(authoritative), others are forwarded ("Non-authoritative answer:").
"""
from __future__ import annotations

import re

USAGE_128 = "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n"
USAGE = ("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] "
         "[-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n")
TIMED_OUT = ";; connection timed out; no servers could be reached\n\n"
_IP = re.compile(r"^\d+\.\d+\.\d+\.\d+$")


def _resolv(sh) -> tuple[str, list[str], int]:
    """The first nameserver, the search domains and ndots of the container's /etc/resolv.conf."""
    server, search, ndots = "", [], 1
    for line in (sh.ctx.fs.read("/etc/resolv.conf") or "").splitlines():
        words = line.split()
        if words[:1] == ["nameserver"] and len(words) > 1 and not server:
            server = words[1]
        elif words[:1] in (["search"], ["domain"]):
            search = words[1:]
        elif words[:1] == ["options"]:
            ndots = next((int(w[6:]) for w in words[1:] if w.startswith("ndots:") and w[6:].isdigit()), ndots)
    return server, search, ndots


def _query(sh, fqdn: str):
    """One absolute name: None when no server answers, else the list of addresses
    (empty: NXDOMAIN)."""
    found = sh.ctx.lookup(fqdn.rstrip(".") + ".")
    return None if found is None else [ip for ip, _ in found[2]]


def _authoritative(fqdn: str) -> bool:
    return fqdn.rstrip(".").endswith(".cluster.local")


def _names(argv: list[str]) -> tuple[list[str], list[str]]:
    opts = [a for a in argv[1:] if a.startswith("-")]
    return [a for a in argv[1:] if not a.startswith("-")], opts


# ------------------------------------------------------------ busybox <= 1.28
def busybox_128(sh, argv, io):
    """busybox 1.28's nslookup, as the kubernetes.io pages show it."""
    names, _ = _names(argv)
    if not names:
        io.err.write(USAGE_128)
        return 1
    name = names[0]
    found = sh.ctx.lookup(name)
    if found is None:                       # no name server answers
        io.out.write("Server:    10.96.0.10\nAddress 1: 10.96.0.10\n\n")
        io.err.write(f"nslookup: can't resolve '{name}'\n")
        return 1
    server_ip, server_name, answers = found
    io.out.write(f"Server:    {server_ip}\nAddress 1: {server_ip} {server_name}\n\n")
    if not answers:
        io.err.write(f"nslookup: can't resolve '{name}'\n")
        return 1
    io.out.write(f"Name:      {name}\n")
    for k, (ip, ptr) in enumerate(answers, 1):
        io.out.write(f"Address {k}: {ip}{' ' + ptr if ptr else ''}\n")
    return 0


# ------------------------------------------------------------ busybox >= 1.29
def busybox(sh, argv, io):
    """busybox 1.29+'s nslookup: A then AAAA queries, each reply printed."""
    names, _ = _names(argv)
    if not names or len(names) > 2:
        io.err.write(USAGE)
        return 1
    name = names[0]
    server, search, _ = _resolv(sh)
    server = names[1] if len(names) > 1 else (server or "127.0.0.1")
    fqdns = [name] if "." in name or not search or _IP.match(name) else [f"{name}.{d}" for d in search]
    queries = [("A", f) for f in fqdns] + [("AAAA", f) for f in fqdns]
    out, status = [f"Server:\t\t{server}\nAddress:\t{server}:53\n\n"], 0
    for qtype, fqdn in queries:
        ips = _query(sh, fqdn)
        if ips is None:
            io.out.write(TIMED_OUT)
            return 1
        if not ips:
            out.append(f"** server can't find {fqdn}: NXDOMAIN\n\n")
            status = 1
            continue
        head = "" if _authoritative(fqdn) else "Non-authoritative answer:\n"
        if qtype == "A":
            out.append(head + "".join(f"Name:\t{fqdn}\nAddress: {ip}\n" for ip in ips) + "\n")
        else:                               # the cluster and the simulated internet have no IPv6
            out.append(head + "\n")
    io.out.write("".join(out))
    return status


# ------------------------------------------------------------ BIND 9 (dnsutils)
def bind(sh, argv, io):
    """BIND 9.18's nslookup: the search list with ndots, the first name that answers."""
    names, _ = _names(argv)
    if not names:
        io.err.write("Usage: nslookup [-opt ...]             # interactive mode using default server\n")
        return 1
    name = names[0]
    server, search, ndots = _resolv(sh)
    server = names[1] if len(names) > 1 else (server or "127.0.0.1")
    if name.endswith("."):
        tries = [name.rstrip(".")]
    else:
        expanded = [f"{name}.{d}" for d in search]
        tries = [name] + expanded if name.count(".") >= ndots else expanded + [name]
    for fqdn in tries:
        ips = _query(sh, fqdn)
        if ips is None:
            io.out.write(TIMED_OUT)
            return 1
        if ips:
            head = "" if _authoritative(fqdn) else "Non-authoritative answer:\n"
            io.out.write(f"Server:\t\t{server}\nAddress:\t{server}#53\n\n{head}"
                         + "".join(f"Name:\t{fqdn}\nAddress: {ip}\n" for ip in ips) + "\n")
            return 0
    io.out.write(f"Server:\t\t{server}\nAddress:\t{server}#53\n\n** server can't find {name}: NXDOMAIN\n\n")
    return 1
