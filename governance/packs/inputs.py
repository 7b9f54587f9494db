"""
What a board pack prints: one pack per meeting and part (Part A public items, Part B confidential
ones). Laying it out is governance.packs.html; putting the finished file together is
governance.packs.pdf; building, storing and serving packs is governance.packs.

    inputs = pack_inputs(meeting, "A")      # everything printed, as plain JSON values
    digest = inputs_hash(inputs)            # unchanged digest: no need to render again
    document = layout(render_html(inputs))  # WeasyPrint's pages, not yet written (packs.html)

The database is read once, by pack_inputs; rendering works from its plain values alone. So the
hashes cover what is printed (the whole pack's, and each part's: front_hash, item_hash), and
WeasyPrint runs without a transaction or a connection in use.
"""

import hashlib
import json
from dataclasses import asdict
from fractions import Fraction

from django.db.models import Prefetch, Q
from django.utils import dateformat, timezone

from procurement import record as provider_selection_record
from proposals import versions
from proposals.enums import EventKind, TriageQuestion
from proposals.models import TriageAnswer, triage_outcome
from scoring.aggregation import display
from scoring.charts import score_chart
from scoring.rules import scores_are_settled
from scoring.summary import summarise_many

from .. import duty_gates
from ..confidential import WITHHELD, part_b_event_ids
from ..cover_sheets import (
    earlier_decision_events,
    earlier_items,
    earlier_papers,
    paper_considerations,
    proposal_considerations,
)
from ..enums import AgendaPart, AttendanceStatus, MembershipRole
from ..models import Action, AgendaItem, Attendance, BoardAssuranceRisk, ItemInterest, Membership, RegisteredInterest
from .html import LAYOUT_VERSION

# Sections of a version printed in the pack: triage is printed on its own, attachments not at all.
UNPRINTED_KINDS = ("triage", "attachments")
ATTENDANCE_ORDER = (AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE, AttendanceStatus.APOLOGIES)


# -- What goes into the pack -----------------------------------------------------------------


def pack_inputs(meeting, part):
    """
    Everything printed in the meeting's pack for one part ("A" or "B"), as plain JSON values:
    lists, dicts, strings, numbers, booleans and None. Long text stays as typed; it is rendered
    (rich_text) only in the templates. A fixed number of queries, however many items.
    """
    part = AgendaPart(part)
    body = meeting.body
    items = list(_items(meeting, part))
    summaries = summarise_many([item.proposal for item in items if item.proposal_id])
    # Earlier decisions minuted in Part B are printed without their minutes (governance.confidential).
    secret = part_b_event_ids([e for item in items if item.proposal_id for e in item.proposal.earlier_decisions])
    members, attendance = _people(meeting)
    chains = earlier_papers([item for item in items if item.proposal_id is None])
    return {
        "layout": LAYOUT_VERSION,
        "part": part.value,
        "part_label": part.label,
        "confidential": part == AgendaPart.CONFIDENTIAL,
        # Whose body it is, from the data: no body-kind label is printed (an ICB Board is not a "CCG Governing Body").
        "body": {"name": body.name, "organisations": body.organisation_names()},
        "meeting": _meeting(meeting),
        "members": members,
        "attendance": attendance,
        "register": _register(meeting),
        "actions": _open_actions(meeting, part),
        "items": [
            _item(item, f"{part.value}{number}", summaries.get(item.proposal_id), secret,
                  _considered(item, chains.get(item.pk, [])))
            for number, item in enumerate(items, start=1)
        ],
    }


def inputs_hash(inputs):
    """sha256 of the inputs as canonical JSON: equal for equal inputs, whatever the key order."""
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _items(meeting, part):
    return (
        AgendaItem.objects.filter(meeting=meeting, part=part)
        .order_by("order", "pk")
        .select_related("meeting__body", "proposal__lead_author", "proposal__sponsoring_workstream",
                        "provider_selection__proposal")
        .prefetch_related(
            Prefetch("interests", queryset=ItemInterest.objects.select_related("user")),
            Prefetch("baf_risks", queryset=BoardAssuranceRisk.objects.select_related("owner")),
            Prefetch("proposal__triage_answers", queryset=TriageAnswer.objects.select_related("answered_on_behalf_of")),
            # What a body decided on the proposal before, other than at this meeting; and the earlier
            # meetings whose agenda it was on: its cover sheet's "Previously considered by".
            Prefetch("proposal__events", queryset=earlier_decision_events(meeting), to_attr="earlier_decisions"),
            Prefetch("proposal__agenda_items", queryset=earlier_items(meeting), to_attr="earlier_items"),
            "proposal__finance_lines",
            "proposal__risks",
            "proposal__versions",
            "proposal__route__gates__signing_body",
            "proposal__gate_signatories__user",
            "proposal__gate_sign_offs",
            "proposal__attachments",
            "documents",
            "proposal__places",
            "proposal__co_authors",
        )
    )


