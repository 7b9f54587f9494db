"""
What every uploaded document shares, whether attached to a business case or to a plain paper:
the stored file under a name of our own, the name people uploaded it as, its checked type, and
one way to hand it out (never as a public media URL).
"""

import logging

from django.conf import settings
from django.db import models
from django.http import FileResponse
from django.utils import timezone
from pypdf import PdfReader

logger = logging.getLogger(__name__)


class UploadedDocument(models.Model):
    title = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    # A readable PDF's page count: such documents are appended to board packs, the rest listed.
    pdf_pages = models.PositiveIntegerField(null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


def pdf_page_count(file, content_type):
    """How many pages a PDF upload has, or None if it is not a PDF we can read (damaged, or
    protected by a password): a board pack appends only PDFs it can open, and lists the others."""
    if content_type != "application/pdf":
        return None
    try:
        file.seek(0)
        reader = PdfReader(file)
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        return len(reader.pages) or None
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of error for a damaged file
        logger.info("Could not read %r as a PDF", getattr(file, "name", file))
        return None
    finally:
        file.seek(0)


def download(file, *, filename, content_type):
    """A stored file as a download that browsers neither sniff nor cache: papers may be confidential."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
