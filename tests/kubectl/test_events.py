"""kubectl events (staging/src/k8s.io/kubectl/pkg/cmd/events, v1.32)."""
import kubelab


def pulling():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    c.settle()
    c.kubectl("run bad --image=busybox:nosuch")
    c.run(40)
    return c


def test_events_are_listed_oldest_first_with_kind_slash_name():
    c = pulling()
    out = c.kubectl("events").stdout.splitlines()
    # event_printer.go printHeadings / printOneEvent: "%s\t%s\t%s\t%s/%s\t%v\n"
    assert out[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert len(out) - 1 == len(c.api.list("events", "default"))
    scaled = next(line for line in out if "ScalingReplicaSet" in line).split()
    assert scaled[3] == "Deployment/web" and scaled[1:3] == ["Normal", "ScalingReplicaSet"]
    # getInterval: "<last seen> (xN over <first seen>)".  The bad image was pulled 40 s ago
    # (one second after `run`), then again after the kubelet's 10 s and 20 s back-offs.
    pulls = next(line for line in out if "Pod/bad" in line and "Pulling image" in line)
    assert pulls.startswith("9s (x3 over 40s)   Normal    Pulling ")
    # SortableEvents: oldest last-seen first, so the repeating pull errors come last
    assert [line.split("   ")[0] for line in out[1:4]] == ["46s", "46s", "46s"]
    assert "Error: ImagePullBackOff" in out[-1]


def test_for_types_and_namespaces_narrow_the_list():
    c = pulling()
    only = c.kubectl("events --for deployment/web").stdout.splitlines()
    assert len(only) == 2 and only[1].split()[1:4] == ["Normal", "ScalingReplicaSet", "Deployment/web"]
    short = c.kubectl("events --for deploy/web").stdout.splitlines()          # short names resolve too
    assert [line.split()[1:] for line in short[1:]] == [line.split()[1:] for line in only[1:]]
    warnings = c.kubectl("events --types=Warning").stdout.splitlines()[1:]
    assert len(warnings) == 3 and all(line.split()[4] == "Warning" for line in warnings)
    every = c.kubectl("events -A --types=warning").stdout.splitlines()
    assert every[0].split()[:3] == ["NAMESPACE", "LAST", "SEEN"] and every[1].startswith("default ")


def test_events_errors_and_empty_namespaces():
    c = kubelab.Cluster()
    # events.go: Validate / ToOptions / decodeResourceTypeName
    assert c.kubectl("events --types=Bad").stderr == "error: valid --types are Normal or Warning\n"
    assert c.kubectl("events --for pod").stderr == "error: --for must be in resource/name form\n"
    assert c.kubectl("events --for foo/x").stderr == "error: the server doesn't have a resource type \"foo\"\n"
    c.kubectl("create namespace quiet")
    r = c.kubectl("events -n quiet")
    assert (r.stdout, r.stderr, r.returncode) == ("", "No events found in quiet namespace.\n", 0)


def test_events_name_output_lists_each_event():
    c = pulling()
    names = c.kubectl("events --for pod/bad -o name").stdout.splitlines()
    assert names and all(n.startswith("event/bad.") for n in names)


def test_watch_prints_each_event_as_it_comes_flushed_alone():
    c = kubelab.Cluster()
    c.kubectl("run bad --image=busybox:nosuch")
    c.run(10)
    out = c.kubectl("events --for pod/bad -w --request-timeout=15s").stdout.splitlines()
    assert out[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert out[1].split()[1:4] == ["Normal", "Scheduled", "Pod/bad"]
    # each later line is its own tabwriter flush: cells padded to their own width (min 6, +3)
    assert out[2].startswith("10s   Normal   Pulling   Pod/bad   ")
    # the pull retried after the 10 s back-off arrives as the watch runs
    assert any(line.startswith("0s (x2 over ") and "Pulling" in line for line in out[2:])
