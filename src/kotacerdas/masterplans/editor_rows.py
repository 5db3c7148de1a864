"""The rows of the plan page (a programme's block and its action rows), prepared and written
in one pass.

A Sumbawa-sized page shows some 25 action rows under 9 programmes on a dimension's tab, and 142
under 74 with every dimension. The template engine spends a few microseconds on each value it
places, and a row has some thirty (its links, its labels, its amounts), so these blocks are
written here in plain Python instead: ``programme_blocks`` decides what each row shows (its
links, whether the reader may edit it, amounts and targets in the reader's style, the "Saved"
mark) and ``block_html`` writes the block's HTML, every value escaped. The plan page and the
block redrawn after an inline edit use the same two functions. No queries: the figures come
from the selectors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import TypedDict

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kotacerdas.core.numbers import format_number

from .models import ActionPlan, PlanVersion, Programme

_UID = "00000000-0000-0000-0000-000000000000"
_ROW_URL_NAMES = {
    "programme_edit": "masterplans:programme_edit",
    "programme_copy": "masterplans:programme_copy",
    "programme_delete": "masterplans:programme_delete",
    "action_add": "masterplans:action_add",
    "action_reorder": "masterplans:action_reorder",
    "action_edit": "masterplans:action_edit",
    "action_delete": "masterplans:action_delete",
}


def row_urls(region_code: str, version: PlanVersion) -> dict[str, str]:
    """Each row URL of the tree reversed once, as a pattern with ``{}`` for the row's uid.

    A Sumbawa-sized page has some 900 row links; reversing each took a quarter of the page."""
    suffix = f"?versi={version.number}"
    urls = {
        key: reverse(name, args=[region_code, _UID]).replace(_UID, "{}") + suffix
        for key, name in _ROW_URL_NAMES.items()
    }
    urls["programme_add"] = reverse("masterplans:programme_add", args=[region_code]) + suffix
    urls["programme_reorder"] = reverse("masterplans:programme_reorder", args=[region_code]) + suffix
    return urls


def row_labels() -> dict[str, str]:
    """The words of a programme's block, translated once per page instead of once per programme."""
    return {
        "action_plan": _("Action plan"),
        "actions": _("Actions"),
        "add_action": _("Add an action plan"),
        "agency": _("Agency"),
        "budget": _("Budget (Rp)"),
        "code": _("Code"),
        "confirm_action": _("Delete this action plan?"),
        "confirm_programme": _("Delete this programme and its actions?"),
        "copy": _("Copy"),
        "delete": _("Delete"),
        "drag": _("Drag to reorder"),
        "edit": _("Edit"),
        "indicator": _("Indicator"),
        "no_action": _("No action plan yet."),
        "order": _("Order"),
        "saved": _("Saved"),
        "years": _("Years"),
    }


class ActionRow(TypedDict):
    """One action's row as the page shows it."""

    uid: str
    code: str
    name: str
    agency: str  # the owning agency's acronym
    years: str  # "2024–2026"
    indicator: str
    unit: str
    targets: str  # "2024: 10 · 2025: 12,5" in the reader's style, "" without targets
    budget: str  # whole rupiah in the reader's style
    may_edit: bool
    saved: bool  # just saved: the row shows "Saved"
    edit_url: str
    delete_url: str


class ProgrammeBlock(TypedDict):
    """One programme's block (its header, its buttons, its action rows) as the page shows it."""

    uid: str
    code: str
    name: str
    subdimension: str
    agency: str
    horizon: str
    years: str
    budget: str
    may_edit: bool
    may_add: bool  # may add an action to it (its own agency's, for an officer)
    saved: bool
    edit_url: str
    copy_url: str
    delete_url: str
    add_action_url: str
    reorder_url: str
    actions: list[ActionRow]


def _years(item: Programme | ActionPlan) -> str:
    return f"{item.start_year}–{item.end_year}"


