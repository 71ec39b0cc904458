"""``python -m kubelab serve ...`` (see kubelab.server.cli)."""
import sys

from kubelab.server.cli import main

sys.exit(main())
