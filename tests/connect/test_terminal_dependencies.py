"""JupyterLab terminals come with the kit's own dependencies: `pip install -e .[course]` on a
fresh machine pulls jupyterlab, which requires jupyter_server, which requires
jupyter_server_terminals and terminado (on Linux and macOS through ptyprocess). Nothing is
installed by hand; chapter 00's terminal section relies on this chain."""
from __future__ import annotations

import re
from importlib.metadata import requires


def names(dist: str) -> set[str]:
    """The distributions ``dist`` requires unconditionally on this platform (no extras)."""
    out = set()
    for req in requires(dist) or []:
        if "extra ==" in req:
            continue
        name, _, marker = req.partition(";")
        if "os_name == 'nt'" in marker or 'os_name == "nt"' in marker:
            continue
        out.add(re.split(r"[<>=!~ \[]", name.strip(), maxsplit=1)[0].lower().replace("_", "-"))
    return out


def test_the_course_extra_brings_jupyterlab_and_its_server_brings_terminals():
    course = [r for r in requires("kubelab") if "extra == \"course\"" in r or "extra == 'course'" in r]
    assert any(r.lower().startswith("jupyterlab") for r in course), course
    assert "jupyter-server" in names("jupyterlab")
    assert {"jupyter-server-terminals", "terminado"} <= names("jupyter-server")
    assert "terminado" in names("jupyter-server-terminals")
    assert "ptyprocess" in names("terminado")


def test_the_terminal_machinery_imports():
    import terminado
    from jupyter_server_terminals import TerminalsExtensionApp
    assert terminado.TermSocket and TerminalsExtensionApp.name
