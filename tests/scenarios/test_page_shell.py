"""kubernetes.io's "Get a Shell to a Running Container"
(content/en/docs/tasks/debug/debug-application/get-shell-running-container.md), its
commands in the page's order, with the website's ``application/shell-demo.yaml``.

The page installs tools with apt-get inside the nginx container: on a real cluster
the pod reaches deb.debian.org through the node's egress, and in the kit the small
simulated internet serves the Debian mirror (kubelab.apps.apt), so ``apt-get
update`` then ``apt-get install -y procps`` puts ``ps`` in the container and ``ps
aux`` lists nginx.  tcpdump and lsof install, but the kit does not model them.
"""
import pathlib

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"


@pytest.fixture
def c():
    c = kubelab.Cluster(cwd=str(EXAMPLES))
    assert c.kubectl("apply -f application/shell-demo.yaml").stdout == "pod/shell-demo created\n"
    c.settle()
    return c


def session(c, *lines):
    r = c.kubectl("exec --stdin --tty shell-demo -- /bin/bash", stdin="".join(f"{x}\n" for x in lines))
    assert r.returncode == 0
    return "".join(text for _, text in r.transcript).replace("\r\n", "\n")


def after(shown, line, nth=1):
    """What the shell printed for the ``nth`` command ``line``, up to the next prompt."""
    return shown.split(f"root@shell-demo:/# {line}\n")[nth].split("root@shell-demo:/# ", 1)[0]


def test_getting_a_shell_and_installing_tools(c):
    assert c.kubectl("get pod shell-demo --no-headers").stdout.split()[1:3] == ["1/1", "Running"]
    shown = session(c, "ls /", "ps aux", "apt-get update", "apt-get install -y tcpdump", "tcpdump",
                    "apt-get install -y procps", "ps aux", "ps aux | grep nginx", "exit")
    assert "usr\n" in after(shown, "ls /")
    assert after(shown, "ps aux") == "bash: ps: command not found\n"      # nginx's image has no procps
    assert after(shown, "apt-get update").endswith("Fetched 9305 kB in 1s (6824 kB/s)\nReading package lists... Done\n")
    out = after(shown, "apt-get install -y procps")
    assert "The following NEW packages will be installed:\n  procps\n" in out
    assert out.endswith("Setting up procps (2:4.0.2-3) ...\n")
    assert after(shown, "tcpdump") == "bash: tcpdump: not simulated in kubelab\n"
    procs = after(shown, "ps aux", 2).splitlines()
    assert procs[0] == "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND"
    assert procs[1].startswith("root           1  0.0") and procs[1].endswith(" nginx: master process nginx -g daemon off;")
    assert procs[-2].split()[-1] == "bash" and procs[-1].endswith(" ps aux")
    assert [p.split()[-1] for p in after(shown, "ps aux | grep nginx").splitlines()] == [
        "off;", "process", "process"]


def test_writing_the_root_page_for_nginx(c):
    shown = session(c, "echo 'Hello shell demo' > /usr/share/nginx/html/index.html", "apt-get update",
                    "apt-get install curl", "curl http://localhost/", "exit")
    assert "curl is already the newest version" in after(shown, "apt-get install curl")
    assert after(shown, "curl http://localhost/") == "Hello shell demo\n"


def test_running_individual_commands(c):
    r = c.kubectl("exec shell-demo env")
    assert (r.stderr, r.returncode) == ("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- "
                                        "[COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n", 1)
    r = c.kubectl("exec shell-demo -- ps aux")
    assert ('OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": '
            "executable file not found in $PATH: unknown\n") in r.stderr
    session(c, "apt-get update", "apt-get install -y procps", "exit")
    # what apt installed stays in the container: a later exec finds ps, alone beside nginx
    lines = c.kubectl("exec shell-demo -- ps aux").stdout.splitlines()
    assert [line.split(None, 10)[-1] for line in lines[1:]] == [
        "nginx: master process nginx -g daemon off;", "nginx: worker process", "nginx: worker process", "ps aux"]
    assert "usr" in c.kubectl("exec shell-demo -- ls /").stdout.split()
