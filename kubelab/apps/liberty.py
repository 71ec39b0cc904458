"""The ``system`` and ``inventory`` microservices of the OpenLiberty guide
"Configuring microservices running in Kubernetes" (guide-kubernetes-microprofile-config),
in the version the notes copy (port 9080, ``APP_NAME`` from the ConfigMap
``sys-app-name``, credentials from the Secret ``sys-app-credentials``).

In the guide these images are built locally (``mvn package`` then
``docker build -t system:1.0-SNAPSHOT system/``), so a real cluster only has
them if you built them on its node.  kubelab treats them as present in the
simulated registry so the notes' manifests run as written.

* system: ``GET /system/properties`` needs HTTP basic auth as ``bob``/``bobpwd``
  (its server.xml basicRegistry) and returns the JVM's system properties as
  JSON with headers ``X-Pod-Name: $HOSTNAME`` and ``X-App-Name: $APP_NAME``.
* inventory: ``GET /inventory/systems/{host}`` fetches
  ``http://{host}:9080/system/properties`` with ``SYSTEM_APP_USERNAME`` /
  ``SYSTEM_APP_PASSWORD`` and remembers the host; ``GET /inventory/systems``
  lists what it has.

Both are MicroProfile Config injections: a missing variable makes the
application fail to start (Liberty keeps running and answers 404).
"""
from __future__ import annotations

import base64
import json

from .base import App, Request, Response

JAVA_PROPERTIES = {
    "awt.toolkit": "sun.awt.X11.XToolkit",
    "file.encoding": "UTF-8",
    "file.separator": "/",
    "java.class.version": "52.0",
    "java.home": "/opt/java/openjdk/jre",
    "java.runtime.name": "OpenJDK Runtime Environment",
    "java.runtime.version": "1.8.0_282-b08",
    "java.specification.version": "1.8",
    "java.vendor": "Eclipse OpenJ9",
    "java.version": "1.8.0_282",
    "java.vm.name": "Eclipse OpenJ9 VM",
    "java.vm.version": "openj9-0.24.0",
    "line.separator": "\n",
    "os.arch": "amd64",
    "os.name": "Linux",
    "os.version": "5.15.0-1057-azure",
    "path.separator": ":",
    "user.dir": "/opt/ol/wlp/output/defaultServer",
    "user.home": "/home/default",
    "user.language": "en",
    "user.name": "default",
    "user.timezone": "Etc/UTC",
    "wlp.install.dir": "/opt/ol/wlp/",
    "wlp.server.name": "defaultServer",
    "wlp.user.dir": "/opt/ol/wlp/usr/",
}

FEATURES = {
    "system": "[appSecurity-3.0, cdi-2.0, distributedMap-1.0, jaxrs-2.1, jaxrsClient-2.1, jndi-1.0, "
              "jsonp-1.1, mpConfig-1.4, servlet-4.0, ssl-1.0]",
    "inventory": "[cdi-2.0, jaxrs-2.1, jaxrsClient-2.1, jndi-1.0, jsonp-1.1, mpConfig-1.4, servlet-4.0]",
}


