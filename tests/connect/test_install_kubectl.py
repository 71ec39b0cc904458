"""scripts/install-kubectl.sh (what Binder's postBuild runs to provide kubectl), with a
stand-in ``curl`` serving a fake release: no network."""
from __future__ import annotations

import hashlib
import os
import platform
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-kubectl.sh"
FAKE_KUBECTL = "#!/bin/sh\necho 'Client Version: v1.32.4'\n"

pytestmark = pytest.mark.skipif(platform.system() != "Linux" or platform.machine() not in ("x86_64", "aarch64"),
                                reason="the script's downloads are checked here for Linux on amd64/arm64")


def fake_curl(bin_dir: Path, release: Path) -> None:
    """``curl -fsSL --retry 3 -o FILE URL``: copies release/<basename of URL>, or fails as curl -f does."""
    bin_dir.mkdir()
    (bin_dir / "curl").write_text(f"""#!/bin/sh
while [ $# -gt 2 ]; do [ "$1" = -o ] && out=$2; shift; done
url=$2; [ -n "$url" ] || url=$1
echo "$url" >> {release}/requested
name=$(basename "$url")
[ -f "{release}/$name" ] || {{ echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; }}
cp "{release}/$name" "$out"
""")
    (bin_dir / "curl").chmod(0o755)


def run(tmp_path: Path, sha: str | None):
    release = tmp_path / "release"
    release.mkdir()
    (release / "kubectl").write_text(FAKE_KUBECTL)
    if sha is not None:
        (release / "kubectl.sha256").write_text(sha)
    fake_curl(tmp_path / "bin", release)
    env = dict(os.environ, PATH=f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "venv-bin"
    p = subprocess.run(["bash", str(SCRIPT), str(target)], env=env, capture_output=True, text=True, timeout=60)
    return p, target, (release / "requested").read_text().split()


def test_it_installs_the_release_that_matches_its_published_sha256(tmp_path):
    p, target, requested = run(tmp_path, hashlib.sha256(FAKE_KUBECTL.encode()).hexdigest() + "\n")
    arch = {"x86_64": "amd64", "aarch64": "arm64"}[platform.machine()]
    url = f"https://dl.k8s.io/release/v1.32.4/bin/linux/{arch}/kubectl"
    assert requested == [url, url + ".sha256"]
    assert p.returncode == 0, p.stderr
    assert p.stdout == f"install-kubectl: Client Version: v1.32.4 in {target}\n"
    assert os.access(target / "kubectl", os.X_OK)


def test_a_download_that_does_not_match_is_not_installed(tmp_path):
    p, target, _ = run(tmp_path, "0" * 64)
    assert p.returncode == 1
    assert "does not match its published SHA-256; not installed" in p.stderr
    assert not (target / "kubectl").exists()


def test_without_the_checksum_nothing_is_installed(tmp_path):
    p, target, _ = run(tmp_path, None)
    assert p.returncode != 0 and "404" in p.stderr
    assert not (target / "kubectl").exists()


def test_binders_postbuild_installs_kubectl_and_only_warns_when_it_cannot():
    text = (ROOT / "binder" / "postBuild").read_text()
    assert 'if ! bash scripts/install-kubectl.sh "$(dirname "$(command -v python)")"; then' in text
    assert not (ROOT / "binder" / "environment.yml").exists()      # it would win over requirements.txt
