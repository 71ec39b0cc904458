"""``apt-get`` / ``apt`` in the Debian-based images, as the kubernetes.io pages type them
("Get a Shell to a Running Container": ``apt-get update``, ``apt-get install -y
procps``, then ``ps aux``; "Configure a Pod to Use a PersistentVolume": ``apt
update``, ``apt install curl``).

A Debian image ships with no package lists, so ``install`` before ``update`` cannot
find anything (``E: Unable to locate package``).  ``update`` fetches the lists from
deb.debian.org, which the kit's small simulated internet serves
(:mod:`kubelab.network.internet`) as a real cluster's pods reach it through the
node's egress; when the pod cannot reach it (cluster DNS down, a name that does not
resolve) apt says what a pod without egress sees.  Installing a package puts its
programs in ``/usr/bin``; those the kit models (``ps`` from procps, ``curl``,
``wget``...) then run, others answer that they are not simulated.

Packages are installed alone (their dependencies are not listed), at the versions
of Debian 12 "bookworm", the base of the images' current tags.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Callable, Mapping

from kubelab.clock import EPOCH

MIRROR = "http://deb.debian.org"
#: the index files ``apt-get update`` fetches (the bookworm images' debian.sources)
INDEXES = (("debian", "bookworm", "InRelease", "151 kB"),
           ("debian", "bookworm-updates", "InRelease", "55.4 kB"),
           ("debian-security", "bookworm-security", "InRelease", "48.0 kB"),
           ("debian", "bookworm/main", "amd64 Packages", "8792 kB"),
           ("debian", "bookworm-updates/main", "amd64 Packages", "13.5 kB"),
           ("debian-security", "bookworm-security/main", "amd64 Packages", "245 kB"))
LISTS = "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease"
#: what a program installed by apt holds (the shell runs the kit's model of it)
MARK = "\x7fELF (installed by apt: "


@dataclass(frozen=True)
class Package:
    version: str
    size_kb: int                      # the .deb
    installed_kb: int
    programs: tuple[str, ...]


PACKAGES = {
    "procps": Package("2:4.0.2-3", 709, 2235, ("ps", "top", "free", "pgrep", "pkill", "pidof", "uptime",
                                                 "vmstat", "w", "watch")),
    "curl": Package("7.88.1-10+deb12u8", 315, 500, ("curl",)),
    "wget": Package("1.21.3-1+b2", 984, 3694, ("wget",)),
    "dnsutils": Package("1:9.18.28-1~deb12u2", 10, 40, ("dig", "nslookup", "nsupdate")),
    "bind9-dnsutils": Package("1:9.18.28-1~deb12u2", 403, 1163, ("dig", "nslookup", "nsupdate")),
    "iputils-ping": Package("3:20221126-1", 47, 119, ("ping",)),
    "net-tools": Package("2.10-0.1", 243, 1004, ("netstat", "ifconfig", "route", "arp")),
    "iproute2": Package("6.1.0-3", 1046, 3406, ("ip", "ss", "tc")),
    "lsof": Package("4.95.0-1", 318, 495, ("lsof",)),
    "tcpdump": Package("4.99.3-1", 486, 1373, ("tcpdump",)),
    "vim": Package("2:9.0.1378-2", 1567, 3898, ("vim", "vi")),
    "nano": Package("7.2-1+deb12u1", 690, 2794, ("nano",)),
    "less": Package("590-2.1~deb12u2", 132, 287, ("less",)),
    "telnet": Package("0.17+2.4-2+deb12u1", 57, 163, ("telnet",)),
    "netcat-openbsd": Package("1.219-1", 41, 109, ("nc", "netcat")),
    "jq": Package("1.6-2.1", 64, 102, ("jq",)),
    "htop": Package("3.2.2-2", 152, 390, ("htop",)),
    "redis-tools": Package("5:7.0.15-1~deb12u1", 1018, 4711, ("redis-cli",)),
}


def installed(ctx, name: str, programs: Mapping[str, Callable], missing: Callable) -> Callable | None:
    """The kit's model of a program apt installed in this container (from ``programs``,
    else ``missing``), or None when apt did not install it."""
    base = name.rsplit("/", 1)[-1]
    text = ctx.fs.read(f"/usr/bin/{base}") if getattr(ctx, "fs", None) is not None else None
    if not text or not text.startswith(MARK):
        return None
    return programs.get(base, missing)


def apt_get(sh, argv, io):
    """``apt-get`` and ``apt``: ``update`` and ``install [-y] PKG...``."""
    apt = argv[0].rsplit("/", 1)[-1] == "apt"
    words = [a for a in argv[1:] if not a.startswith("-")]
    if apt and not sh.tty:
        io.err.write("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n")
    if not words:
        io.err.write("E: No operation specified\n" if not apt else "apt 2.6.1 (amd64)\n")
        return 100 if not apt else 1
    verb, pkgs = words[0], words[1:]
    if verb == "update":
        return _update(sh, io, apt)
    if verb == "install":
        return _install(sh, io, pkgs)
    io.err.write(f"E: Invalid operation {verb}\n")
    return 100


def _done(sh, text: str) -> str:
    """apt's progress lines: "... Done" on a terminal, the bare line in a pipe."""
    return f"{text} Done\n" if sh.tty else f"{text}\n"


