"""--help, ``kubectl help`` and a command group called alone print what the real
kubectl v1.32.4 prints (kubelab/kubectl/help.json, recorded by scripts/kubectl_help.py).
With the real kubectl on the machine, each case is compared with it directly."""
from __future__ import annotations

import os
import shlex
import subprocess

import pytest

from kubelab import Cluster
from kubelab.kubectl import cli, commands  # noqa: F401  (registers every command)
from kubelab.kubectl import help as kubectl_help

KUBECTL = "/usr/bin/kubectl"
real_kubectl = pytest.mark.skipif(not os.access(KUBECTL, os.X_OK), reason=f"no real kubectl at {KUBECTL}")

CASES = [
    "", "--help", "-n x", "help", "get --help", "get pods -h", "get -n kube-system pods --help",
    "help rollout undo", "help get pods", "create deploy --help", "set sa -h", "top pods --help",
    "set", "rollout", "top", "config", "auth", "create secret", "create service",
    "set nosuch", "rollout nosuch", "help nosuch", "help nosuch x",
    "options", "exec --help", "logs -h --tail=1",
]


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


@real_kubectl
@pytest.mark.parametrize("args", CASES)
def test_same_as_the_real_kubectl(cluster, args):
    env = {"PATH": "/usr/bin:/bin", "HOME": "/root", "KUBECONFIG": "/dev/null"}
    real = subprocess.run([KUBECTL, *shlex.split(args)], capture_output=True, text=True, env=env, timeout=60)
    emu = cluster.kubectl(args)
    assert (emu.stdout, emu.stderr, emu.returncode) == (real.stdout, real.stderr, real.returncode)


def test_every_command_the_kit_runs_has_its_help():
    table = kubectl_help._table()
    assert table["kubectl"].startswith("v1.32.4")
    for path in cli.COMMANDS:
        key, used = kubectl_help._resolve(path.split())
        assert used == len(path.split()) and table["commands"][key].strip(), path


def test_help_wins_over_the_command_and_changes_nothing(cluster):
    before = cluster.kubectl("get deployments -o name").stdout
    r = cluster.kubectl("create deployment web --image=nginx --help")
    assert r.returncode == 0 and r.stdout.startswith("Create a deployment with the specified name.")
    assert cluster.kubectl("get deployments -o name").stdout == before
    # after --, -h belongs to the container's command
    assert "help" not in cluster.kubectl("exec nosuch -- ls -h").stderr


def test_a_group_the_kit_runs_itself_is_not_help(cluster):
    r = cluster.kubectl("create")
    assert (r.returncode, r.stderr) == (1, "error: must specify one of -f and -k\n")


@pytest.mark.parametrize("args", ["create token x", "set subject clusterrolebinding x --user=u", "cluster-info dump",
                                  "config set-cluster x", "auth can-i get pods"])
def test_a_real_subcommand_the_kit_does_not_run_says_so(cluster, args):
    """Not its parent command run with the subcommand taken for an argument
    (``cluster-info dump`` used to print cluster-info, ``create token x`` an args error)."""
    key = " ".join(args.split()[:2])
    r = cluster.kubectl(args)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == f'error: the simulated kubectl does not support "{key}" in this form yet\n'


def test_aliases_run_their_command():
    c = Cluster()
    assert c.kubectl("create deploy web --image=nginx").stdout == "deployment.apps/web created\n"
    assert c.kubectl("create svc clusterip web --tcp=80").stdout == "service/web created\n"
