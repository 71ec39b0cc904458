"""apt-get in the Debian-based images (kubelab.apps.apt): the package lists come from
deb.debian.org through the pod's DNS and egress; without them nothing installs."""
import kubelab


def cluster():
    c = kubelab.Cluster()
    c.kubectl("run deb --image=debian -- sleep infinity")
    c.settle()
    return c


def test_install_needs_the_lists_first():
    c = cluster()
    r = c.kubectl("exec deb -- apt-get install -y procps")
    assert r.stdout == "Reading package lists...\nBuilding dependency tree...\nReading state information...\n"
    assert r.stderr.startswith("E: Unable to locate package procps\n") and r.returncode == 100
    c.kubectl("exec deb -- apt-get update")
    r = c.kubectl("exec deb -- apt-get install -y no-such-package")
    assert r.stderr.startswith("E: Unable to locate package no-such-package\n")
    assert c.kubectl("exec deb -- apt-get install -y procps").returncode == 0
    assert c.kubectl("exec deb -- ps").stdout == "    PID TTY          TIME CMD\n     31 ?        00:00:00 ps\n"
    # another container of the same image has its own filesystem: no ps there
    c.kubectl("run deb2 --image=debian -- sleep infinity")
    c.settle()
    assert c.kubectl("exec deb2 -- ps").returncode != 0


def test_a_pod_that_cannot_resolve_the_mirror_gets_apts_failure():
    c = cluster()
    c.kubectl("scale deployment coredns -n kube-system --replicas=0")
    c.settle()
    r = c.kubectl("exec deb -- apt-get update")
    assert r.stdout.splitlines()[:4] == ["Ign:1 http://deb.debian.org/debian bookworm InRelease",
                                         "Ign:2 http://deb.debian.org/debian bookworm-updates InRelease",
                                         "Ign:3 http://deb.debian.org/debian-security bookworm-security InRelease",
                                         "Err:1 http://deb.debian.org/debian bookworm InRelease"]
    assert "  Temporary failure resolving 'deb.debian.org'\n" in r.stdout
    assert r.stderr.startswith("W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  "
                               "Temporary failure resolving 'deb.debian.org'\n")
    assert r.stderr.endswith("W: Some index files failed to download. They have been ignored, or old ones used "
                             "instead.\n")
    assert c.kubectl("exec deb -- apt-get install -y procps").returncode == 100


def test_apt_warns_in_scripts_and_busybox_has_no_apt():
    c = cluster()
    r = c.kubectl("exec deb -- apt update")
    assert r.stderr == "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"
    assert r.stdout.endswith("Reading package lists...\nBuilding dependency tree...\nReading state information...\n"
                             "All packages are up to date.\n")
    c.kubectl("run bb --image=busybox -- sleep infinity")
    c.settle()
    assert '"apt-get": executable file not found' in c.kubectl("exec bb -- apt-get update").stderr
