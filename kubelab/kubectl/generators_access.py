"""The objects ``kubectl create`` builds for access and cluster policy: service
accounts, RBAC roles and bindings, resource quotas, priority classes and ingresses
(staging/src/k8s.io/kubectl/pkg/cmd/create/create_*.go, v1.32).  The workload,
service and configuration generators are in :mod:`kubelab.kubectl.generators`."""
from __future__ import annotations

import re
from typing import Iterable, Mapping

from .generators import GeneratorError, _fail, _meta, parse_resource_list

__all__ = ["make_serviceaccount", "make_role", "make_clusterrole", "make_rolebinding", "make_clusterrolebinding",
           "make_quota", "make_priorityclass", "make_ingress", "make_pdb", "parse_role_resources", "NoResourceMatch"]

# --- service accounts, RBAC (create_serviceaccount.go, create_role.go, create_clusterrole.go,
#     create_rolebinding.go, create_clusterrolebinding.go) -----------------------------------

def make_serviceaccount(name: str, *, namespace: str | None = None) -> dict:
    """``kubectl create serviceaccount NAME``: nothing but a name."""
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(name, namespace)}


RBAC_API_VERSION = "rbac.authorization.k8s.io/v1"
VALID_RESOURCE_VERBS = ("*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy",
                        "deletecollection", "use", "bind", "escalate", "impersonate")
VALID_NON_RESOURCE_VERBS = ("*", "get", "post", "put", "delete", "patch", "head", "options")
# Verbs that only make sense on these (group, resource) pairs.
SPECIAL_VERBS = {
    "use": (("policy", "podsecuritypolicies"), ("extensions", "podsecuritypolicies")),
    "bind": (("rbac.authorization.k8s.io", "roles"), ("rbac.authorization.k8s.io", "clusterroles")),
    "escalate": (("rbac.authorization.k8s.io", "roles"), ("rbac.authorization.k8s.io", "clusterroles")),
    "impersonate": (("", "users"), ("", "serviceaccounts"), ("", "groups"),
                    ("authentication.k8s.io", "userextras")),
}


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _dedupe_verbs(verbs: Iterable[str]) -> list[str]:
    """Duplicates dropped; a ``*`` anywhere means all verbs and stands alone."""
    out: list[str] = []
    for v in verbs:
        if v == "*":
            return ["*"]
        if v not in out:
            out.append(v)
    return out


def parse_role_resources(resources: Iterable[str]) -> list[tuple[str, str, str]]:
    """``--resource`` words as (resource, group, subresource): ``deployments.apps/scale``.

    A bare ``*`` replaces everything and ends the list (CreateRoleOptions.Complete).

    >>> parse_role_resources(["pods", "deployments.apps/scale"])
    [('pods', '', ''), ('deployments', 'apps', 'scale')]
    """
    out: list[tuple[str, str, str]] = []
    for word in resources:
        head, slash, sub = word.partition("/")
        resource, dot, group = head.partition(".")
        if resource == "*" and not dot and not slash:
            return [("*", "", "")]
        out.append((resource, group, sub))
    return out


class NoResourceMatch(GeneratorError):
    """meta.NoResourceMatchError as cmdutil.CheckErr prints it: no ``error:`` prefix."""

    def __init__(self, resource: str, group: str):
        text = f'the server doesn\'t have a resource type "{resource}"'
        super().__init__(text + (f' in group "{group}"' if group else ""))


def _resolve(resolve, resource: str, group: str) -> tuple[str, str, bool]:
    """(resource, group, found): the mapper's answer, or the words as typed."""
    if resolve is not None:
        found = resolve(resource, group)
        if found is not None:
            return found[0], found[1], True
    return resource, group, False


def _validate_resources(parsed, verbs, resolve) -> None:
    """CreateRoleOptions.validateResource: special verbs need their own resources; any
    other resource must be known to the server (checked one by one, in order)."""
    for resource, group, _ in parsed:
        if not resource:
            raise _fail("resource must be specified if apiGroup/subresource specified")
        if resource == "*":
            return      # kubectl stops checking at the first wildcard
        res, grp, found = _resolve(resolve, resource, group)
        for v in verbs:
            if v in SPECIAL_VERBS:
                if (grp, res) not in SPECIAL_VERBS[v]:
                    raise _fail(f"can not perform '{v}' on '{res}' in group '{grp}'")
                found = True
        if not found:
            raise NoResourceMatch(resource, group)


