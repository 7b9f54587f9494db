"""
Checks every page must pass, whatever it shows: element ids are unique on the page, and each
label's `for` names a form control of its own form (a label outside any form names a control
outside any form). A label that names a control of another form is clicked into the wrong form:
that is how a confidential paper was once saved as Part A.
"""

from html.parser import HTMLParser

LABELABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = {}  # id -> how many times
        self.controls = {}  # id -> the form it is in (its index, or None)
        self.labels = []  # (for, the form it is in)
        self.forms = 0
        self.form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms += 1
            self.form = self.forms
        element_id = attrs.get("id")
        if element_id:
            self.ids[element_id] = self.ids.get(element_id, 0) + 1
            if tag in LABELABLE and not (tag == "input" and attrs.get("type") == "hidden"):
                self.controls[element_id] = self.form
        if tag == "label" and attrs.get("for"):
            self.labels.append((attrs["for"], self.form))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None


def page_problems(html):
    page = _Page()
    page.feed(html)
    problems = [f"id {element_id!r} is used {count} times" for element_id, count in page.ids.items() if count > 1]
    for target, form in page.labels:
        if target not in page.controls:
            problems.append(f"a label is for {target!r}, which is no form control on the page")
        elif page.controls[target] != form:
            problems.append(f"a label is for {target!r}, a control of another form")
    return problems
