from django import template

register = template.Library()


@register.filter
def page_numbers(count):
    """1, 2, … count: one placeholder page per page of an appended document."""
    return range(1, int(count) + 1)
