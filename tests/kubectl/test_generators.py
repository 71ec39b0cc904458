"""kubectl create's client-side objects, checked against the real kubectl v1.32.4.

The golden files in golden/create/ are the stdout/stderr of
``kubectl create ARGS --dry-run=client -o yaml`` (see golden/create/regenerate.sh and
cases.txt); our objects are printed with the same go-yaml emitter kubectl uses.
"""
import base64
import json
import pathlib
import random

import pytest

from kubelab.kubectl import generators as g
from kubelab.kubectl.kustomize import render_object

GOLDEN = pathlib.Path(__file__).parent / "golden" / "create"
FS = g.LocalFS(str(GOLDEN / "files"))

CASES = {
    "cm-literals": lambda: g.make_configmap(
        "game", literals=["lives=3", "mode=easy=yes", "empty="], fs=FS),
    "cm-dir": lambda: g.make_configmap("conf", files=["conf"], fs=FS),
    "cm-files": lambda: g.make_configmap(
        "cf", files=["key1=conf/a.txt", "conf/b"], literals=["z=last"], fs=FS),
    "cm-env": lambda: g.make_configmap("env", env_files=["app.env"], fs=FS),
    "cm-env-bom-second-line": lambda: g.make_configmap(
        "c", env_files=["bom-second-line.env"], fs=FS),
    "cm-hash": lambda: g.make_configmap("c", literals=["a=1"], append_hash=True,
                                        namespace="dev", fs=FS),
    "cm-dup": lambda: g.make_configmap("c", literals=["b=x"], files=["conf/b"], fs=FS),
    "cm-bad-literal": lambda: g.make_configmap("c", literals=["novalue"], fs=FS),
    "cm-bad-key": lambda: g.make_configmap("c", literals=["a b=1"], fs=FS),
    "cm-missing-file": lambda: g.make_configmap("c", files=["nope"], fs=FS),
    "cm-dir-key": lambda: g.make_configmap("c", files=["k=conf"], fs=FS),
    "cm-bad-env": lambda: g.make_configmap("c", env_files=["bad.env"], fs=FS),
    "cm-env-and-literal": lambda: g.make_configmap(
        "c", env_files=["app.env"], literals=["a=b"], fs=FS),
    "secret-generic": lambda: g.make_secret(
        "s1", literals=["password=p@ss<>&"], files=["conf/b", "bin=conf/bin.dat"], fs=FS),
    "secret-typed-hash": lambda: g.make_secret(
        "s2", literals=["a=b"], type="kubernetes.io/basic-auth", append_hash=True, fs=FS),
    "secret-dup": lambda: g.make_secret("c", literals=["b=x"], files=["conf/b"], fs=FS),
    "secret-docker": lambda: g.make_secret_docker_registry(
        "reg", docker_server="https://r.example.com", docker_username="u",
        docker_password="p<w>", docker_email="a@b.c"),
    "secret-docker-default": lambda: g.make_secret_docker_registry(
        "reg", docker_username="u", docker_password="p", append_hash=True),
    "secret-docker-missing": lambda: g.make_secret_docker_registry("reg", docker_username="u"),
    "deploy-hello": lambda: g.make_deployment("hello-node", ["k8s.gcr.io/echoserver:1.4"]),
    "deploy-multi": lambda: g.make_deployment(
        "web", ["nginx:1.25", "redis@sha256:abc"], replicas=3, port=80, namespace="dev"),
    "deploy-cmd": lambda: g.make_deployment("web", ["busybox"], command=["sleep", "3600"]),
    "deploy-multi-cmd": lambda: g.make_deployment("web", ["a", "b"], command=["sleep", "1"]),
    "svc-clusterip": lambda: g.make_service("clusterip", "my-cs", tcp=["5678:8080"]),
    "svc-nodeport": lambda: g.make_service("nodeport", "my-ns", tcp=["80:http", "443"],
                                           node_port=30080),
    "svc-lb": lambda: g.make_service("loadbalancer", "hello-node", tcp=["8080:8080"]),
    "svc-external": lambda: g.make_service("externalname", "ex", external_name="bar.com"),
    "svc-headless": lambda: g.make_service("clusterip", "h", cluster_ip="None"),
    "svc-noport": lambda: g.make_service("clusterip", "h"),
    "svc-badport": lambda: g.make_service("clusterip", "h", tcp=["abc"]),
    "svc-badtarget": lambda: g.make_service("clusterip", "h", tcp=["80:99999"]),
    "svc-badname": lambda: g.make_service("clusterip", "h", tcp=["80:Bad_Name"]),
    "job-pi": lambda: g.make_job("pi", "perl:5.34",
                                 command=["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]),
    "job-ns": lambda: g.make_job("j2", "busybox", namespace="x"),
    "job-noimage": lambda: g.make_job("j3", ""),
    "ns-dev": lambda: g.make_namespace("dev"),
}


def test_every_golden_case_is_covered():
    names = [line.split("\t")[0] for line in (GOLDEN / "cases.txt").read_text().splitlines()]
    assert sorted(names) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_create_matches_real_kubectl(case):
    want_out = (GOLDEN / f"{case}.out").read_text()
    want_err = (GOLDEN / f"{case}.err").read_text().rstrip("\n")
    try:
        got_out, got_err = render_object(CASES[case]()), ""
    except g.GeneratorError as e:
        got_out, got_err = "", e.message
    assert (got_out, got_err) == (want_out, want_err)


def test_directory_source_skips_subdirectories_and_symlinks(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a").write_text("1")
    (tmp_path / "d" / "sub" / "x").write_text("2")
    (tmp_path / "d" / "link").symlink_to(tmp_path / "d" / "a")
    cm = g.make_configmap("c", files=["d"], fs=g.LocalFS(str(tmp_path)))
    assert cm["data"] == {"a": "1"}


def test_non_utf8_file_goes_to_binary_data():
    fs = g.MemoryFS({"blob": b"\xff\x00", "text": "ok"})
    cm = g.make_configmap("c", files=["blob", "text"], fs=fs)
    assert cm["binaryData"] == {"blob": base64.b64encode(b"\xff\x00").decode()}
    assert cm["data"] == {"text": "ok"}


def test_env_line_without_equals_reads_kubectl_environment():
    fs = g.MemoryFS({"e": "HOME\nX=1\n"})
    cm = g.make_configmap("c", env_files=["e"], fs=fs, environ={"HOME": "/root"})
    assert cm["data"] == {"HOME": "/root", "X": "1"}


def test_invalid_utf8_env_line_reports_its_bytes():
    fs = g.MemoryFS({"badenv": b"A=1\n\xff=2\n"})
    with pytest.raises(g.GeneratorError) as e:
        g.make_configmap("c", env_files=["badenv"], fs=fs)
    # text taken from the real kubectl
    assert e.value.message == "error: env file badenv contains invalid utf8 bytes at line 2: [255 61 50]"


def test_dockerconfigjson_escapes_html_like_go():
    s = g.make_secret_docker_registry("r", docker_username="u", docker_password="<&>",
                                      docker_server="s")
    text = base64.b64decode(s["data"][".dockerconfigjson"]).decode()
    assert text == ('{"auths":{"s":{"username":"u","password":"\\u003c\\u0026\\u003e",'
                    '"auth":"dTo8Jj4="}}}')
    assert json.loads(text)["auths"]["s"]["password"] == "<&>"


def test_image_names_with_dots_get_a_seeded_random_suffix():
    d1 = g.make_deployment("w", ["a/my_app.v2:1"], rng=random.Random(7))
    d2 = g.make_deployment("w", ["a/my_app.v2:1"], rng=random.Random(7))
    name = d1["spec"]["template"]["spec"]["containers"][0]["name"]
    assert name == d2["spec"]["template"]["spec"]["containers"][0]["name"]
    assert name.startswith("my-app-v2-") and len(name) == len("my-app-v2-") + 5
    assert set(name[-5:]) <= set("bcdfghjklmnpqrstvwxz2456789")


def test_tls_secret_reads_both_files_and_checks_pem():
    fs = g.MemoryFS({"c.pem": "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n",
                     "k.pem": "-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n",
                     "junk": "junk"})
    s = g.make_secret_tls("t", cert="c.pem", key="k.pem", fs=fs)
    assert s["type"] == "kubernetes.io/tls" and sorted(s["data"]) == ["tls.crt", "tls.key"]
    with pytest.raises(g.GeneratorError) as e:   # texts from the real kubectl
        g.make_secret_tls("t", cert="junk", key="junk", fs=fs)
    assert e.value.message == "error: tls: failed to find any PEM data in certificate input"
    with pytest.raises(g.GeneratorError) as e:
        g.make_secret_tls("t", cert="nope", key="nope2", fs=fs)
    assert e.value.message == "error: Cannot read file nope, open nope: no such file or directory"
