"""``-o json`` of the objects kubectl holds as Go structs keeps struct field order.

``kubectl create <generator>``, ``run``, ``expose`` and ``autoscale`` print what
they built (or what a typed client got back) with ``json.MarshalIndent`` of the
Go struct: ``kind``, ``apiVersion``, ``metadata`` (``name`` before
``creationTimestamp`` before ``labels``), ``spec``, ``status``; a map's keys sorted.
``-o yaml`` and everything ``get`` prints are sorted.  The golden text is what the
real kubectl v1.32.4 printed: with ``--dry-run=client`` and no server for the
generators that need none; ``create role``, ``run``, ``expose`` and ``autoscale``
against ``kubelab.Cluster().serve()`` after ``create deployment web --image=nginx --port=80``.
"""
import json
import shutil
import subprocess

import pytest

import kubelab
from kubelab.kubectl.printers.gofields import in_go_order, struct_for

RUN = """{
    "kind": "Pod",
    "apiVersion": "v1",
    "metadata": {
        "name": "p",
        "creationTimestamp": null,
        "labels": {
            "run": "p"
        }
    },
    "spec": {
        "containers": [
            {
                "name": "p",
                "image": "nginx",
                "args": [
                    "sleep",
                    "1"
                ],
                "ports": [
                    {
                        "containerPort": 80
                    }
                ],
                "env": [
                    {
                        "name": "A",
                        "value": "1"
                    }
                ],
                "resources": {}
            }
        ],
        "restartPolicy": "Always",
        "dnsPolicy": "ClusterFirst"
    },
    "status": {}
}
"""

EXPOSE = """{
    "kind": "Service",
    "apiVersion": "v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "ports": [
            {
                "protocol": "TCP",
                "port": 8080,
                "targetPort": 80
            }
        ],
        "selector": {
            "app": "web"
        },
        "type": "NodePort"
    },
    "status": {
        "loadBalancer": {}
    }
}
"""

AUTOSCALE = """{
    "kind": "HorizontalPodAutoscaler",
    "apiVersion": "autoscaling/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null
    },
    "spec": {
        "scaleTargetRef": {
            "kind": "Deployment",
            "name": "web",
            "apiVersion": "apps/v1"
        },
        "minReplicas": 1,
        "maxReplicas": 3,
        "targetCPUUtilizationPercentage": 50
    },
    "status": {
        "currentReplicas": 0,
        "desiredReplicas": 0
    }
}
"""

ROLE = """{
    "kind": "Role",
    "apiVersion": "rbac.authorization.k8s.io/v1",
    "metadata": {
        "name": "r",
        "creationTimestamp": null
    },
    "rules": [
        {
            "verbs": [
                "get"
            ],
            "apiGroups": [
                ""
            ],
            "resources": [
                "pods"
            ]
        }
    ]
}
"""

DEP = """{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "replicas": 2,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx:1.25",
                        "ports": [
                            {
                                "containerPort": 80
                            }
                        ],
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
"""

CJ = """{
    "kind": "CronJob",
    "apiVersion": "batch/v1",
    "metadata": {
        "name": "cj",
        "creationTimestamp": null
    },
    "spec": {
        "schedule": "*/1 * * * *",
        "jobTemplate": {
            "metadata": {
                "name": "cj",
                "creationTimestamp": null
            },
            "spec": {
                "template": {
                    "metadata": {
                        "creationTimestamp": null
                    },
                    "spec": {
                        "containers": [
                            {
                                "name": "cj",
                                "image": "busybox",
                                "command": [
                                    "echo",
                                    "hi"
                                ],
                                "resources": {}
                            }
                        ],
                        "restartPolicy": "OnFailure"
                    }
                }
            }
        }
    },
    "status": {}
}
"""

SECRET = """{
    "kind": "Secret",
    "apiVersion": "v1",
    "metadata": {
        "name": "s",
        "creationTimestamp": null
    },
    "data": {
        "a": "Mg==",
        "b": "MQ=="
    },
    "type": "Opaque"
}
"""

SVC = """{
    "kind": "Service",
    "apiVersion": "v1",
    "metadata": {
        "name": "s",
        "creationTimestamp": null,
        "labels": {
            "app": "s"
        }
    },
    "spec": {
        "ports": [
            {
                "name": "80-8080",
                "protocol": "TCP",
                "port": 80,
                "targetPort": 8080,
                "nodePort": 30001
            }
        ],
        "selector": {
            "app": "s"
        },
        "type": "NodePort"
    },
    "status": {
        "loadBalancer": {}
    }
}
"""

ING = """{
    "kind": "Ingress",
    "apiVersion": "networking.k8s.io/v1",
    "metadata": {
        "name": "i",
        "creationTimestamp": null
    },
    "spec": {
        "ingressClassName": "nginx",
        "tls": [
            {
                "hosts": [
                    "foo.com"
                ],
                "secretName": "sec"
            }
        ],
        "rules": [
            {
                "host": "foo.com",
                "http": {
                    "paths": [
                        {
                            "path": "/bar",
                            "pathType": "Exact",
                            "backend": {
                                "service": {
                                    "name": "svc",
                                    "port": {
                                        "number": 8080
                                    }
                                }
                            }
                        }
                    ]
                }
            }
        ]
    },
    "status": {
        "loadBalancer": {}
    }
}
"""


