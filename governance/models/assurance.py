"""The board assurance framework's principal risks, which a paper's cover sheet links to."""

from django.db import models

from .bodies import Body


class BoardAssuranceRiskQuerySet(models.QuerySet):
    def open(self):
        """The risks a cover sheet may link to now: a closed risk stays on the papers that linked it."""
        return self.filter(is_open=True)


class BoardAssuranceRisk(models.Model):
    """A principal risk on the board assurance framework (BAF): its reference ("BAF 3"), what it is,
    and the body that takes assurance on it. Kept by administrators in the admin; a paper's cover
    sheet names the risks it bears on."""

    reference = models.CharField(max_length=20, unique=True, help_text="As the framework numbers it, e.g. “BAF 3”.")
    title = models.CharField(max_length=300, help_text="The risk, as the framework words it.")
    owner = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="assurance_risks",
                              help_text="The body that takes assurance on this risk.")
    is_open = models.BooleanField(default=True, help_text="Closed risks are no longer offered to new cover sheets.")

    objects = BoardAssuranceRiskQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = "board assurance framework risk"

    def __str__(self):
        return f"{self.reference}: {self.title}"
