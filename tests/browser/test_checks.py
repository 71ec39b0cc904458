"""The browser test's verdicts on a notebook, without a browser."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checks  # noqa: E402


def cell(source, outputs=(), count=1):
    return {"cell_type": "code", "source": source, "execution_count": count, "outputs": list(outputs)}


def test_kubectl_errors_on_stderr_are_course_content_not_failures():
    nb = {"cells": [cell("%kubectl gett pods", [{"output_type": "stream", "name": "stderr",
                                                 "text": ['error: unknown command "gett" for "kubectl"\n']}])]}
    assert checks.output_errors(nb) == []


def test_a_traceback_on_stderr_fails_the_notebook():
    nb = {"cells": [cell("x", [{"output_type": "stream", "name": "stderr",
                                "text": "\nTraceback (most recent call last):\n  File ...\n"}])]}
    assert checks.output_errors(nb) == ["cell 1: stderr: Traceback (most recent call last):"]


def test_cells_run_all_never_reached_are_reported_but_empty_cells_are_not():
    nb = {"cells": [{"cell_type": "markdown", "source": "# t"}, cell("1/0", count=1),
                    cell("print(1)", count=None), cell("  \n", count=None)]}
    assert checks.unexecuted_cells(nb) == [3]


def test_widget_views_and_failure_texts_are_counted():
    view = {"output_type": "display_data",
            "data": {checks.WIDGET_VIEW: {"model_id": "abc"}, "text/plain": "VBox()"}}
    nb = {"cells": [cell("dash", [view]), cell("print(1)", [{"output_type": "stream", "name": "stdout", "text": "1"}])]}
    assert checks.widget_views(nb) == 1
    assert checks.widget_failures("Error displaying widget: model not found") == [
        "Error displaying widget", "model not found"]
    assert checks.widget_failures("simulated time 3s") == []