CASES = {
    'dep': ('create deployment web --image=nginx:1.25 --port=80 --replicas=2 --dry-run=client -o json', DEP),
    'cj': (['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/1 * * * *', '--dry-run=client', '-o', 'json', '--', 'echo', 'hi'], CJ),
    'secret': ('create secret generic s --from-literal=b=1 --from-literal=a=2 --type=Opaque --dry-run=client -o json', SECRET),
    'svc': ('create service nodeport s --tcp=80:8080 --node-port=30001 --dry-run=client -o json', SVC),
    'ing': ('create ingress i --rule=foo.com/bar=svc:8080,tls=sec --class=nginx --dry-run=client -o json', ING),
    'role': ('create role r --verb=get --resource=pods --dry-run=client -o json', ROLE),
    'run': (['run', 'p', '--image=nginx', '--port=80', '--env=A=1', '--dry-run=client', '-o', 'json', '--', 'sleep', '1'], RUN),
    'expose': ('expose deployment web --port=8080 --target-port=80 --type=NodePort --dry-run=client -o json', EXPOSE),
    'autoscale': ('autoscale deployment web --min=1 --max=3 --cpu-percent=50 --dry-run=client -o json', AUTOSCALE),
}


@pytest.fixture(scope="module")
def cluster():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --port=80")
    return c


@pytest.mark.parametrize("case", list(CASES))
def test_typed_objects_print_json_in_go_struct_order(cluster, case):
    cmd, golden = CASES[case]
    r = cluster.kubectl(cmd)
    assert (r.stdout, r.stderr, r.returncode) == (golden, "", 0)


def test_yaml_of_the_same_objects_stays_sorted(cluster):
    # kubectl create deployment web --image=nginx:1.25 --dry-run=client -o yaml
    out = cluster.kubectl("create deployment web --image=nginx:1.25 --dry-run=client -o yaml").stdout
    assert out.startswith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n")


def test_objects_read_back_from_the_server_are_sorted(cluster):
    # kubectl get reads generic maps: sorted keys, the deployment just as the configmap
    out = cluster.kubectl("get deployment web -o json").stdout
    assert out.startswith('{\n    "apiVersion": "apps/v1",\n    "kind": "Deployment",\n    "metadata": {\n')


def test_created_object_from_the_typed_client_keeps_struct_order_with_status():
    c = kubelab.Cluster()
    out = json.loads(c.kubectl("create deployment web --image=nginx -o json").stdout, object_pairs_hook=list)
    assert [k for k, _ in out] == ["kind", "apiVersion", "metadata", "spec", "status"]
    meta = [k for k, _ in dict(out)["metadata"]]
    assert meta == sorted(meta, key=["name", "namespace", "uid", "resourceVersion", "generation",
                                     "creationTimestamp", "labels", "annotations"].index)
    spec = [k for k, _ in dict(out)["spec"]]
    # DeploymentSpec: Replicas, Selector, Template, Strategy, MinReadySeconds, RevisionHistoryLimit,
    # Paused, ProgressDeadlineSeconds (apps/v1 types.go)
    assert spec == ["replicas", "selector", "template", "strategy", "revisionHistoryLimit",
                    "progressDeadlineSeconds"]


def test_table_follows_types_go():
    # core/v1 types.go: PodSpec starts Volumes, InitContainers, Containers, EphemeralContainers;
    # Volume inlines VolumeSource after its Name; TypeMeta's Kind comes before APIVersion.
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {},
           "spec": {"containers": [], "volumes": [{"emptyDir": {}, "name": "v"}], "initContainers": []}}
    ordered = in_go_order(pod)
    assert list(ordered) == ["kind", "apiVersion", "metadata", "spec"]
    assert list(ordered["spec"]) == ["volumes", "initContainers", "containers"]
    assert list(ordered["spec"]["volumes"][0]) == ["name", "emptyDir"]
    assert struct_for("rbac.authorization.k8s.io/v1", "ClusterRoleBinding") == "rbac/v1.ClusterRoleBinding"
    assert struct_for("example.com/v1", "Widget") is None


@pytest.mark.skipif(not shutil.which("kubectl"), reason="the real kubectl is not on this machine")
@pytest.mark.parametrize("case", ["dep", "cj", "secret", "svc", "ing"])
def test_goldens_are_still_what_the_real_kubectl_prints(case):
    cmd, golden = CASES[case]
    argv = cmd.split() if isinstance(cmd, str) else cmd
    real = subprocess.run(["kubectl", *argv], capture_output=True, text=True, timeout=60,
                          env={"KUBECONFIG": "/nonexistent", "PATH": "/usr/bin:/bin"})
    assert real.stdout == golden


def test_set_prints_the_typed_object_it_patched():
    # kubectl set image|env|resources build with the typed scheme (WithScheme): -o json in struct
    # order, as the real kubectl v1.32.4 printed against this cluster served (byte for byte)
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --port=80")
    for cmd in ("set image deployment/web nginx=nginx:2", "set env deployment/web A=1",
                "set resources deployment/web --limits=cpu=1"):
        out = json.loads(c.kubectl(f"{cmd} --dry-run=client -o json").stdout, object_pairs_hook=list)
        assert [k for k, _ in out] == ["kind", "apiVersion", "metadata", "spec", "status"], cmd
        spec = [k for k, _ in dict(out)["spec"]]
        assert spec[:4] == ["replicas", "selector", "template", "strategy"], cmd
