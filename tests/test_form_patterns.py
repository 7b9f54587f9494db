"""
The GOV.UK and NHS.UK patterns where people hesitated: dates in Day, Month, Year (and Time) boxes, money
as people write it, labels that say "(optional)" once, the finance table's "Add another" in place, every
answer with its Change link, and bodies listed as far as the person may open them.
"""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms as django_forms
from django.apps import apps
from django.urls import reverse

from governance.enums import MembershipRole
from governance.forms import MeetingForm
from ics_commissioning import date_input
from proposals.enums import ProposalState
from proposals.forms import AmountField, FinanceLineForm
from proposals.models import FinanceLine

from .factories import BodyFactory, MembershipFactory, PlaceFactory, UserFactory
from .html_checks import page_problems

pytestmark = pytest.mark.django_db
S = ProposalState
LONDON = ZoneInfo("Europe/London")


# -- Dates ---------------------------------------------------------------------------------------------


class DateForm(django_forms.Form):
    due = date_input.DateField(label="Due by", called="The date it is due")
    starts = date_input.DateTimeField(label="Date and time", called="The date and time", required=False)


def boxes(**values):
    return {f"{name}_{box}": value for name, parts in values.items()
            for box, value in zip(("day", "month", "year", "time"), parts, strict=False)}


@pytest.mark.parametrize(("data", "message"), [
    (boxes(due=["", "", ""]), "Enter the date it is due"),
    (boxes(due=["31", "", ""]), "The date it is due must include a month and a year"),
    (boxes(due=["31", "2", "2027"]), "The date it is due must be a real date"),
    (boxes(due=["1", "13", "2027"]), "The date it is due must be a real date"),
    (boxes(due=["1", "3", "27"]), "The date it is due must be a real date, with a 4-digit year"),
    (boxes(due=["one", "3", "2027"]), "The date it is due must be a real date"),
])
def test_a_date_names_what_is_wrong(data, message):
    form = DateForm(data)
    assert not form.is_valid() and form.errors["due"] == [message]


def test_a_date_and_time_are_read_in_london_time():
    form = DateForm(boxes(due=["31", "3", "2027"], starts=["14", "7", "2027", "14:30"]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == datetime.date(2027, 3, 31)
    assert form.cleaned_data["starts"] == datetime.datetime(2027, 7, 14, 14, 30, tzinfo=LONDON)  # BST: 13:30 UTC
    assert form.cleaned_data["starts"].astimezone(datetime.UTC).hour == 13
    for bad in ("25:00", "2pm", "14:60"):
        form = DateForm(boxes(due=["31", "3", "2027"], starts=["14", "7", "2027", bad]))
        assert form.errors["starts"] == ["The date and time must include a time such as 14:00 (24-hour)"]
    form = DateForm(boxes(due=["31", "3", "2027"], starts=["14", "7", "2027", ""]))
    assert form.errors["starts"] == ["The date and time must include a time"]


def test_the_date_boxes_are_labelled_inside_a_fieldset_and_marked_in_error():
    html = str(DateForm(boxes(due=["31", "", "2027"]))["due"].as_field_group())
    page = DateForm(boxes(due=["31", "", "2027"]))
    page.is_valid()
    rendered = page["due"].as_widget()
    for box, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        assert re.search(rf'<label class="nhsuk-label nhsuk-date-input__label" for="id_due_\d">{label}</label>', rendered)
        assert f'name="due_{box}"' in rendered
    assert rendered.count("nhsuk-input--error") == 3 and 'value="31"' in rendered  # kept as typed
    assert html and date_input.DateParts().id_for_label("id_due") == "id_due_0"  # the error summary's link


def test_an_existing_meeting_shows_its_own_date_and_time_in_london():
    form = MeetingForm(initial={"starts_at": datetime.datetime(2027, 1, 14, 14, 0, tzinfo=LONDON)})
    rendered = form["starts_at"].as_widget()
    assert all(f'value="{v}"' in rendered for v in ("14", "1", "2027", "14:00"))


def test_the_meeting_pages_use_the_date_boxes(client, cast):
    client.force_login(cast.icsmg_secretary)
    page = client.get(reverse("governance:body", args=[cast.icsmg.pk])).content.decode()
    assert "nhsuk-date-input" in page and 'name="starts_at_day"' in page and not page_problems(page)
    response = client.post(reverse("governance:arrange_meeting", args=[cast.icsmg.pk]),
                           {**boxes(starts_at=["30", "2", "2027", "14:00"]), "location": "Civic Centre"})
    page = response.content.decode()
    assert "The date and time must be a real date" in page and 'href="#id_starts_at_0"' in page
    assert not cast.icsmg.meetings.exists() and not page_problems(page)


# -- Labels -----------------------------------------------------------------------------------------------


def project_forms():
    for app in ("accounts", "analytics", "governance", "notifications", "proposals", "public", "scoring"):
        module = apps.get_app_config(app).module
        try:
            forms_module = __import__(f"{module.__name__}.forms", fromlist=["*"])
        except ImportError:
            continue
        for value in vars(forms_module).values():
            if isinstance(value, type) and issubclass(value, django_forms.BaseForm) and value.__module__ == forms_module.__name__:
                yield value


def test_no_label_says_optional_itself():
    """The templates add "(optional)" to a field that is not required: a label saying it too says it twice."""
    found = [f"{form.__module__}.{form.__name__}.{name}" for form in project_forms()
             for name, field in form.base_fields.items() if "optional" in str(field.label or "").lower()]
    assert not found


# -- Money ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "amount"), [
    ("45000", Decimal("45000")), ("45,000", Decimal("45000")), ("£45,000", Decimal("45000")),
    (" £ 1,250.50 ", Decimal("1250.50")),
])
def test_amounts_are_read_as_people_write_them(typed, amount):
    assert AmountField().clean(typed) == amount


