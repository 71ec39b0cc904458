"""The objects that `kubectl create <kind>` builds on the client, before it sends them.

Each ``make_*`` function takes options already parsed from the command line (plain
Python values) and returns the object as a dict, exactly as kubectl v1.32 builds it
(what ``kubectl create ... --dry-run=client -o yaml`` prints, including the
``creationTimestamp: None``, ``resources: {}`` and ``status: {}`` that come from Go's
zero values). Bad input raises :class:`GeneratorError` whose message is kubectl's own
text, ``error: ...`` prefix included.

Files are read through a :class:`FileSystem` so the kit can feed notebook files or an
in-memory tree; by default it is the real disk, relative to a working directory.

>>> make_configmap("game", literals=["lives=3", "mode=easy"])["data"]
{'lives': '3', 'mode': 'easy'}
>>> make_deployment("hello-node", ["k8s.gcr.io/echoserver:1.4"])["spec"]["template"]["spec"]["containers"][0]["name"]
'echoserver'
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import re
from typing import Iterable, Mapping

from ..api.gofmt import go_quote
from ..api.names import is_config_map_key, is_dns1123_subdomain, is_env_var_name, is_valid_port_name
from ..api.quantity import QuantityError, canonical


__all__ = [
    "GeneratorError", "FileSystem", "LocalFS", "MemoryFS",
    "make_configmap", "make_secret", "make_secret_tls", "make_secret_docker_registry",
    "make_deployment", "make_service", "make_job", "make_namespace", "make_cronjob", "make_job_from_cronjob",
    "parse_env_file", "encode_hash", "go_json", "parse_resource_list",
]


class GeneratorError(Exception):
    """A client-side error, worded exactly as kubectl prints it (``error: ...``)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _fail(text: str) -> GeneratorError:
    return GeneratorError("error: " + text)


def parse_resource_list(spec: str) -> dict[str, str]:
    """populateResourceListV1 (set resources --limits/--requests, create quota --hard):
    ``cpu=100m,memory=256Mi`` -> canonical quantities.

    >>> parse_resource_list("cpu=1000m,memory=1024Mi")
    {'cpu': '1', 'memory': '1Gi'}
    """
    out = {}
    for stmt in spec.split(","):
        parts = stmt.split("=")
        if len(parts) != 2:
            raise _fail(f"Invalid argument syntax {stmt}, expected <resource>=<value>")
        try:
            out[parts[0]] = canonical(parts[1])
        except QuantityError as err:
            raise _fail(str(err)) from None
    return out


# --- files -------------------------------------------------------------------------------

class FileSystem:
    """What the generators need from a file system. Paths are as the user typed them."""

    def kind(self, path: str) -> str | None:
        """'file', 'dir', 'other' (symlink, device...) or None when absent."""
        raise NotImplementedError

    def read_file(self, path: str) -> bytes:
        raise NotImplementedError

    def list_dir(self, path: str) -> list[str]:
        """Entry names, sorted as Go's os.ReadDir sorts them (by byte order)."""
        raise NotImplementedError

    def join(self, directory: str, name: str) -> str:
        return os.path.normpath(os.path.join(directory, name))


class LocalFS(FileSystem):
    """The real disk, relative to ``cwd``."""

    def __init__(self, cwd: str = "."):
        self.cwd = cwd

    def _abs(self, path: str) -> str:
        return os.path.join(self.cwd, path)

    def kind(self, path: str) -> str | None:
        p = self._abs(path)  # follows symlinks, as os.Stat does
        if os.path.isdir(p):
            return "dir"
        if os.path.isfile(p):
            return "file"
        return "other" if os.path.lexists(p) else None

    def read_file(self, path: str) -> bytes:
        with open(self._abs(path), "rb") as f:
            return f.read()

    def list_dir(self, path: str) -> list[str]:
        return sorted(os.listdir(self._abs(path)), key=lambda n: n.encode())

    def entry_is_regular(self, directory: str, name: str) -> bool:
        # os.ReadDir reports the entry's own type: a symlink is not a regular file.
        p = self._abs(os.path.join(directory, name))
        return os.path.isfile(p) and not os.path.islink(p)


