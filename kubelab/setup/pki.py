"""The cluster's certificates, made as kubeadm makes them — but from the seed.

kubeadm generates a self-signed CA (RSA 2048, CN ``kubernetes``, ten years)
and prints, for ``kubeadm join``, the SHA-256 of the CA's
SubjectPublicKeyInfo (``pubkeypin.Hash``).  The real tool draws the key from
the operating system's randomness; the kit draws the RSA primes from a
generator seeded by the cluster seed, so the same notebook always gets the
same CA, the same certificate and the same hash.  Everything else is the real
thing: a DER/PEM X.509 certificate that ``openssl`` or ``cryptography`` reads,
and a hash anyone can recompute from it.

>>> ca = make_ca(seed=0, not_before=0.0)
>>> ca.hash == spki_hash(ca.cert_pem)
True
>>> ca.hash.startswith("sha256:") and len(ca.hash) == 71
True
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from .. import clock as simclock

TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def _is_probable_prime(n: int, rnd: random.Random, rounds: int = 40) -> bool:
    if any(n % p == 0 for p in _SMALL_PRIMES):
        return n in _SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        x = pow(rnd.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rnd: random.Random, e: int) -> int:
    while True:
        # top two bits set so p*q has exactly 2*bits bits, as Go's rsa.GenerateKey
        n = rnd.getrandbits(bits) | (0b11 << (bits - 2)) | 1
        if (n - 1) % e and _is_probable_prime(n, rnd):
            return n


@lru_cache(maxsize=32)
def rsa_key(label: str, seed: int, bits: int = 2048) -> rsa.RSAPrivateKey:
    """An RSA key drawn deterministically from (label, seed): same inputs, same key."""
    rnd = random.Random(f"kubelab-pki/{label}/{seed}")
    e = 65537
    while True:
        p, q = _prime(bits // 2, rnd, e), _prime(bits // 2, rnd, e)
        if p != q:
            break
    if p < q:
        p, q = q, p
    d = pow(e, -1, (p - 1) * (q - 1))
    pub = rsa.RSAPublicNumbers(e, p * q)
    return rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), pub).private_key()


def spki_hash(cert_pem: bytes | str) -> str:
    """kubeadm's ``--discovery-token-ca-cert-hash``: sha256 over the certificate's
    DER SubjectPublicKeyInfo (what ``openssl x509 -pubkey | openssl rsa -pubin
    -outform der | sha256sum`` prints)."""
    if isinstance(cert_pem, str):
        cert_pem = cert_pem.encode()
    cert = x509.load_pem_x509_certificate(cert_pem)
    der = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "sha256:" + hashlib.sha256(der).hexdigest()


@dataclass(frozen=True)
class Issued:
    cert_pem: bytes
    key_pem: bytes

    @property
    def hash(self) -> str:
        return spki_hash(self.cert_pem)


def _when(t: float) -> dt.datetime:
    return simclock.EPOCH + dt.timedelta(seconds=t)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())


@lru_cache(maxsize=32)
def make_ca(seed: int, not_before: float, cn: str = "kubernetes") -> Issued:
    """The cluster CA as kubeadm's ``certs/ca`` phase makes it (10 years, CA:true)."""
    key = rsa_key("ca/" + cn, seed)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    start = _when(not_before) - dt.timedelta(minutes=5)       # kubeadm back-dates by 5 min
    serial = random.Random(f"kubelab-serial/{cn}/{seed}").getrandbits(63)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(serial).not_valid_before(start).not_valid_after(start + dt.timedelta(days=3650))
            .add_extension(x509.KeyUsage(True, False, True, False, False, True, False, False, False), critical=True)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(ski, critical=False)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(cn)]), critical=False)
            .sign(key, hashes.SHA256()))
    return Issued(cert.public_bytes(serialization.Encoding.PEM), _key_pem(key))


@lru_cache(maxsize=32)
def make_client(seed: int, not_before: float, cn: str, org: str | None = None) -> Issued:
    """A client certificate signed by the CA (admin.conf's ``kubernetes-admin``, 1 year)."""
    ca = make_ca(seed, not_before)
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem)
    ca_key = serialization.load_pem_private_key(ca.key_pem, None)
    key = rsa_key("client/" + cn, seed)
    attrs = ([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)] if org else []) + [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    start = _when(not_before) - dt.timedelta(minutes=5)
    cert = (x509.CertificateBuilder().subject_name(x509.Name(attrs)).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(random.Random(f"kubelab-serial/{cn}/{seed}").getrandbits(63))
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365))
            .add_extension(x509.KeyUsage(True, False, True, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return Issued(cert.public_bytes(serialization.Encoding.PEM), _key_pem(key))


def new_token(rng: random.Random) -> str:
    """A bootstrap token, ``[a-z0-9]{6}.[a-z0-9]{16}`` (bootstraputil.GenerateBootstrapToken)."""
    pick = lambda n: "".join(rng.choice(TOKEN_ALPHABET) for _ in range(n))
    return f"{pick(6)}.{pick(16)}"


def verify_signature(cert_pem: bytes, ca_pem: bytes) -> bool:
    """Whether ``cert_pem`` was signed by the CA in ``ca_pem``."""
    cert = x509.load_pem_x509_certificate(cert_pem)
    ca = x509.load_pem_x509_certificate(ca_pem)
    try:
        ca.public_key().verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm)
        return True
    except Exception:
        return False
