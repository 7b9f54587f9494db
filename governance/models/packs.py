"""Board packs: each build of a meeting's pack, kept as a version, and who downloaded which."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..enums import (
    AgendaPart,
    PackStatus,
)
from .meetings import Meeting


def pack_path(pack, filename):
    return f"packs/meeting-{pack.meeting_id}/part-{pack.part.lower()}/v{pack.version}-{uuid.uuid4().hex}.pdf"


def accessible_pack_path(pack, filename):
    return f"packs/meeting-{pack.meeting_id}/part-{pack.part.lower()}/v{pack.version}-tagged-{uuid.uuid4().hex}.pdf"


class BoardPackQuerySet(models.QuerySet):
    def latest_for(self, meeting, part):
        return self.filter(meeting=meeting, part=part).order_by("-version").first()


class BoardPack(models.Model):
    """One build of a meeting's pack (Part A, or the confidential Part B), kept as a version."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    part = models.CharField(max_length=1, choices=AgendaPart.choices)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    # A hash of everything that goes into the pack: an unchanged meeting is not rendered again.
    inputs_hash = models.CharField(max_length=64)
    file = models.FileField(upload_to=pack_path, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Built after the meeting began, for a late paper: the pack as sent is kept as it was.
    supplement = models.BooleanField(default=False)
    # Where each part of the PDF sits (the layout governance.packs writes, as JSON): what an incremental
    # rebuild reuses, and what "changed since the version you downloaded" compares.
    layout = models.JSONField(default=dict, blank=True, editable=False)
    # One render at a time: a render holds the pack by a lease it renews while it works
    # (governance.packs.build); a lease run out means its worker died, and another may take it over.
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    # When it was last handed to the build service, so a build that never reached a worker is handed again.
    queued_at = models.DateTimeField(default=timezone.now, editable=False)
    # The version published on the public site (a Part A pack of a body that meets in public, once its
    # papers are issued): laid out again in one tagged pass, PDF/UA-1 (governance.packs.accessible),
    # with what it printed kept so that the public pages show the papers exactly as published.
    accessible_file = models.FileField(upload_to=accessible_pack_path, blank=True)
    accessible_built_at = models.DateTimeField(null=True, blank=True)
    accessible_error = models.TextField(blank=True)
    printed = models.JSONField(null=True, blank=True, editable=False)
    # How many renders of this version began (more than one only if a worker died mid-render).
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    # A render renews its lease every LEASE / 4; a build queued this long without starting is handed again.
    LEASE = timedelta(seconds=20)
    WAITING_AFTER = timedelta(minutes=1)

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "part", "-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "part", "version"], name="one_pack_per_version")]

    def __str__(self):
        return f"{self.meeting} {self.get_part_display()} v{self.version} ({self.get_status_display()})"

    @property
    def in_progress(self):
        return self.status in (PackStatus.QUEUED, PackStatus.RENDERING)

    def is_stalled(self, now=None):
        """In progress, but nobody is working on it: its render's lease ran out (the worker died), or it
        has waited for a worker past WAITING_AFTER (the build service was down or is not running)."""
        now = now or timezone.now()
        if self.status == PackStatus.RENDERING:
            return self.lease_until is None or self.lease_until < now
        return self.status == PackStatus.QUEUED and self.queued_at < now - self.WAITING_AFTER

    @property
    def stalled(self):
        return self.is_stalled()


class PackDownload(models.Model):
    """Who downloaded which version of a pack, so a replaced pack can say what changed since."""

    pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at"]
        indexes = [models.Index(fields=["user", "pack"])]

    def __str__(self):
        return f"{self.user} downloaded {self.pack}"
