"""kubectl top without metrics-server: arguments are checked, then the Metrics API is missing.

Golden texts: staging/src/k8s.io/kubectl/pkg/cmd/top/{top,top_pod,top_node}.go (v1.32),
and the real kubectl v1.32.4 for the messages printed before it contacts a server.
"""
import pytest

import kubelab


@pytest.fixture(scope="module")
def c():
    return kubelab.Cluster()


@pytest.mark.parametrize("cmd", ["top pod", "top pods", "top po", "top pod web", "top pods -A",
                                 "top pods -l app=web --containers", "-n kube-system top pods",
                                 "top node", "top nodes", "top no minikube", "top nodes --sort-by=cpu"])
def test_without_metrics_server_the_metrics_api_is_not_available(c, cmd):
    # top_pod.go / top_node.go: return errors.New("Metrics API not available")
    r = c.kubectl(cmd)
    assert (r.stdout, r.stderr, r.returncode) == ("", "error: Metrics API not available\n", 1)


def test_arguments_are_checked_first(c):
    assert c.kubectl("top pod a b").stderr == "error: pod [NAME | -l label]\nSee 'kubectl top pod -h' for help and examples\n"
    assert c.kubectl("top nodes a b").stderr == \
        "error: node [NAME | -l label]\nSee 'kubectl top node -h' for help and examples\n"
    assert c.kubectl("top pod --sort-by=disk").stderr == "error: --sort-by accepts only cpu or memory\n"
    assert c.kubectl("top pod x -l a=b").stderr == "error: only one of NAME or selector can be provided\n"
    assert c.kubectl("top pod x --field-selector a=b").stderr == "error: only one of NAME or selector can be provided\n"
    assert c.kubectl("top node x -l a=b").stderr == "error: only one of NAME or --selector can be provided\n"
    assert c.kubectl("top pod -l 'a in'").stderr == "error: unable to parse requirement: found '', expected: '('\n"
    r = c.kubectl("top pod --containers=maybe")
    assert r.stderr == ('Error: invalid argument "maybe" for "--containers" flag: strconv.ParseBool: parsing "maybe": '
                        "invalid syntax\nSee 'kubectl top pod --help' for usage.\n")


def test_top_alone_prints_its_help_to_stderr(c):
    r = c.kubectl("top")
    assert (r.stdout, r.returncode) == ("", 1)
    assert r.stderr.startswith("Display resource (CPU/memory) usage.\n\n The top command allows you")
    assert "  node          Display resource (CPU/memory) usage of nodes\n" in r.stderr
    assert r.stderr.endswith('Use "kubectl options" for a list of global command-line options (applies to all commands).\n')
    assert c.kubectl("top foo").stderr == "error: unknown command \"foo\"\nSee 'kubectl top -h' for help and examples\n"
