"""The master-plan document as PDF, laid out by Typst (the ``typst`` package: no external binary).

The template ``masterplans/document/masterplan.typ`` reads the whole context as JSON from
``sys.inputs``; no plan text is ever spliced into Typst source, so a name holding ``#``, ``$``,
``*``, ``_``, ``<``, ``@``, backslashes or brackets is printed as it is and cannot run code.

One compiler is kept per process and template (its fonts and the parsed template are the
cold-start cost, some 0.3 s); a lock serialises them because a compiler is not shared between
threads. ``typst_pdf`` is the one Typst renderer of the product: other documents laid out from
data (the evaluation's result letters) call it with their own template, read the same way.
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
_compilers: dict[Path, Any] = {}
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


def typst_pdf(template: Path, context: dict[str, Any]) -> bytes:
    """Lay out ``template`` (a ``.typ`` file reading ``sys.inputs.data``) from ``context`` and
    return the PDF bytes. The template reads only its own directory (Typst's root)."""
    import typst

    data = context_json(context)
    with _lock:
        compiler: Any = _compilers.get(template)
        if compiler is None:
            compiler = _compilers[template] = typst.Compiler(str(template), root=str(template.parent))
        pdf = compiler.compile(sys_inputs={"data": data})
    return bytes(pdf)


def compile_pdf(context: dict[str, Any]) -> bytes:
    """Lay the document out from ``context`` (``build_context``'s) and return the PDF bytes."""
    return typst_pdf(TEMPLATE, context)
