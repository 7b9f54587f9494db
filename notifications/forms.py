from django import forms

from .models import Frequency


class SettingsForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How would you like to be e-mailed?", choices=Frequency.choices, widget=forms.RadioSelect,
        help_text="Whichever you choose, the “Needs my action” page always shows everything waiting for you.",
    )


class ActionDoneForm(forms.Form):
    note = forms.CharField(label="What was done?", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