def _update(sh, io, apt: bool) -> int:
    resp = sh.ctx.http(f"{MIRROR}/debian/dists/bookworm/InRelease")
    if resp is None or resp.status != 200:
        return _no_network(sh, io, resp)
    for n, (repo, suite, what, size) in enumerate(INDEXES, 1):
        io.out.write(f"Get:{n} {MIRROR}/{repo} {suite} {what} [{size}]\n")
    io.out.write("Fetched 9305 kB in 1s (6824 kB/s)\n" + _done(sh, "Reading package lists..."))
    if apt:
        io.out.write(_done(sh, "Building dependency tree...") + _done(sh, "Reading state information...")
                     + "All packages are up to date.\n")
    sh.ctx.fs.write(LISTS, "bookworm\n")
    return 0


def _no_network(sh, io, resp) -> int:
    """What a pod that cannot reach deb.debian.org prints (no DNS answer, no route)."""
    reason = ("Temporary failure resolving 'deb.debian.org'" if resp is None
              else "Could not connect to deb.debian.org:80 (151.101.2.132), connection timed out")
    for n, (repo, suite, what, _) in enumerate(INDEXES[:3], 1):
        io.out.write(f"Ign:{n} {MIRROR}/{repo} {suite} {what}\n")
    for n, (repo, suite, what, _) in enumerate(INDEXES[:3], 1):
        io.out.write(f"Err:{n} {MIRROR}/{repo} {suite} {what}\n  {reason}\n")
    io.out.write(_done(sh, "Reading package lists..."))
    for repo, suite, _, _ in INDEXES[:3]:
        io.err.write(f"W: Failed to fetch {MIRROR}/{repo}/dists/{suite}/InRelease  {reason}\n")
    io.err.write("W: Some index files failed to download. They have been ignored, or old ones used instead.\n")
    return 0


