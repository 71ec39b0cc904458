#!/usr/bin/env bash
# Install the real kubectl into DIR (default: the bin directory of the `python` on PATH,
# i.e. the active virtual environment), as kubernetes.io's "Install kubectl binary with
# curl" does: the release binary from dl.k8s.io, checked against its published SHA-256.
#
#   bash scripts/install-kubectl.sh [DIR]
#   KUBECTL_VERSION=v1.32.4 (default: the version the course is checked against)
#   bash scripts/install-kubectl.sh --print-url    # what it would download, and nothing else
#
# The course runs without kubectl (its %kubectl is the kit's own); the real one is for a
# JupyterLab terminal on the notebook's served cluster and for `%kubelab connect`.
set -euo pipefail
VERSION=${KUBECTL_VERSION:-v1.32.4}

os=$(uname -s | tr '[:upper:]' '[:lower:]')
case "$os" in linux|darwin) ;; *) echo "install-kubectl: no kubectl release for $os here; see https://kubernetes.io/docs/tasks/tools/" >&2; exit 1;; esac
arch=$(uname -m)
case "$arch" in
    x86_64|amd64) arch=amd64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) echo "install-kubectl: no kubectl release for $arch; see https://kubernetes.io/docs/tasks/tools/" >&2; exit 1 ;;
esac
url="https://dl.k8s.io/release/$VERSION/bin/$os/$arch/kubectl"
if [ "${1:-}" = "--print-url" ]; then
    echo "$url"
    exit 0
fi

dir=${1:-$(dirname "$(command -v python)")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 -o "$tmp/kubectl" "$url"
curl -fsSL --retry 3 -o "$tmp/kubectl.sha256" "$url.sha256"
want=$(tr -d '[:space:]' < "$tmp/kubectl.sha256")
if command -v sha256sum >/dev/null; then got=$(sha256sum "$tmp/kubectl" | cut -d' ' -f1); else got=$(shasum -a 256 "$tmp/kubectl" | cut -d' ' -f1); fi
[ "$got" = "$want" ] || { echo "install-kubectl: $url does not match its published SHA-256; not installed" >&2; exit 1; }
mkdir -p "$dir"
install -m 0755 "$tmp/kubectl" "$dir/kubectl"
echo "install-kubectl: $("$dir/kubectl" version --client | head -1) in $dir"
