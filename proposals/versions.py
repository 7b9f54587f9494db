"""
The versions of a proposal's documents: each submission to a body freezes the document as it stands
(CaseVersion), and anyone who may read the proposal can see what changed since an earlier version,
section by section, as the pack's change summary also says.
"""

import difflib
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from governance.enums import ProcurementRoute, SectionKind

from . import business_case
from .models import CaseVersion

K = SectionKind


def _money(value):
    return "" if value is None else f"{Decimal(value):,.0f}"


def snapshot(proposal, document=None):
    """The document as it stands, as plain JSON values: each section's words (rows written out as text,
    so that they compare like words) and the rows themselves, for the pack's tables."""
    document = document or proposal.document
    words = business_case.words(proposal, document)
    finance = list(proposal.finance_lines.all())
    risks = list(proposal.risks.all())
    options = list(proposal.options.all())
    sections = []
    for section in business_case.sections(proposal, document):
        text, rows = words.get(section.key, "") or "", ""
        if section.kind == K.PROCUREMENT:
            chosen = words.get(business_case.procurement_key(section), "")
            label = ProcurementRoute(chosen).label if chosen in ProcurementRoute.values else ""
            text = "\n\n".join(filter(None, [f"Procurement route: {label}" if label else "", text]))
        elif section.kind == K.FINANCE:
            rows = "\n".join(filter(None, [*(
                f"- {line.financial_year} Q{line.quarter} {line.get_funding_display().lower()}, "
                f"{line.get_recurrence_display().lower()}: spend £{_money(line.projected_spend)}, "
                f"savings £{_money(line.projected_savings)}" for line in finance)]))
        elif section.kind == K.RISKS:
            rows = "\n".join(f"- {risk.description} (likelihood {risk.likelihood} × impact {risk.impact}); "
                             f"mitigation: {risk.mitigation or 'none given'}; owner: {risk.owner or 'none given'}"
                             for risk in risks)
        elif section.kind == K.OPTIONS:
            rows = "\n".join(
                f"- {o.title}{' (do nothing)' if o.is_do_nothing else ''}{' (preferred)' if o.is_preferred else ''}: "
                f"{o.description}" + (f" Net cost £{_money(o.net_cost)}." if o.net_cost is not None else "")
                for o in options)
        elif section.kind == K.TRIAGE:
            rows = "\n".join(f"- {a.wording} {'Yes' if a.answer else 'No'}" for a in proposal.triage_answers.all()
                             if a.answer is not None)
        elif section.kind == K.ATTACHMENTS:
            rows = "\n".join(f"- {a.title} ({a.original_name})" for a in proposal.attachments.all())
        sections.append({"key": section.key, "title": section.title, "part": section.get_part_display(),
                         "kind": section.kind, "text": text, "rows": rows})
    return {"title": proposal.title, "sections": sections}


def next_version(proposal, *, by):
    """The version being submitted, not yet saved: the next number, the document it is at, as it stands
    now; `previous` is the last version of the same document, if any."""
    last = proposal.versions.order_by("-number").first()
    version = CaseVersion(proposal=proposal, document=proposal.document, number=last.number + 1 if last else 1,
                          content=snapshot(proposal), submitted_by=by)
    version.previous = proposal.versions.filter(document=proposal.document).order_by("-number").first()
    return version


def searchable(proposal):
    """What search reads of a submitted proposal: the latest version of each of its documents."""
    latest = {}
    for version in proposal.versions.order_by("number"):
        latest[version.document] = version
    texts = [s[part] for version in latest.values() for s in version.content["sections"] for part in ("text", "rows")]
    return "\n".join(dict.fromkeys(t for t in texts if t.strip()))


def latest_version(proposal):
    return proposal.versions.order_by("-number").first()


def _whole(section):
    return "\n".join(filter(None, [section["text"].strip(), section.get("rows", "").strip()]))


def changes(earlier, later):
    """Section by section, what changed from the `earlier` version's content to the `later`'s:
    [{title, part, status ("changed", "added", "removed", "unchanged"), old, new}]."""
    before = {s["key"]: s for s in earlier["sections"]}
    after_keys = [s["key"] for s in later["sections"]]
    found = []
    for section in later["sections"]:
        old = before.get(section["key"])
        if old is None:
            status = "added"
        elif _whole(old) == _whole(section):
            status = "unchanged"
        else:
            status = "changed"
        found.append({"title": section["title"], "part": section["part"], "status": status,
                      "old": _whole(old) if old else "", "new": _whole(section)})
    for key, old in before.items():
        if key not in after_keys:
            found.append({"title": old["title"], "part": old["part"], "status": "removed", "old": _whole(old),
                          "new": ""})
    return found


def summary(earlier, later):
    """One sentence for the pack and the version list: which sections changed since `earlier`."""
    if earlier is None:
        return "First version."
    rows = changes(earlier.content, later.content)
    named = {status: [r["title"] for r in rows if r["status"] == status] for status in ("changed", "added", "removed")}
    parts = [f"{label}: {', '.join(named[status])}" for status, label in
             (("changed", "Changed"), ("added", "Added"), ("removed", "Removed")) if named[status]]
    same = sum(1 for r in rows if r["status"] == "unchanged")
    if not parts:
        return f"No changes since version {earlier.number}."
    return f"Since version {earlier.number}: " + "; ".join(parts) + f". {same} section{'s' if same != 1 else ''} unchanged."


def word_diff(old, new):
    """The two texts word by word, with removed words in <del> and added ones in <ins>; everything the
    authors typed is escaped."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("replace", "insert"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
    return mark_safe(" ".join(out))
