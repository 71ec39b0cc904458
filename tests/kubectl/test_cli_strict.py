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
        cli.run(crashing, "crash")


def test_for_a_learner_an_internal_error_is_one_plain_line_and_exit_1(crashing, monkeypatch):
    monkeypatch.setenv(cli.STRICT_ENV, "0")
    r = cli.run(crashing, "crash")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == ("error: kubelab internal error (KeyError: 'spec'); this is a bug in the simulator, "
                        "not in your command\n")


def test_a_refusal_is_not_an_internal_error_even_in_strict_mode(monkeypatch):
    monkeypatch.setenv(cli.STRICT_ENV, "1")
    r = Cluster(pause=0).kubectl("get pods nope")
    assert (r.returncode, r.stderr) == (1, 'Error from server (NotFound): pods "nope" not found\n')


def test_the_test_suite_runs_strict():
    assert cli.strict()