class MemoryFS(FileSystem):
    """An in-memory tree: ``{"dir/file": b"bytes"}``; directories are implied by paths.

    >>> fs = MemoryFS({"conf/a": b"1", "conf/b": b"2"})
    >>> fs.kind("conf"), fs.list_dir("conf")
    ('dir', ['a', 'b'])
    """

    def __init__(self, files: Mapping[str, bytes | str]):
        self.files = {os.path.normpath(k): (v.encode() if isinstance(v, str) else v)
                      for k, v in files.items()}

    def kind(self, path: str) -> str | None:
        p = os.path.normpath(path)
        if p in self.files:
            return "file"
        if p == "." or any(k.startswith(p + "/") for k in self.files):
            return "dir"
        return None

    def read_file(self, path: str) -> bytes:
        try:
            return self.files[os.path.normpath(path)]
        except KeyError:
            raise FileNotFoundError(path) from None

    def list_dir(self, path: str) -> list[str]:
        p = os.path.normpath(path)
        prefix = "" if p == "." else p + "/"
        names = {k[len(prefix):].split("/")[0] for k in self.files if k.startswith(prefix)}
        return sorted(names, key=lambda n: n.encode())

    def entry_is_regular(self, directory: str, name: str) -> bool:
        return self.kind(self.join(directory, name)) == "file"


# --- hashing (k8s.io/kubectl/pkg/util/hash) -----------------------------------------------

def go_json(value) -> str:
    """json.Marshal as Go writes it: sorted map keys, no spaces, HTML characters escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def encode_hash(data: str) -> str:
    """sha256 hex, first 10 characters, vowel-like ones replaced so no words form.

    >>> encode_hash('{"data":{"a":"b"},"kind":"ConfigMap","name":""}')
    '4h2mbtbbt6'
    """
    hex_ = hashlib.sha256(data.encode()).hexdigest()[:10]
    return hex_.translate(str.maketrans("013ae", "ghkmt"))


def _configmap_hash(cm: dict) -> str:
    m = {"kind": "ConfigMap", "name": cm["metadata"]["name"], "data": cm.get("data", {})}
    if cm.get("binaryData"):
        m["binaryData"] = cm["binaryData"]
    return encode_hash(go_json(m))


def _secret_hash(sec: dict) -> str:
    m = {"kind": "Secret", "type": sec.get("type", ""), "name": sec["metadata"]["name"],
         "data": sec.get("data", {})}
    return encode_hash(go_json(m))


# --- sources: literals, files, env files ---------------------------------------------------

def parse_literal_source(source: str) -> tuple[str, str]:
    """``key=value`` (the value may contain '=')."""
    if source.startswith("=") or "=" not in source:
        raise _fail(f"invalid literal source {source}, expected key=value")
    key, value = source.split("=", 1)
    return key, value


def parse_file_source(source: str) -> tuple[str, str]:
    """``[key=]path`` -> (key, path); the key defaults to the file's base name."""
    n = source.count("=")
    if n == 0:
        return os.path.basename(source.rstrip("/")) or source, source
    if n == 1 and source.startswith("="):
        raise _fail(f"key name for file path {source[1:]} missing")
    if n == 1 and source.endswith("="):
        raise _fail(f"file path for key name {source[:-1]} missing")
    if n > 1:
        raise _fail("key names or file paths cannot contain '='")
    key, path = source.split("=")
    return key, path


