"""
What every uploaded document shares, whether attached to a business case or to a plain paper:
the stored file under a name of our own, the name people uploaded it as, its checked type, and
one way to hand it out (never as a public media URL).
"""

from django.conf import settings
from django.db import models
from django.http import FileResponse
from django.utils import timezone


class UploadedDocument(models.Model):
    title = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


def download(file, *, filename, content_type):
    """A stored file as a download that browsers neither sniff nor cache: papers may be confidential."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
