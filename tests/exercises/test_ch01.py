"""Chapter 01 exercises: the solution passes, wrong answers fail with a hint."""
from __future__ import annotations

import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

import kubelab
from kubelab.exercises import ch01
from kubelab.setup.machines import run

INIT = "kubeadm init --image-repository registry.aliyuncs.com/google_containers --pod-network-cidr=10.244.0.0/16 --cri-socket unix:///var/run/cri-dockerd.sock"
FLANNEL = "apply -f https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml"


def sh(c, host, text):
    return run(c, c.machines[host], text)


@pytest.fixture(scope="module")
def built():
    c = kubelab.Cluster(profile="bare")
    assert not ch01.three_ready_nodes(c)
    join = sh(c, "master", INIT).stdout.split("on each as root:\n\n")[1].strip() + " --cri-socket unix:///var/run/cri-dockerd.sock"
    sh(c, "master", "mkdir -p $HOME/.kube && cp -i /etc/kubernetes/admin.conf $HOME/.kube/config")
    sh(c, "node1", join)
    check = ch01.three_ready_nodes(c)
    assert not check and "node2 did not join" in check.message
    sh(c, "node2", join)
    c.settle()
    check = ch01.three_ready_nodes(c)
    assert not check and "NotReady" in check.message          # no pod network yet
    sh(c, "master", "kubectl " + FLANNEL)
    c.settle()
    return c


def test_three_ready_nodes_passes_only_after_join_and_flannel(built):
    assert ch01.three_ready_nodes(built)


def test_three_ready_nodes_wants_the_bare_profile():
    assert "profile=bare" in ch01.three_ready_nodes(kubelab.Cluster()).message


def test_ca_hash_accepts_the_spki_hash_and_refuses_the_pem_hash(built):
    pem = built.machines["master"].files["/etc/kubernetes/pki/ca.crt"]
    cert = x509.load_pem_x509_certificate(pem.encode())
    spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert ch01.ca_hash(built, "sha256:" + hashlib.sha256(spki).hexdigest())
    assert not ch01.ca_hash(built, "sha256:" + hashlib.sha256(pem.encode()).hexdigest())
    assert not ch01.ca_hash(built, hashlib.sha256(spki).hexdigest())          # without the sha256: prefix
    assert not ch01.ca_hash(kubelab.Cluster(profile="bare"), "sha256:" + "0" * 64)


def test_why_refused_quiz():
    assert ch01.why_refused("token")
    assert not ch01.why_refused("hash")
    assert not ch01.why_refused("maybe")


def test_kubectl_on_worker_needs_master_admin_conf(built):
    assert not ch01.kubectl_on_worker(built, "node2")
    sh(built, "node2", "mkdir -p $HOME/.kube")
    sh(built, "master", "scp /etc/kubernetes/admin.conf node2:/root/.kube/config")
    assert ch01.kubectl_on_worker(built, "node2")
    assert "node2" in sh(built, "node2", "kubectl get nodes").stdout
