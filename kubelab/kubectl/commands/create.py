"""kubectl create deployment|namespace|configmap|secret|service|job|cronjob|serviceaccount|role|
clusterrole|rolebinding|clusterrolebinding|quota|priorityclass|ingress|poddisruptionbudget, and create -f."""
from __future__ import annotations

from ...api.errors import ApiError
from ...api.resources import RESOURCES
from ..cli import Command, CommandError, Ctx, Flag, register
from ..builder import resolve_type
from ..generators import GeneratorError, LocalFS, make_configmap, make_cronjob, make_deployment, make_job, \
    make_job_from_cronjob, make_namespace, make_secret, make_secret_docker_registry, make_secret_tls, make_service
from ..generators_access import make_clusterrole, make_clusterrolebinding, make_ingress, make_pdb, \
    make_priorityclass, make_quota, make_role, make_rolebinding, make_serviceaccount
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name
from .apply import APPLY_FLAGS, DRY_RUN, _dry, _suffix, run_create

COMMON = (Flag("output", "o"), DRY_RUN, Flag("save-config", kind="bool"), Flag("validate", default="strict", no_opt="strict"),
          Flag("field-manager", default="kubectl-create"), Flag("show-managed-fields", kind="bool"),
          Flag("allow-missing-template-keys", kind="bool", default=True), Flag("template"))


def _one_name(args: list[str], what: str) -> str:
    if len(args) != 1:
        raise CommandError(f"error: exactly one NAME is required, got {len(args)}\n"
                           f"See 'kubectl create {what} -h' for help and examples")
    return args[0]


def _send(ctx: Ctx, obj: dict, opts: dict) -> None:
    """Create on the server (or not, for --dry-run=client) and print as kubectl does."""
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry(opts)
    if obj.get("metadata", {}).get("namespace") is None and ctx.api.resource(obj["kind"], obj["apiVersion"]).namespaced:
        if ctx.namespace_given:
            obj["metadata"]["namespace"] = ctx.namespace
    if dry == "client":
        result = obj
    else:
        result = ctx.api.create(obj, ctx.namespace, external=True, dry_run=(dry == "server"))
    if fmt:
        print_objects(ctx, [result], fmt, single=True, typed=True)
    else:
        ctx.print(f"{to_name(result)} created{_suffix(dry)}")


def _gen(fn, *a, **kw):
    try:
        return fn(*a, **kw)
    except GeneratorError as err:
        raise CommandError(err.message)


def create_deployment(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "deployment")
    obj = _gen(make_deployment, name, opts["image"], replicas=opts["replicas"], port=opts["port"],
               command=opts["--"] or None, rng=ctx.session.rng)
    _send_wrapped(ctx, obj, opts, "deployment")


def create_namespace(ctx: Ctx, args: list[str], opts: dict) -> None:
    _send(ctx, _gen(make_namespace, _one_name(args, "namespace")), opts)


def _send_wrapped(ctx: Ctx, obj: dict, opts: dict, what: str) -> None:
    """Most create subcommands wrap the server's error, ``failed to create configmap:
    <message>`` (create_configmap.go Run ...); the three secret ones with no colon
    (``failed to create secret %v``, create_secret*.go), the services with their type
    (``failed to create NodePort service: %v``, create_service.go)."""
    try:
        _send(ctx, obj, opts)
    except ApiError as err:
        prefix = "failed to create secret " if what == "secret" else f"failed to create {what}: "
        raise CommandError(f"error: {prefix}{err.message}")


def create_configmap(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "configmap")
    obj = _gen(make_configmap, name, literals=opts["from-literal"], files=opts["from-file"],
               env_files=opts["from-env-file"], append_hash=opts["append-hash"], fs=LocalFS(ctx.cwd))
    _send_wrapped(ctx, obj, opts, "configmap")


def create_secret_generic(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "secret generic")
    obj = _gen(make_secret, name, literals=opts["from-literal"], files=opts["from-file"],
               env_files=opts["from-env-file"], type=opts["type"] or "", append_hash=opts["append-hash"],
               fs=LocalFS(ctx.cwd))
    _send_wrapped(ctx, obj, opts, "secret")


