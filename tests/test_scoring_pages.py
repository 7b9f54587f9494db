"""The assessor's scoring page and the secretary's score summary, through the web."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.enums import MembershipRole
from proposals.enums import EventKind, ProposalState
from scoring.enums import AssessmentStatus
from scoring.models import ModeratedScore
from scoring.services import assign_assessor

from .conftest import score_all, sign_in
from .factories import MembershipFactory, UserFactory

S = ProposalState


def summary_url(proposal, action=None):
    if action:
        return reverse(f"scoring:{action}", args=[proposal.reference])
    return reverse("scoring:summary", args=[proposal.reference])


@pytest.fixture
def assessment(proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    return assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)


def scoring_data(assessment, scores, rationale="Evidence in section 3", **extra):
    data = dict(extra)
    for category, score in zip(assessment.rubric.categories.all(), scores, strict=False):
        if score is not None:
            data[f"score_{category.pk}"] = score
            data[f"rationale_{category.pk}"] = rationale
    return data


def test_an_assessor_declares_then_scores_saves_a_draft_and_submits(client, cast, assessment):
    page = reverse("scoring:assessment", args=[assessment.pk])
    declare = reverse("scoring:declare_interest", args=[assessment.pk])
    client.force_login(cast.assessors[0])
    assert "Declare your interests first" in client.get(page).content.decode()
    html = client.post(declare, {}).content.decode()
    assert "Select yes if you have an interest to declare" in html
    client.post(declare, {"has_interest": "False"})

    html = client.get(page).content.decode()
    top = assessment.rubric.categories.get(order=1).levels.get(score=5).descriptor
    assert top in html  # each level shown with its descriptor
    client.post(page, scoring_data(assessment, [4, 3], save="1"))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT and assessment.scores.count() == 2

    html = client.post(page, scoring_data(assessment, [4, 3], submit="1")).content.decode()
    assert "Select a score for “The risks of working at scale have been considered”" in html
    assert "Give a rationale for your score on “Contracting &amp; Procurement”" in html
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT

    response = client.post(page, scoring_data(assessment, [4, 3, 3, 4, 2], submit="1"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    html = client.get(page).content.decode()
    assert "Your scores are locked" in html and "Submit the assessment" not in html
    client.post(page, scoring_data(assessment, [1, 1, 1, 1, 1], submit="1"))
    assert assessment.scores.get(category__order=1).score == 4


def test_a_declared_interest_means_no_scoring(client, cast, assessment):
    page = reverse("scoring:assessment", args=[assessment.pk])
    declare = reverse("scoring:declare_interest", args=[assessment.pk])
    client.force_login(cast.assessors[0])
    html = client.post(declare, {"has_interest": "True"}).content.decode()
    assert "Describe the interest you are declaring" in html
    client.post(declare, {"has_interest": "True", "details": "I chair a provider board"})
    assert "do not score this proposal" in client.get(page).content.decode()
    response = client.post(page, scoring_data(assessment, [5, 5, 5, 5, 5], submit="1"))
    assert response.status_code == 403
    assert not assessment.scores.exists()


def test_nobody_else_sees_an_assessors_draft(client, cast, assessment):
    page = reverse("scoring:assessment", args=[assessment.pk])
    for name in ["author", "clg_secretary", "hsg_secretary", "other_lead"]:
        sign_in(client, cast.everyone[name])
        assert client.get(page).status_code == 404, name
    other = assign_assessor(assessment.proposal, cast.assessors[1], by=cast.clg_secretary)
    client.force_login(cast.assessors[1])
    assert client.get(page).status_code == 404
    assert client.get(reverse("scoring:assessment", args=[other.pk])).status_code == 200


def test_who_may_see_the_score_summary(client, cast, assessment):
    proposal = assessment.proposal
    page = summary_url(proposal)
    expected = {"clg_secretary": 200, "hsg_secretary": 200, "admin": 200, "author": 403, "co_author": 403,
                "assessor": 403, "other_lead": 404, "member": 404}
    for name, status in expected.items():
        sign_in(client, cast.everyone[name])
        assert client.get(page).status_code == status, name
    score_all(proposal, cast.assessors[0], [3, 3, 3, 3, 3])
    client.force_login(cast.assessors[0])
    assert client.get(page).status_code == 200  # once their own is in
    client.force_login(cast.clg_secretary)
    client.post(summary_url(proposal, "release"))
    client.force_login(cast.author)
    html = client.get(page).content.decode()
    assert "Rationale for Contracting &amp; Procurement" in html
    assert "Run the assessment" not in html


def test_the_summary_shows_assessors_means_spread_moderation_and_total(client, cast, proposal_in):
    proposal = proposal_in(S.ASSESSMENT)
    for assessor in cast.assessors[:2]:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
    score_all(proposal, cast.assessors[0], [2, 3, 3, 3, 3])
    score_all(proposal, cast.assessors[1], [4, 3, 3, 3, 2])
    client.force_login(cast.clg_secretary)
    html = client.get(summary_url(proposal)).content.decode()
    assert "Total 14.5 of 25" in html and "Not eligible" in html
    assert "Assessors differ by 2: moderate" in html
    assert "<svg" in html

    aspirations = proposal.assessments.first().rubric.categories.get(key="aspirations")
    html = client.post(summary_url(proposal, "moderate"), {"category": aspirations.pk, "score": "4.0"}).content.decode()
    assert "Give the reason for the moderated score" in html
    assert not ModeratedScore.objects.exists()
    client.post(summary_url(proposal, "moderate"),
                {"category": aspirations.pk, "score": "4.0", "reason": "Agreed at panel"})
    html = client.get(summary_url(proposal)).content.decode()
    assert "Total 15.5 of 25" in html and "Eligible" in html
    client.post(summary_url(proposal, "complete"))
    proposal.refresh_from_db()
    assert proposal.state == S.FULL_CASE


def test_assigning_shows_who_cannot_be_assigned_and_refuses_them(client, cast, proposal_in):
    proposal = proposal_in(S.ASSESSMENT)
    MembershipFactory(body=cast.clg, user=cast.co_author, role=MembershipRole.ASSESSOR)
    client.force_login(cast.clg_secretary)
    html = client.get(summary_url(proposal)).content.decode()
    assert "is an author of this proposal and cannot assess it" in html
    html = client.post(summary_url(proposal, "assign"), {"assessor": cast.co_author.pk}).content.decode()
    assert "Select a valid choice" in html
    assert not proposal.assessments.exists()
    client.post(summary_url(proposal, "assign"), {"assessor": cast.assessors[2].pk})
    assert list(proposal.assessments.values_list("assessor__username", flat=True)) == ["assessor2"]
    assert proposal.events.filter(kind=EventKind.ASSESSOR_ASSIGNED).count() == 1


def test_only_the_assessing_bodys_secretary_runs_the_exercise(client, cast, assessment):
    proposal = assessment.proposal
    client.force_login(cast.icsmg_secretary)
    assert "Run the assessment" not in client.get(summary_url(proposal)).content.decode()
    for action in ["assign", "moderate", "release", "complete", "decide"]:
        assert client.post(summary_url(proposal, action), {"assessor": cast.assessors[1].pk, "decision": "reject",
                                                           "reasons": "x", "confirmed": "yes"}).status_code == 403, action
    proposal.refresh_from_db()
    assert proposal.state == S.ASSESSMENT and proposal.assessments.count() == 1


def test_below_the_threshold_it_goes_back_with_its_scores(client, cast, assessment):
    proposal = assessment.proposal
    score_all(proposal, cast.assessors[0], [2, 2, 3, 2, 2])
    client.force_login(cast.clg_secretary)
    html = client.post(summary_url(proposal, "complete"), follow=True).content.decode()
    assert "total score 11 is below the eligibility threshold of 15" in html
    decision = {"decision": "return", "reasons": "Strengthen the finance case"}
    check = client.post(summary_url(proposal, "decide"), decision).content.decode()
    assert "Check the decision before you record it" in check and "Strengthen the finance case" in check
    assert "Return it to the authors with the scores, to revise" in check
    back = client.post(summary_url(proposal, "decide"), {**decision, "change": "reasons"}).content.decode()
    assert "Strengthen the finance case</textarea>" in back and 'value="return" checked' in back  # as filled in
    proposal.refresh_from_db()
    assert proposal.state == S.ASSESSMENT  # neither the check step nor "Change" decided anything
    client.post(summary_url(proposal, "decide"), {**decision, "confirmed": "yes"})
    proposal.refresh_from_db()
    assert proposal.state == S.RETURNED
    client.force_login(cast.author)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Strengthen the finance case" in html and "Total" in html


def test_the_secretary_reopens_a_submitted_assessment(client, cast, assessment):
    proposal = assessment.proposal
    score_all(proposal, cast.assessors[0], [3, 3, 3, 3, 3])
    client.force_login(cast.clg_secretary)
    client.post(reverse("scoring:reopen", args=[assessment.pk]), {"reason": ""})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    client.post(reverse("scoring:reopen", args=[assessment.pk]), {"reason": "Wrong appendix"})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def _queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def test_scoring_pages_use_a_fixed_number_of_queries_with_ten_assessors(client, cast, proposal_in):
    extra = [UserFactory(username=f"panel{i}") for i in range(8)]
    for person in extra:
        MembershipFactory(body=cast.clg, user=person, role=MembershipRole.ASSESSOR)

    def scored(n):
        proposal = proposal_in(S.ASSESSMENT)
        for person in (cast.assessors[:2] + extra)[:n]:
            assign_assessor(proposal, person, by=cast.clg_secretary)
            score_all(proposal, person, [3, 4, 3, 4, 3])
        return proposal

    small, large = scored(2), scored(10)
    client.force_login(cast.clg_secretary)
    counts = [_queries(client, summary_url(p)) for p in (small, large)]
    assert counts[0] == counts[1] and counts[1] <= 30, counts
    client.force_login(cast.assessors[0])
    pages = [reverse("scoring:assessment", args=[p.assessments.get(assessor=cast.assessors[0]).pk])
             for p in (small, large)]
    counts = [_queries(client, page) for page in pages]
    assert counts[0] == counts[1] and counts[1] <= 20, counts
