#!/bin/sh
# Regenerate the golden outputs from the REAL kubectl (v1.32.4, kustomize v5.5.0):
#   sh tests/kubectl/golden/kustomize/regenerate.sh
# Each CASE.out is stdout of `kubectl kustomize CASE-PATH`, CASE.err its stderr
# (errors are printed by klog with a timestamp and pid; the tests compare only the
# err="..." text).
cd "$(dirname "$0")"
for case in redis redis-notes-misindented secret-generator prefix-labels-images-patch \
            base-overlay/base base-overlay/overlay legacy-order scalars \
            floats patch-json-missing patch-strategic-order; do
  out=$(echo "$case" | tr / _)
  kubectl kustomize "$case" > "$out.out" 2> "$out.err"
done