def programme_blocks(
    programmes: Iterable[Programme],
    *,
    urls: dict[str, str],
    language: str | None,
    action_budgets: dict[int, Decimal],
    targets: dict[int, list[tuple[int, Decimal]]],
    programme_budgets: dict[int, Decimal] | None = None,
    editable: bool,
    may_change: bool,
    own_agency_ids: Iterable[int],
    saved: str = "",
    agency_acronyms: dict[int, str] | None = None,
) -> list[ProgrammeBlock]:
    """The blocks of ``programmes`` (each with its sub-dimension selected and its ``actions``
    prefetched; their agencies too, unless ``agency_acronyms`` names them).

    ``action_budgets`` and ``targets`` are per action id; a programme's budget is its total in
    ``programme_budgets`` (every action, also those a filter hides), else the sum of the actions
    given. A reader edits a row of a draft (``editable``) when they may change the plan, or
    when the row's agency is one of ``own_agency_ids``; ``saved`` names what was just saved
    (``programme`` or an action's uid). ``agency_acronyms`` (agency id -> acronym) spares
    reading each row's agency."""
    own = set(own_agency_ids)
    zero = Decimal(0)

    def acronym(item: Programme | ActionPlan) -> str:
        """The owning agency's acronym: from ``agency_acronyms`` (the region's agencies, which the
        page has read) when given, else from the item's agency."""
        if agency_acronyms is not None and item.agency_id in agency_acronyms:
            return agency_acronyms[item.agency_id]
        return item.agency.acronym

    blocks: list[ProgrammeBlock] = []
    for programme in programmes:
        uid = str(programme.uid)
        rows: list[ActionRow] = []
        shown_total = zero
        for action in programme.actions.all():
            action_uid = str(action.uid)
            budget = action_budgets.get(action.pk, zero)
            shown_total += budget
            rows.append(
                {
                    "uid": action_uid,
                    "code": action.code,
                    "name": action.name,
                    "agency": acronym(action),
                    "years": _years(action),
                    "indicator": action.indicator,
                    "unit": action.unit,
                    "targets": " · ".join(
                        f"{year}: {format_number(value, language)}"
                        for year, value in targets.get(action.pk, ())
                    ),
                    "budget": format_number(budget, language, places=0),
                    "may_edit": editable and (may_change or action.agency_id in own),
                    "saved": action_uid == saved,
                    "edit_url": urls["action_edit"].replace("{}", action_uid),
                    "delete_url": urls["action_delete"].replace("{}", action_uid),
                }
            )
        total = shown_total if programme_budgets is None else programme_budgets.get(programme.pk, zero)
        blocks.append(
            {
                "uid": uid,
                "code": programme.code,
                "name": programme.name,
                "subdimension": programme.subdimension.label,
                "agency": acronym(programme),
                "horizon": str(programme.get_horizon_display()),
                "years": _years(programme),
                "budget": format_number(total, language, places=0),
                "may_edit": editable and (may_change or programme.agency_id in own),
                "may_add": editable and (may_change or bool(own)),
                "saved": saved == "programme",
                "edit_url": urls["programme_edit"].replace("{}", uid),
                "copy_url": urls["programme_copy"].replace("{}", uid),
                "delete_url": urls["programme_delete"].replace("{}", uid),
                "add_action_url": urls["action_add"].replace("{}", uid),
                "reorder_url": urls["action_reorder"].replace("{}", uid),
                "actions": rows,
            }
        )
    return blocks


# ---------------------------------------------------------------- HTML
# ``escape`` is the standard library's, which Django's own ``escape`` calls: the same output,
# without the lazy-string wrapper around it.


@dataclass(frozen=True)
class Page:
    """What every block of a page shares: the reader's rights, the form token, the labels."""

    editable: bool  # a draft
    may_change: bool  # may change the whole plan (reorder, copy, delete programmes)
    csrf_token: str
    labels: dict[str, str]


def _button(url: str, target: str, label: str) -> str:
    return (
        f'<button type="button" class="btn btn-secondary btn-small" hx-get="{url}" '
        f'hx-target="{target}" hx-swap="outerHTML show:none">{label}</button>'
    )


def _post_form(url: str, label: str, csrf: str, *, htmx_target: str = "", confirm: str = "") -> str:
    """A POST button that works without JavaScript; with ``htmx_target`` it swaps that element."""
    htmx = (
        f' hx-post="{url}" hx-target="{htmx_target}" hx-swap="outerHTML" hx-confirm="{confirm}"'
        if htmx_target
        else ""
    )
    kind = "btn btn-secondary btn-small btn-destructive" if htmx_target else "btn btn-secondary btn-small"
    return (
        f'<form method="post" action="{url}" class="inline"{htmx}>'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
        f'<button type="submit" class="{kind}">{label}</button></form>'
    )


