"""
The demo's provider selections under the Provider Selection Regime, invented: the integrated urgent care
service's competitive process, being prepared while its business case is at sign-off (three bids, one
assessor's scores in); and the community cardiac rehabilitation service's direct award process C, tabled in
Part B of the Joint CCG Committee's next meeting, its record printed in that meeting's pack.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    address: str
    existing: bool = False
    recommended: bool = False


@dataclass(frozen=True)
class SelectionSpec:
    proposal: str  # the story's title
    process: str
    justification: str
    contract_title: str
    services: str
    value: int
    starts: datetime.date
    ends: datetime.date
    reasons: str
    providers: tuple
    weights: dict
    # assessor username -> {provider name: five marks in the key criteria's order}; {} named, not yet scored.
    scores: dict = field(default_factory=dict)
    # The meeting of the deciding body it is tabled at (its Part B), if it is.
    tabled_at: str = ""


SELECTIONS = (
    SelectionSpec(
        proposal="Integrated urgent care: NHS 111 and GP out-of-hours services",
        process="competitive",
        justification="Direct award process A does not apply: more than one provider could deliver the service. "
                      "Process B does not apply: patients do not choose their 111 provider. Process C and the most "
                      "suitable provider process are not open: the service changes considerably (five contracts "
                      "become one, with a new clinical assessment service), and market engagement found three "
                      "interested providers, so the most suitable one cannot be identified without a competition.",
        contract_title="Integrated urgent care service (NHS 111, clinical assessment and out-of-hours)",
        services="NHS 111 call handling, a clinical assessment service and GP out-of-hours for the four CCGs, "
                 "from 1 April 2027.",
        value=81_500_000, starts=datetime.date(2027, 4, 1), ends=datetime.date(2032, 3, 31),
        reasons="",
        providers=(
            ProviderSpec("Coastline Urgent Care CIC", "Unit 4, Harbour Business Park, Coastline CL2 7QP",
                         existing=True),
            ProviderSpec("Fellside and Coast Integrated Care Ltd", "2 Station Road, Fellside FS1 3AB"),
            ProviderSpec("Riverside Primary Care Collaborative", "Riverside House, 10 Quay Street, Riverside RV1 1AA"),
        ),
        weights={"quality": 35, "value": 20, "integration": 25, "access": 15, "social_value": 5},
        scores={
            "assessor1": {"Coastline Urgent Care CIC": (3, 4, 3, 3, 4),
                          "Fellside and Coast Integrated Care Ltd": (4, 3, 4, 4, 3),
                          "Riverside Primary Care Collaborative": (4, 3, 5, 4, 4)},
            "assessor3": {},
        },
    ),
    SelectionSpec(
        proposal="Collaborative commissioning model for cardiology in the Central ICP",
        process="direct_award_c",
        justification="Process A does not apply: other providers could deliver cardiac rehabilitation. Process B "
                      "does not apply: patients are not offered a choice of provider for it. The proposed contract "
                      "adds the pathway's outcome measures and a 6% rise in value, below the considerable change "
                      "threshold. Riverside Community Health has met the current contract's quality and activity "
                      "requirements for three years, and is likely to meet the new one.",
        contract_title="Community cardiac rehabilitation, Central ICP",
        services="Phase III and IV cardiac rehabilitation in the community, including home-based programmes, for "
                 "the Central ICP.",
        value=2_340_000, starts=datetime.date(2027, 4, 1), ends=datetime.date(2030, 3, 31),
        reasons="The existing provider scored well against every key criterion: completion of rehabilitation rose "
                "from 48% to 61% in two years, it runs the programme jointly with the hospitals' cardiology teams, "
                "and its home-based option has widened access in the most deprived wards.",
        providers=(
            ProviderSpec("Riverside Community Health NHS Trust", "Trust Headquarters, 1 Quay Street, Riverside RV1 1AA",
                         existing=True, recommended=True),
        ),
        weights={"quality": 30, "value": 20, "integration": 25, "access": 20, "social_value": 5},
        scores={
            "assessor2": {"Riverside Community Health NHS Trust": (4, 4, 4, 4, 3)},
            "assessor3": {"Riverside Community Health NHS Trust": (4, 3, 5, 4, 3)},
        },
        tabled_at="jcc-2",
    ),
)

# What each assessor's rationale says of a mark, in the regime's key criteria's words.
RATIONALE = {
    5: "Strong evidence across the criterion, with clear plans for improvement.",
    4: "Good evidence: the bid meets the criterion well, with minor gaps.",
    3: "Meets the criterion, with some gaps in evidence.",
    2: "Partly meets the criterion; significant gaps.",
    1: "Does not meet the criterion.",
}