def basic_auth(user: str, password: str) -> str:
    """The Authorization header value for HTTP basic auth."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def credentials(req: Request) -> tuple[str, str] | None:
    value = next((v for k, v in req.headers.items() if k.lower() == "authorization"), "")
    if not value.startswith("Basic "):
        return None
    try:
        user, _, pw = base64.b64decode(value[6:]).decode().partition(":")
    except ValueError:
        return None
    return user, pw


class Liberty(App):
    """What the two services share: Liberty's startup log and missing-config failure."""

    ports = frozenset({9080, 9443})
    startup_seconds = 6.0
    name = "system"
    required: tuple[str, ...] = ()

    def start(self) -> None:
        log = self.ctx.log
        log("Launching defaultServer (Open Liberty 21.0.0.1/wlp-1.0.48.cl210120210113-1459) "
            "on Eclipse OpenJ9 VM, version 1.8.0_282-b08 (en_US)")
        log("[AUDIT   ] CWWKE0001I: The server defaultServer has been launched.")
        log("[AUDIT   ] CWWKZ0058I: Monitoring dropins for applications.")
        missing = [v for v in self.required if v not in self.ctx.env]
        self.failed = bool(missing)
        if missing:
            cls, field = self.injection(missing[0])
            log(f"[ERROR   ] CWWKZ0002E: An exception occurred while starting the application {self.name}. "
                f"The exception message was: com.ibm.ws.container.service.state.StateChangeException: "
                f"org.jboss.weld.exceptions.DeploymentException: CWMCG5003E: The [BackedAnnotatedField] "
                f"@Inject @ConfigProperty private {cls}.{field} InjectionPoint dependency was not resolved. "
                f"Error: java.util.NoSuchElementException: CWMCG0015E: The property {missing[0]} "
                f"was not found in the configuration.")
        else:
            log(f"[AUDIT   ] CWWKT0016I: Web application available (default_host): "
                f"http://{self.ctx.hostname}:9080/")
            log(f"[AUDIT   ] CWWKZ0001I: Application {self.name} started in 2.114 seconds.")
        log(f"[AUDIT   ] CWWKF0012I: The server installed the following features: {FEATURES[self.name]}.")
        log("[AUDIT   ] CWWKF0011I: The defaultServer server is ready to run a smarter planet. "
            "The defaultServer server started in 5.873 seconds.")

    def injection(self, var: str) -> tuple[str, str]:
        return "", var

    def not_found(self, path: str) -> Response:
        return Response(404, f"Error 404: java.io.FileNotFoundException: SRVE0190E: File not found: {path}",
                        {"Content-Type": "text/html;charset=ISO-8859-1"})


class SystemService(Liberty):
    name = "system"
    required = ("APP_NAME",)

    def injection(self, var):
        return "io.openliberty.guides.system.SystemResource", "appName"

    def http(self, req: Request) -> Response:
        path = req.path.split("?", 1)[0]
        if self.failed or path != "/system/properties":
            return self.not_found(path)
        if credentials(req) != ("bob", "bobpwd"):
            return Response(401, "", {"WWW-Authenticate": 'Basic realm="BasicRegistry"',
                                      "Content-Language": "en-US"})
        props = dict(JAVA_PROPERTIES)
        return Response(200, json.dumps(props, separators=(",", ":")),
                        {"X-Pod-Name": self.ctx.env.get("HOSTNAME", self.ctx.hostname),
                         "X-App-Name": self.ctx.env.get("APP_NAME", ""),
                         "Content-Type": "application/json"})


class InventoryService(Liberty):
    name = "inventory"
    required = ("SYSTEM_APP_USERNAME", "SYSTEM_APP_PASSWORD")

    def start(self) -> None:
        self.systems: list[tuple[str, dict]] = []
        super().start()

    def injection(self, var):
        field = "username" if var == "SYSTEM_APP_USERNAME" else "password"
        return "io.openliberty.guides.inventory.client.SystemClient", field

    def http(self, req: Request) -> Response:
        path = req.path.split("?", 1)[0].rstrip("/")
        if self.failed or not path.startswith("/inventory/systems"):
            return self.not_found(req.path)
        if path == "/inventory/systems":
            listing = {"systems": [{"hostname": h, "properties": p} for h, p in self.systems],
                       "total": len(self.systems)}
            return Response(200, json.dumps(listing, separators=(",", ":")), {"Content-Type": "application/json"})
        host = path[len("/inventory/systems/"):]
        props = self.fetch(host)
        if props is None:
            return Response(404, f'{{ "error" : "Unknown hostname {host} or the resource may not be '
                                 f'running on the host machine" }}', {"Content-Type": "application/json"})
        if host not in [h for h, _ in self.systems]:
            self.systems.append((host, {"os.name": props.get("os.name"), "user.name": props.get("user.name")}))
        return Response(200, json.dumps(props, separators=(",", ":")), {"Content-Type": "application/json"})

    def fetch(self, host: str) -> dict | None:
        """SystemClient.getProperties: basic auth, carried as URL userinfo (curl-style)."""
        user, pw = self.ctx.env["SYSTEM_APP_USERNAME"], self.ctx.env["SYSTEM_APP_PASSWORD"]
        resp = self.ctx.http(f"http://{user}:{pw}@{host}:9080/system/properties", "GET")
        if resp is None:
            self.ctx.log(f"Runtime exception: RESTEASY004655: Unable to invoke request: "
                         f"java.net.UnknownHostException: {host}")
            return None
        if resp.status != 200:
            self.ctx.log("Response Status is not OK.")
            return None
        try:
            return json.loads(resp.body)
        except ValueError:
            return None
