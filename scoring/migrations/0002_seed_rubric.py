"""
Version 1 of the scoring rubric: the "potential scoring criteria" of seed 004, word for word
except for two obvious typing slips ("he delivery", "doe not").
"""

from decimal import Decimal

from django.db import migrations

RUBRIC_V1 = [
    (
        "aspirations",
        "Contributes to the achievement of ICS aspirations",
        "How the proposal contributes to the ICS's outcome aspirations and objectives.",
        [
            "Proposal does not demonstrate any links to the achievement of ICS outcome aspirations",
            "Proposal would make a limited contribution to the delivery of some ICS outcome aspirations",
            "Proposal would make a contribution to achievement of one ICS objective",
            "Proposal demonstrates a clear contribution to the delivery of more than one ICS objective",
            "Proposal strongly demonstrates a significant contribution to achievement of more than one ICS "
            "outcome aspiration",
        ],
    ),
    (
        "quality",
        "Working at ICS scale would improve Quality & Safety",
        "The quality and safety evidence that working at ICS scale would improve care.",
        [
            "Does not provide enough quality evidence.",
            "Weak, but includes some quality evidence.",
            "Reasonable amount of quality evidence.",
            "Adequate amount of quality evidence.",
            "Strong quality evidence base.",
        ],
    ),
    (
        "finance",
        "Working at ICS scale would deliver significant finance & efficiency gains",
        "Costing, projected spend and savings, with a quarterly breakdown and the costing spreadsheet as an appendix.",
        [
            "Proposal costing does not suggest credible financial savings from commissioning at scale",
            "Proposal calculations and estimated expenditure are weak and does not detail a breakdown and or "
            "forecast of the project expenditure and likely efficiency gains",
            "Proposal outline is viable, achievable and affordable. Includes a breakdown of projected spend and "
            "credible forecast savings",
            "Project calculations detailed with breakdown of quarterly expenditure, affordable, viable and "
            "achievable, with indication of projected savings.",
            "Proposal would be cost effective with detailed savings expected over project delivery and beyond as "
            "a result of expected impact – spreadsheet costing, detailed project expenditure and projected "
            "forecast provided attached as appendix.",
        ],
    ),
    (
        "risks",
        "The risks of working at scale have been considered",
        "The risks of working at scale, their management and mitigation, as a risk register.",
        [
            "Proposal shows no consideration of risk, nor how risk could be managed",
            "Proposal indicates a consideration of risk management and reduction measures",
            "Proposal includes some consideration of risks and includes a strategy, contingency plans for future risk.",
            "Proposal includes a detailed risk register and interdependencies, including the issues that may arise "
            "as a result of delivery",
            "Proposal clearly identifies the potential or real risk and proposes mitigating actions (including "
            "risks to the health economy)",
        ],
    ),
    (
        "contracting",
        "Contracting & Procurement",
        "The implications for contracting, procurement, existing contractors and decommissioning, with timelines.",
        [
            "Proposal does not clearly identify the implications for contracting, procurement or the implications "
            "for existing contractors or decommissioning strategy, nor timelines for procurement process as part of "
            "the application and delivery.",
            "Project indicates how services will be impacted, what the current timeline and impact and what "
            "services and support would be required as part of the process for delivery.",
            "Project indicates the implication for timelines and how this will be incorporated into the process "
            "for delivery.",
            "Project clearly indicates the approach to and options considered as part of the delivery process.",
            "Project clearly identifies the implications for contracting, procurement and the implications for "
            "existing contractors and decommissioning strategy, outlining how the contract will achieve real "
            "objectives in the appropriate contractual schedules.",
        ],
    ),
]


def load_rubric(apps, schema_editor):
    RubricVersion = apps.get_model("scoring", "RubricVersion")
    RubricCategory = apps.get_model("scoring", "RubricCategory")
    RubricLevel = apps.get_model("scoring", "RubricLevel")
    rubric = RubricVersion.objects.create(
        number=1,
        name="Potential scoring criteria",
        threshold=Decimal("15"),
        is_active=True,
        notes="A score between 15-25 would be eligible for consideration by the Committee.",
    )
    for order, (key, name, guidance, descriptors) in enumerate(RUBRIC_V1, start=1):
        category = RubricCategory.objects.create(
            rubric=rubric, order=order, key=key, name=name, guidance=guidance, weight=Decimal("1")
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(category=category, score=score, descriptor=text)
            for score, text in enumerate(descriptors, start=1)
        )


def remove_rubric(apps, schema_editor):
    apps.get_model("scoring", "RubricVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(load_rubric, remove_rubric)]