def display_name(user):
    return user.get_full_name() or user.username


def display_date(value):
    """A date, or a moment as its date in the project's time zone: 12 March 2026."""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return dateformat.format(value, "j F Y")


def _meeting(meeting):
    starts_at = timezone.localtime(meeting.starts_at)
    return {
        "date": dateformat.format(starts_at, "l j F Y"),
        "time": dateformat.format(starts_at, "H:i"),
        "location": meeting.location,
        "online_link": meeting.online_link,
    }


def _people(meeting):
    """The body's members (chair, members, secretary) and the meeting's attendance, if recorded."""
    members = {}
    for membership in (
        Membership.objects.filter(body=meeting.body).exclude(role=MembershipRole.ASSESSOR).select_related("user")
    ):
        person = members.setdefault(
            membership.user_id,
            {"name": display_name(membership.user), "roles": [], "organisation": "", "voting": False},
        )
        person["roles"].append(membership.get_role_display())
        person["organisation"] = person["organisation"] or membership.organisation
        person["voting"] = person["voting"] or membership.is_voting
    records = sorted(
        Attendance.objects.filter(meeting=meeting).select_related("user"),
        key=lambda record: ATTENDANCE_ORDER.index(record.status),  # stable: by surname within each status
    )
    attendance = [
        {
            "name": display_name(record.user),
            "status": record.get_status_display(),
            "roles": members.get(record.user_id, {}).get("roles", []),
            "organisation": members.get(record.user_id, {}).get("organisation", ""),
        }
        for record in records
    ]
    return list(members.values()), attendance


def _open_actions(meeting, part):
    """The body's action log, a standing item: actions still open from its earlier meetings'
    decisions on items of this part (a Part B decision's actions stay in Part B)."""
    actions = Action.objects.open_for(meeting, parts=[part])
    return [
        {
            "description": action.description, "owner": display_name(action.owner), "due": display_date(action.due_on),
            "overdue": action.due_on < timezone.localdate(meeting.starts_at),
            "raised": display_date(action.decision.item.meeting.starts_at), "item": action.decision.item.title,
        }
        for action in actions
    ]


def _register(meeting):
    """The body's register of interests as it stands on the day of the meeting."""
    day = timezone.localdate(meeting.starts_at)
    entries = (
        RegisteredInterest.objects.filter(body=meeting.body, declared_from__lte=day)
        .filter(Q(declared_to__isnull=True) | Q(declared_to__gte=day))
        .select_related("user")
    )
    return [
        {
            "name": display_name(entry.user),
            "interest": entry.interest,
            "from": display_date(entry.declared_from),
            "to": display_date(entry.declared_to) if entry.declared_to else "",
        }
        for entry in entries
    ]


def _considered(item, chain):
    """The cover sheet's "Previously considered by" (governance.cover_sheets), as plain values."""
    if item.proposal_id is None:
        considered = paper_considerations(item, chain)
    else:
        proposal = item.proposal
        considered = proposal_considerations(proposal.earlier_items, proposal.earlier_decisions,
                                             before=item.meeting.starts_at)
    return [
        {"body": c.body, "date": display_date(c.when), "what": c.what, "at_meeting": c.at_meeting}
        for c in considered
    ]


