"""Strict mode: a simulator bug must not look like a refusal to a test."""
import pytest

from kubelab import Cluster
from kubelab.kubectl import cli, commands  # noqa: F401  (registers the real commands first)


@pytest.fixture
def crashing(monkeypatch):
    def boom(ctx, args, opts):
        raise KeyError("spec")
    monkeypatch.setitem(cli.COMMANDS, "crash", cli.Command("crash", boom))
    return Cluster(pause=0)


def test_in_strict_mode_an_internal_error_raises(crashing, monkeypatch):
    monkeypatch.setenv(cli.STRICT_ENV, "1")
    with pytest.raises(KeyError):
        cli.run(crashing.client_session(), "crash")


def test_for_a_learner_an_internal_error_is_one_plain_line_and_exit_1(crashing, monkeypatch):
    monkeypatch.setenv(cli.STRICT_ENV, "0")
    r = cli.run(crashing.client_session(), "crash")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == ("error: kubelab internal error (KeyError: 'spec'); this is a bug in the simulator, "
                        "not in your command\n")


def test_a_refusal_is_not_an_internal_error_even_in_strict_mode(monkeypatch):
    monkeypatch.setenv(cli.STRICT_ENV, "1")
    r = Cluster(pause=0).kubectl("get pods nope")
    assert (r.returncode, r.stderr) == (1, 'Error from server (NotFound): pods "nope" not found\n')


def test_the_test_suite_runs_strict():
    assert cli.strict()


def test_an_error_names_the_file_the_object_came_from_in_this_command_only(tmp_path):
    (tmp_path / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"
                                       "spec:\n  containers:\n  - name: c\n    image: nginx\n")
    c = Cluster(pause=0, cwd=str(tmp_path))
    assert c.kubectl("create -f pod.yaml").stdout == "pod/x created\n"
    r = c.kubectl("create -f pod.yaml")
    assert r.stderr == 'Error from server (AlreadyExists): error when creating "pod.yaml": pods "x" already exists\n'
    r = c.kubectl("create -f -", stdin=(tmp_path / "pod.yaml").read_text())
    assert r.stderr == 'Error from server (AlreadyExists): error when creating "STDIN": pods "x" already exists\n'