def create_secret_tls(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "secret tls")
    _send_wrapped(ctx, _gen(make_secret_tls, name, cert=opts["cert"] or "", key=opts["key"] or "",
                            append_hash=opts["append-hash"], fs=LocalFS(ctx.cwd)), opts, "secret")


def create_secret_docker(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "secret docker-registry")
    _send_wrapped(ctx, _gen(make_secret_docker_registry, name, docker_username=opts["docker-username"] or "",
                            docker_password=opts["docker-password"] or "", docker_email=opts["docker-email"] or "",
                            docker_server=opts["docker-server"], files=opts["from-file"],
                            append_hash=opts["append-hash"], fs=LocalFS(ctx.cwd)), opts, "secret")


def _service(kind: str):
    def run(ctx: Ctx, args: list[str], opts: dict) -> None:
        name = _one_name(args, f"service {kind}")
        obj = _gen(make_service, kind, name, tcp=opts.get("tcp") or [], node_port=opts.get("node-port") or 0,
                   cluster_ip=opts.get("clusterip") or "", external_name=opts.get("external-name") or "")
        _send_wrapped(ctx, obj, opts, f'{obj["spec"]["type"]} service')
    return run


def create_job(ctx: Ctx, args: list[str], opts: dict) -> None:
    """create_job.go: --image builds a Job; --from=cronjob/NAME instantiates a CronJob's
    template; the server's refusal reads ``error: failed to create job: ...``."""
    name = _one_name(args, "job")
    image, source = opts["image"] or "", opts["from"] or ""
    if bool(image) == bool(source):
        raise CommandError("error: either --image or --from must be specified")
    if source and opts["--"]:
        raise CommandError("error: cannot specify --from and command")
    if image:
        obj = _gen(make_job, name, image, command=opts["--"] or None)
    else:
        obj = make_job_from_cronjob(name, _from_cronjob(ctx, source))
    _send_wrapped(ctx, obj, opts, "job")


def _from_cronjob(ctx: Ctx, source: str) -> dict:
    """The object --from names, read from the server as the builder does: TYPE/NAME,
    or TYPE alone when exactly one object of that type exists."""
    word, _, name = source.partition("/")
    rt = resolve_type(word)
    ns = ctx.namespace if rt.namespaced else None
    if name:
        obj = ctx.api.get(rt, name, ns)
    else:
        found = ctx.api.list(rt, ns)
        if len(found) != 1:
            raise CommandError("error: from must be an existing cronjob")
        obj = found[0]
    if obj["kind"] != "CronJob":
        version = obj["apiVersion"].rpartition("/")[2]
        raise CommandError(f"error: unknown object type *{version}.{obj['kind']}")
    return obj


def create_cronjob(ctx: Ctx, args: list[str], opts: dict) -> None:
    """create_cronjob.go: no client-side check of the schedule or --restart (the apiserver's)."""
    name = _one_name(args, "cronjob")
    obj = make_cronjob(name, opts["image"], opts["schedule"], restart=opts["restart"] or "",
                       command=opts["--"] or None)
    _send_wrapped(ctx, obj, opts, "cronjob")


def create_serviceaccount(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "serviceaccount")
    _send_wrapped(ctx, make_serviceaccount(name), opts, "serviceaccount")


def _discovery(ctx: Ctx):
    """kubectl's RESTMapper over the server's discovery (our registry): ``rs`` ->
    (replicasets, apps).  As client-go's shortcut expander, a full name typed exactly
    wins over a short name, and a short name several groups share goes to the first
    (the core group) with a warning; then the mapper matches plural or singular,
    case-insensitively."""
    def resolve(resource: str, group: str):
        types = [rt for rt in RESOURCES if not group or rt.group == group]
        if not any(resource in (rt.plural, rt.singular) for rt in types):
            short = [rt for rt in types if resource in rt.short_names]
            for other in short[1:]:
                if (other.group, other.plural) != (short[0].group, short[0].plural):
                    ctx.eprint(f'Warning: short name "{resource}" could also match lower priority '
                               f'resource {other.group_resource}')
            if short:
                return short[0].plural, short[0].group
        for rt in types:
            if resource.lower() in (rt.plural, rt.singular):
                return rt.plural, rt.group
        return None
    return resolve


