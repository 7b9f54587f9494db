from django import forms


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=20, strip=True,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false",
                                      "class": "nhsuk-input--width-10"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").lower()


class AuthenticatorSetupForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=6, min_length=6,
        help_text="After scanning, the app shows a 6-digit code. Enter it to show it is set up.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "class": "nhsuk-input--width-10"}),
        error_messages={"min_length": "Enter the 6 digits your app shows", "max_length": "Enter the 6 digits your app shows"},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("Enter the 6 digits your app shows")
        return code