def _policy_rules(parsed, verbs, resource_names, non_resource_urls, resolve) -> list[dict]:
    """generateResourcePolicyRules: one rule per API group, groups sorted by name, plus one
    rule for the non-resource URLs."""
    by_group: dict[str, list[str]] = {}
    for resource, group, sub in parsed:
        res, grp, _ = _resolve(resolve, resource, group)
        if sub:
            res = f"{res}/{sub}"
        if res not in by_group.setdefault(grp, []):
            by_group[grp].append(res)
    rules = []
    for grp in sorted(by_group):
        rule: dict = {"verbs": list(verbs), "apiGroups": [grp], "resources": by_group[grp]}
        if resource_names:
            rule["resourceNames"] = list(resource_names)
        rules.append(rule)
    if non_resource_urls:
        rules.append({"verbs": list(verbs), "nonResourceURLs": list(non_resource_urls)})
    return rules


def _warn_verbs(verbs, warn) -> None:
    for v in verbs:
        if v not in VALID_RESOURCE_VERBS and warn is not None:
            warn(f"Warning: '{v}' is not a standard resource verb")


def make_role(name: str, verbs: Iterable[str], resources: Iterable[str], *,
              resource_names: Iterable[str] = (), resolve=None, warn=None,
              namespace: str | None = None) -> dict:
    """``kubectl create role NAME --verb=... --resource=...[--resource-name=...]``.

    ``resolve(resource, group)`` is the server's discovery (kubectl's RESTMapper):
    it returns ``(plural, group)`` for ``rs`` or ``deploy.apps``, or None when the
    server has no such type. ``warn`` receives kubectl's warning lines.

    >>> r = make_role("pod-reader", ["get", "list", "get"], ["pods"], resolve=lambda r, g: (r, g))
    >>> r["rules"]
    [{'verbs': ['get', 'list'], 'apiGroups': [''], 'resources': ['pods']}]
    """
    if not name:
        raise _fail("name must be specified")
    verbs = _dedupe_verbs(verbs)
    parsed = parse_role_resources(resources)
    resource_names = _dedupe(resource_names)
    if not verbs:
        raise _fail("at least one verb must be specified")
    _warn_verbs(verbs, warn)
    if not parsed:
        raise _fail("at least one resource must be specified")
    _validate_resources(parsed, verbs, resolve)
    return {"apiVersion": RBAC_API_VERSION, "kind": "Role", "metadata": _meta(name, namespace),
            "rules": _policy_rules(parsed, verbs, resource_names, [], resolve)}


def make_clusterrole(name: str, verbs: Iterable[str] = (), resources: Iterable[str] = (), *,
                     resource_names: Iterable[str] = (), non_resource_urls: Iterable[str] = (),
                     aggregation_rule: Mapping[str, str] | None = None, resolve=None,
                     warn=None) -> dict:
    """``kubectl create clusterrole NAME`` with --verb/--resource/--non-resource-url, or
    with --aggregation-rule alone (then ``rules`` is null: the controller fills it)."""
    if not name:
        raise _fail("name must be specified")
    non_resource_urls = _dedupe(non_resource_urls)
    verbs = _dedupe_verbs(verbs)
    parsed = parse_role_resources(resources)
    resource_names = _dedupe(resource_names)
    obj: dict = {"apiVersion": RBAC_API_VERSION, "kind": "ClusterRole", "metadata": _meta(name, None)}
    if aggregation_rule:
        if non_resource_urls or verbs or parsed or resource_names:
            raise _fail("aggregation rule must be specified without nonResourceURLs, verbs, "
                        "resources or resourceNames")
        obj["aggregationRule"] = {"clusterRoleSelectors": [{"matchLabels": dict(aggregation_rule)}]}
        obj["rules"] = None
        return obj
    if not verbs:
        raise _fail("at least one verb must be specified")
    if not parsed and not non_resource_urls:
        raise _fail("one of resource or nonResourceURL must be specified")
    if parsed:
        _warn_verbs(verbs, warn)
        _validate_resources(parsed, verbs, resolve)
    if non_resource_urls:
        for v in verbs:
            if v not in VALID_NON_RESOURCE_VERBS:
                raise _fail(f"invalid verb: '{v}' for nonResourceURL")
        for url in non_resource_urls:
            if url == "*":
                continue
            if not url.startswith("/"):
                raise _fail("nonResourceURL should start with /")
            if "*" in url[:-1]:
                raise _fail("nonResourceURL only supports wildcard matches when '*' is at the end")
    obj["rules"] = _policy_rules(parsed, verbs, resource_names, non_resource_urls, resolve)
    return obj