def _install(sh, io, pkgs: list[str]) -> int:
    io.out.write(_done(sh, "Reading package lists...") + _done(sh, "Building dependency tree...")
                 + _done(sh, "Reading state information..."))
    if not pkgs:
        io.out.write("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    fs = sh.ctx.fs
    lists = fs.read(LISTS) is not None
    for p in pkgs:
        if not lists or p not in PACKAGES:
            io.err.write(f"E: Unable to locate package {p}\n")
            return 100
    present = [p for p in pkgs if sh.commands.get(PACKAGES[p].programs[0])]
    new = [p for p in pkgs if p not in present]
    for p in present:
        io.out.write(f"{p} is already the newest version ({PACKAGES[p].version}).\n")
    if new:
        io.out.write("The following NEW packages will be installed:\n  " + " ".join(sorted(new)) + "\n")
    io.out.write(f"0 upgraded, {len(new)} newly installed, 0 to remove and 0 not upgraded.\n")
    if not new:
        return 0
    size = sum(PACKAGES[p].size_kb for p in new)
    disk = sum(PACKAGES[p].installed_kb for p in new)
    io.out.write(f"Need to get {size} kB of archives.\nAfter this operation, {disk} kB of additional disk space "
                 f"will be used.\n")
    for n, p in enumerate(sorted(new), 1):
        pkg = PACKAGES[p]
        io.out.write(f"Get:{n} {MIRROR}/debian bookworm/main amd64 {p} amd64 {pkg.version} [{pkg.size_kb} kB]\n")
    io.err.write("debconf: delaying package configuration, since apt-utils is not installed\n")
    io.out.write(f"Fetched {size} kB in 0s ({size * 10} kB/s)\n")
    for k, p in enumerate(sorted(new)):
        pkg = PACKAGES[p]
        deb = pkg.version.replace(":", "%3a")
        io.out.write(f"Selecting previously unselected package {p}.\n")
        if k == 0:
            io.out.write("(Reading database ... 7580 files and directories currently installed.)\n")
        io.out.write(f"Preparing to unpack .../{p}_{deb}_amd64.deb ...\nUnpacking {p} ({pkg.version}) ...\n")
    for p in sorted(new):
        for prog in PACKAGES[p].programs:
            fs.write(f"/usr/bin/{prog}", f"{MARK}{p})\n")
        io.out.write(f"Setting up {p} ({PACKAGES[p].version}) ...\n")
    return 0


# ---------------------------------------------------------------- ps (procps)
def ps(sh, argv, io):
    """procps-ng's ``ps``: the container's process (PID 1), the shell it runs in, itself;
    ``ps aux`` and ``ps -ef`` list them all, bare ``ps`` those of this terminal."""
    opts = "".join(a.lstrip("-") for a in argv[1:])
    args = list(getattr(sh.ctx, "args", []) or ["sh"])
    started = EPOCH + timedelta(seconds=getattr(sh.ctx, "started_at", None) or sh.ctx.now())
    now = EPOCH + timedelta(seconds=sh.ctx.now())
    tty = "pts/0" if sh.tty else "?"
    procs = [("root", 1, 0, " ".join(args), "?", "Ss", started)]
    if args[0].rsplit("/", 1)[-1] == "nginx":               # the master renames itself; a worker per CPU
        procs = [("root", 1, 0, "nginx: master process " + " ".join(args), "?", "Ss", started),
                 ("nginx", 29, 1, "nginx: worker process", "?", "S", started),
                 ("nginx", 30, 1, "nginx: worker process", "?", "S", started)]
    if sh.session:                                          # kubectl exec -it POD -- bash, then ps
        procs += [("root", 31, 0, sh.flavour.name, tty, "Ss", now), ("root", 38, 31, " ".join(argv), tty, "R+", now)]
    else:                                                   # kubectl exec POD -- ps: ps alone
        procs += [("root", 31, 0, " ".join(argv), tty, "Rs+" if sh.tty else "Rs", now)]
    if "e" in opts or "A" in opts:
        io.out.write("UID          PID    PPID  C STIME TTY          TIME CMD\n")
        for user, pid, ppid, cmd, t, _, start in procs:
            io.out.write(f"{user:<8} {pid:7d} {ppid:7d}  0 {start:%H:%M} {t:<8} 00:00:00 {cmd}\n")
    elif "a" in opts or "x" in opts:
        io.out.write("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
        for user, pid, _, cmd, t, stat, start in procs:
            vsz, rss = (11404, 7296) if pid == 1 else (11868, 2916) if pid < 31 else (4188, 3436)
            io.out.write(f"{user:<8} {pid:7d}  0.0  0.0 {vsz:6d} {rss:5d} {t:<8} {stat:<4} {start:%H:%M}   0:00 {cmd}\n")
    else:
        io.out.write("    PID TTY          TIME CMD\n")
        for _, pid, _, cmd, t, _, _ in procs[-2 if sh.session else -1:]:
            io.out.write(f"{pid:7d} {t:<8} 00:00:00 {cmd.split()[0].rsplit('/', 1)[-1]}\n")
    return 0
