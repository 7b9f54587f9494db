"""
Which documents a business case may carry: those a committee uses. The type is decided from the
file's content, and must agree with its name, so a renamed executable is not let through.
"""

import csv
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# extension -> (content type, the kinds the content may be detected as)
ALLOWED = {
    "pdf": ("application/pdf", {"pdf"}),
    "doc": ("application/msword", {"doc"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}),
    "xls": ("application/vnd.ms-excel", {"xls", "doc"}),  # both are OLE2 compound files
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {"odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {"ods"}),
    "csv": ("text/csv", {"csv"}),
}
ALLOWED_DESCRIPTION = "PDF, Word (DOC, DOCX), Excel (XLS, XLSX), OpenDocument (ODT, ODS) or CSV"


def _looks_like_csv(head, sample_size):
    """Plain text with a consistent delimiter: CSV has no magic number to read."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    lines = text.splitlines()
    if len(head) == sample_size:
        lines = lines[:-1]  # the last line may be cut short
    sample = "\n".join(lines[:20])
    if not sample.strip():
        return False
    try:
        csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return False
    return True


def detect(uploaded):
    """The kind of document the upload's content is, or None."""
    sample_size = 8192
    uploaded.seek(0)
    head = uploaded.read(sample_size)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.extension
    return "csv" if _looks_like_csv(head, sample_size) else None


def validate_document(uploaded):
    """Check an uploaded document; return its content type. Raises ValidationError with a clear message."""
    name = PurePath(uploaded.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = settings.ATTACHMENT_MAX_BYTES
    if uploaded.size == 0:
        raise ValidationError("The selected file is empty.")
    if uploaded.size > limit:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(limit)}.")
    if extension not in ALLOWED:
        raise ValidationError(f"The selected file must be a {ALLOWED_DESCRIPTION}.")
    content_type, acceptable = ALLOWED[extension]
    if detect(uploaded) not in acceptable:
        raise ValidationError(f"The selected file is not a real .{extension} file. Upload a {ALLOWED_DESCRIPTION}.")
    return content_type


def safe_display_name(name):
    """The uploaded name as shown to people: no folders, no control characters, not too long."""
    name = PurePath((name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "document"
    return name[-120:]


def check_document(uploaded):
    """For a form's clean_<file>(): (content type, name to show), or a ValidationError."""
    return validate_document(uploaded), safe_display_name(uploaded.name)