def _item(item, number, summary, secret, considered):
    return {
        "id": item.pk,
        "number": number,
        "anchor": f"item-{number.lower()}",
        "title": item.title,
        "purpose": item.get_purpose_display(),
        "author": item.author,
        "author_title": item.author_title,
        "sponsor": item.sponsor,
        # The cover sheet (seeds 000 and 001): what the body is asked to do, where the paper was
        # considered before, its implications (blank: not stated) and the assurance risks it bears on.
        "asks": item.asked_text(),
        "previously_considered": considered,
        "implications": [{"label": implication.label, "text": text} for implication, text in item.implications()],
        "baf_risks": [
            {"reference": risk.reference, "title": risk.title, "owner": risk.owner.name} for risk in item.baf_risks.all()
        ],
        "background": item.background,
        "progress": item.progress,
        "next_steps": item.next_steps,
        "recommendations": item.recommendations,
        "declarations": [{"name": display_name(i.user), "interest": i.interest} for i in item.interests.all()],
        "proposal": _proposal(item.proposal, summary, secret) if item.proposal_id else None,
        # A provider selection tabled for the decision to award: its record (regulation 24).
        "provider_selection": _provider_selection(item),
        # The assurance panel: its statutory-duty gates as they stand on the meeting's day.
        "gates": _gates(item.proposal, duty_gates.meeting_day(item.meeting)) if item.proposal_id else [],
        # Listed with the paper; a change to them changes the inputs and so rebuilds the pack.
        "documents": [
            # A readable PDF is appended after the paper (pdf_pages placeholder pages are laid out
            # for it); other documents are listed. "file" is the stored name, never printed.
            {"title": d.title, "name": d.original_name, "size": d.size, "file": d.file.name, "pages": d.pdf_pages}
            for d in (item.proposal.attachments.all() if item.proposal_id else item.documents.all())
        ],
    }


def _provider_selection(item):
    selection = getattr(item, "provider_selection", None)
    return provider_selection_record.printed(provider_selection_record.build(selection)) if selection else None


def _proposal(proposal, summary, secret):
    answers = {answer.question: answer for answer in proposal.triage_answers.all()}
    return {
        "reference": proposal.reference,
        "title": proposal.title,
        "state": proposal.get_state_display(),
        "lead_author": display_name(proposal.lead_author),
        "co_authors": [display_name(person) for person in proposal.co_authors.all()],
        "workstream": proposal.sponsoring_workstream.name if proposal.sponsoring_workstream else "",
        "service_area": proposal.get_service_area_display(),
        "places": [place.name for place in proposal.places.all()],
        **_version(proposal),
        "finance": _finance(proposal.finance_lines.all()),
        "risks": [
            {
                "description": risk.description, "likelihood": risk.likelihood, "impact": risk.impact,
                "rating": risk.rating, "mitigation": risk.mitigation, "owner": risk.owner,
            }
            for risk in proposal.risks.all()
        ],
        "triage": {
            "answers": [
                {
                    "question": answers[question].wording if question in answers
                    else question.wording(proposal.triaging_body()),
                    "answer": answers[question].answer if question in answers else None,
                    "on_behalf_of": _on_behalf_of(answers.get(question)),
                }
                for question in TriageQuestion
            ],
            "outcome": triage_outcome({q: a.answer for q, a in answers.items()}).label,
        },
        "scores": _scores(proposal, summary),
        "decisions": [_decision(event, event.pk in secret) for event in proposal.earlier_decisions],
    }


def _gates(proposal, day):
    return [
        {"gate": state.gate.label, "needed_from": state.required.needed_from, "due": state.due,
         "signing_body": state.required.signing_body.name, "signing_role": state.required.signing_role,
         "signatory": display_name(state.signatory.user) if state.signatory else "",
         "signed": f"{timezone.localtime(state.sign_off.signed_at):%-d %B %Y}" if state.sign_off else "",
         "status": state.status, "in_date": state.in_date}
        for state in duty_gates.gate_states(proposal, day)
    ]


def _version(proposal):
    """The version before the body, as its authors froze it, and what changed since the one before
    (the same document's); a proposal from before versions prints its document as it stands."""
    frozen = sorted(proposal.versions.all(), key=lambda v: v.number)
    latest = frozen[-1] if frozen else None
    content = latest.content if latest else versions.snapshot(proposal)
    earlier = [v for v in frozen[:-1] if latest and v.document == latest.document]
    return {
        "version": {
            "number": latest.number, "document": latest.get_document_display(),
            "submitted": f"{timezone.localtime(latest.submitted_at):%-d %B %Y}",
            "changes": versions.summary(earlier[-1] if earlier else None, latest),
        } if latest else None,
        "sections": [s for s in content["sections"] if s["kind"] not in UNPRINTED_KINDS],
    }


