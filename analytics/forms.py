from datetime import date

from django import forms
from django.utils import timezone

from governance.models import Body, Place
from ics_commissioning.financial_years import financial_year_of, short_name
from proposals.enums import ProposalState, ServiceArea

from .services import STAGES

PERIODS = {"3": "The last 3 months", "6": "The last 6 months", "12": "The last 12 months", "24": "The last 24 months"}


def financial_years(today):
    """The last four NHS financial years (April to March), the current one first: {"fy2026": "2026/27"}."""
    first = financial_year_of(today)
    return {f"fy{year}": f"{short_name(year)} (April {year} to March {year + 1})"
            for year in range(first, first - 4, -1)}


class FiguresForm(forms.Form):
    """The page's filters. A value that is not one of the choices (an edited link) is an error to show,
    never quietly everything."""

    body = forms.ModelChoiceField(queryset=Body.objects.filter(is_active=True).order_by("name"), label="Body",
                                  empty_label=None)
    stage = forms.ChoiceField(label="Stage", required=False)
    place = forms.ModelChoiceField(queryset=Place.objects.order_by("name"), label="Place", required=False,
                                   empty_label="All places")
    service_area = forms.ChoiceField(label="Service area", required=False,
                                     choices=[("", "All service areas"), *ServiceArea.choices])
    period = forms.ChoiceField(label="Period", required=False)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["stage"].choices = [("", "All stages"), *[(s, ProposalState(s).label) for s in STAGES]]
        self.fields["period"].choices = [*PERIODS.items(), *financial_years(self.today).items()]
        self.fields["period"].initial = "12"

    def months(self):
        """The first and last month of the period chosen."""
        period = self.cleaned_data.get("period") or "12"
        this_month = date(self.today.year, self.today.month, 1)
        if period.startswith("fy"):
            year = int(period[2:])
            return date(year, 4, 1), min(date(year + 1, 3, 1), this_month)
        months = int(period)
        year, month = divmod(this_month.year * 12 + this_month.month - 1 - (months - 1), 12)
        return date(year, month + 1, 1), this_month

