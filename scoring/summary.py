"""
Reading a proposal's scores: `summarise` feeds the one aggregation (scoring.aggregation) from the
database. It imports only scoring's models and the aggregation, so guards, pages, packs and the
API can all read scores without reaching into the services that change them.
"""

from collections import defaultdict

from ics_commissioning.user_cache import shared

from .aggregation import aggregate
from .enums import AssessmentStatus
from .models import Assessment, CategoryScore, ModeratedScore, RubricVersion


def rubric_versions():
    """{pk: rubric version, its categories read}: every version there has been, a handful."""
    return {rubric.pk: rubric for rubric in RubricVersion.objects.prefetch_related("categories")}


def summarise(proposal):
    """The score summary of a proposal, in a fixed number of queries whatever the number of assessors."""
    return summarise_many([proposal])[proposal.pk]


def summarise_many(proposals):
    """{proposal pk: ScoreSummary} for many proposals, the same as `summarise` gives for each, in at
    most five queries however many proposals and assessors there are (for lists and exports)."""
    pks = [proposal.pk for proposal in proposals]
    if not pks:
        return {}
    assessments = defaultdict(list)
    for assessment in Assessment.objects.filter(proposal_id__in=pks).select_related("assessor"):
        assessments[assessment.proposal_id].append(assessment)
    # The scores as plain values: a page of 50 proposals has hundreds, and they are only read.
    scores = defaultdict(dict)
    for assessment, category, score, rationale in CategoryScore.objects.filter(
        assessment__proposal_id__in=pks
    ).order_by().values_list("assessment_id", "category_id", "score", "rationale"):
        scores[assessment][category] = (score, rationale)
    moderated = defaultdict(dict)
    for score in ModeratedScore.objects.filter(proposal_id__in=pks):
        moderated[score.proposal_id][score.category_id] = (score.score, score.reason)
    # The rubric versions scored against, and the active one for proposals nobody has scored yet.
    rubrics = shared("rubric_versions", rubric_versions)
    active = next((rubric for rubric in rubrics.values() if rubric.is_active), None)

    summaries = {}
    for pk in pks:
        group = assessments[pk]
        rubric = rubrics[group[0].rubric_id] if group else active
        submitted = [
            (a.assessor, scores[a.pk]) for a in group if a.status == AssessmentStatus.SUBMITTED
        ]
        expected = [a for a in group if a.status != AssessmentStatus.CONFLICTED]
        categories = list(rubric.categories.all()) if rubric else []
        summaries[pk] = aggregate(rubric, categories, submitted, moderated[pk], assigned_count=len(expected))
    return summaries
