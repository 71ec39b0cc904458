"""Chapter 06 exercise checks: the solution passes, wrong answers do not."""
import pathlib

import kubelab
from kubelab.exercises import ch06

NOTES = pathlib.Path(__file__).resolve().parents[2] / "course" / "kubernetes-notes.zh.md"     # the notes, copied in


def test_secret_value_wants_the_decoded_password():
    c = kubelab.Cluster()
    assert not ch06.secret_value(c, "bobpwd")
    c.kubectl("create secret generic sys-app-credentials --from-literal username=bob --from-literal password=bobpwd")
    assert not ch06.secret_value(c, "Ym9icHdk")          # still base64
    assert not ch06.secret_value(c, "bob")
    assert ch06.secret_value(c, "bobpwd")


GAME_POD = """apiVersion: v1
kind: Pod
metadata:
  name: game
spec:
  containers:
  - name: game
    image: busybox
    command: ["sleep", "3600"]
    envFrom:
    - configMapRef:
        name: game-config
"""


def test_game_pod_solution_passes_and_missing_pieces_fail():
    c = kubelab.Cluster()
    assert not ch06.game_pod(c)
    c.kubectl("create configmap game-config --from-literal lives=3 --from-literal mode=hard")
    assert not ch06.game_pod(c)
    c.kubectl("delete configmap game-config")
    c.kubectl("create configmap game-config --from-literal lives=3 --from-literal mode=easy")
    assert not ch06.game_pod(c)                           # no pod yet
    c.kubectl("apply -f -", stdin=GAME_POD)
    c.settle()
    assert ch06.game_pod(c)


def test_game_pod_reading_one_key_only_fails():
    c = kubelab.Cluster()
    c.kubectl("create configmap game-config --from-literal lives=3 --from-literal mode=easy")
    one = GAME_POD.replace("""    envFrom:
    - configMapRef:
        name: game-config
""", """    env:
    - name: LIVES
      valueFrom:
        configMapKeyRef:
          name: game-config
          key: lives
""")
    c.kubectl("apply -f -", stdin=one)
    c.settle()
    assert not ch06.game_pod(c)


def _notes_manifest() -> str:
    lines = NOTES.read_text().splitlines()
    start = lines.index("配置文件(configMapKeyRef,secretKeyRef)") + 2
    end = lines.index("删除旧的deployment,部署更新后的deployment") - 1
    return "\n".join(lines[start:end]) + "\n"


def fixed(text: str) -> str:
    text = text.replace("\napiVersion", "\n---\napiVersion")
    return text.replace("        - containerPort: 9080\n        # Set", "        - containerPort: 9080\n        env:\n        # Set")


def test_fixed_manifest_rejects_the_notes_and_accepts_the_fix():
    notes = _notes_manifest()
    assert not ch06.fixed_manifest(notes)                              # one document only
    assert not ch06.fixed_manifest(notes.replace("\napiVersion", "\n---\napiVersion"))   # env under ports
    assert ch06.fixed_manifest(fixed(notes))
