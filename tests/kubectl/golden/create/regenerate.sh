#!/bin/sh
# Golden outputs of client-side `kubectl create` from the REAL kubectl v1.32.4.
# Each line of cases.txt is "NAME<TAB>ARGS" (run from files/); NAME.out / NAME.err hold
# stdout and stderr of `kubectl create ARGS --dry-run=client -o yaml` (the flags go
# before a `--` that starts a container command).
#   sh tests/kubectl/golden/create/regenerate.sh
cd "$(dirname "$0")"
while IFS='	' read -r name args; do
  case "$args" in
    *" -- "*) args=$(echo "$args" | sed 's/ -- / --dry-run=client -o yaml -- /') ;;
    *) args="$args --dry-run=client -o yaml" ;;
  esac
  (cd files && eval "kubectl create $args") > "$name.out" 2> "$name.err"
done < cases.txt
