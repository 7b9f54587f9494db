from django import forms

from governance.enums import AgendaPart
from ics_commissioning import date_input

from .models import PublicQuestion, QuestionStatus

QUESTION_LENGTH = 2000


class QuestionForm(forms.ModelForm):
    """A question from the public about a meeting, and perhaps one of its Part A items."""

    item = forms.TypedChoiceField(label="Which item is your question about?", required=False, coerce=int,
                                  empty_value=None)
    question = forms.CharField(
        label="Your question", max_length=QUESTION_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Up to {QUESTION_LENGTH} characters.",
        error_messages={"required": "Enter your question",
                        "max_length": f"Your question must be {QUESTION_LENGTH} characters or fewer"})

    field_order = ["name", "email", "item", "question"]

    class Meta:
        model = PublicQuestion
        fields = ["name", "email", "question"]
        labels = {"name": "Your name", "email": "Your e-mail address"}
        help_texts = {
            "name": "Printed with your question if it is accepted.",
            "email": "So that the committee secretary can contact you about your question. It is never published.",
        }
        error_messages = {
            "name": {"required": "Enter your name"},
            "email": {"required": "Enter your e-mail address", "invalid": "Enter an e-mail address like "
                                                                          "name@example.com"},
        }
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"}),
                   "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in meeting.items.filter(part=AgendaPart.PUBLIC).order_by("order", "pk")}
        self.fields["item"].choices = [("", "The meeting in general")] + [
            (pk, f"Item A{number}: {item.title}") for number, (pk, item) in enumerate(self.items.items(), start=1)]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter your name")
        return name

    def clean_question(self):
        question = self.cleaned_data["question"].strip()
        if not question:
            raise forms.ValidationError("Enter your question")
        return question

    def clean_item(self):
        item = self.cleaned_data["item"]
        return self.items[item] if item is not None else None


class ModerationForm(forms.Form):
    """The secretary's decision on one question from the public."""

    status = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        choices=[(QuestionStatus.ACCEPTED, "Accept: publish it with the meeting"),
                 (QuestionStatus.DECLINED, "Decline it")],
        error_messages={"required": "Select whether to accept or decline the question"})
    answer = forms.CharField(label="Answer (for an accepted question)", required=False,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="Published with the question. Leave blank until it is answered.")
    reason = forms.CharField(label="Reason (for a declined question)", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Kept with the meeting's records; not published.")

    def clean(self):
        data = super().clean()
        if data.get("status") == QuestionStatus.DECLINED and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the question is declined")
        return data


class DeadlineForm(forms.Form):
    closes_at = date_input.DateTimeField(
        label="Questions from the public close", required=False, called="The time questions close",
        help_text="For example, 12 1 2027 and 17:00. Leave blank if the meeting takes no questions.")
