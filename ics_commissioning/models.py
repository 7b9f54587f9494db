"""What the running service records about itself: the Celery workers' heartbeats, read by the
readiness check (/health/ready). Not business data."""

from django.db import models
from django.db.models import Max


class WorkerHeartbeatQuerySet(models.QuerySet):
    def record(self, hostname, at):
        self.update_or_create(hostname=hostname, defaults={"seen_at": at})

    async def last_seen(self):
        """When the most recently heard worker was heard (None: never)."""
        return (await self.aaggregate(last=Max("seen_at")))["last"]


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker (by its node name, e.g. celery@host) sent its heartbeat.
    One row per worker ever started; a scaled-down worker's row simply grows old."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()

    objects = WorkerHeartbeatQuerySet.as_manager()

    def __str__(self):
        return f"{self.hostname}: {self.seen_at:%Y-%m-%d %H:%M:%S}"