def _action_row_html(row: ActionRow, block_target: str, page: Page, text: dict[str, str]) -> str:
    uid = escape(row["uid"])
    handle = '<span class="handle" aria-hidden="true">⠿</span>' if page.may_change else ""
    saved = f' <span class="saved" role="status">{text["saved"]}</span>' if row["saved"] else ""
    unit = f" ({escape(row['unit'])})" if row["unit"] else ""
    targets = f'<div class="muted small">{escape(row["targets"])}</div>' if row["targets"] else ""
    buttons = ""
    if row["may_edit"]:
        edit_url, delete_url = escape(row["edit_url"]), escape(row["delete_url"])
        buttons = (
            "\n          "
            + _button(edit_url, f"#a-{uid}", text["edit"])
            + "\n          "
            + _post_form(
                delete_url,
                text["delete"],
                page.csrf_token,
                htmx_target=block_target,
                confirm=text["confirm_action"],
            )
            + "\n        "
        )
    return (
        f'\n      <tr data-uid="{uid}" id="a-{uid}">\n'
        f'        <td class="cell-handle">{handle}</td>\n'
        f'        <td class="cell-code">{escape(row["code"])}</td>'
        f'<td class="cell-name">{escape(row["name"])}{saved}</td>'
        f'<td data-label="{text["agency"]}">{escape(row["agency"])}</td>'
        f'<td data-label="{text["years"]}">{escape(row["years"])}</td>\n'
        f'        <td data-label="{text["indicator"]}">{escape(row["indicator"])}{unit}{targets}</td>\n'
        f'        <td class="num" data-label="{text["budget"]}">{escape(row["budget"])}</td>\n'
        f'        <td class="cell-actions">{buttons}</td>\n'
        f"      </tr>\n    "
    )


def block_html(block: ProgrammeBlock, page: Page) -> SafeString:
    """The programme's ``<article>``: its header and buttons, its action rows, the add button."""
    text = {key: escape(value) for key, value in page.labels.items()}
    uid = escape(block["uid"])
    target = f"#p-{uid}"
    handle = (
        f'<span class="handle" title="{text["drag"]}" aria-hidden="true">⠿</span>' if page.may_change else ""
    )
    saved = f'<p class="saved" role="status">{text["saved"]}</p>' if block["saved"] else ""
    buttons = ""
    if page.editable:
        edit = _button(escape(block["edit_url"]), target, text["edit"]) if block["may_edit"] else ""
        change = ""
        if page.may_change:
            change = (
                _post_form(escape(block["copy_url"]), text["copy"], page.csrf_token)
                + "\n      "
                + _post_form(
                    escape(block["delete_url"]),
                    text["delete"],
                    page.csrf_token,
                    htmx_target=target,
                    confirm=text["confirm_programme"],
                )
            )
        buttons = f'<div class="row-actions">\n      {edit}\n      {change}\n    </div>'
    sortable = f' data-sortable="{escape(block["reorder_url"])}"' if page.may_change else ""
    rows = "".join(_action_row_html(row, target, page, text) for row in block["actions"]) or (
        f'<tr><td colspan="8" class="empty">{text["no_action"]}</td></tr>'
    )
    add = (
        f'<button type="button" class="btn btn-secondary btn-small" hx-get="{escape(block["add_action_url"])}" '
        f'hx-target="{target} .action-form" hx-swap="innerHTML">{text["add_action"]}</button>'
        if block["may_add"]
        else ""
    )
    head = "".join(
        f"<th>{cell}</th>"
        for cell in (
            f'<span class="visually-hidden">{text["order"]}</span>',
            text["code"],
            text["action_plan"],
            text["agency"],
            text["years"],
            text["indicator"],
        )
    )
    return SafeString(
        f'\n<article class="programme" id="p-{uid}" data-uid="{uid}">\n'
        f'  <header class="programme-head">\n'
        f"    {handle}\n"
        f'    <div class="programme-title">\n'
        f"      <b>{escape(block['code'])}</b> {escape(block['name'])}\n"
        f'      <div class="muted small">{escape(block["subdimension"])} · {escape(block["agency"])} · '
        f"{escape(block['horizon'])} · {escape(block['years'])} · "
        f'<span class="programme-budget">Rp {escape(block["budget"])}</span></div>\n'
        f"      {saved}\n"
        f"    </div>\n"
        f"    {buttons}\n"
        f"  </header>\n"
        f'  <div class="table-wrap"><table class="actions-table">\n'
        f'    <thead><tr>{head}<th class="num">{text["budget"]}</th>'
        f'<th><span class="visually-hidden">{text["actions"]}</span></th></tr></thead>\n'
        f"    <tbody{sortable}>\n    {rows}\n    </tbody>\n"
        f"  </table></div>\n"
        f'  <div class="action-form"></div>\n'
        f"  {add}\n"
        f"</article>\n"
    )
