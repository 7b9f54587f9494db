"""
Health endpoints for the container runtime, the load balancer and monitoring. No sign-in, and
nothing in the answer but each part's name and "ok" or "failed": why a part failed goes to the log.

- /health/live: the process is up and answering (no database, nothing else).
- /health/ready: the database, the cache, Redis (the Celery broker, when there is one), the media
  storage (a small file written and deleted) and the Celery workers' heartbeat (when there is a
  broker, i.e. a separate worker) are all working; otherwise 503, naming what failed.

The checks are django-health-check's, run side by side with a time limit each; the worker's
heartbeat is ours (ics_commissioning.receivers records it).
"""

import asyncio
import dataclasses
import datetime

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient

from .models import WorkerHeartbeat


@dataclasses.dataclass
class WorkerHeartbeatCheck(HealthCheck):
    """A Celery worker was heard from within WORKER_HEARTBEAT_MAX_AGE seconds."""

    async def run(self):
        last = await WorkerHeartbeat.objects.last_seen()
        max_age = datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
        if last is None or timezone.now() - last > max_age:
            raise ServiceUnavailable("No Celery worker heartbeat within the allowed age")


def redis_client():
    timeout = 3
    return RedisClient.from_url(settings.CELERY_BROKER_URL, socket_timeout=timeout, socket_connect_timeout=timeout)


def readiness_checks():
    """(name in the answer, check), from the settings in force."""
    checks = [("database", Database()), ("cache", Cache())]
    # Without a broker (the embedded default) the tasks run in-process: no Redis, no separate worker.
    separate_worker = not settings.CELERY_TASK_ALWAYS_EAGER
    if separate_worker:
        checks.append(("redis", Redis(client_factory=redis_client)))
    checks.append(("media_storage", Storage()))
    if separate_worker:
        checks.append(("worker_heartbeat", WorkerHeartbeatCheck()))
    return checks


class ReadinessView(HealthCheckView):
    async def get(self, request, *args, **kwargs):
        names, checks = zip(*readiness_checks(), strict=True)
        results = await asyncio.gather(*(check.get_result() for check in checks))
        parts = {name: "failed" if result.error else "ok" for name, result in zip(names, results, strict=True)}
        failed = "failed" in parts.values()
        # The parent's dispatch marks the answer never to be cached.
        return JsonResponse({"status": "failed" if failed else "ok", "checks": parts}, status=503 if failed else 200)


ready = ReadinessView.as_view()


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})
