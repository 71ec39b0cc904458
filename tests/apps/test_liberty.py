"""The OpenLiberty guide's system and inventory services."""
import json

from kubelab.apps.base import Request
from kubelab.apps.images import start
from kubelab.apps.liberty import basic_auth
from kubelab.apps.testing import FakeContext


def test_system_needs_basic_auth_and_shows_app_name():
    app = start(FakeContext(image="system:1.0-SNAPSHOT", hostname="system-deployment-1", env={"APP_NAME": "my-system"}))
    assert app.is_listening(9080)
    assert app.http(Request(path="/system/properties", port=9080)).status == 401
    ok = app.http(Request(path="/system/properties", port=9080, headers={"Authorization": basic_auth("bob", "bobpwd")}))
    assert ok.status == 200 and ok.headers["X-App-Name"] == "my-system"
    assert json.loads(ok.body)["os.name"] == "Linux"


def test_system_without_app_name_fails_to_start_its_application():
    ctx = FakeContext(image="system:1.0-SNAPSHOT")
    app = start(ctx)
    assert any("CWMCG0015E: The property APP_NAME was not found" in line for line in ctx.logs)
    assert app.http(Request(path="/system/properties", port=9080)).status == 404


def test_inventory_fetches_system_with_secret_credentials():
    system = start(FakeContext(image="system:1.0-SNAPSHOT", env={"APP_NAME": "system"}))

    def http(url, method):
        # the network layer turns URL userinfo into an Authorization header, as curl does
        userinfo, _, rest = url[len("http://"):].partition("@")
        user, _, pw = userinfo.partition(":")
        assert rest.startswith("system-service:9080/")
        return system.http(Request(path="/system/properties", port=9080, headers={"Authorization": basic_auth(user, pw)}))

    good = start(FakeContext(image="inventory:1.0-SNAPSHOT", http=http,
                             env={"SYSTEM_APP_USERNAME": "bob", "SYSTEM_APP_PASSWORD": "bobpwd"}))
    assert good.http(Request(path="/inventory/systems/system-service", port=9080)).status == 200
    listing = json.loads(good.http(Request(path="/inventory/systems", port=9080)).body)
    assert listing == {"systems": [{"hostname": "system-service",
                                    "properties": {"os.name": "Linux", "user.name": "default"}}], "total": 1}
    bad = start(FakeContext(image="inventory:1.0-SNAPSHOT", http=http,
                            env={"SYSTEM_APP_USERNAME": "bob", "SYSTEM_APP_PASSWORD": "wrong"}))
    resp = bad.http(Request(path="/inventory/systems/system-service", port=9080))
    assert resp.status == 404 and "Unknown hostname system-service" in resp.body
