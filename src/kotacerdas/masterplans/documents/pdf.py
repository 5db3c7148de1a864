"""The master-plan document as PDF, laid out by Typst (the ``typst`` package: no external binary).

The template ``masterplans/document/masterplan.typ`` reads the whole context as JSON from
``sys.inputs``; no plan text is ever spliced into Typst source, so a name holding ``#``, ``$``,
``*``, ``_``, ``<``, ``@``, backslashes or brackets is printed as it is and cannot run code.

One compiler is kept per process (its fonts and the parsed template are the cold-start cost,
some 0.3 s); a lock serialises it because a compiler is not shared between threads.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "masterplans" / "document"
TEMPLATE = TEMPLATE_DIR / "masterplan.typ"
PDF_CONTENT_TYPE = "application/pdf"

_lock = threading.Lock()
_compiler: Any = None
# Characters no text layout wants (control characters from pasted text); tab and newline stay.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def context_json(context: dict[str, Any]) -> str:
    """The context as the JSON the template reads (control characters removed)."""
    return json.dumps(_clean(context), ensure_ascii=False, default=str)


def compile_pdf(context: dict[str, Any]) -> bytes:
    """Lay the document out from ``context`` (``build_context``'s) and return the PDF bytes."""
    import typst

    global _compiler
    data = context_json(context)
    with _lock:
        if _compiler is None:
            _compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE_DIR))
        pdf = _compiler.compile(sys_inputs={"data": data})
    return bytes(pdf)