def parse_env_file(data: bytes, path: str,
                   environ: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """The (key, value) pairs of an env file, as kubectl reads it.

    Blank lines and ``#`` comments are skipped, a leading BOM and leading whitespace are
    dropped, the value keeps trailing spaces, and a line without ``=`` takes its value
    from the environment of kubectl (``environ``; empty by default in the kit).

    >>> parse_env_file(b"# db\\nUSER=admin\\n  PASS=a=b \\n", "db.env")
    [('USER', 'admin'), ('PASS', 'a=b ')]
    """
    environ = environ or {}
    pairs = []
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for number, raw in enumerate(lines):
        if raw.endswith(b"\r"):  # bufio.ScanLines drops one CR before the newline
            raw = raw[:-1]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _fail(f"env file {path} contains invalid utf8 bytes at line {number + 1}: "
                        f"[{' '.join(str(b) for b in raw)}]") from None
        if number == 0:
            line = line.removeprefix("\ufeff")
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        errs = is_env_var_name(key)
        if errs:
            raise _fail(f"{go_quote(key)} is not a valid key name: {';'.join(errs)}")
        pairs.append((key, value if sep else environ.get(key, "")))
    return pairs



def _stat(fs: FileSystem, path: str) -> str:
    kind = fs.kind(path)
    if kind is None:
        raise _fail(f"error reading {path}: no such file or directory")
    return kind


def _file_sources(fs: FileSystem, sources: Iterable[str]) -> list[tuple[str, bytes]]:
    """Expand ``--from-file`` sources into (key, content) in kubectl's order."""
    out = []
    for source in sources:
        key, path = parse_file_source(source)
        if _stat(fs, path) == "dir":
            if "=" in source:
                raise _fail("cannot give a key name for a directory path")
            # Only regular files: subdirectories and symlinks are skipped silently.
            for name in fs.list_dir(path):
                if fs.entry_is_regular(path, name):
                    out.append((name, fs.read_file(fs.join(path, name))))
        else:
            out.append((key, fs.read_file(path)))
    return out


def _env_sources(fs: FileSystem, sources: Iterable[str], what: str,
                 environ: Mapping[str, str] | None) -> list[tuple[str, str]]:
    out = []
    for path in sources:
        if _stat(fs, path) == "dir":
            raise _fail(f"env {what} file cannot be a directory")
        out.extend(parse_env_file(fs.read_file(path), path, environ))
    return out


def _check_sources(name: str, files, literals, env_files) -> None:
    if not name:
        raise _fail("name must be specified")
    if env_files and (files or literals):
        raise _fail("from-env-file cannot be combined with from-file or from-literal")


def _meta(name: str, namespace: str | None, labels: dict | None = None) -> dict:
    meta: dict = {"creationTimestamp": None}
    if labels is not None:
        meta["labels"] = dict(labels)
    meta["name"] = name
    if namespace:
        meta["namespace"] = namespace
    return meta


# --- ConfigMap and Secret ------------------------------------------------------------------

def make_configmap(name: str, *, literals: Iterable[str] = (), files: Iterable[str] = (),
                   env_files: Iterable[str] = (), append_hash: bool = False,
                   namespace: str | None = None, fs: FileSystem | None = None,
                   environ: Mapping[str, str] | None = None) -> dict:
    """``kubectl create configmap NAME --from-file/--from-literal/--from-env-file``.

    kubectl adds files first, then literals, then env files, whatever the order on the
    command line. Content that is not UTF-8 goes to ``binaryData`` (base64).
    """
    files, literals, env_files = list(files), list(literals), list(env_files)
    _check_sources(name, files, literals, env_files)
    fs = fs or LocalFS()
    data: dict[str, str] = {}
    binary: dict[str, str] = {}

    def add(key: str, value: str | None, raw: bytes | None = None) -> None:
        errs = is_config_map_key(key)
        if errs:
            raise _fail(f"{go_quote(key)} is not a valid key name for a ConfigMap: "
                        f"{','.join(errs)}")
        for field, where in ((data, "Data"), (binary, "BinaryData")):
            if key in field:
                raise _fail(f"cannot add key {go_quote(key)}, another key by that name "
                            f"already exists in {where} for ConfigMap {go_quote(name)}")
        if raw is not None:
            binary[key] = base64.b64encode(raw).decode()
        else:
            data[key] = value

    for key, content in _file_sources(fs, files):
        try:
            add(key, content.decode("utf-8"))
        except UnicodeDecodeError:
            add(key, None, content)
    for source in literals:
        add(*parse_literal_source(source))
    for key, value in _env_sources(fs, env_files, "config", environ):
        add(key, value)

    cm: dict = {"apiVersion": "v1"}
    if binary:
        cm["binaryData"] = binary
    if data:
        cm["data"] = data
    cm["kind"] = "ConfigMap"
    cm["metadata"] = _meta(name, namespace)
    if append_hash:
        cm["metadata"]["name"] = f"{name}-{_configmap_hash(cm)}"
    return cm


def _secret(name: str, namespace: str | None, type_: str, data: dict[str, bytes]) -> dict:
    sec: dict = {"apiVersion": "v1"}
    if data:
        sec["data"] = {k: base64.b64encode(v).decode() for k, v in data.items()}
    sec["kind"] = "Secret"
    sec["metadata"] = _meta(name, namespace)
    if type_:
        sec["type"] = type_
    return sec


def _add_secret_key(data: dict[str, bytes], key: str, value: bytes) -> None:
    errs = is_config_map_key(key)
    if errs:
        raise _fail(f"{go_quote(key)} is not valid key name for a Secret {';'.join(errs)}")
    if key in data:
        raise _fail(f"cannot add key {key}, another key by that name already exists")
    data[key] = value


def _finish_secret(sec: dict, append_hash: bool) -> dict:
    if append_hash:
        sec["metadata"]["name"] += "-" + _secret_hash(sec)
    return sec


def make_secret(name: str, *, literals: Iterable[str] = (), files: Iterable[str] = (),
                env_files: Iterable[str] = (), type: str = "", append_hash: bool = False,
                namespace: str | None = None, fs: FileSystem | None = None,
                environ: Mapping[str, str] | None = None) -> dict:
    """``kubectl create secret generic NAME``: values base64-encoded in ``data``.

    Unlike configmap, kubectl adds literals first, then files, then env files.
    """
    files, literals, env_files = list(files), list(literals), list(env_files)
    _check_sources(name, files, literals, env_files)
    fs = fs or LocalFS()
    data: dict[str, bytes] = {}
    for source in literals:
        key, value = parse_literal_source(source)
        _add_secret_key(data, key, value.encode())
    for key, content in _file_sources(fs, files):
        _add_secret_key(data, key, content)
    for key, value in _env_sources(fs, env_files, "secret", environ):
        _add_secret_key(data, key, value.encode())
    return _finish_secret(_secret(name, namespace, type, data), append_hash)


def make_secret_tls(name: str, *, cert: str, key: str, append_hash: bool = False,
                    namespace: str | None = None, fs: FileSystem | None = None) -> dict:
    """``kubectl create secret tls NAME --cert=PATH --key=PATH``.

    kubectl checks the pair with Go's tls.X509KeyPair; the kit only checks that each file
    holds PEM data of the right kind (it does not parse the certificate).
    """
    if not key or not cert:
        raise _fail("key and cert must be specified")
    fs = fs or LocalFS()
    contents = {}
    for path in (cert, key):
        try:
            contents[path] = fs.read_file(path)
        except (FileNotFoundError, IsADirectoryError):
            raise _fail(f"Cannot read file {path}, open {path}: no such file or directory") \
                from None
    if b"-----BEGIN CERTIFICATE-----" not in contents[cert]:
        raise _fail("tls: failed to find any PEM data in certificate input")
    if not re.search(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----", contents[key]):
        raise _fail("tls: failed to find any PEM data in key input")
    data = {"tls.crt": contents[cert], "tls.key": contents[key]}
    return _finish_secret(_secret(name, namespace, "kubernetes.io/tls", data), append_hash)


def make_secret_docker_registry(name: str, *, docker_username: str = "",
                                docker_password: str = "", docker_email: str = "",
                                docker_server: str = "https://index.docker.io/v1/",
                                files: Iterable[str] = (), append_hash: bool = False,
                                namespace: str | None = None,
                                fs: FileSystem | None = None) -> dict:
    """``kubectl create secret docker-registry NAME``: a ``.dockerconfigjson`` key.

    >>> s = make_secret_docker_registry("reg", docker_username="u", docker_password="p")
    >>> base64.b64decode(s["data"][".dockerconfigjson"]).decode()
    '{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p","auth":"dTpw"}}}'
    """
    files = list(files)
    if not name:
        raise _fail("name must be specified")
    if not files and not (docker_username and docker_password and docker_server):
        raise _fail("either --from-file or the combination of --docker-username, "
                    "--docker-password and --docker-server is required")
    data: dict[str, bytes] = {}
    if files:
        for key, content in _file_sources(fs or LocalFS(), files):
            _add_secret_key(data, key, content)
    else:
        # Go marshals the struct fields in declaration order, each omitted when empty.
        entry = {"username": docker_username, "password": docker_password,
                 "email": docker_email,
                 "auth": base64.b64encode(f"{docker_username}:{docker_password}".encode())
                 .decode()}
        entry_json = ",".join(f"{json.dumps(k)}:{go_json(v)}" for k, v in entry.items() if v)
        text = '{"auths":{' + go_json(docker_server) + ":{" + entry_json + "}}}"
        data[".dockerconfigjson"] = text.encode()
    sec = _secret(name, namespace, "kubernetes.io/dockerconfigjson", data)
    return _finish_secret(sec, append_hash)


# --- workloads, services, namespaces -------------------------------------------------------

_RAND_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # k8s.io/apimachinery/pkg/util/rand


def container_name_for_image(image: str, rng: random.Random | None = None) -> str:
    """The container name kubectl derives from an image reference.

    >>> container_name_for_image("k8s.gcr.io/echoserver:1.4")
    'echoserver'
    >>> container_name_for_image("a/my_app.v2:1", random.Random(0))[:10]
    'my-app-v2-'

    A name with '_' or '.' is made DNS-safe and given a random 5-character suffix (from
    the caller's seeded ``rng``, so the kit stays deterministic).
    """
    name = image.split("/")[-1].split(":")[0].split("@")[0]
    if "_" in name or "." in name:
        rng = rng or random.Random(0)
        suffix = "".join(rng.choice(_RAND_ALPHABET) for _ in range(5))
        name = name.replace("_", "-").replace(".", "-") + "-" + suffix
    return name


def make_deployment(name: str, images: list[str], *, replicas: int = 1, port: int = -1,
                    command: list[str] | None = None, namespace: str | None = None,
                    rng: random.Random | None = None) -> dict:
    """``kubectl create deployment NAME --image=... [--replicas] [--port] [-- COMMAND]``."""
    if not images:
        raise _fail('required flag(s) "image" not set')
    if len(images) > 1 and command:
        raise _fail("cannot specify multiple --image options and command")
    containers = []
    for image in images:
        c: dict = {}
        if command:
            c["command"] = list(command)
        c["image"] = image
        c["name"] = container_name_for_image(image, rng)
        c["resources"] = {}
        containers.append(c)
    if port >= 0:
        containers[0]["ports"] = [{"containerPort": port}]
        containers[0] = _reorder(containers[0], ["command", "image", "name", "ports",
                                                 "resources"])
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(name, namespace, labels),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "strategy": {},
            "template": {
                "metadata": {"creationTimestamp": None, "labels": dict(labels)},
                "spec": {"containers": containers},
            },
        },
        "status": {},
    }


