"""Statutory-duty gates of a proposal: naming who signs each, signing it off with its evidence, and
downloading the evidence. The rules are governance.duty_gates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, View

from ics_commissioning.documents import download
from proposals.views.base import ProposalMixin

from .. import duty_gates
from ..enums import DutyGate
from ..forms import GateSignatoryForm, GateSignOffForm
from ..models import GateSignOff


class GateMixin(ProposalMixin):
    """A gate its route needs, of a proposal the user may see (404 for a gate its route does not need)."""

    may = None  # duty_gates.may_name_signatory or may_sign

    def dispatch(self, request, *args, **kwargs):
        if kwargs["gate"] not in DutyGate.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check()
        return super().post(request, *args, **kwargs)

    def check(self):
        gate = self.kwargs["gate"]
        self.required = next((g for g in duty_gates.required_gates(self.proposal) if g.gate == gate), None)
        if self.required is None:
            raise Http404
        if not type(self).may(self.request.user, self.proposal, gate):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        return super().get_context_data(required=self.required, gate=DutyGate(self.required.gate),
                                        shows=duty_gates.DUTY_GATE_SHOWS[DutyGate(self.required.gate)], **kwargs)


class GateSignatoryView(GateMixin, FormView):
    template_name = "governance/gate_signatory.html"
    form_class = GateSignatoryForm
    may = staticmethod(duty_gates.may_name_signatory)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "candidates": duty_gates.candidates(self.proposal, self.required.gate)}

    def form_valid(self, form):
        named = duty_gates.name_signatory(self.proposal, self.required.gate, user=form.cleaned_data["signatory"],
                                          by=self.request.user)
        messages.success(self.request, f"{named.user.get_full_name() or named.user.username} is named to sign the "
                                       f"{DutyGate(self.required.gate).label.lower()}.")
        return redirect(self.proposal)


class GateSignView(GateMixin, FormView):
    template_name = "governance/gate_sign.html"
    form_class = GateSignOffForm
    may = staticmethod(duty_gates.may_sign)

    def form_valid(self, form):
        duty_gates.sign(self.proposal, self.required.gate, by=self.request.user,
                        valid_until=form.cleaned_data["valid_until"], file=form.cleaned_data["evidence"],
                        content_type=form.content_type, original_name=form.original_name,
                        note=form.cleaned_data["note"])
        messages.success(self.request, f"{DutyGate(self.required.gate).label} signed off for "
                                       f"{self.proposal.reference}.")
        return redirect(self.proposal)


class GateEvidenceView(ProposalMixin, View):
    """The evidence is never a public media URL: each download checks who may see the proposal."""

    def get(self, request, reference, pk):
        sign_off = get_object_or_404(GateSignOff, pk=pk, proposal=self.proposal)
        return download(sign_off.file, filename=sign_off.original_name, content_type=sign_off.content_type)
