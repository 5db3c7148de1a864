"""The road-map chart: a year-by-dimension SVG (pure, no Django; every text escaped)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

# One colour per dimension, in catalogue order (repeats if the catalogue grows).
PALETTE = ["#1f5fa8", "#c0392b", "#d68910", "#1e8449", "#7d3c98", "#117a65", "#5d6d7e", "#a04000"]


@dataclass(frozen=True)
class RoadmapCell:
    """What one dimension has in one year: actions running, planned budget, milestones."""

    actions: int = 0
    budget: Decimal = Decimal(0)
    milestones: int = 0

    @property
    def has_data(self) -> bool:
        return self.actions > 0 or self.budget > 0 or self.milestones > 0


def roadmap_svg(
    *,
    years: Sequence[int],
    rows: Sequence[tuple[str, str]],
    cells: Mapping[tuple[str, int], RoadmapCell],
    caption: str = "",
    mark_title: str = "%(row)s %(year)s: %(actions)s",
    width: int = 680,
) -> str:
    """A year-by-dimension chart as an SVG string.

    ``rows`` are ``(code, label)`` in display order; ``cells`` maps ``(code, year)`` to its
    figures. Every cell with data gets one bar (``class="mark"``) whose length is the number
    of running actions relative to the busiest cell, labelled with that number; a cell with
    road-map milestones also gets a small diamond (``class="milestone"``). ``mark_title`` is
    the (translated) tooltip, with ``%(row)s``, ``%(year)s`` and ``%(actions)s``.
    """
    label_w = 150
    head_h = 26
    row_h = 30
    bar_h = 14
    n_years = max(len(years), 1)
    col_w = (width - label_w) / n_years
    height = head_h + row_h * max(len(rows), 1) + 8
    busiest = max((c.actions for c in cells.values()), default=0) or 1
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="roadmap-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img"'
        + (f" aria-label={quoteattr(caption)}" if caption else "")
        + ' font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    if caption:
        out.append(f"<title>{escape(caption)}</title>")
    for i, year in enumerate(years):
        x = label_w + i * col_w
        fill = "#f4f6f8" if i % 2 == 0 else "#ffffff"
        out.append(
            f'<rect class="column" x="{x:.1f}" y="0" width="{col_w:.1f}" height="{height}" fill="{fill}"/>'
        )
        out.append(
            f'<text class="year" x="{x + col_w / 2:.1f}" y="16" text-anchor="middle" '
            f'font-weight="bold">{year}</text>'
        )
    for r, (code, label) in enumerate(rows):
        y = head_h + r * row_h
        colour = PALETTE[r % len(PALETTE)]
        out.append(
            f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#d5d8dc" stroke-width="0.5"/>'
            f'<text class="row-label" x="4" y="{y + row_h / 2 + 4:.1f}">{escape(_shorten(label, 26))}</text>'
        )
        for i, year in enumerate(years):
            cell = cells.get((code, year))
            if cell is None or not cell.has_data:
                continue
            x = label_w + i * col_w + 4
            room = col_w - 44  # leaves room for the value and the milestone diamond
            length = max(3.0, room * cell.actions / busiest) if cell.actions else 3.0
            by = y + (row_h - bar_h) / 2
            title = mark_title % {"row": label, "year": year, "actions": cell.actions}
            out.append(
                f'<rect class="mark" data-dimension={quoteattr(code)} data-year="{year}" '
                f'x="{x:.1f}" y="{by:.1f}" width="{length:.1f}" height="{bar_h}" rx="2" fill="{colour}">'
                f"<title>{escape(title)}</title></rect>"
            )
            if cell.actions:
                out.append(
                    f'<text class="value" x="{x + length + 3:.1f}" y="{by + bar_h - 3:.1f}">{cell.actions}</text>'
                )
            if cell.milestones:
                mx = label_w + (i + 1) * col_w - 8
                my = y + row_h / 2
                out.append(
                    f'<path class="milestone" data-dimension={quoteattr(code)} data-year="{year}" '
                    f'd="M{mx:.1f} {my - 5:.1f} L{mx + 5:.1f} {my:.1f} L{mx:.1f} {my + 5:.1f} '
                    f'L{mx - 5:.1f} {my:.1f} Z" fill="#222"/>'
                )
    out.append("</svg>")
    return "".join(out)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
