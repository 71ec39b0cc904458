"""kubectl's output formatting, as pure functions of API objects (plain dicts).

* :mod:`.age`       -- HumanDuration for AGE columns and event ages
* :mod:`.columns`   -- per-kind table columns and row functions (printers.go, as data)
* :mod:`.table`     -- ``kubectl get`` tables, laid out like kubectl's tabwriter
* :mod:`.yamljson`  -- ``-o yaml``, ``-o json``, ``-o name``
* :mod:`.describe`  -- ``kubectl describe``

Nothing here reads the cluster: callers pass the objects, the simulated time and,
for describe, a :class:`~.describe.Related` lookup for the objects a description
mentions (a Deployment's ReplicaSets, a Node's pods, ...).
"""
from .age import age, human_duration, short_human_duration
from .columns import PRINTERS, Column, PrintContext, RowMemo, TablePrinter, printer_for, row_memo
from .table import no_resources_found, print_table, print_tables, tabwrite
from .yamljson import as_list, to_json, to_name, to_yaml, yaml_stream

__all__ = [
    "age", "human_duration", "short_human_duration",
    "PRINTERS", "Column", "PrintContext", "RowMemo", "TablePrinter", "printer_for", "row_memo",
    "no_resources_found", "print_table", "print_tables", "tabwrite",
    "as_list", "to_json", "to_name", "to_yaml", "yaml_stream",
]
