"""Keyset pagination (ics_commissioning.pagination) through the All proposals page: every proposal
once, in order, forwards and back, ties included; cursors that cannot be read; the capped count;
and the same work on a deep page as on the first."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ics_commissioning import pagination
from proposals.enums import ProposalState
from proposals.models import Proposal

from .factories import ProposalFactory

S = ProposalState
LIST = reverse("proposals:list")


def submitted(cast, count, ties=False):
    """Submitted proposals, the later made the later changed; with ties, in threes sharing a time."""
    proposals = [ProposalFactory(lead_author=cast.other_lead) for _ in range(count)]
    start = timezone.now() - timedelta(days=30)
    for n, proposal in enumerate(proposals):
        changed = start + timedelta(hours=n // 3 if ties else n)
        Proposal.objects.filter(pk=proposal.pk).update(state=S.SUBMITTED, submitted_at=changed, updated_at=changed)
    return list(Proposal.objects.filter(pk__in=[p.pk for p in proposals]).order_by("-updated_at", "-pk"))


def walk(client, url, link):
    """The pages from url, following each page's `link` (next_url or previous_url) to the end."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        page = response.context["page_obj"]
        pages.append((page.number, [p.pk for p in page.object_list]))
        url = getattr(page, link)
        url = url and LIST + url
    return pages, response


def test_forwards_then_back_every_proposal_once_in_order_ties_included(client, cast, monkeypatch):
    in_order = submitted(cast, 23, ties=True)
    client.force_login(cast.icsmg_secretary)
    monkeypatch.setattr("proposals.views.pages.ProposalListView.paginate_by", 5)

    forwards, last = walk(client, LIST, "next_url")
    assert [number for number, _ in forwards] == [1, 2, 3, 4, 5]
    assert [pk for _, pks in forwards for pk in pks] == [p.pk for p in in_order]

    backwards, _ = walk(client, last.wsgi_request.get_full_path(), "previous_url")
    assert backwards == forwards[::-1]


def test_the_links_name_the_pages_and_page_one_has_no_cursor(client, cast, monkeypatch):
    submitted(cast, 12)
    client.force_login(cast.icsmg_secretary)
    monkeypatch.setattr("proposals.views.pages.ProposalListView.paginate_by", 5)
    first = client.get(LIST)
    html = first.content.decode()
    assert "Proposals 1 to 5 of 12" in html and "Page 2 of 3" in html and "Previous" not in html
    second = client.get(LIST + first.context["page_obj"].next_url)
    assert "Proposals 6 to 10 of 12" in second.content.decode()
    assert second.context["page_obj"].previous_url == "?"  # back to page 1: no cursor, no page


def test_a_cursor_that_cannot_be_read_gives_the_first_page(client, cast, monkeypatch):
    in_order = submitted(cast, 7)
    client.force_login(cast.icsmg_secretary)
    monkeypatch.setattr("proposals.views.pages.ProposalListView.paginate_by", 5)
    for cursor in ["rubbish", "W10", "WyJub3QgYSBkYXRlIiwgMV0", "eyJhIjogMX0", "%00", "W251bGwsIG51bGxd"]:
        response = client.get(LIST, {"after": cursor, "page": "99"})
        assert response.status_code == 200, cursor
        page = response.context["page_obj"]
        assert page.number == 1 and [p.pk for p in page.object_list] == [p.pk for p in in_order[:5]], cursor


def test_a_cursor_past_the_end_gives_the_first_page(client, cast, monkeypatch):
    in_order = submitted(cast, 7)
    client.force_login(cast.icsmg_secretary)
    monkeypatch.setattr("proposals.views.pages.ProposalListView.paginate_by", 5)
    last = client.get(LIST + client.get(LIST).context["page_obj"].next_url).context["page_obj"]
    beyond = pagination._encode(["-updated_at", "-pk"], Proposal(pk=0, updated_at=in_order[-1].updated_at
                                                                 - timedelta(days=1)))
    page = client.get(LIST, {"after": beyond, "page": 3}).context["page_obj"]
    assert page.number == 1 and len(page.object_list) == 5 and last.number == 2


def test_more_rows_than_the_count_limit_say_more_than(client, cast, monkeypatch):
    submitted(cast, 8)
    client.force_login(cast.icsmg_secretary)
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)
    monkeypatch.setattr("proposals.views.pages.ProposalListView.paginate_by", 3)
    response = client.get(LIST)
    page = response.context["page_obj"]
    assert (page.count, page.count_is_exact, page.num_pages) == (6, False, None)
    html = response.content.decode()
    assert "Proposals 1 to 3 of more than 5" in html and "Page 2</span>" in html


def test_a_deep_page_takes_the_same_queries_as_the_first(client, cast, monkeypatch):
    submitted(cast, 30)
    client.force_login(cast.icsmg_secretary)
    monkeypatch.setattr("proposals.views.pages.ProposalListView.paginate_by", 5)
    url, counts = LIST, []
    while url:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).context["page_obj"]
        counts.append(len(queries))
        url = LIST + page.next_url if page.next_url else None
    assert len(counts) == 6 and len(set(counts)) == 1, counts


def test_only_what_the_user_may_see_is_paged(client, cast):
    visible = submitted(cast, 3)
    draft = ProposalFactory(lead_author=cast.other_lead)  # another lead's draft
    client.force_login(cast.icsmg_secretary)
    pks = [p.pk for p in client.get(LIST).context["page_obj"]]
    assert draft.pk not in pks and set(pks) >= {p.pk for p in visible}