def _subjects(users: Iterable[str], groups: Iterable[str], service_accounts: Iterable[str]) -> list[dict]:
    """Users, then groups, then ``namespace:name`` service accounts, in flag order."""
    out: list[dict] = []
    for user in users:
        out.append({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": user})
    for group in groups:
        out.append({"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": group})
    for sa in service_accounts:
        tokens = sa.split(":")
        if len(tokens) != 2 or not tokens[0] or not tokens[1]:
            raise _fail("serviceaccount must be <namespace>:<name>")
        out.append({"kind": "ServiceAccount", "name": tokens[1], "namespace": tokens[0]})
    return out


def make_rolebinding(name: str, *, role: str = "", clusterrole: str = "",
                     users: Iterable[str] = (), groups: Iterable[str] = (),
                     service_accounts: Iterable[str] = (), namespace: str | None = None) -> dict:
    """``kubectl create rolebinding NAME --role=R|--clusterrole=R [--user] [--group]
    [--serviceaccount=ns:name]``.

    >>> make_rolebinding("rb", role="pod-reader", users=["jane"])["subjects"]
    [{'kind': 'User', 'apiGroup': 'rbac.authorization.k8s.io', 'name': 'jane'}]
    """
    if not name:
        raise _fail("name must be specified")
    if bool(role) == bool(clusterrole):
        raise _fail("exactly one of clusterrole or role must be specified")
    obj: dict = {"apiVersion": RBAC_API_VERSION, "kind": "RoleBinding", "metadata": _meta(name, namespace),
                 "roleRef": {"apiGroup": "rbac.authorization.k8s.io",
                             "kind": "Role" if role else "ClusterRole", "name": role or clusterrole}}
    subjects = _subjects(users, groups, service_accounts)
    if subjects:
        obj["subjects"] = subjects
    return obj


def make_clusterrolebinding(name: str, *, clusterrole: str, users: Iterable[str] = (),
                            groups: Iterable[str] = (), service_accounts: Iterable[str] = ()) -> dict:
    """``kubectl create clusterrolebinding NAME --clusterrole=R [--user] [--group]
    [--serviceaccount=ns:name]`` (--clusterrole is a required flag)."""
    obj: dict = {"apiVersion": RBAC_API_VERSION, "kind": "ClusterRoleBinding", "metadata": _meta(name, None),
                 "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                             "name": clusterrole}}
    subjects = _subjects(users, groups, service_accounts)
    if subjects:
        obj["subjects"] = subjects
    return obj


# --- quota and priority class (create_quota.go, create_priorityclass.go) -------------------

def make_quota(name: str, *, hard: str = "", scopes: str = "", namespace: str | None = None) -> dict:
    """``kubectl create quota NAME [--hard=pods=2,cpu=1] [--scopes=BestEffort,...]``.

    Quantities are stored canonical; scopes are not checked here (the apiserver does).

    >>> make_quota("q", hard="cpu=1000m,memory=1024Mi")["spec"]
    {'hard': {'cpu': '1', 'memory': '1Gi'}}
    """
    if not name:
        raise _fail("name must be specified")
    spec: dict = {}
    if hard:
        spec["hard"] = parse_resource_list(hard)
    if scopes:
        items = scopes.split(",")
        if "" in items:
            raise _fail('invalid resource quota scope ""')
        spec["scopes"] = items
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": _meta(name, namespace),
            "spec": spec, "status": {}}


def make_priorityclass(name: str, *, value: int = 0, global_default: bool = False,
                       description: str = "", preemption_policy: str = "PreemptLowerPriority") -> dict:
    """``kubectl create priorityclass NAME [--value=N] [--global-default] [--description]
    [--preemption-policy]``; the policy is not checked here (the apiserver does)."""
    obj: dict = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": _meta(name, None),
                 "value": value}
    if global_default:
        obj["globalDefault"] = True
    if description:
        obj["description"] = description
    obj["preemptionPolicy"] = preemption_policy
    return obj


# --- ingress (create_ingress.go) -------------------------------------------------------------

# host/path=service:port[,tls[=secret]]; Go's \w is ASCII only.
_INGRESS_RULE = re.compile(r"^(?P<host>[\w\*\-\.]*)(?P<path>/[^,=\n]*)=(?P<svcname>[\w\-]+):"
                           r"(?P<svcport>[\w\-]+)(,(?P<istls>tls)=?(?P<secretname>[\w\-]+)?)?$", re.ASCII)


def _backend(service: str) -> dict:
    """svc:port; a port that parses as an integer is a number, else a port name (intstr.Parse)."""
    parts = service.split(":")
    svcname, svcport = parts[0], parts[1]
    port: dict = {}
    if re.fullmatch(r"[+-]?[0-9]+", svcport):
        if int(svcport):           # omitempty drops a zero
            port["number"] = int(svcport)
    elif svcport:
        port["name"] = svcport
    return {"service": {"name": svcname, "port": port}}


def _ingress_path(pathsvc: str) -> dict:
    path, service = pathsvc.split("=")[0], pathsvc.split("=")[1]
    path = "/" + path
    path_type = "Exact"
    if path.endswith("*"):        # a trailing * means a Prefix match, and is dropped
        path_type, path = "Prefix", path[:-1]
    return {"backend": _backend(service), "path": path, "pathType": path_type}


def _ingress_tls(rules: list[str]) -> list[dict]:
    """buildTLSRules: rules ending ``,tls[=secret]``; hosts sharing a secret share an entry,
    and each host is taken once."""
    seen: set[str] = set()
    out: list[dict] = []
    for rule in rules:
        parts = rule.split(",")
        if len(parts) != 2:
            continue
        host = rule.split("/", 1)[0]
        name_parts = parts[1].split("=")
        secret = name_parts[1] if len(name_parts) > 1 else ""
        if host in seen:
            continue
        index = next((i for i, t in enumerate(out) if t.get("secretName", "") == secret), -1)
        seen.add(host)
        if index > -1:
            out[index].setdefault("hosts", []).append(host)
            continue
        entry: dict = {}
        if host:
            entry["hosts"] = [host]
        if secret:
            entry["secretName"] = secret
        if entry:
            out.append(entry)
    return out


def _ingress_rules(rules: list[str]) -> list[dict]:
    """buildIngressRules: paths of rules with the same host gather under one rule."""
    out: list[dict] = []
    for rule in rules:
        host, _, rest = rule.split(",")[0].partition("/")
        path = _ingress_path(rest)
        existing = next((r for r in out if r.get("host", "") == host), None)
        if existing is not None:
            existing["http"]["paths"].append(path)
            continue
        entry: dict = {"host": host} if host else {}
        entry["http"] = {"paths": [path]}
        out.append(entry)
    return out


def make_ingress(name: str, *, rules: Iterable[str] = (), ingress_class: str = "",
                 default_backend: str = "", annotations: Iterable[str] = (),
                 namespace: str | None = None) -> dict:
    """``kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]] [--class]
    [--default-backend=svc:port] [--annotation=k=v]``.

    >>> ing = make_ingress("simple", rules=["foo.com/bar*=svc1:8080,tls=my-cert"])
    >>> ing["spec"]["rules"][0]["http"]["paths"][0]["pathType"], ing["spec"]["tls"]
    ('Prefix', [{'hosts': ['foo.com'], 'secretName': 'my-cert'}])
    """
    rules, annotations = list(rules), list(annotations)
    if not default_backend and not rules:
        raise _fail("not enough information provided: every ingress has to either specify a "
                    "default-backend (which catches all traffic) or a list of rules (which "
                    "catch specific paths)")
    for rule in rules:
        if not _INGRESS_RULE.match(rule):
            raise _fail(f"rule {rule} is invalid and should be in format "
                        "host/path=svcname:svcport[,tls[=secret]]")
    for annotation in annotations:
        if "=" not in annotation:
            raise _fail(f"annotation {annotation} is invalid and should be in format key=[value]")
    if default_backend and len(default_backend.split(":")) != 2:
        raise _fail("default-backend should be in format servicename:serviceport")
    meta: dict = {}
    if annotations:
        meta["annotations"] = dict(a.split("=", 1) for a in annotations)
    meta.update(_meta(name, namespace))
    spec: dict = {}
    if ingress_class:
        spec["ingressClassName"] = ingress_class
    if default_backend:
        spec["defaultBackend"] = _backend(default_backend)
    tls = _ingress_tls(rules)
    if tls:
        spec["tls"] = tls
    built = _ingress_rules(rules)
    if built:
        spec["rules"] = built
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta, "spec": spec,
            "status": {"loadBalancer": {}}}


