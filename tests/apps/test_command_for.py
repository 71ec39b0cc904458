"""command_for's shortcuts (the image's default argv kept, no expansion when there is
no ``$``) give what the rule written out gives."""
from kubelab.apps.images import command_for, expand, resolve


def general(info, container, env=None):
    command, args = list(container.get("command") or []), list(container.get("args") or [])
    if command:
        argv = command + args
    elif args:
        argv = info.entrypoint + args
    else:
        argv = info.entrypoint + info.cmd
    return [expand(a, env) for a in argv] if env is not None else argv


def test_command_for_is_the_rule_over_shapes():
    env = {"A": "x", "B": "$(A)"}
    containers = [{}, {"command": ["sh", "-c", "echo $(A) $$(B) $(C)"]}, {"args": ["-g", "$(A)"]},
                  {"command": ["nginx"], "args": ["-g", "daemon off;"]}, {"command": [], "args": []},
                  {"args": ["plain"]}, {"command": ("sleep", "1")}, {"command": ["a$"], "args": ["$$"]}]
    for image in ("nginx:1.16.1", "redis:5", "busybox:1.36", "someuser/app:1.2"):
        info = resolve(image)
        for container in containers:
            for e in (None, {}, env):
                got = command_for(info, container, e)
                assert got == general(info, container, e), (image, container, e)
                assert type(got) is list
                got.append("changed")             # a list of its own each time
                assert command_for(info, container, e) == general(info, container, e)
