"""The secretary's side of questions from the public: when a meeting stops taking them, and moderating each."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from public import services as public_services
from public.forms import DeadlineForm, ModerationForm
from public.models import PublicQuestion

from .base import MeetingMixin


class PublicQuestionsView(MeetingMixin, TemplateView):
    """The meeting's questions from the public, newest last, and the deadline for asking them."""

    template_name = "governance/public_questions.html"
    permission = "governance.manage_body"

    def back_url(self):
        return reverse("governance:public_questions", args=[self.meeting.pk])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("deadline_form", DeadlineForm(initial={"closes_at": self.meeting.questions_close_at}))
        return super().get_context_data(
            questions=PublicQuestion.objects.filter(meeting=self.meeting).select_related("item", "moderated_by"),
            questions_open=public_services.questions_open(self.meeting), **kwargs)

    def post(self, request, *args, **kwargs):
        form = DeadlineForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(deadline_form=form))
        public_services.set_deadline(self.meeting, by=request.user, closes_at=form.cleaned_data["closes_at"])
        messages.success(request, "The deadline for questions from the public is saved." if form.cleaned_data[
            "closes_at"] else "The meeting takes no questions from the public.")
        return redirect(self.back_url())


class ModerateQuestionView(MeetingMixin, TemplateView):
    """Accept a question (and record its answer) or decline it with a reason."""

    template_name = "governance/moderate_question.html"
    permission = "governance.manage_body"

    def question(self):
        return get_object_or_404(PublicQuestion.objects.select_related("item"), pk=self.kwargs["question_pk"],
                                 meeting=self.meeting)

    def back_url(self):
        return reverse("governance:moderate_question", args=[self.meeting.pk, self.kwargs["question_pk"]])

    def get_context_data(self, **kwargs):
        question = self.question()
        kwargs.setdefault("form", ModerationForm(initial={
            "status": question.status if question.status != "received" else None,
            "answer": question.answer, "reason": question.reason}))
        return super().get_context_data(question=question, **kwargs)

    def crumbs(self):
        return [*super().crumbs(), ("Questions from the public",
                                    reverse("governance:public_questions", args=[self.meeting.pk]))]

    def post(self, request, *args, **kwargs):
        form = ModerationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        question = public_services.moderate(self.question(), by=request.user, **form.cleaned_data)
        messages.success(request, f"The question from {question.name} is {question.get_status_display().lower()}.")
        return redirect("governance:public_questions", self.meeting.pk)
