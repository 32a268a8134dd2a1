"""Why `cxreport.report` is both a module and a function.

`cxreport.report(ws)` is the public call a notebook makes; `cxreport.report` is also the
module the CLI and the tests import (`from cxreport.report import build_report`). Python
binds a submodule as an attribute of its package whenever it is imported, so a plain
function of that name in ``cxreport/__init__.py`` would be replaced by the module as soon
as anything imported it. Instead the module itself is made callable (`ReportModule`, set
at the end of ``cxreport/report.py``) and its call is `cxreport.api.report`.
"""

from __future__ import annotations

import inspect
import types
from typing import Any


class ReportModule(types.ModuleType):
    """The `cxreport.report` module, callable as `cxreport.api.report`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from cxreport.api import report

        return report(*args, **kwargs)

    @property
    def __signature__(self) -> inspect.Signature:  # what help() and notebooks show for cxreport.report(
        from cxreport.api import report

        return inspect.signature(report)
