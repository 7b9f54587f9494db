"""The pipeline's figures: a page per body (and stage, place, service area and period), and its CSV."""

import csv

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from governance.models import Membership
from proposals.pipeline import spreadsheet_safe

from . import charts, services
from .forms import FiguresForm


class FiguresMixin(PermissionRequiredMixin):
    """For committee officers and admins, as the pipeline is (the same proposals)."""

    permission_required = "proposals.view_pipeline"

    def figures(self):
        """(form, body, stages, (first month, last month)); no body nor stages when the filters are wrong."""
        data = self.request.GET.copy()
        if not data.get("body"):  # the first visit: a body of the user's own (by role, then name), or the first body
            mine = Membership.objects.filter(user=self.request.user, body__is_active=True).order_by("role", "body__name")
            bodies = FiguresForm.base_fields["body"].queryset
            data["body"] = mine.values_list("body_id", flat=True).first() or bodies.values_list("pk", flat=True).first()
        form = FiguresForm(data)
        if not form.is_valid():
            return form, None, [], (None, None)
        first, last = form.months()
        cleaned = form.cleaned_data
        stages = services.figures(cleaned["body"], first_month=first, last_month=last, state=cleaned["stage"] or None,
                                  place=cleaned["place"], service_area=cleaned["service_area"])
        return form, cleaned["body"], stages, (first, last)


class FiguresView(FiguresMixin, TemplateView):
    template_name = "analytics/figures.html"

    def get_context_data(self, **kwargs):
        form, body, stages, (first, last) = self.figures()
        for stage in stages:
            stage.chart = charts.throughput_chart(stage.label, stage.months)
        return super().get_context_data(
            form=form, filters={"form": form}, crumbs=[("Pipeline", reverse("proposals:pipeline"))], body=body, stages=stages, first=first, last=last, computed_at=services.last_computed(),
            query=self.request.GET.urlencode(), **kwargs,
        )


CSV_HEADER = ["Body", "Stage", "Month", "Left the stage", "Approved", "Returned", "Rejected", "Withdrawn",
              "Moved on", "Median days", "90th percentile days", "Waiting now"]


class FiguresCsvView(FiguresMixin, View):
    """The same figures, a row per stage and month, then a row per stage for the whole period."""

    def get(self, request):
        form, body, stages, _ = self.figures()
        if body is None:
            return HttpResponse("The filters are not valid: " + "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()), status=400,
                content_type="text/plain; charset=utf-8")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pipeline-figures-{timezone.localdate():%Y-%m-%d}.csv"'
        response.write("\ufeff")  # so that Excel reads the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        for stage in stages:
            for month, counts in stage.by_month():
                writer.writerow([spreadsheet_safe(v) for v in [body.name, stage.label, f"{month:%Y-%m}", *counts]])
            writer.writerow([spreadsheet_safe(v) for v in [
                body.name, stage.label, "Whole period", stage.ended, stage.approved, stage.returned, stage.rejected,
                stage.withdrawn, stage.moved_on, _number(stage.median_days), _number(stage.p90_days), stage.waiting,
            ]])
        return response


def _number(value):
    return "" if value is None else f"{value:g}"