def create_role(ctx: Ctx, args: list[str], opts: dict) -> None:
    """create_role.go: the server's own error is not wrapped (Error from server ...)."""
    name = _one_name(args, "role")
    obj = _gen(make_role, name, opts["verb"], opts["resource"], resource_names=opts["resource-name"],
               resolve=_discovery(ctx), warn=ctx.eprint)
    _send(ctx, obj, opts)


def _aggregation_rule(values: list[str]) -> dict[str, str]:
    """cliflag.MapStringString: ``k=v,k2=v2``, repeatable."""
    out: dict[str, str] = {}
    for value in values:
        for pair in value.split(","):
            key, eq, val = pair.partition("=")
            if not eq:
                raise CommandError(f'Error: invalid argument "{value}" for "--aggregation-rule" flag: '
                                   "malformed pair, expect string=string\n"
                                   "See 'kubectl create clusterrole --help' for usage.")
            out[key.strip()] = val.strip()
    return out


def create_clusterrole(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "clusterrole")
    obj = _gen(make_clusterrole, name, opts["verb"], opts["resource"], resource_names=opts["resource-name"],
               non_resource_urls=opts["non-resource-url"],
               aggregation_rule=_aggregation_rule(opts["aggregation-rule"]),
               resolve=_discovery(ctx), warn=ctx.eprint)
    _send(ctx, obj, opts)


def create_rolebinding(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "rolebinding")
    obj = _gen(make_rolebinding, name, role=opts["role"] or "", clusterrole=opts["clusterrole"] or "",
               users=opts["user"], groups=opts["group"], service_accounts=opts["serviceaccount"])
    _send_wrapped(ctx, obj, opts, "rolebinding")


def create_clusterrolebinding(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "clusterrolebinding")
    obj = _gen(make_clusterrolebinding, name, clusterrole=opts["clusterrole"], users=opts["user"],
               groups=opts["group"], service_accounts=opts["serviceaccount"])
    _send_wrapped(ctx, obj, opts, "clusterrolebinding")


def create_quota(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "quota")
    obj = _gen(make_quota, name, hard=opts["hard"] or "", scopes=opts["scopes"] or "")
    _send_wrapped(ctx, obj, opts, "quota")


def create_priorityclass(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "priorityclass")
    obj = make_priorityclass(name, value=opts["value"], global_default=opts["global-default"],
                             description=opts["description"] or "",
                             preemption_policy=opts["preemption-policy"])
    _send_wrapped(ctx, obj, opts, "priorityclass")


def create_ingress(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "ingress")
    obj = _gen(make_ingress, name, rules=opts["rule"], ingress_class=opts["class"] or "",
               default_backend=opts["default-backend"] or "", annotations=opts["annotation"])
    _send_wrapped(ctx, obj, opts, "ingress")


def create_pdb(ctx: Ctx, args: list[str], opts: dict) -> None:
    name = _one_name(args, "poddisruptionbudget")
    obj = _gen(make_pdb, name, selector=opts["selector"] or "", min_available=opts["min-available"] or "",
               max_unavailable=opts["max-unavailable"] or "")
    _send_wrapped(ctx, obj, opts, "poddisruptionbudgets")


SOURCES = (Flag("from-literal", kind="list", default=[]), Flag("from-file", kind="csv", default=[]),
           Flag("from-env-file", kind="list", default=[]), Flag("append-hash", kind="bool"))