def _on_behalf_of(answer):
    return answer.answered_on_behalf_of.name if answer and answer.answered_on_behalf_of else ""


def _finance(lines):
    lines = list(lines)
    return {
        "lines": [
            {
                "year": line.financial_year, "quarter": line.quarter, "recurrence": line.get_recurrence_display(),
                "funding": line.get_funding_display(),
                "spend": str(line.projected_spend), "savings": str(line.projected_savings),
            }
            for line in lines
        ],
        "total_spend": str(sum((line.projected_spend for line in lines), 0)),
        "total_savings": str(sum((line.projected_savings for line in lines), 0)),
    }


def _scores(proposal, summary):
    """The figures of the score summary (scoring.aggregation) and its chart's geometry, or None if
    nobody was asked to score. Assessors are numbered, not named: Part A packs are published. Until
    the scores are settled (scoring.rules), only that scoring is in progress: no figures at all."""
    if summary is None or not summary.assigned_count:
        return None
    if not scores_are_settled(proposal, summary):
        return {"in_progress": True}
    return {
        "rubric_version": summary.rubric.number,
        "assigned": summary.assigned_count,
        "submitted": summary.submitted_count,
        "complete": summary.complete,
        "assessors": [f"Assessor {n}" for n in range(1, len(summary.assessors) + 1)],
        "categories": [
            {
                "name": str(row.category.name),
                "weight": display(Fraction(row.category.weight)),
                "scores": [given.score for given in row.scores],
                "mean": row.mean_display,
                "range": f"{row.low}–{row.high}" if row.scores else "–",
                "moderated": display(row.moderated) if row.moderated is not None else None,
                "governing": row.governing_display,
            }
            for row in summary.categories
        ],
        "total": summary.total_display,
        "maximum": display(summary.maximum),
        "threshold": summary.threshold_display,
        "eligible": summary.eligible,
        # The page's chart (scoring/_score_chart.html) drawn from the same geometry, so they match.
        "chart": asdict(score_chart(summary)),
    }


def _decision(event, confidential):
    if event.kind == EventKind.TRANSITION:
        what = f"{event.get_from_state_display()} → {event.get_to_state_display()}"
    else:
        what = event.get_kind_display()
    return {
        "date": display_date(event.created_at),
        "body": event.body.name,
        "meeting": f"{event.meeting.body.name}, {display_date(event.meeting.starts_at)}" if event.meeting else "",
        "what": what,
        "comment": WITHHELD if confidential else event.comment,
    }


# -- The parts of a pack ------------------------------------------------------------------------
# A pack is its front matter (cover, agenda, attendance and declarations, contents) and one part
# per agenda item (the paper, then pages for its appended PDFs). Each part prints only what its
# hash below covers, so a part whose hash is unchanged can be reused from the last build.

# What the front matter prints of each item (the agenda, the contents, the declarations).
FRONT_ITEM_FIELDS = ("number", "anchor", "title", "purpose", "author", "author_title", "sponsor", "declarations")


def _shared(inputs):
    """What every item's pages print besides the item: the running header and the cover sheet's
    meeting line."""
    return {key: inputs[key] for key in ("layout", "part", "part_label", "confidential", "body", "meeting")}


def front_inputs(inputs):
    """The inputs with each item cut down to what the front matter prints."""
    return {
        **inputs,
        "items": [
            {
                **{field: item[field] for field in FRONT_ITEM_FIELDS},
                "proposal": {key: item["proposal"][key] for key in ("reference", "state")} if item["proposal"] else None,
            }
            for item in inputs["items"]
        ],
    }


def front_hash(inputs, start_pages):
    """The front matter's hash: its inputs and the page numbers its contents print."""
    return inputs_hash({"front": front_inputs(inputs), "start_pages": start_pages})


def item_hash(inputs, item):
    return inputs_hash({"shared": _shared(inputs), "item": item})


def attendance_hash(inputs):
    """Attendance, members and interests: said apart in "what changed" (packs.changes)."""
    return inputs_hash({key: inputs[key] for key in ("members", "attendance", "register")})