# --- pod disruption budgets (create_pdb.go) ---------------------------------------------------

_PDB_VALUE = re.compile(r"^[0-9]+%?$")


def parse_to_label_selector(text: str) -> dict:
    """metav1.ParseToLabelSelector: equality requirements become matchLabels, set ones
    matchExpressions (values sorted); ``!=`` has no LabelSelector form."""
    from ..api import selectors
    from ..api.errors import ApiError
    try:
        reqs = sorted(selectors.parse(text).requirements, key=lambda r: r.key)
    except ApiError as err:
        raise _fail(f'couldn\'t parse the selector string "{text}": {err.message}')
    ops = {"in": "In", "notin": "NotIn", "exists": "Exists", "!": "DoesNotExist"}
    labels: dict = {}
    exprs: list = []
    for r in reqs:
        if r.op in ("=", "=="):
            labels[r.key] = r.values[0]
        elif r.op in ("lt", "gt"):
            raise _fail(f'"{r.op}" isn\'t supported in label selectors')
        elif r.op in ops:
            expr: dict = {"key": r.key, "operator": ops[r.op]}
            if r.values:
                expr["values"] = sorted(set(r.values))
            exprs.append(expr)
        else:
            raise _fail(f'"{r.op}" is not a valid label selector operator')
    out: dict = {}
    if labels:
        out["matchLabels"] = labels
    if exprs:
        out["matchExpressions"] = exprs
    return out


