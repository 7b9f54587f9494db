"""
Dates and times as GOV.UK and the NHS.UK design system ask for them: three boxes, Day, Month and Year
(and a Time box, 24-hour), never a free-text "2027-01-14 14:00". Each problem is named as the pattern
says: "Date and time must include a month", "… must be a real date".
"""

import datetime
import re

from django import forms
from django.utils import timezone

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
PARTS = {"day": ("Day", "nhsuk-input--width-2", "numeric"), "month": ("Month", "nhsuk-input--width-2", "numeric"),
         "year": ("Year", "nhsuk-input--width-4", "numeric"), "time": ("Time", "nhsuk-input--width-5", "text")}


class DateParts(forms.MultiWidget):
    """Day, Month and Year boxes (and Time, with `with_time`), in the NHS.UK date input's markup; used in a
    fieldset whose legend is the field's label (use_fieldset)."""

    template_name = "ics_commissioning/widgets/date_parts.html"
    use_fieldset = True

    def __init__(self, with_time=False, attrs=None):
        self.names = ["day", "month", "year", *(["time"] if with_time else [])]
        widgets = {name: forms.TextInput() for name in self.names}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None] * len(self.names)
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return [value.day, value.month, value.year, f"{value:%H:%M}"][:len(self.names)]
        return [value.day, value.month, value.year]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        error = (attrs or {}).get("aria-invalid") == "true"  # Django marks a field in error so
        for part, subwidget in zip(self.names, context["widget"]["subwidgets"], strict=True):
            label, width, mode = PARTS[part]
            subwidget["label"], subwidget["part"] = label, part
            subwidget["attrs"] = {
                key: value for key, value in subwidget["attrs"].items() if key not in ("class", "aria-describedby")
            } | {"class": f"nhsuk-input nhsuk-date-input__input {width}" + (" nhsuk-input--error" if error else ""),
                 "inputmode": mode}
            if part == "year":
                subwidget["attrs"]["autocomplete"] = "off"
        return context

    def id_for_label(self, id_):
        # The error summary links to the first box, as the pattern says (Django's MultiWidget gives none).
        return f"{id_}_0" if id_ else id_


class DateField(forms.MultiValueField):
    """A date from Day, Month and Year boxes."""

    widget_class = DateParts
    with_time = False

    def __init__(self, *, label, required=True, called=None, **kwargs):
        self.what = called or label  # how the messages name it: "The date it is due must include a month"
        parts = [forms.CharField(required=False) for _ in range(4 if self.with_time else 3)]
        super().__init__(parts, label=label, required=required, require_all_fields=False,
                         widget=self.widget_class(with_time=self.with_time), **kwargs)

    def clean(self, value):
        # Every message names the field, as the pattern asks; nothing is guessed from a partial date.
        values = [str(v or "").strip() for v in (value or [])]
        if not any(values):
            if self.required:
                raise forms.ValidationError(f"Enter {self.what[0].lower()}{self.what[1:]}", code="required")
            return None
        names = ["day", "month", "year", "time"][:len(values)]
        missing = [name for name, v in zip(names, values, strict=True) if not v]
        if missing:
            raise forms.ValidationError(f"{self.what} must include a {' and a '.join(missing)}", code="incomplete")
        return self.compress(values)

    def compress(self, values):
        day, month, year = values[:3]
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{self.what} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError(f"{self.what} must be a real date, with a 4-digit year", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.what} must be a real date", code="invalid") from None


class DateTimeField(DateField):
    """A date and a time of day (24-hour, as 14:00), in the ICS's time zone."""

    with_time = True

    def compress(self, values):
        day = super().compress(values)
        match = TIME.match(values[3])
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError(f"{self.what} must include a time such as 14:00 (24-hour)", code="invalid")
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(int(match[1]), int(match[2]))))
