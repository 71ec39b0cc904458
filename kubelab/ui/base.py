"""What every control shares: running kubectl for the learner, quiet reads
for the views, and refreshing from watch events.

A control holds only view state (what is selected, the last command and its
output, the last picture); everything it shows is read again from the API when
a watch event has marked it stale.  Every button has a method twin (the
``click()`` habit), so a test drives ``dashboard.scale("web", 3)`` exactly as
a click on *Scale* does.
"""
from __future__ import annotations

import html
import weakref

from ..kubectl import cli
from ..result import Result
from ..realcluster import SimulationOnly


def pre(text: str, height: str | None = None) -> str:
    style = "font-family:monospace;font-size:12px;white-space:pre;margin:0"
    box = f"max-height:{height};overflow:auto;" if height else ""
    return f'<div style="{box}"><pre style="{style}">{html.escape(text)}</pre></div>'


class Control:
    """Base of the controls: ``self.w`` holds the ipywidgets, ``widget`` is the box to display."""

    def __init__(self, cluster=None):
        if cluster is None:
            # The controls sit beside the magics, not above them: they are handed
            # their cluster (kubelab.current_cluster() is the magics' one).
            raise TypeError(f"{type(self).__name__} needs a cluster, e.g. "
                            f"{type(self).__name__}(kubelab.current_cluster())")
        self.cluster = cluster
        self.log: list[tuple[str, Result]] = []
        self.stale = True
        self.refreshes = 0
        ref = weakref.ref(self)

        def touch(etype, obj, old) -> None:      # a watch event: only mark, redraw later
            me = ref()
            if me is not None and obj.get("kind") != "Lease":
                me.stale = True
        cluster.api.watch(touch)
        self._hook_ipython()

    # ------------------------------------------------------------------ actions
    def kubectl(self, cmdline: str, stdin: str | None = None) -> Result:
        """Run a command as the learner would (time moves on by the usual pause)."""
        result = self.cluster.kubectl(cmdline, stdin=stdin)
        self.log.append((f"kubectl {cmdline}", result))
        self.refresh(force=True)          # its answer is shown even when no object changed (exec, get)
        return result

    def note(self, line: str, text: str = "", ok: bool = True) -> Result:
        """Record an action that is not a kubectl command (e.g. failing a node)."""
        result = Result(stdout=text if ok else "", stderr="" if ok else text, returncode=0 if ok else 1)
        self.log.append((line, result))
        self.refresh(force=True)
        return result

    def query(self, cmdline: str) -> str:
        """A read for a view: kubectl's output without moving the clock."""
        r = cli.run(self.cluster.client_session(), cmdline, cwd=".")
        return r.stdout + r.stderr

    @property
    def last_output(self) -> str:
        if not self.log:
            return ""
        line, r = self.log[-1]
        return f"$ {line}\n{r}"

    # ------------------------------------------------------------------ clock
    def step(self, seconds: float = 1.0) -> None:
        """Advance simulated time (never the wall clock)."""
        self.cluster.run(seconds)
        self.refresh()

    def settle(self) -> float:
        took = self.cluster.settle()
        self.refresh()
        return took

    # ------------------------------------------------------------------ views
    def refresh(self, force: bool = False) -> bool:
        """Re-read the API if a watch event came since the last refresh."""
        self.on_time()
        if not (self.stale or force):
            return False
        self.stale = False
        self.refreshes += 1
        self.render()
        return True

    def render(self) -> None:
        raise NotImplementedError

    def on_time(self) -> None:
        """Called on every refresh, even when no object changed (time moved)."""

    def _hook_ipython(self) -> None:
        """In a notebook, refresh after any cell (a %kubectl elsewhere changes the picture)."""
        try:
            from IPython import get_ipython
        except ImportError:
            return
        ip = get_ipython()
        if ip is None:
            return
        ref = weakref.ref(self)

        def after(result=None) -> None:
            me = ref()
            if me is not None:
                try:
                    me.refresh()
                except SimulationOnly:    # %kubelab connect: %kubectl talks to another cluster,
                    pass                  # the picture keeps showing the simulated one
        ip.events.register("post_run_cell", after)
        self._after = (ip, after)

    def unhook(self) -> None:
        """Stop refreshing after every cell (the control keeps what it shows)."""
        hooked, self._after = getattr(self, "_after", None), None
        if hooked is not None:
            ip, after = hooked
            try:
                ip.events.unregister("post_run_cell", after)
            except ValueError:            # already gone
                pass

    def _ipython_display_(self) -> None:
        from IPython.display import display
        from ..i18n import localize
        display(localize(self.widget))      # labels in the learner's language (kubelab.set_lang)
