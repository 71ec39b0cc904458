"""``python -m kubelab serve``: a fresh cluster, served until interrupted.

    python -m kubelab serve [--port N] [--kubeconfig PATH] [--workers N] [--speed X]

Outside Jupyter nothing else drives simulated time, so it follows the wall clock
(``--speed`` simulated seconds per second, 1 by default), and it starts at the
host's time: the ages the real kubectl computes itself read true (at speed 1).
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kubelab")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a fresh simulated cluster's Kubernetes API over HTTPS")
    serve.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    serve.add_argument("--kubeconfig", default=None, help="where to write the kubeconfig (never ~/.kube/config)")
    serve.add_argument("--workers", type=int, default=0, help="worker nodes beside the control plane")
    serve.add_argument("--seed", type=int, default=0, help="the cluster's random seed")
    serve.add_argument("--speed", type=float, default=1.0, help="simulated seconds per wall-clock second")
    args = parser.parse_args(argv)
    if args.speed <= 0:
        parser.error("--speed must be positive")
    from datetime import datetime, timedelta, timezone
    from ..clock import set_epoch
    from ..cluster import Cluster
    # The cluster's "now" is the host's when serving begins, so that what the real kubectl
    # computes from the host's clock (describe's event ages) agrees with the cluster.  Its
    # start takes simulated time (the same on every start): a first start measures it.
    booting = Cluster(workers=args.workers, seed=args.seed).now
    set_epoch(datetime.now(timezone.utc) - timedelta(seconds=booting))   # wall-clock ok: a live, served cluster
    cluster = Cluster(workers=args.workers, seed=args.seed)
    try:
        srv = cluster.serve(args.port, clock="live", speed=args.speed, kubeconfig=args.kubeconfig)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"Serving the simulated cluster at {srv.url} (simulated time x{args.speed:g}). In a terminal:", flush=True)
    print(f"  {srv.export_line}", flush=True)
    print("  kubectl get nodes", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))      # stop cleanly when killed too
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()
    return 0
