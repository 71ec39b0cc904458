"""Containers whose main process is a shell or a plain utility (``sh -c ...``, ``sleep 3600``).

The script runs over simulated time: output goes to the container log line by
line, ``sleep N`` resumes N simulated seconds later, the exit status becomes the
container's exit code (reason ``Completed`` for 0, ``Error`` otherwise).

Signals, as on a real node: the process is PID 1 of its PID namespace, and the
kernel drops signals PID 1 has no handler for.  Neither busybox ``sh -c`` nor
``sleep`` installs a SIGTERM handler, so ``kubectl delete pod`` waits the whole
grace period (30 s) and the container is then SIGKILLed (exit code 137).  This
is the well-known "busybox pods take 30 seconds to delete" behaviour.
"""
from __future__ import annotations

import math

from .base import App
from .shellio import IO, LogSink
from .interactive import is_interactive_shell
from .toolbox import EMPTY


class ShellApp(App):
    handles_sigterm = False

    def start(self) -> None:
        self.sink = LogSink(self.ctx)
        if self.ctx.container.get("stdin") and is_interactive_shell(self.ctx.args):
            self._start_console()
            return
        self.shell = (self.toolbox or EMPTY).shell(self.ctx, exec_mode=False)
        self.gen = self.shell.run_argv(list(self.ctx.args), IO(None, self.sink, self.sink))
        self.timer = None
        self._resume()

    def _start_console(self) -> None:
        """``stdin: true``: the shell reads what ``kubectl attach`` sends, and its
        output (prompt, echo, results) goes to the attached client and the log."""
        self.timer = None
        self.attached_console = self.console(list(self.ctx.args), bool(self.ctx.container.get("tty")))
        if self.attached_console is None:          # no shell in the image: it exits as a pipe's EOF would
            self._finish(0)
            return
        self.attached_console.on_output = self._console_output
        self._console_output(self.attached_console.peek())

    def _console_output(self, text: str) -> None:
        self.sink.write(text.replace("\r\n", "\n"))
        if self.attached_console.done and self.running:
            self._finish(self.attached_console.exit_code or 0)

    def _resume(self) -> None:
        self.timer = None
        if not self.running:
            return
        try:
            delay = next(self.gen)
        except StopIteration as stop:
            self._finish(stop.value or 0)
            return
        if math.isfinite(delay):
            self.timer = self.ctx.schedule(delay, self._resume)

    def _finish(self, code: int) -> None:
        self.sink.flush()
        self.running = False
        self.ctx.exit(code, "Completed" if code == 0 else "Error")

    def signal(self, sig: str) -> None:
        if sig == "SIGKILL" and self.running:
            self.running = False
            if self.timer is not None:
                self.timer.cancel()
            self.sink.flush()
            self.ctx.exit(137, "Error")
        # SIGTERM: ignored by PID 1 without a handler (see the module docstring)


class StartFailedApp(App):
    """The runtime could not start the process (exec of a missing binary).

    The kubelet reports it as ``terminated`` with reason ``StartError``, exit
    code 128 and the message from :func:`kubelab.apps.images.start_error`.
    """

    message = ""

    def start(self) -> None:
        self.running = False
        self.ctx.exit(128, "StartError")