def make_pdb(name: str, *, selector: str = "", min_available: str = "", max_unavailable: str = "",
             namespace: str | None = None) -> dict:
    """``kubectl create poddisruptionbudget NAME --selector=... --min-available=N|N%``
    (or ``--max-unavailable``): Validate's checks in its order, then the object with
    the zero status a policy/v1 PodDisruptionBudget serializes."""
    if not selector:
        raise _fail("a selector must be specified")
    if not max_unavailable and not min_available:
        raise _fail("one of min-available or max-unavailable must be specified")
    if max_unavailable and min_available:
        raise _fail("min-available and max-unavailable cannot be both specified")
    if min_available and not _PDB_VALUE.match(min_available):
        raise _fail("invalid format specified for min-available")
    if max_unavailable and not _PDB_VALUE.match(max_unavailable):
        raise _fail("invalid format specified for max-unavailable")
    sel = parse_to_label_selector(selector)
    spec: dict = {}           # v1.PodDisruptionBudgetSpec's order: minAvailable, selector, maxUnavailable
    if min_available:
        spec["minAvailable"] = min_available if min_available.endswith("%") else int(min_available)
    spec["selector"] = sel
    if max_unavailable:
        spec["maxUnavailable"] = max_unavailable if max_unavailable.endswith("%") else int(max_unavailable)
    meta: dict = {"name": name, **({"namespace": namespace} if namespace else {}), "creationTimestamp": None}
    return {"kind": "PodDisruptionBudget", "apiVersion": "policy/v1", "metadata": meta,   # the Go struct's order
            "spec": spec, "status": {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0,
                                     "expectedPods": 0}}