def _reorder(d: dict, order: list[str]) -> dict:
    return {k: d[k] for k in order if k in d}


def _parse_port(text: str) -> int:
    """utilsnet.ParsePort(text, allowZero=true): strconv.ParseUint(text, 10, 16)."""
    if not re.fullmatch(r"[0-9]+", text):
        raise _fail(f'strconv.ParseUint: parsing {go_quote(text)}: invalid syntax')
    value = int(text)
    if value > 65535:
        raise _fail(f'strconv.ParseUint: parsing {go_quote(text)}: value out of range')
    return value


def _parse_tcp(spec: str) -> tuple[int, int | str]:
    """``port[:targetPort]``; targetPort may be a number or a port name."""
    parts = spec.split(":")
    port = _parse_port(parts[0])
    if len(parts) == 1:
        return port, port
    target = parts[1]
    if re.fullmatch(r"[+-]?[0-9]+", target) and abs(int(target)) < 2**63:
        number = int(target)
        if not 1 <= number <= 65535:
            raise _fail("must be between 1 and 65535, inclusive")
        return port, number
    errs = is_valid_port_name(target)
    if errs:
        raise _fail(",".join(errs))
    return port, target


_SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort",
                  "loadbalancer": "LoadBalancer", "externalname": "ExternalName"}


