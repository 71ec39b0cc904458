import hashlib
import random
import re
import subprocess

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kubelab.setup import pki


def test_ca_hash_is_sha256_of_the_certificates_subject_public_key_info():
    ca = pki.make_ca(seed=3, not_before=0.0)
    cert = x509.load_pem_x509_certificate(ca.cert_pem)
    der = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert ca.hash == "sha256:" + hashlib.sha256(der).hexdigest()


def test_ca_hash_matches_openssl_pipeline_when_openssl_is_available(tmp_path):
    ca = pki.make_ca(seed=3, not_before=0.0)
    path = tmp_path / "ca.crt"
    path.write_bytes(ca.cert_pem)
    try:
        pub = subprocess.run(["openssl", "x509", "-pubkey", "-noout", "-in", str(path)], capture_output=True, check=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=pub, capture_output=True, check=True).stdout
    except (FileNotFoundError, subprocess.CalledProcessError):
        return
    assert ca.hash == "sha256:" + hashlib.sha256(der).hexdigest()


def test_ca_is_a_kubeadm_style_rsa_2048_ca_named_kubernetes():
    cert = x509.load_pem_x509_certificate(pki.make_ca(seed=0, not_before=0.0).cert_pem)
    assert cert.subject.rfc4514_string() == "CN=kubernetes"
    assert cert.public_key().key_size == 2048
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days == 3650


def test_same_seed_same_ca_other_seed_other_ca():
    assert pki.make_ca(1, 0.0).cert_pem == pki.make_ca(1, 0.0).cert_pem
    assert pki.make_ca(1, 0.0).hash != pki.make_ca(2, 0.0).hash


def test_admin_client_certificate_is_signed_by_the_ca():
    ca = pki.make_ca(0, 0.0)
    admin = pki.make_client(0, 0.0, "kubernetes-admin", "kubeadm:cluster-admins")
    assert pki.verify_signature(admin.cert_pem, ca.cert_pem)
    assert not pki.verify_signature(admin.cert_pem, pki.make_ca(5, 0.0).cert_pem)


def test_tokens_have_kubeadms_format():
    rng = random.Random(0)
    for _ in range(20):
        assert re.fullmatch(r"[a-z0-9]{6}\.[a-z0-9]{16}", pki.new_token(rng))
