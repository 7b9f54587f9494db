"""The public pages are cached (public.services.cached_page): each change to what they show drops them.
A paper's content comes from its published pack, stored with its own signal (public_record_changed)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from governance.models import AgendaItem, Body, Decision, Meeting, MinuteEntry, Minutes
from governance.signals import public_record_changed

from . import services
from .models import PublicQuestion

# How each model finds its body, for one query that also asks whether the body meets in public.
BODY_OF = {
    Meeting: lambda meeting: {"pk": meeting.body_id},
    AgendaItem: lambda item: {"meetings": item.meeting_id},
    Minutes: lambda minutes: {"meetings": minutes.meeting_id},
    PublicQuestion: lambda question: {"meetings": question.meeting_id},
    Decision: lambda decision: {"meetings__items": decision.item_id},
    MinuteEntry: lambda entry: {"meetings__minutes": entry.minutes_id},
}


def _forget(**lookup):
    """Drop the pages of the body found by `lookup`; only a body that meets in public has any."""
    body_id = Body.objects.filter(meets_in_public=True, **lookup).values_list("pk", flat=True).first()
    if body_id is not None:
        services.forget(body_id)


@receiver(post_save)
@receiver(post_delete)
def public_pages_changed(sender, instance, **kwargs):
    if sender is Body:
        services.forget(None, everything=True)  # it may have started, or stopped, meeting in public
    elif sender in BODY_OF:
        _forget(**BODY_OF[sender](instance))


# A pack's published version stored, or minutes approved: saved without a model's signal.
@receiver(public_record_changed)
def public_record_stored(sender, meeting_id, **kwargs):
    _forget(meetings=meeting_id)