def make_service(kind: str, name: str, *, tcp: Iterable[str] = (), node_port: int = 0,
                 cluster_ip: str = "", external_name: str = "",
                 namespace: str | None = None) -> dict:
    """``kubectl create service clusterip|nodeport|loadbalancer|externalname NAME``.

    Each ``--tcp=port:targetPort`` becomes a TCP port named ``port-targetPort``.

    >>> make_service("nodeport", "web", tcp=["80:8080"])["spec"]["ports"]
    [{'name': '80-8080', 'port': 80, 'protocol': 'TCP', 'targetPort': 8080}]
    """
    type_ = _SERVICE_TYPES[kind.lower()]
    tcp = list(tcp)
    if cluster_ip == "None" and type_ != "ClusterIP":
        raise _fail("ClusterIP=None can only be used with ClusterIP service type")
    if cluster_ip != "None" and not tcp and type_ != "ExternalName":
        raise _fail("at least one tcp port specifier must be provided")
    if type_ == "ExternalName" and is_dns1123_subdomain(external_name):
        raise _fail(f"invalid service external name {external_name}")
    ports = []
    for spec in tcp:
        port, target = _parse_tcp(spec)
        entry: dict = {"name": spec.replace(":", "-")}
        if node_port:
            entry["nodePort"] = node_port
        entry.update(port=port, protocol="TCP", targetPort=target)
        ports.append(entry)
    spec_: dict = {}
    if cluster_ip:
        spec_["clusterIP"] = cluster_ip
    if external_name:
        spec_["externalName"] = external_name
    if ports:
        spec_["ports"] = ports
    spec_["selector"] = {"app": name}
    spec_["type"] = type_
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": _meta(name, namespace, {"app": name}),
            "spec": spec_, "status": {"loadBalancer": {}}}


