"""What a client needs to reach the served cluster: a serving certificate signed by
the cluster's own CA, a bearer token, and a kubeconfig file that holds both.

The CA is the cluster's (made from its seed, as kubeadm's PKI phase makes it), so a
learner who reads ``certificate-authority-data`` sees the same CA the chapters
show.  The serving certificate and the token are not part of the simulation: the
real kubectl checks the certificate against the host's clock, and the token
guards a port other users of the machine could reach, so both come from the
operating system (``secrets``, the wall clock), never from the cluster's seed.
"""
from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ..setup import pki

#: The names kubeadm puts in the apiserver certificate, plus the loopback we listen on.
SERVING_NAMES = ("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                 "kubernetes.default.svc.cluster.local")


@dataclass(frozen=True)
class Credentials:
    ca_pem: bytes
    cert_file: str
    key_file: str
    token: str
    state_dir: str


def cluster_ca(cluster) -> pki.Issued:
    """The cluster's CA: the one ``kubeadm init`` made, or minikube's ``minikubeCA``
    (made from the seed the first time it is asked for: a few seconds, once a process)."""
    kubeadm = cluster.extensions.get("kubeadm")
    if getattr(kubeadm, "ca", None) is not None:
        return kubeadm.ca
    cn = "minikubeCA" if cluster.profile == "minikube" else "kubernetes"
    return pki.make_ca(cluster.seed, 0.0, cn)


def serving_cert(ca: pki.Issued) -> tuple[bytes, bytes]:
    """A certificate for 127.0.0.1 and the apiserver's names, signed by ``ca``."""
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem)
    ca_key = serialization.load_pem_private_key(ca.key_pem, None)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)   # wall-clock ok: the real kubectl checks validity against the host's clock
    names = [x509.DNSName(n) for n in SERVING_NAMES] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def make_credentials(cluster, state_dir: str | None = None) -> Credentials:
    """Write the serving certificate and key into ``state_dir`` (a fresh private
    temporary directory by default) and draw a token."""
    state = state_dir or tempfile.mkdtemp(prefix="kubelab-serve-")
    os.makedirs(state, mode=0o700, exist_ok=True)
    ca = cluster_ca(cluster)
    cert_pem, key_pem = serving_cert(ca)
    cert_file, key_file = os.path.join(state, "apiserver.crt"), os.path.join(state, "apiserver.key")
    _write_private(cert_file, cert_pem)
    _write_private(key_file, key_pem)
    return Credentials(ca.cert_pem, cert_file, key_file, secrets.token_urlsafe(32), state)


def _write_private(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def refuse_user_kubeconfig(path: str) -> None:
    """Never overwrite the learner's own kubeconfig (``~/.kube/config``)."""
    own = Path("~/.kube/config").expanduser().resolve()
    if Path(path).expanduser().resolve() == own:
        raise ValueError(f"refusing to overwrite your own kubeconfig {own}; choose another path "
                         "and point KUBECONFIG at it")


def kubeconfig_doc(url: str, creds: Credentials, name: str = "kubelab") -> dict:
    """A kubeconfig with one cluster, one user (the bearer token) and one context."""
    ca_data = base64.b64encode(creds.ca_pem).decode()
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": name, "cluster": {"server": url, "certificate-authority-data": ca_data}}],
        "users": [{"name": f"{name}-admin", "user": {"token": creds.token}}],
        "contexts": [{"name": name, "context": {"cluster": name, "user": f"{name}-admin", "namespace": "default"}}],
        "current-context": name,
        "preferences": {},
    }


def write_kubeconfig(path: str, url: str, creds: Credentials) -> str:
    refuse_user_kubeconfig(path)
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    _write_private(path, yaml.safe_dump(kubeconfig_doc(url, creds), sort_keys=False).encode())
    return path
