"""redis-server config parsing and redis-cli output formats."""
import pytest

from kubelab.apps.base import FileSystem
from kubelab.apps.images import start
from kubelab.apps.redis import format_reply, memtoll
from kubelab.apps.testing import FakeContext


def redis_with(config: str | None, command=("redis-server", "/redis-master/redis.conf")):
    fs = FileSystem()
    if config is not None:
        cm = FileSystem()
        cm.files["/redis.conf"] = config
        fs.mount("/redis-master", cm, read_only=True)
    ctx = FakeContext(image="redis:5.0.4", fs=fs,
                      container={"name": "redis", "image": "redis:5.0.4", "command": list(command)})
    return start(ctx), ctx


@pytest.mark.parametrize("text, value", [("2mb", 2097152), ("2m", 2000000), ("1KB", 1024), ("1k", 1000),
                                         ("3gb", 3 * 1024 ** 3), ("100", 100), ("10b", 10), ("2xb", None)])
def test_memory_units_follow_redis(text, value):
    assert memtoll(text) == value


def test_notes_config_gives_2mb_and_allkeys_lru():
    app, ctx = redis_with("maxmemory 2mb\nmaxmemory-policy allkeys-lru\n")
    assert app.is_listening(6379)
    assert ctx.logs[2].endswith("# Configuration loaded")
    # not a terminal: redis-cli prints raw
    assert app.exec(["redis-cli", "CONFIG", "GET", "maxmemory"]).stdout == "maxmemory\n2097152\n"
    # kubectl exec -it redis -- redis-cli: the transcript in the notes
    session = app.exec(["redis-cli"], "CONFIG GET maxmemory\nCONFIG GET maxmemory-policy\n", tty=True).stdout
    assert session == ('127.0.0.1:6379> CONFIG GET maxmemory\n1) "maxmemory"\n2) "2097152"\n'
                       '127.0.0.1:6379> CONFIG GET maxmemory-policy\n1) "maxmemory-policy"\n2) "allkeys-lru"\n')


def test_defaults_without_config_file():
    app, ctx = redis_with(None, command=("redis-server",))
    assert "Warning: no config file specified" in ctx.logs[2]
    assert app.session(["CONFIG GET maxmemory*"]).splitlines()[1:] == [
        '1) "maxmemory"', '2) "0"', '3) "maxmemory-samples"', '4) "5"', '5) "maxmemory-policy"', '6) "noeviction"']


def test_startup_log_lines_are_redis_5():
    _, ctx = redis_with("maxmemory 2mb")
    assert ctx.logs[0] == "1:C 06 Jan 2025 09:00:00.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"
    assert ctx.logs[1] == ("1:C 06 Jan 2025 09:00:00.000 # Redis version=5.0.4, bits=64, commit=00000000, "
                           "modified=0, pid=1, just started")
    assert ctx.logs[-1] == "1:M 06 Jan 2025 09:00:00.000 * Ready to accept connections"


def test_missing_config_file_exits_1():
    app, ctx = redis_with(None)
    assert ctx.exited == (1, "Error")
    assert ctx.logs == ["1:C 06 Jan 2025 09:00:00.000 # Fatal error, can't open config file '/redis-master/redis.conf'"]


def test_bad_directive_is_fatal():
    _, ctx = redis_with("maxmemory 2mb\nmaxmemory-policy allkeys-lruu\n")
    assert ctx.exited == (1, "Error")
    assert ctx.logs[1:] == ["*** FATAL CONFIG FILE ERROR ***", "Reading the configuration file, at line 2",
                            ">>> 'maxmemory-policy allkeys-lruu'", "Invalid maxmemory policy"]


def test_config_set_then_get_and_basic_commands():
    app, _ = redis_with("maxmemory 2mb")
    assert app.session(["CONFIG SET maxmemory 1mb", "CONFIG GET maxmemory", "SET a 1", "GET a",
                        "GET nope", "INCR a", "PING", "KEYS *", "FOO x"]) == (
        "127.0.0.1:6379> CONFIG SET maxmemory 1mb\nOK\n"
        '127.0.0.1:6379> CONFIG GET maxmemory\n1) "maxmemory"\n2) "1048576"\n'
        "127.0.0.1:6379> SET a 1\nOK\n127.0.0.1:6379> GET a\n\"1\"\n127.0.0.1:6379> GET nope\n(nil)\n"
        "127.0.0.1:6379> INCR a\n(integer) 2\n127.0.0.1:6379> PING\nPONG\n"
        '127.0.0.1:6379> KEYS *\n1) "a"\n'
        "127.0.0.1:6379> FOO x\n(error) ERR unknown command `FOO`, with args beginning with: `x`, \n")
    assert app.exec(["redis-cli", "CONFIG", "SET", "maxmemory", "lots"]).stdout == (
        "ERR Invalid argument 'lots' for CONFIG SET 'maxmemory'\n\n")
    assert "maxmemory:1048576\r\n" in app.exec(["redis-cli", "INFO", "memory"]).stdout


def test_nested_arrays_are_indented():
    assert format_reply([["a", "b"], "c"], raw=False) == '1) 1) "a"\n   2) "b"\n2) "c"\n'
    assert format_reply([], raw=False) == "(empty list or set)\n"


def test_redis_shuts_down_on_sigterm():
    app, ctx = redis_with("maxmemory 2mb")
    app.signal("SIGTERM")
    assert ctx.exited == (0, "Completed")
    assert ctx.logs[-1].endswith("# Redis is now ready to exit, bye bye...")