register(Command("create", run_create, APPLY_FLAGS + (Flag("edit", kind="bool"), Flag("raw"))))
DEPLOYMENT = COMMON + (Flag("image", kind="list", default=[]), Flag("replicas", "r", "int", 1), Flag("port", kind="int", default=-1))
register(Command("create deployment", create_deployment, DEPLOYMENT, required=("image",)))
register(Command("create deploy", create_deployment, DEPLOYMENT, required=("image",), help_name="create deployment"))
register(Command("create namespace", create_namespace, COMMON))
register(Command("create ns", create_namespace, COMMON))
register(Command("create configmap", create_configmap, COMMON + SOURCES))
register(Command("create cm", create_configmap, COMMON + SOURCES))
register(Command("create secret generic", create_secret_generic, COMMON + SOURCES + (Flag("type"),)))
register(Command("create secret tls", create_secret_tls, COMMON + (Flag("cert"), Flag("key"), Flag("append-hash", kind="bool"))))
register(Command("create secret docker-registry", create_secret_docker, COMMON + (
    Flag("docker-username"), Flag("docker-password"), Flag("docker-email"), Flag("docker-server", default="https://index.docker.io/v1/"),
    Flag("from-file", kind="csv", default=[]), Flag("append-hash", kind="bool"))))
SVC = COMMON + (Flag("tcp", kind="csv", default=[]),)
register(Command("create service clusterip", _service("clusterip"), SVC + (Flag("clusterip"),)))
register(Command("create service nodeport", _service("nodeport"), SVC + (Flag("node-port", kind="int", default=0),)))
register(Command("create service loadbalancer", _service("loadbalancer"), SVC))
register(Command("create service externalname", _service("externalname"), SVC + (Flag("external-name"),)))
for _type, _extra in (("clusterip", (Flag("clusterip"),)), ("nodeport", (Flag("node-port", kind="int", default=0),)),
                      ("loadbalancer", ()), ("externalname", (Flag("external-name"),))):
    register(Command(f"create svc {_type}", _service(_type), SVC + _extra, help_name=f"create service {_type}"))
register(Command("create job", create_job, COMMON + (Flag("image"), Flag("from"))))
CRONJOB = COMMON + (Flag("image"), Flag("schedule"), Flag("restart"))
register(Command("create cronjob", create_cronjob, CRONJOB, required=("image", "schedule")))
register(Command("create cj", create_cronjob, CRONJOB, required=("image", "schedule")))

register(Command("create serviceaccount", create_serviceaccount, COMMON))
register(Command("create sa", create_serviceaccount, COMMON, help_name="create serviceaccount"))
RULES = (Flag("verb", kind="csv", default=[]), Flag("resource", kind="csv", default=[]),
         Flag("resource-name", kind="list", default=[]))
register(Command("create role", create_role, COMMON + RULES))
register(Command("create clusterrole", create_clusterrole, COMMON + RULES + (
    Flag("non-resource-url", kind="csv", default=[]), Flag("aggregation-rule", kind="list", default=[]))))
SUBJECTS = (Flag("user", kind="list", default=[]), Flag("group", kind="list", default=[]),
            Flag("serviceaccount", kind="list", default=[]))
register(Command("create rolebinding", create_rolebinding, COMMON + SUBJECTS + (Flag("role"), Flag("clusterrole"))))
register(Command("create clusterrolebinding", create_clusterrolebinding, COMMON + SUBJECTS + (Flag("clusterrole"),),
                 required=("clusterrole",)))
QUOTA = COMMON + (Flag("hard"), Flag("scopes"))
register(Command("create quota", create_quota, QUOTA))
register(Command("create resourcequota", create_quota, QUOTA, help_name="create quota"))
PRIORITY = COMMON + (Flag("value", kind="int", default=0), Flag("global-default", kind="bool"),
                     Flag("description"), Flag("preemption-policy", default="PreemptLowerPriority"))
register(Command("create priorityclass", create_priorityclass, PRIORITY))
register(Command("create pc", create_priorityclass, PRIORITY, help_name="create priorityclass"))
INGRESS = COMMON + (Flag("class"), Flag("rule", kind="list", default=[]), Flag("default-backend"),
                    Flag("annotation", kind="list", default=[]))
register(Command("create ingress", create_ingress, INGRESS))
register(Command("create ing", create_ingress, INGRESS, help_name="create ingress"))
PDB = COMMON + (Flag("selector"), Flag("min-available"), Flag("max-unavailable"))
register(Command("create poddisruptionbudget", create_pdb, PDB))
register(Command("create pdb", create_pdb, PDB, help_name="create poddisruptionbudget"))