@pytest.mark.parametrize("typed", ["forty", "sNaN", "12 pounds", "£4O"])
def test_an_amount_that_is_not_one_is_refused_plainly(typed):
    with pytest.raises(django_forms.ValidationError, match="Enter an amount in pounds, like 45,000"):
        AmountField().clean(typed)


def test_amounts_are_shown_with_separators_and_no_empty_pence(proposal_in):
    proposal = proposal_in(S.DRAFT)
    line = FinanceLine.objects.create(proposal=proposal, financial_year="2026/27", quarter=2,
                                      projected_spend=Decimal("45000.00"), projected_savings=Decimal("1250.50"))
    form = FinanceLineForm(instance=line)
    assert 'value="45,000"' in form["projected_spend"].as_widget()
    assert 'value="1,250.50"' in form["projected_savings"].as_widget()


# -- The finance table ------------------------------------------------------------------------------------------


def test_the_finance_table_adds_a_row_in_place_and_without_javascript(client, cast, proposal_in):
    proposal = proposal_in(S.DRAFT)
    client.force_login(cast.author)
    url = reverse("proposals:edit_finance", args=[proposal.reference])
    page = client.get(url).content.decode()
    assert not page_problems(page)
    assert page.count('class="nhsuk-table__row" id="finance_lines-') == 2  # the factory's quarter and a new row
    assert "Finance and efficiency" not in page and "Remove<span class=\"nhsuk-u-visually-hidden\"> row 1" in page
    assert 'hx-get="?row=2"' in page
    # htmx asks for row 2: the row, the formset's new count, and the button for row 3.
    row = client.get(url, {"row": "2"}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="finance_lines-2-row"' in row and 'name="finance_lines-2-financial_year"' in row
    assert 'id="id_finance_lines-TOTAL_FORMS" hx-swap-oob="true"' in row and 'value="3"' in row
    assert 'hx-get="?row=3"' in row and "Remove" not in row.split("</tr>")[0].split("Remove ")[-1]
    for bad in ("0", "abc", "40", "-1"):  # a saved row's index, not a number, past the most
        assert client.get(url, {"row": bad}, headers={"HX-Request": "true"}).status_code == 400
    # The rows, as the page posts them with that added row filled in: saved.
    data = {
        "finance_lines-TOTAL_FORMS": "3", "finance_lines-INITIAL_FORMS": "1", "finance_lines-MIN_NUM_FORMS": "0",
        "finance_lines-MAX_NUM_FORMS": "40", "finance_summary": "Funded from the transformation fund.",
    }
    data.update(as_rendered(page, "finance_lines-1-"))  # the empty row, untouched, as the browser posts it
    line = proposal.finance_lines.get()
    data.update({"finance_lines-0-id": line.pk, "finance_lines-0-financial_year": "2026/27",
                 "finance_lines-0-quarter": "1", "finance_lines-0-recurrence": "recurrent",
                 "finance_lines-0-projected_spend": "120,000", "finance_lines-0-projected_savings": "40,000"})
    data.update({"finance_lines-2-financial_year": "2026/27", "finance_lines-2-quarter": "2",
                 "finance_lines-2-recurrence": "recurrent", "finance_lines-2-projected_spend": "£45,000",
                 "finance_lines-2-projected_savings": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r"nhsuk-error-message[^>]*id=\"([^\"]+)\"", response.content.decode())
    assert sorted(proposal.finance_lines.values_list("quarter", "projected_spend")) == [
        (1, Decimal("120000.00")), (2, Decimal("45000.00"))]


def test_a_cell_in_error_says_so_in_the_table(client, cast, proposal_in):
    proposal = proposal_in(S.DRAFT)
    client.force_login(cast.author)
    url = reverse("proposals:edit_finance", args=[proposal.reference])
    line = proposal.finance_lines.get()
    response = client.post(url, {
        "finance_lines-TOTAL_FORMS": "1", "finance_lines-INITIAL_FORMS": "1", "finance_lines-MIN_NUM_FORMS": "0",
        "finance_lines-MAX_NUM_FORMS": "40", "finance_summary": "x", "finance_lines-0-id": line.pk,
        "finance_lines-0-financial_year": "2026/27", "finance_lines-0-quarter": "1",
        "finance_lines-0-recurrence": "recurrent", "finance_lines-0-projected_spend": "lots",
        "finance_lines-0-projected_savings": "0",
    })
    page = response.content.decode()
    assert response.status_code == 200 and not page_problems(page)
    assert 'id="id_finance_lines-0-projected_spend_error"' in page and 'value="lots"' in page
    assert 'aria-describedby="id_finance_lines-0-projected_spend_error"' in page and "nhsuk-input--error" in page
    assert proposal.finance_lines.get().projected_spend == Decimal("120000.00")


def as_rendered(page, prefix):
    """What a browser posts for the fields named `prefix`… of a page as it was served."""
    values = dict(re.findall(rf'<input[^>]*name="({re.escape(prefix)}[^"]+)"[^>]*value="([^"]*)"', page))
    for name, options in re.findall(rf'<select[^>]*name="({re.escape(prefix)}[^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        values[name] = chosen.group(1) if chosen else ""
    return values


# -- Check your answers ---------------------------------------------------------------------------------------------


def test_every_answer_has_its_change_link(client, cast, proposal_in):
    proposal = proposal_in(S.DRAFT)
    proposal.places.add(PlaceFactory(name="North ICP"))
    client.force_login(cast.author)
    page = client.get(reverse("proposals:check", args=[proposal.reference])).content.decode()
    rows = re.findall(r'<div class="nhsuk-summary-list__row">(.*?)</div>', page, re.S)
    assert rows and all("Change" in row for row in rows), [r for r in rows if "Change" not in r][:2]
    details = reverse("proposals:edit_details", args=[proposal.reference])
    for anchor in ("#id_title", "#id_add_co_authors", "#id_sponsoring_workstream", "#id_service_area", "#id_places_0"):
        assert f'href="{details}{anchor}"' in page
        assert f'id="{anchor[1:]}"' in client.get(details).content.decode()


# -- The bodies -------------------------------------------------------------------------------------------------------


def test_the_bodies_list_links_only_to_pages_the_person_may_open(client, cast):
    workstream = BodyFactory(name="Cardiology workstream", sponsors_proposals=True)
    lead = MembershipFactory(body=workstream, role=MembershipRole.MEMBER, user=UserFactory(username="lead")).user
    cast.jcc.meets_in_public = True
    cast.jcc.save()
    client.force_login(lead)
    page = client.get(reverse("governance:bodies")).content.decode()
    linked = set(re.findall(r'href="/bodies/(\d+)/"', page))
    assert linked == {str(workstream.pk)}
    for pk in linked:
        assert client.get(reverse("governance:body", args=[pk])).status_code == 200
    assert "Clinical Leadership Group" in page  # named, not linked
    assert f'href="{reverse("public:body", args=[cast.jcc.pk])}"' in page
    client.force_login(cast.hsg_secretary)  # a committee officer opens them all
    page = client.get(reverse("governance:bodies")).content.decode()
    assert {str(b.pk) for b in (cast.clg, cast.icsmg, cast.hsg, cast.jcc, cast.ccg)} <= set(
        re.findall(r'href="/bodies/(\d+)/"', page))
