"""The commissioning lead writes, attaches, checks and submits a business case in the browser."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ics_commissioning.errors import MovedOn
from proposals.enums import EventKind, ProposalState, TriageQuestion
from proposals.models import Attachment, FinanceLine, Proposal, Risk
from scoring.models import RubricLevel

from .documents import CSV, EXE, PDF, upload, xlsx_bytes
from .factories import OUTLINE, PlaceFactory, ProposalFactory, complete_full_case

S = ProposalState


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


def url(name, proposal, *args):
    return reverse(f"proposals:{name}", args=[proposal.reference, *args])


# -- Starting a proposal ---------------------------------------------------------------------


def test_starting_a_proposal_needs_its_details(client, cast):
    client.force_login(cast.author)
    response = client.post(reverse("proposals:create"), {"title": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    for message in ["Enter a title for the proposal", "Select the sponsoring workstream",
                    "Select the service area", "Select at least one place affected"]:
        assert message in html
    assert not Proposal.objects.exists()


def test_starting_a_proposal_creates_a_draft_with_its_first_event(client, cast):
    
    from .factories import BodyFactory

    workstream = BodyFactory(name="Mental Health Programme Board", sponsors_proposals=True)
    place = PlaceFactory(name="Central ICP")
    client.force_login(cast.author)
    response = client.post(reverse("proposals:create"), {
        "title": "Single operating model for acute and PICU beds", "sponsoring_workstream": workstream.pk,
        "service_area": "mental_health", "places": [place.pk], "add_co_authors": [cast.co_author.pk],
    })
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == url("tasks", proposal)
    assert (proposal.lead_author, proposal.state) == (cast.author, S.DRAFT)
    assert list(proposal.co_authors.all()) == [cast.co_author]
    assert proposal.events.get().kind == EventKind.CREATED


# -- Sections --------------------------------------------------------------------------------


@pytest.fixture
def draft(cast):
    proposal = ProposalFactory(lead_author=cast.author, summary="", contracting="", finance_summary="",
                               with_finance_and_risk=False)
    proposal.co_authors.add(cast.co_author)
    return proposal


def test_each_text_section_shows_the_top_of_the_rubric_as_a_hint(client, cast, draft, rubric):
    client.force_login(cast.author)
    top = RubricLevel.objects.get(category__rubric=rubric, category__key="contracting", score=5)
    html = client.get(url("edit_section", draft, "contracting")).content.decode()
    assert "To score 5 (Top)" in html and top.descriptor in html
    top.descriptor = "Edited descriptor from the rubric data"
    top.save()
    assert "Edited descriptor from the rubric data" in client.get(url("edit_section", draft, "contracting")).content.decode()


def test_a_section_must_not_be_left_empty(client, cast, draft):
    client.force_login(cast.author)
    response = client.post(url("edit_section", draft, "summary"), {"summary": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter the summary and case for change" in html and "nhsuk-error-summary" in html
    draft.refresh_from_db()
    assert draft.summary == ""


def test_a_section_saves_on_its_own_and_tidies_pasted_word_text(client, cast, draft):
    client.force_login(cast.co_author)
    pasted = "Case for change\r\n\r\n•\tFragmented pathways\r\n•\tPatchy\u00a0community provision\r\n"
    response = client.post(url("edit_section", draft, "summary"), {"summary": pasted})
    assert response.status_code == 302 and response.url == url("tasks", draft)
    draft.refresh_from_db()
    assert draft.summary == "Case for change\n\n- Fragmented pathways\n- Patchy community provision"
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "<li>Fragmented pathways</li>" in html


def test_unknown_sections_are_not_found(client, cast, draft):
    client.force_login(cast.author)
    assert client.get(url("edit_section", draft, "state")).status_code == 404


def finance_data(rows, summary="Savings from one contract instead of five.", initial=0):
    data = {"finance_summary": summary, "finance_lines-TOTAL_FORMS": len(rows),
            "finance_lines-INITIAL_FORMS": initial, "finance_lines-MIN_NUM_FORMS": 0, "finance_lines-MAX_NUM_FORMS": 40}
    for i, row in enumerate(rows):
        data.update({f"finance_lines-{i}-{k}": v for k, v in row.items()})
    return data


def test_finance_rows_are_validated(client, cast, draft):
    client.force_login(cast.author)
    response = client.post(url("edit_finance", draft), finance_data([
        {"financial_year": "2026", "quarter": "5", "recurrence": "recurrent", "projected_spend": "-1",
         "projected_savings": "10"},
    ]))
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Write the financial year as 2026/27." in html
    assert "Enter an amount of £0 or more" in html
    assert not FinanceLine.objects.exists()
    draft.refresh_from_db()
    assert draft.outline.get("finance_summary", "") == ""  # nothing saved when any part is wrong


def test_finance_rows_are_added_and_removed(client, cast, draft):
    client.force_login(cast.author)
    row = {"financial_year": "2026/27", "quarter": "1", "recurrence": "recurrent", "funding": "revenue",
           "projected_spend": "120000", "projected_savings": "40000"}
    response = client.post(url("edit_finance", draft), {**finance_data([row]), "add_row": "1"})
    assert response.status_code == 302 and response.url == url("edit_finance", draft)
    line = FinanceLine.objects.get(proposal=draft)
    assert line.projected_savings == 40000
    assert line.funding == "revenue"
    capital = {**row, "quarter": "2", "funding": "capital", "projected_spend": "500000"}
    client.post(url("edit_finance", draft), finance_data([{**row, "id": line.pk}, capital], initial=1))
    assert sorted(FinanceLine.objects.filter(proposal=draft).values_list("quarter", "funding")) == [
        (1, "revenue"), (2, "capital")]
    removal = finance_data([{**row, "id": line.pk, "DELETE": "on"}], initial=1)
    client.post(url("edit_finance", draft), removal)
    assert not FinanceLine.objects.filter(proposal=draft).exists()


def test_a_finance_line_is_capital_or_revenue(client, cast, draft):
    client.force_login(cast.author)
    row = {"financial_year": "2026/27", "quarter": "1", "recurrence": "recurrent", "funding": "grant",
           "projected_spend": "120000", "projected_savings": "40000"}
    html = client.post(url("edit_finance", draft), finance_data([row])).content.decode()
    assert "There is a problem" in html and "Select a valid choice" in html
    assert not FinanceLine.objects.exists()
    del row["funding"]  # left out: revenue, the default
    client.post(url("edit_finance", draft), finance_data([row]))
    assert FinanceLine.objects.get(proposal=draft).funding == "revenue"


def risk_data(rows, initial=0):
    data = {"risks-TOTAL_FORMS": len(rows), "risks-INITIAL_FORMS": initial, "risks-MIN_NUM_FORMS": 0,
            "risks-MAX_NUM_FORMS": 50}
    for i, row in enumerate(rows):
        data.update({f"risks-{i}-{k}": v for k, v in row.items()})
    return data


def test_the_risk_register_needs_at_least_one_valid_risk(client, cast, draft):
    client.force_login(cast.author)
    html = client.post(url("edit_risks", draft), risk_data([{}])).content.decode()
    assert "Add at least one risk to the risk register" in html
    html = client.post(url("edit_risks", draft), risk_data([{"description": "Workforce", "likelihood": "9",
                                                              "impact": "3"}])).content.decode()
    assert "Select a likelihood from 1 to 5" in html
    assert not Risk.objects.exists()
    client.post(url("edit_risks", draft), risk_data([{"description": "Workforce gaps", "likelihood": "3",
                                                      "impact": "4", "mitigation": "Joint posts", "owner": "SRO"}]))
    assert Risk.objects.get(proposal=draft).rating == 12


def test_triage_answers_are_required_and_recorded_with_who_answered(client, cast, draft):
    client.force_login(cast.author)
    html = client.post(url("edit_triage", draft), {}).content.decode()
    assert "Select yes if the service vulnerability affects more than one ICP" in html
    assert not draft.triage_answers.exists()
    client.post(url("edit_triage", draft), {"nationally_described": "False", "vulnerability_across_icps": "True"})
    answers = {a.question: a for a in draft.triage_answers.all()}
    assert answers[TriageQuestion.NATIONALLY_DESCRIBED].answer is False
    assert answers[TriageQuestion.VULNERABILITY_ACROSS_ICPS].answer is True
    assert answers[TriageQuestion.VULNERABILITY_ACROSS_ICPS].answered_by == cast.author


# -- Attachments -----------------------------------------------------------------------------


@pytest.mark.parametrize("name, content", [("costing.xlsx", xlsx_bytes()), ("appendix.pdf", PDF), ("costs.csv", CSV)])
def test_committee_documents_can_be_attached_and_downloaded(name, content, client, cast, draft, media):
    client.force_login(cast.author)
    response = client.post(url("attachments", draft), {"title": "Costing", "kind": "costing",
                                                        "file": upload(name, content)})
    assert response.status_code == 302
    attachment = Attachment.objects.get(proposal=draft)
    assert attachment.original_name == name and attachment.size == len(content)
    assert name not in attachment.file.name  # stored under a name of our own
    download = client.get(url("attachment", draft, attachment.pk))
    assert b"".join(download.streaming_content) == content
    assert name in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff" and "no-store" in download["Cache-Control"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("costing.xlsx", EXE, "not a real .xlsx file"),
        ("appendix.pdf", b"<html><script>alert(1)</script></html>", "not a real .pdf file"),
        ("tool.exe", EXE, "must be a PDF, Word"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("../../etc/cron.d/evil", PDF, "must be a PDF, Word"),
    ],
)
def test_other_uploads_are_refused_with_a_clear_message_and_leave_nothing(name, content, message, client, cast,
                                                                          draft, media):
    client.force_login(cast.author)
    response = client.post(url("attachments", draft), {"title": "Doc", "kind": "other",
                                                        "file": upload(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_oversized_uploads_are_refused(client, cast, draft, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(cast.author)
    response = client.post(url("attachments", draft), {"title": "Big", "kind": "other",
                                                        "file": upload("big.pdf", PDF + b"0" * 2048)})
    assert "must be smaller than 1.0\xa0KB" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_path_tricks_in_a_name_never_reach_the_stored_path(client, cast, draft, media):
    client.force_login(cast.author)
    client.post(url("attachments", draft), {"title": "Doc", "kind": "other",
                                             "file": upload("..\\..\\windows\\appendix.pdf", PDF)})
    attachment = Attachment.objects.get()
    assert attachment.original_name == "appendix.pdf"
    assert stored_files(media) == [os.path.join(media, attachment.file.name)]
    assert ".." not in attachment.file.name


def test_removing_an_attachment_deletes_the_file(client, cast, draft, media, django_capture_on_commit_callbacks):
    client.force_login(cast.author)
    client.post(url("attachments", draft), {"title": "Doc", "kind": "other", "file": upload("a.pdf", PDF)})
    attachment = Attachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("remove_attachment", draft, attachment.pk))
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_attachments_are_downloaded_only_by_those_who_may_see_the_proposal(client, cast, draft, media):
    client.force_login(cast.author)
    client.post(url("attachments", draft), {"title": "Doc", "kind": "other", "file": upload("a.pdf", PDF)})
    attachment = Attachment.objects.get()
    for name in ["other_lead", "clg_secretary", "member"]:
        client.force_login(cast.everyone[name])
        assert client.get(url("attachment", draft, attachment.pk)).status_code == 404, name
        assert client.post(url("remove_attachment", draft, attachment.pk)).status_code == 404, name
    assert Attachment.objects.exists()


# -- Checking and submitting -----------------------------------------------------------------


def test_submitting_an_incomplete_case_lists_what_is_missing(client, cast, draft):
    client.force_login(cast.author)
    response = client.post(url("check", draft))
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot be submitted yet" in html
    for missing in ["Summary and case for change", "Finance: projected spend and savings", "Risks",
                    "Contracting and procurement", "Triage questions"]:
        assert missing in html
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


def test_submitting_a_complete_case_moves_it_on(client, proposal_in, cast):
    proposal = proposal_in(S.DRAFT)
    client.force_login(cast.author)
    assert "Check your outline proposal before submitting" in client.get(url("check", proposal)).content.decode()
    response = client.post(url("check", proposal), follow=True)
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    assert "submitted. The Clinical Leadership Group will triage it." in response.content.decode()


def test_a_returned_case_shows_the_reasons_and_can_be_resubmitted(client, proposal_in, cast):
    proposal = proposal_in(S.RETURNED)
    client.force_login(cast.author)
    for page in [proposal.get_absolute_url(), url("tasks", proposal)]:
        html = client.get(page).content.decode()
        assert "Returned for revision" in html and "Finance section needs a quarterly breakdown" in html
    client.post(url("edit_section", proposal, "summary"), {"summary": "Revised case with quarterly figures"})
    client.post(url("check", proposal))
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED and proposal.summary == "Revised case with quarterly figures"


# -- The full business case ------------------------------------------------------------------

FULL_CASE_TITLES = ["Involving patients and the public", "Options appraisal", "Procurement route", "Delivery plan",
                    "Benefits realisation", "Post-implementation review"]


@pytest.fixture
def full_case(proposal_in):
    """Supported after the assessment exercise: the authors are writing the full business case."""
    return proposal_in(S.FULL_CASE)


def test_the_full_cases_own_sections_are_not_pages_of_the_outline(client, cast, draft):
    client.force_login(cast.author)
    for page in [url("edit_section", draft, "delivery"), url("edit_section", draft, "procurement"),
                 url("edit_options", draft)]:
        assert client.get(page).status_code == 404, page
        assert client.post(page, {"delivery": "Too early"}).status_code == 404, page
    draft.refresh_from_db()
    assert "delivery" not in draft.outline and draft.full_case == {}
    html = client.get(url("tasks", draft)).content.decode()
    assert "Triage questions" in html and not any(title in html for title in FULL_CASE_TITLES)


def test_the_full_case_starts_from_the_outlines_words_and_keeps_its_own(client, cast, full_case):
    client.force_login(cast.co_author)
    html = client.get(url("tasks", full_case)).content.decode()
    for title in FULL_CASE_TITLES:
        assert title in html, title
    assert client.get(url("edit_triage", full_case)).status_code == 404  # the triage belongs to the outline
    assert full_case.full_case["summary"] == full_case.outline["summary"] == OUTLINE["summary"]
    assert OUTLINE["summary"] in client.get(url("edit_section", full_case, "summary")).content.decode()
    client.post(url("edit_section", full_case, "summary"), {"summary": "The case for change, in full."})
    client.post(url("edit_section", full_case, "delivery"), {"delivery": "Phased over eight quarters."})
    full_case.refresh_from_db()
    assert full_case.full_case["summary"] == "The case for change, in full." == full_case.summary
    assert full_case.full_case["delivery"] == "Phased over eight quarters."
    assert full_case.outline == OUTLINE  # the outline as it was assessed stays as it was


def test_the_procurement_section_needs_a_route_and_the_reasons_for_it(client, cast, full_case):
    client.force_login(cast.author)
    page = url("edit_section", full_case, "procurement")
    html = client.post(page, {"procurement": "An open tender for one provider."}).content.decode()
    assert "There is a problem" in html and "Select the procurement route" in html
    html = client.post(page, {"procurement": "An open tender.", "procurement_route": "a_friend"}).content.decode()
    assert "Select a valid choice" in html
    html = client.post(page, {"procurement": "  ", "procurement_route": "competitive"}).content.decode()
    assert "There is a problem" in html
    full_case.refresh_from_db()
    assert "procurement" not in full_case.full_case and "procurement_route" not in full_case.full_case
    response = client.post(page, {"procurement": "An open tender for one provider.", "procurement_route": "competitive"})
    assert response.status_code == 302 and response.url == url("tasks", full_case)
    full_case.refresh_from_db()
    assert (full_case.full_case["procurement"], full_case.full_case["procurement_route"]) == (
        "An open tender for one provider.", "competitive")


def option_data(rows, initial=0):
    data = {"options-TOTAL_FORMS": len(rows), "options-INITIAL_FORMS": initial, "options-MIN_NUM_FORMS": 0,
            "options-MAX_NUM_FORMS": 12}
    for i, row in enumerate(rows):
        data.update({f"options-{i}-{k}": v for k, v in row.items()})
    return data


DO_NOTHING = {"title": "Do nothing", "description": "Budgets stay separate.", "is_do_nothing": "on"}
POOLED = {"title": "One pathway budget", "description": "Pool the budgets.", "net_cost": "80000", "is_preferred": "on"}


def test_the_options_appraisal_is_validated_saved_and_removed(client, cast, full_case):
    client.force_login(cast.author)
    page = url("edit_options", full_case)
    assert "Options considered" in client.get(page).content.decode()
    html = client.post(page, option_data([{**DO_NOTHING, "is_preferred": "on"}, POOLED])).content.decode()
    assert "There is a problem" in html and "Mark only one option as preferred" in html
    html = client.post(page, option_data([{"title": "Half a plan"}, {**POOLED, "net_cost": "sNaN"}])).content.decode()
    assert "Describe the option" in html and "Enter an amount in pounds, like 45,000" in html
    assert not full_case.options.exists()
    response = client.post(page, option_data([DO_NOTHING, POOLED]))
    assert response.status_code == 302 and response.url == url("tasks", full_case)
    options = {o.title: o for o in full_case.options.all()}
    assert options["Do nothing"].is_do_nothing and not options["Do nothing"].is_preferred
    assert options["One pathway budget"].is_preferred and options["One pathway budget"].net_cost == 80000
    kept = option_data([{**DO_NOTHING, "id": options["Do nothing"].pk, "DELETE": "on"},
                        {**POOLED, "id": options["One pathway budget"].pk}], initial=2)
    client.post(page, kept)
    assert list(full_case.options.values_list("title", flat=True)) == ["One pathway budget"]


def test_submitting_the_full_case_lists_what_is_missing_then_moves_it_on(client, cast, full_case):
    client.force_login(cast.author)
    html = client.post(url("check", full_case)).content.decode()
    assert "cannot be submitted yet" in html
    for title in FULL_CASE_TITLES:
        assert title in html, title
    full_case.refresh_from_db()
    assert full_case.state == S.FULL_CASE and not full_case.versions.filter(document="full").exists()
    # One option only, and not a do-nothing one: still not an appraisal.
    client.post(url("edit_options", full_case), option_data([POOLED]))
    html = client.post(url("check", full_case)).content.decode()
    assert "cannot be submitted yet" in html and "Options appraisal" in html
    complete_full_case(full_case)
    response = client.post(url("check", full_case), follow=True)
    full_case.refresh_from_db()
    assert full_case.state == S.QUALITY_ASSURANCE
    assert "the full business case is submitted" in response.content.decode()
    [version] = full_case.versions.filter(document="full")
    assert version.submitted_by == cast.author


# -- Who may -----------------------------------------------------------------------------------

EDIT_PAGES = [
    ("tasks", ()), ("edit_details", ()), ("edit_finance", ()), ("edit_risks", ()), ("edit_triage", ()),
    ("attachments", ()), ("check", ()), ("edit_section", ("summary",)),
]


@pytest.mark.parametrize("name, args", EDIT_PAGES)
def test_other_people_cannot_open_or_change_a_draft(name, args, client, cast, draft):
    for person in ["other_lead", "clg_secretary", "assessor", "member"]:
        client.force_login(cast.everyone[person])
        assert client.get(url(name, draft, *args)).status_code == 404, person
        assert client.post(url(name, draft, *args), {"summary": "hijacked"}).status_code == 404, person
    draft.refresh_from_db()
    assert draft.summary == "" and draft.state == S.DRAFT


@pytest.mark.parametrize("name, args", EDIT_PAGES)
def test_a_submitted_case_cannot_be_changed(name, args, client, proposal_in, cast):
    proposal = proposal_in(S.SUBMITTED)
    client.force_login(cast.author)
    response = client.post(url(name, proposal, *args), {"summary": "changed after submission"})
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    client.force_login(cast.clg_secretary)  # may see it, may not edit it
    assert client.get(url(name, proposal, *args)).status_code == 403
    proposal.refresh_from_db()
    assert proposal.summary != "changed after submission" and proposal.state == S.SUBMITTED


@pytest.mark.parametrize("name, args, data", [
    ("edit_section", ("delivery",), {"delivery": "changed after submission"}),
    ("edit_section", ("summary",), {"summary": "changed after submission"}),
    ("edit_options", (), {"options-TOTAL_FORMS": 0, "options-INITIAL_FORMS": 0}),
    ("check", (), {}),
])
def test_a_submitted_full_case_cannot_be_changed(name, args, data, client, proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    before = (dict(proposal.full_case), list(proposal.options.values_list("pk", flat=True)))
    client.force_login(cast.co_author)
    response = client.post(url(name, proposal, *args), data)
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    proposal.refresh_from_db()
    assert (proposal.full_case, list(proposal.options.values_list("pk", flat=True))) == before
    assert proposal.state == S.QUALITY_ASSURANCE and proposal.versions.filter(document="full").count() == 1


def test_an_edit_racing_a_submission_is_told_it_moved_on(client, proposal_in, cast):
    from proposals import services
    from proposals.views import SectionEditView  # noqa: F401  (the view under test)

    proposal = proposal_in(S.DRAFT)
    stale = Proposal.objects.get(pk=proposal.pk)
    services.submit(proposal, by=cast.author)
    with pytest.raises(MovedOn):
        services.save_business_case(stale, by=cast.author, words={"summary": "Too late"})
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED


# -- Text is text ------------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def assert_shown_as_text(client, pages):
    for page in pages:
        html = client.get(page).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert "&lt;script&gt;" in html, page


def test_html_typed_into_any_field_is_shown_as_text(client, cast):
    proposal = ProposalFactory(lead_author=cast.author, title=HOSTILE, **{key: HOSTILE for key in OUTLINE})
    Risk.objects.filter(proposal=proposal).update(description=HOSTILE, mitigation=HOSTILE, owner=HOSTILE)
    client.force_login(cast.author)
    assert_shown_as_text(client, [proposal.get_absolute_url(), url("check", proposal), url("tasks", proposal),
                                  reverse("proposals:mine"), url("edit_section", proposal, "summary")])


def test_html_typed_into_the_full_case_is_shown_as_text(client, cast, proposal_in):
    from proposals import services

    from .factories import FULL_CASE

    proposal = proposal_in(S.FULL_CASE)
    words = {key: HOSTILE for key in FULL_CASE if key != "procurement_route"}
    services.save_business_case(proposal, by=cast.author, words={**words, "procurement_route": "competitive"},
                                rows={"options": [{"title": HOSTILE, "description": HOSTILE, "is_do_nothing": True},
                                                  {"title": "Pooled", "description": HOSTILE, "is_preferred": True}]})
    client.force_login(cast.author)
    assert_shown_as_text(client, [proposal.get_absolute_url(), url("check", proposal), url("edit_options", proposal),
                                  url("edit_section", proposal, "delivery")])
    html = client.get(url("check", proposal)).content.decode()
    assert html.count("&lt;script&gt;") >= len(words) + 2  # each section's words and each option's, escaped


# -- The guide ---------------------------------------------------------------------------------


def test_how_it_works_is_read_from_the_data(client, cast, rubric):
    level = RubricLevel.objects.get(category__rubric=rubric, category__order=2, score=3)
    level.descriptor = "A descriptor only the database knows"
    level.save()
    client.force_login(cast.author)
    html = client.get(reverse("proposals:how_it_works")).content.decode()
    assert "A descriptor only the database knows" in html
    assert TriageQuestion.VULNERABILITY_ACROSS_ICPS.label in html
    assert "Health Strategy Group" in html and "Stage 4: formal approval" in html
    assert "total of 15 or more" in html


# -- Fixed queries -----------------------------------------------------------------------------


def _queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200, page
    return len(queries)


def test_the_leads_pages_use_a_fixed_number_of_queries(client, proposal_in, cast):
    client.force_login(cast.author)
    first = proposal_in(S.DRAFT)
    pages = lambda p: [reverse("proposals:mine"), url("tasks", p), url("check", p), p.get_absolute_url(),  # noqa: E731
                       url("edit_finance", p), url("edit_risks", p)]
    small = [_queries(client, page) for page in pages(first)]
    for _ in range(8):
        last = proposal_in(S.DRAFT)
        FinanceLine.objects.create(proposal=last, financial_year="2027/28", quarter=2)
        Risk.objects.create(proposal=last, description="Another", likelihood=2, impact=2)
    large = [_queries(client, page) for page in pages(last)]
    assert small == large
    # check your answers reads the scheme of delegation and the route (3); the sections, the route's (2)
    assert max(large) <= 25, large  # and the proposal page's assurance panel (its route's gates)


def test_the_authors_withdraw_a_proposal_with_a_reason(client, proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    page = reverse("proposals:withdraw", args=[proposal.reference])
    client.force_login(cast.clg_secretary)  # may see it, may not withdraw it
    assert client.post(page).status_code == 403
    client.force_login(cast.co_author)
    assert "Withdraw this proposal" in client.get(proposal.get_absolute_url()).content.decode()
    assert "This cannot be undone" in client.get(page).content.decode()
    client.post(page, {"reason": "Superseded by the regional programme"})
    proposal.refresh_from_db()
    assert proposal.state == S.WITHDRAWN
    event = proposal.events.last()
    assert (event.actor, event.comment) == (cast.co_author, "Superseded by the regional programme")
    assert "Withdraw this proposal" not in client.get(proposal.get_absolute_url()).content.decode()