def _batch_container(name: str, image: str, command: list[str] | None) -> dict:
    """The one container create job / create cronjob write (command first, as Go's struct order)."""
    container: dict = {"command": list(command)} if command else {}
    container.update(image=image, name=name, resources={})
    return container


def make_job(name: str, image: str, *, command: list[str] | None = None,
             namespace: str | None = None) -> dict:
    """``kubectl create job NAME --image=IMAGE [-- COMMAND...]`` (restartPolicy Never)."""
    if not image:
        raise _fail("either --image or --from must be specified")
    container = _batch_container(name, image, command)
    return {
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": _meta(name, namespace),
        "spec": {"template": {"metadata": {"creationTimestamp": None},
                              "spec": {"containers": [container], "restartPolicy": "Never"}}},
        "status": {},
    }


def make_cronjob(name: str, image: str, schedule: str, *, restart: str = "",
                 command: list[str] | None = None, namespace: str | None = None) -> dict:
    """``kubectl create cronjob NAME --image=IMAGE --schedule=SCHEDULE [--restart=R] [-- COMMAND...]``
    (create_cronjob.go createCronJob).  The restart policy defaults to OnFailure and
    is not checked here: the apiserver refuses anything but OnFailure and Never.

    >>> make_cronjob("hello", "busybox", "*/1 * * * *")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    {'containers': [{'image': 'busybox', 'name': 'hello', 'resources': {}}], 'restartPolicy': 'OnFailure'}
    """
    container = _batch_container(name, image, command)
    return {
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": _meta(name, namespace),
        "spec": {"jobTemplate": {"metadata": {"creationTimestamp": None, "name": name},
                                 "spec": {"template": {"metadata": {"creationTimestamp": None},
                                                       "spec": {"containers": [container],
                                                                "restartPolicy": restart or "OnFailure"}}}},
                 "schedule": schedule},
        "status": {},
    }


def make_job_from_cronjob(name: str, cronjob: dict, *, namespace: str | None = None) -> dict:
    """``kubectl create job NAME --from=cronjob/CRONJOB`` (create_job.go createJobFromCronJob):
    the CronJob's job template, annotated ``cronjob.kubernetes.io/instantiate: manual``
    and owned by the CronJob (controller, but without blockOwnerDeletion)."""
    template = (cronjob.get("spec") or {}).get("jobTemplate") or {}
    tmeta = template.get("metadata") or {}
    annotations = {"cronjob.kubernetes.io/instantiate": "manual", **(tmeta.get("annotations") or {})}
    meta: dict = {"annotations": annotations, "creationTimestamp": None}
    if tmeta.get("labels"):
        meta["labels"] = dict(tmeta["labels"])
    meta["name"] = name
    if namespace:
        meta["namespace"] = namespace
    cmeta = cronjob["metadata"]
    meta["ownerReferences"] = [{"apiVersion": "batch/v1", "controller": True, "kind": "CronJob",
                                "name": cmeta["name"], "uid": cmeta.get("uid", "")}]
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta,
            "spec": json.loads(json.dumps(template.get("spec") or {})), "status": {}}


def make_namespace(name: str) -> dict:
    """``kubectl create namespace NAME``."""
    if not name:
        raise _fail("exactly one NAME is required, got 0")
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": _meta(name, None),
            "spec": {}, "status": {}}
