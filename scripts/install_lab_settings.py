"""Install kubelab's JupyterLab default settings into the running environment.

JupyterLab reads `<app dir>/settings/overrides.d/*.json` as defaults for every user of the
environment (the app dir is `<sys.prefix>/share/jupyter/lab` unless JUPYTERLAB_DIR says
otherwise). Ours turns off the news and update-check pop-up, which would otherwise cover
chapter 00 the first time a learner opens the course. `make install` and Binder's
postBuild both run this with the environment's own Python.
"""

import pathlib
import shutil
import sys

from jupyterlab.commands import get_app_dir

SOURCE = pathlib.Path(__file__).with_name("lab-overrides.json")


def main() -> int:
    target = pathlib.Path(get_app_dir()) / "settings" / "overrides.d" / "kubelab.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, target)
    print(f"JupyterLab settings overrides: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
