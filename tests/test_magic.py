"""%kubelab and current_cluster() through a real IPython shell."""
import pytest
from IPython.core.interactiveshell import InteractiveShell

import kubelab


@pytest.fixture(scope="module")
def shell():
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "kubelab")
    yield ip
    InteractiveShell.clear_instance()


def magic(shell, capsys, line):
    shell.run_line_magic("kubelab", line)
    return capsys.readouterr()


def test_a_misspelt_reset_option_says_so_and_keeps_the_cluster(shell, capsys):
    before = kubelab.current_cluster()
    out = magic(shell, capsys, "reset seeds=1")
    assert out.out == ""
    assert out.err == ("%kubelab reset: unknown option 'seeds=1' (options: seed=, workers=, profile=, machines=, "
                       "blocked_registries=, swap=)\n")
    assert kubelab.current_cluster() is before
    out = magic(shell, capsys, "reset seed=one")
    assert out.err == "%kubelab reset: seed='one': not a whole number\n"
    out = magic(shell, capsys, "reset profile=kind")
    assert out.err == "%kubelab reset: unknown profile 'kind' (try 'minikube', 'kubeadm' or 'bare')\n"
    assert kubelab.current_cluster() is before


def test_reset_makes_the_cluster_current_cluster_returns(shell, capsys):
    out = magic(shell, capsys, "reset seed=3 workers=1")
    assert out.out == "new cluster (minikube, seed 3); simulated time 60s\n"
    c = kubelab.current_cluster()
    assert c.seed == 3 and sorted(c.kubelets) == ["minikube", "minikube-m02"]


def test_run_takes_seconds_or_a_go_duration_and_refuses_the_rest(shell, capsys):
    magic(shell, capsys, "reset")
    assert magic(shell, capsys, "run 1m30s").out == "simulated time is now 150s\n"
    assert magic(shell, capsys, "run 10").out == "simulated time is now 160s\n"
    assert magic(shell, capsys, "run 0.5").out == "simulated time is now 160.5s\n"
    for bad, why in (("1m30", 'time: invalid duration "1m30"'), ("-5", "'-5': time only moves forward, by a finite amount"),
                     ("inf", "'inf': time only moves forward, by a finite amount")):
        out = magic(shell, capsys, f"run {bad}")
        assert (out.out, out.err) == ("", f"%kubelab run: {why}\n")
    out = magic(shell, capsys, "run")
    assert out.err == "%kubelab run: give one duration: %kubelab run 30s (or 90, 1m30s)\n"
    assert kubelab.current_cluster().now == 160.5


def test_cluster_says_which_cluster_the_magics_use(shell, capsys):
    magic(shell, capsys, "reset workers=1")
    assert magic(shell, capsys, "cluster").out == (
        "minikube cluster, seed 0: 2 nodes (minikube, minikube-m02); %host machines laptop, minikube, minikube-m02; simulated time 60s\n")
    magic(shell, capsys, "reset profile=bare machines=1")
    assert magic(shell, capsys, "cluster").out == "bare cluster, seed 0: 0 nodes; %host machines master; simulated time 0s\n"


def test_settle_now_and_unknown_verbs(shell, capsys):
    magic(shell, capsys, "reset")
    shell.run_line_magic("kubectl", "create deployment web --image=nginx")
    capsys.readouterr()
    out = magic(shell, capsys, "settle")
    assert out.out == "settled after 4.61s; simulated time is now 65.61s\n"     # the pull and start of nginx
    assert magic(shell, capsys, "now").out == "65.61s\n"
    assert kubelab.current_cluster().kubectl("get deploy web").stdout.splitlines()[1].split()[1] == "1/1"
    assert magic(shell, capsys, "now later").err == "%kubelab now: takes no arguments (got 'later')\n"
    assert magic(shell, capsys, "tick").err == "unknown %kubelab command 'tick'; try %kubelab help\n"


def test_current_cluster_without_the_extension_says_what_to_do():
    class Bare:
        class magics_manager:
            magics = {"line": {}}
    with pytest.raises(RuntimeError, match="run %load_ext kubelab first"):
        kubelab.magic.current_cluster(Bare())
