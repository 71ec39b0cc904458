"""What kustomize works on: a resource with the names it has had, and its error type."""
from __future__ import annotations

from dataclasses import dataclass, field

from kubelab.api.resources import by_kind


class KustomizeError(Exception):
    """What kustomize reports (kubectl prints it as ``"command failed" err="..."``)."""


@dataclass
class Res:
    obj: dict
    names: list[str] = field(default_factory=list)   # every name it has had, oldest first
    generated: bool = False
    hash_suffix: bool = False

    @property
    def kind(self) -> str:
        return self.obj.get("kind", "")

    @property
    def name(self) -> str:
        return self.obj.get("metadata", {}).get("name", "")

    @property
    def namespace(self) -> str:
        return self.obj.get("metadata", {}).get("namespace", "") or ""

    def rename(self, new: str) -> None:
        self.names.append(self.name)
        self.obj["metadata"]["name"] = new

    def had_name(self, name: str) -> bool:
        return name == self.name or name in self.names


def group_of(obj: dict) -> str:
    av = obj.get("apiVersion", "")
    return av.split("/")[0] if "/" in av else ""


def version_of(obj: dict) -> str:
    return obj.get("apiVersion", "").split("/")[-1]


def is_namespaced(obj: dict) -> bool:
    rt = by_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
    return rt.namespaced if rt else True
