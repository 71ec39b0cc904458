"""The name rules of k8s.io/apimachinery/pkg/util/validation (v0.32), worded as it words them.

Each function returns the list of problems, ``[]`` when the value is valid, exactly as the
Go function does; the apiserver's validation and kubectl's generators both ask here.

>>> is_valid_port_name("B_1")
['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']
>>> is_dns1035_label("web")
[]
"""
from __future__ import annotations

import re

__all__ = ["regex_error", "is_dns1123_label", "is_dns1123_subdomain", "is_dns1035_label",
           "is_qualified_name", "is_label_value", "is_config_map_key", "is_env_var_name",
           "is_valid_port_name"]


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """RegexError: each example is followed by "', " and joined with " or ", hence the
    double space kubectl prints: "(e.g. 'key.name',  or 'KEY_NAME', ..."."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    out = msg + " (e.g. "
    for i, e in enumerate(examples):
        out += (" or " if i else "") + f"'{e}', "
    return out + f"regex used for validation is '{fmt}')"


_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN_FMT = _LABEL_FMT + r"(\." + _LABEL_FMT + ")*"
_DNS1035_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
_QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE_FMT = "(" + _QNAME_FMT + ")?"
_CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+"
_ENV_VAR_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*"
_RE = {k: re.compile("^" + v + "$") for k, v in {
    "label": _LABEL_FMT, "subdomain": _SUBDOMAIN_FMT, "dns1035": _DNS1035_FMT, "qname": _QNAME_FMT,
    "value": _LABEL_VALUE_FMT, "configkey": _CONFIG_KEY_FMT, "env": _ENV_VAR_FMT}.items()}


def is_dns1123_label(v: str) -> list[str]:
    errs = ["must be no more than 63 characters"] if len(v) > 63 else []
    if not _RE["label"].match(v):
        errs.append("must not contain dots" if _RE["subdomain"].match(v) else regex_error(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
            "and must start and end with an alphanumeric character", _LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(v: str) -> list[str]:
    errs = ["must be no more than 253 characters"] if len(v) > 253 else []
    if not _RE["subdomain"].match(v):
        errs.append(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
            "and must start and end with an alphanumeric character", _SUBDOMAIN_FMT, "example.com"))
    return errs


def is_dns1035_label(v: str) -> list[str]:
    errs = ["must be no more than 63 characters"] if len(v) > 63 else []
    if not _RE["dns1035"].match(v):
        errs.append(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
            "alphabetic character, and end with an alphanumeric character", _DNS1035_FMT, "my-name", "abc-123"))
    return errs


_QNAME_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
              "with an alphanumeric character")


def is_qualified_name(v: str) -> list[str]:
    parts = v.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        errs = []
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs += ["prefix part " + m for m in is_dns1123_subdomain(prefix)]
        if errs:
            return errs + _name_part(name)
    else:
        return ["a qualified name " + regex_error(_QNAME_MSG, _QNAME_FMT, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    return _name_part(name)


def _name_part(name: str) -> list[str]:
    # IsQualifiedName: an empty name part fails the length check *and* the regex
    errs = ["name part must be non-empty"] if not name else \
        ["name part must be no more than 63 characters"] if len(name) > 63 else []
    if not _RE["qname"].match(name):
        errs.append("name part " + regex_error(_QNAME_MSG, _QNAME_FMT, "MyName", "my.name", "123-abc"))
    return errs


def is_label_value(v: str) -> list[str]:
    errs = ["must be no more than 63 characters"] if len(v) > 63 else []
    if not _RE["value"].match(v):
        errs.append(regex_error("a valid label must be an empty string or consist of alphanumeric characters, "
                                "'-', '_' or '.', and must start and end with an alphanumeric character",
                                _LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def _chdir_prefix(value: str) -> list[str]:
    """hasChDirPrefix: a key that would name '.', '..' or climb out of a volume."""
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    if value.startswith(".."):
        return ["must not start with '..'"]
    return []


def is_config_map_key(v: str) -> list[str]:
    """IsConfigMapKey: a ConfigMap's or Secret's key."""
    errs = ["must be no more than 253 characters"] if len(v) > 253 else []
    if not _RE["configkey"].match(v):
        errs.append(regex_error("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                                _CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    return errs + _chdir_prefix(v)


def is_env_var_name(v: str) -> list[str]:
    """IsEnvVarName."""
    errs = []
    if not _RE["env"].match(v):
        errs.append(regex_error("a valid environment variable name must consist of alphabetic "
                                "characters, digits, '_', '-', or '.', and must not start with "
                                "a digit", _ENV_VAR_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"))
    return errs + _chdir_prefix(v)


def is_valid_port_name(name: str) -> list[str]:
    """IsValidPortName (IANA service names): every rule is checked, so ``B_1`` is told both
    that it has a character outside [-a-z0-9] and that it has no letter a-z."""
    errs = []
    if len(name) > 15:
        errs.append("must be no more than 15 characters")
    if not re.fullmatch(r"[-a-z0-9]+", name):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search(r"[a-z]", name):
        errs.append("must contain at least one letter (a-z)")
    if "--" in name:
        errs.append("must not contain consecutive hyphens")
    if name.startswith("-") or name.endswith("-"):
        errs.append("must not begin or end with a hyphen")
    return errs
