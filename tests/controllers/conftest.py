import pytest

import kubelab


@pytest.fixture
def c():
    return kubelab.Cluster()
