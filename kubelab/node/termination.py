"""A terminated container's message (kuberuntime_container.go: getTerminationMessage,
readLastStringFromContainerLogs, convertToKubeContainerStatus).

The kubelet mounts a fresh file at ``terminationMessagePath`` (default
``/dev/termination-log``) into every container it starts.  When the container
exits, what the program wrote there — the last 4096 bytes of it — becomes
``state.terminated.message`` (later ``lastState.terminated.message``).  With
``terminationMessagePolicy: FallbackToLogsOnError`` an empty file and a
non-zero exit code make the kubelet take the last 80 lines of the container's
log instead, at most 2048 bytes of them.

>>> termination_message(lambda p: "Sleep expired\\n", "/dev/termination-log", "File", 0, "Completed", [])
'Sleep expired\\n'
>>> termination_message(lambda p: "", "/dev/termination-log", "FallbackToLogsOnError", 1, "Error",
...                     ["starting", "panic: no config"])
'starting\\npanic: no config\\n'
>>> termination_message(lambda p: "", "/dev/termination-log", "FallbackToLogsOnError", 0, "Completed", ["ok"])
''
"""
from __future__ import annotations

from typing import Callable

DEFAULT_PATH = "/dev/termination-log"
MAX_MESSAGE_BYTES = 4 * 1024          # MaxContainerTerminationMessageLength
MAX_LOG_BYTES = 2 * 1024              # MaxContainerTerminationMessageLogLength
MAX_LOG_LINES = 80                    # MaxContainerTerminationMessageLogLines


def _tail_bytes(text: str, limit: int) -> str:
    data = text.encode()
    return data[-limit:].decode(errors="replace") if len(data) > limit else text


def termination_message(read_file: Callable[[str], str | None], path: str, policy: str, exit_code: int,
                        reason: str, log_lines: list[str]) -> str:
    """``read_file(path)`` gives the file's text, or None when it is not there."""
    # a container that could not even start has no logs to fall back to
    fallback = policy == "FallbackToLogsOnError" and exit_code != 0 and reason != "ContainerCannotRun"
    message, check_logs = "", fallback
    if path:
        data = read_file(path)
        if data is not None:
            message = _tail_bytes(data, MAX_MESSAGE_BYTES)     # tail.ReadAtMost: the end of the file
            check_logs = fallback and not data
    if check_logs:
        lines = log_lines[-MAX_LOG_LINES:]
        message = _tail_bytes("".join(line + "\n" for line in lines), MAX_LOG_BYTES)
    return message
