"""The container runtime's registry-mirror configuration, read as the runtime reads it.

Two files say which mirrors a node's runtime tries before a registry:

* Docker: ``/etc/docker/daemon.json``, ``{"registry-mirrors": ["https://..."]}``
  (Docker Hub only), then ``systemctl restart docker``;
* containerd: ``/etc/containerd/certs.d/<registry>/hosts.toml`` (any registry),
  with ``config_path = "/etc/containerd/certs.d"`` in its config.toml.

Both give the mapping :func:`kubelab.apps.images.resolve` takes as ``mirrors``:

>>> from_daemon_json('{"registry-mirrors": ["https://docker.m.daocloud.io"]}')
{'docker.io': ['https://docker.m.daocloud.io']}
>>> toml = '''server = "https://registry.k8s.io"
...
... [host."https://k8s.m.daocloud.io"]
...   capabilities = ["pull", "resolve"]
... '''
>>> from_hosts_toml("registry.k8s.io", toml)
{'registry.k8s.io': ['https://k8s.m.daocloud.io']}
"""
from __future__ import annotations

import json
import re


class ConfigError(ValueError):
    """The runtime would not start with this file (dockerd prints the JSON error)."""


def from_daemon_json(text: str) -> dict[str, list[str]]:
    """Docker's ``registry-mirrors``: mirrors of Docker Hub, in order."""
    try:
        config = json.loads(text or "{}")
    except json.JSONDecodeError as err:
        raise ConfigError(f"unable to configure the Docker daemon with file /etc/docker/daemon.json: {err}") from err
    mirrors = config.get("registry-mirrors") or []
    if not isinstance(mirrors, list) or not all(isinstance(m, str) for m in mirrors):
        raise ConfigError("unable to configure the Docker daemon with file /etc/docker/daemon.json: "
                          "registry-mirrors must be a list of URLs")
    for m in mirrors:
        if not re.match(r"^https?://[^/]+/?$", m):
            raise ConfigError(f'invalid mirror: "{m}" is not a valid URI')
    return {"docker.io": [m.rstrip("/") for m in mirrors]} if mirrors else {}


def from_hosts_toml(registry: str, text: str) -> dict[str, list[str]]:
    """containerd's hosts.toml for one registry: the ``[host."URL"]`` entries that
    may pull, in the file's order (the ``server`` is the registry itself, tried last)."""
    hosts: list[str] = []
    current: str | None = None
    caps: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.fullmatch(r'\[host\."([^"]+)"\]', line)
        if m:
            current = m.group(1).rstrip("/")
            hosts.append(current)
            caps[current] = ["pull", "resolve", "push"]        # containerd's default capabilities
            continue
        m = re.fullmatch(r"capabilities\s*=\s*\[(.*)\]", line)
        if m and current is not None:
            caps[current] = re.findall(r'"([^"]+)"', m.group(1))
    usable = [h for h in hosts if "pull" in caps[h]]
    return {registry: usable} if usable else {}
