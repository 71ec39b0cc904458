#!/usr/bin/env bash
# Build the environment Binder (repo2docker) builds from binder/, in a fresh virtual
# environment, and run the nbval suite in it:
#   1. the Python of binder/runtime.txt ("python-3.11" -> python3.11);
#   2. pip install -r binder/requirements.txt (what repo2docker installs before copying
#      the repository in);
#   3. binder/postBuild, run from a copy of the repository (as repo2docker does), with
#      the new environment first on PATH;
#   4. checks: the notebooks are trusted, the JupyterLab settings override is installed,
#      the widget packages agree (pip check); whether postBuild installed kubectl;
#   5. pytest --nbval over the copied notebooks/ and widgets/ (pytest and nbval are
#      added for the check only; they are not part of what Binder installs).
# Usage: bash scripts/binder-check.sh [WORKDIR]   (default build/binder; wiped first)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${1:-build/binder}
start=$(date +%s)

runtime=$(tr -d '[:space:]' < binder/runtime.txt)          # e.g. python-3.11
version=${runtime#python-}
PY=$(command -v "python$version" || true)
[ -n "$PY" ] || { echo "binder-check: need python$version on PATH (binder/runtime.txt)" >&2; exit 1; }
[ -f binder/environment.yml ] && { echo "binder-check: binder/environment.yml would win over requirements.txt" >&2; exit 1; }

rm -rf "$WORK"; mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
echo "binder-check: fresh venv with $($PY --version) in $WORK/env"
"$PY" -m venv "$WORK/env"
export PATH="$WORK/env/bin:$PATH"
export JUPYTER_CONFIG_DIR="$WORK/home/.jupyter" JUPYTER_DATA_DIR="$WORK/home/.local/share/jupyter"
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -r binder/requirements.txt

echo "binder-check: copying the repository and running binder/postBuild"
mkdir -p "$WORK/repo"
tar --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./artifacts \
    --exclude='*.egg-info' --exclude=__pycache__ --exclude=.pytest_cache -cf - . | tar -xf - -C "$WORK/repo"
(cd "$WORK/repo" && ./binder/postBuild)

echo "binder-check: checks"
(cd "$WORK/repo" && python - <<'PY'
import glob, sys
import nbformat
from nbformat.sign import NotebookNotary
from jupyterlab.commands import get_app_dir
import pathlib
notary = NotebookNotary()
untrusted = [p for p in sorted(glob.glob("notebooks/*.ipynb") + glob.glob("widgets/*.ipynb"))
             if not notary.check_signature(nbformat.read(p, as_version=4))]
override = pathlib.Path(get_app_dir()) / "settings" / "overrides.d" / "kubelab.json"
problems = [f"not trusted: {p}" for p in untrusted]
if not override.is_file():
    problems.append(f"missing JupyterLab settings override {override}")
import kubelab, ipywidgets, jupyterlab
print(f"  kubelab from {kubelab.__file__}; jupyterlab {jupyterlab.__version__}; ipywidgets {ipywidgets.__version__}")
for p in problems:
    print("  -", p)
sys.exit(1 if problems else 0)
PY
)
python -m pip check
if command -v kubectl >/dev/null && [ "$(dirname "$(command -v kubectl)")" = "$WORK/env/bin" ]; then
    echo "  kubectl: $(kubectl version --client | head -1) (installed by postBuild)"
else
    echo "  kubectl: not installed by postBuild (no network?): the chapters still run"
fi

echo "binder-check: nbval over the notebooks in the Binder environment"
python -m pip install --quiet "pytest>=8" "nbval>=0.11"
cd "$WORK/repo"
status=0
python -m pytest -q -p no:cacheprovider --nbval --nbval-current-env --nbval-cell-timeout=300 \
    -o addopts="" $(ls -d notebooks/*.ipynb widgets/*.ipynb 2>/dev/null) || status=$?
echo "binder-check: $(( $(date +%s) - start )) s, exit code $status"
exit $status
