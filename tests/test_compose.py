"""
The deployment files, read as Docker and gunicorn would read them (Docker itself does not run in
the test environment): docker-compose.yml restarts and health-checks every long-running service,
migrates once before the app starts, can scale web and worker, pins its images, keeps Redis on
disk behind a password, the media in an object store's bucket only the app reaches, and every
secret out of the file; the image's build context leaves secrets
out; gunicorn.conf.py takes its settings from the environment and logs as the application does.
"""

import multiprocessing
import re
import runpy
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
LONG_RUNNING = [name for name in SERVICES if name != "migrate"]
APP = ("web", "worker", "beat")
# A reference to a variable from .env: ${NAME}, ${NAME:?message}; or $$NAME, the container's own.
REFERENCE = re.compile(r"\$\{[A-Z_]+(:?[?-][^}]*)?\}|\$\$[A-Z_]+")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|DSN|_KEY\b")


def strings(value):
    """Every string in a piece of the compose file, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def command(service):
    value = SERVICES[service]["command"]
    return value if isinstance(value, str) else " ".join(value)


@pytest.mark.parametrize("service", LONG_RUNNING)
def test_every_long_running_service_is_restarted(service):
    assert SERVICES[service]["restart"] == "unless-stopped"


@pytest.mark.parametrize("service", ["web", "worker", "beat", "db", "redis", "s3"])
def test_every_service_that_matters_has_a_health_check(service):
    check = SERVICES[service]["healthcheck"]
    assert check["test"] and check.get("interval")


def test_the_web_health_check_asks_for_readiness_over_plain_http_from_inside():
    check = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "http://localhost:8000/health/ready" in check
    assert SERVICES["web"]["environment"]["ALLOWED_HOSTS"].endswith(",localhost")


def test_the_worker_health_check_pings_its_own_node():
    check = " ".join(SERVICES["worker"]["healthcheck"]["test"])
    assert "inspect ping" in check and "celery@$$HOSTNAME" in check


def test_migrate_runs_once_before_web_worker_and_beat_start():
    assert "manage.py migrate" in command("migrate")
    assert SERVICES["migrate"]["restart"] == "no"
    for service in APP:
        assert SERVICES[service]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert "migrate" not in command(service)
    assert command("web") == "gunicorn --config gunicorn.conf.py ics_commissioning.wsgi"


@pytest.mark.parametrize("service", ["web", "worker"])
def test_scalable_services_publish_no_host_port(service):
    assert "ports" not in SERVICES[service]
    assert "container_name" not in SERVICES[service]


def test_only_the_proxy_publishes_ports_and_only_http_and_https():
    published = {name for name, service in SERVICES.items() if "ports" in service}
    assert published == {"proxy"}
    assert {port.split(":")[0] for port in SERVICES["proxy"]["ports"]} == {"80", "443"}
    assert SERVICES["web"]["expose"] == ["8000"]


@pytest.mark.parametrize("service", list(SERVICES))
def test_every_image_is_pinned_to_a_version(service):
    definition = SERVICES[service]
    if "image" not in definition:
        assert "build" in definition
        return
    name, _, tag = definition["image"].rpartition(":")
    assert name and tag != "latest" and re.match(r"\d+\.\d+", tag), definition["image"]


def test_the_dockerfile_base_images_are_pinned_to_a_patch_version():
    bases = re.findall(r"^FROM\s+(\S+)", (ROOT / "Dockerfile").read_text(), flags=re.MULTILINE)
    assert bases and all(re.search(r":\d+\.\d+\.\d+", base) for base in bases), bases


def test_the_image_has_the_postgresql_client_for_backups():
    assert "postgresql-client" in (ROOT / "Dockerfile").read_text()


def test_redis_keeps_its_data_on_disk_behind_a_password():
    redis = command("redis")
    assert "--appendonly yes" in redis and '--requirepass "$$REDIS_PASSWORD"' in redis
    assert any(volume.endswith(":/data") for volume in SERVICES["redis"]["volumes"])
    assert "redis://:${REDIS_PASSWORD" in SERVICES["web"]["environment"]["REDIS_URL"]


def test_the_cache_keeps_nothing_on_disk_and_the_app_uses_it():
    """Pages kept for their reader (Part B papers among them) live in the cache: never in a volume."""
    cache = command("cache")
    assert "--save ''" in cache and "--appendonly no" in cache and '--requirepass "$$REDIS_PASSWORD"' in cache
    assert "volumes" not in SERVICES["cache"]
    assert "@cache:6379/" in SERVICES["web"]["environment"]["CACHE_URL"]
    assert SERVICES["web"]["depends_on"]["cache"]["condition"] == "service_healthy"


def test_the_media_are_in_the_object_stores_bucket_reached_only_by_the_app():
    s3 = SERVICES["s3"]
    assert s3["command"][0] == "mini" and "-master.telemetry=false" in s3["command"]
    assert s3["environment"]["S3_BUCKET"].startswith("${AWS_STORAGE_BUCKET_NAME:?")  # created when it starts
    assert any(volume.endswith(":/data") and volume.split(":")[0] in COMPOSE["volumes"] for volume in s3["volumes"])
    assert "http://localhost:8333/healthz" in " ".join(s3["healthcheck"]["test"])
    # Its internal servers ask for no keys: it shares a network with the app's containers only.
    assert s3["networks"] == ["storage"] and COMPOSE["networks"]["storage"]["internal"] is True
    on_storage = {name for name, service in SERVICES.items() if "storage" in service.get("networks", [])}
    assert on_storage == {"s3", "migrate", *APP}
    for service in APP:
        environment = SERVICES[service]["environment"]
        assert environment["AWS_S3_ENDPOINT_URL"] == "http://s3:8333" and environment["AWS_S3_ADDRESSING_STYLE"] == "path"
        assert SERVICES[service]["depends_on"]["s3"] == {"condition": "service_healthy"}
        assert "MEDIA_ROOT" not in environment and not any(
            volume.split(":")[1].startswith("/data/media") for volume in SERVICES[service].get("volumes", []))
    example = (ROOT / ".env.example").read_text()
    assert re.search(r"^AWS_STORAGE_BUCKET_NAME=\S+$", example, flags=re.MULTILINE)
    assert re.search(r"^AWS_SECRET_ACCESS_KEY=$", example, flags=re.MULTILINE)


def test_no_secret_is_written_in_the_compose_file():
    for name, service in SERVICES.items():
        environment = service.get("environment", {})
        for key, value in environment.items():
            if SECRET_NAME.search(key):
                assert REFERENCE.fullmatch(str(value)), f"{name}: {key} is written in the file"
    for text in strings(COMPOSE):
        for password in re.findall(r"://[^/:@\s]*:([^@\s]+)@", text):  # user:password@host
            assert REFERENCE.fullmatch(password), text
        if "requirepass" in text or "redis-cli" in text:
            assert "$$REDIS_PASSWORD" in text
    for service in APP + ("migrate",):
        assert SERVICES[service]["env_file"] == ".env"
        assert "SECRET_KEY" not in SERVICES[service]["environment"]  # from .env only


def test_env_example_documents_every_variable_the_compose_file_reads_and_holds_no_secret():
    example = (ROOT / ".env.example").read_text()
    documented = dict(re.findall(r"^([A-Z_]+)=(.*)$", example, flags=re.MULTILINE))
    read = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "docker-compose.yml").read_text()))
    assert read <= set(documented), read - set(documented)
    assert {"SECRET_KEY", "SITE_URL", "EMAIL_HOST", "DEFAULT_FROM_EMAIL"} <= set(documented)
    for key, value in documented.items():
        if SECRET_NAME.search(key):
            assert value == "", f"{key} has a value in .env.example"


def test_the_build_context_leaves_out_secrets_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".git", ".venv", "node_modules", "media", "*.sqlite3"} <= set(ignored)


def test_beats_schedule_file_is_on_a_volume():
    schedule = re.search(r"(?:--schedule|-s)[ =](\S+)", command("beat")).group(1)
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in SERVICES["beat"]["volumes"]}
    folder = str(Path(schedule).parent)
    assert folder in mounts and mounts[folder] in COMPOSE["volumes"]
    assert not folder.startswith("/app")


def test_the_proxy_is_the_caddyfile_in_the_repository_in_front_of_every_web_container():
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in SERVICES["proxy"]["volumes"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert re.search(r"dynamic a \{\s*name web\s*port 8000", caddyfile)
    assert "header_up X-Request-ID {http.request.uuid}" in caddyfile
    # gunicorn believes X-Forwarded-* only from the proxy's network.
    assert SERVICES["web"]["environment"]["FORWARDED_ALLOW_IPS"] == "${EDGE_SUBNET:-172.30.57.0/24}"
    assert COMPOSE["networks"]["edge"]["ipam"]["config"][0]["subnet"] == "${EDGE_SUBNET:-172.30.57.0/24}"
    assert set(SERVICES["proxy"]["networks"]) == {"edge"} and "edge" in SERVICES["web"]["networks"]


def gunicorn_settings(monkeypatch, **environment):
    for name in ("PORT", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_takes_its_settings_from_the_environment(monkeypatch):
    default = gunicorn_settings(monkeypatch)
    assert default["bind"] == "0.0.0.0:8000"
    assert default["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert default["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert default["accesslog"] == "-"
    assert "%({x-request-id}o)s" in default["access_log_format"]

    chosen = gunicorn_settings(monkeypatch, PORT="9000", WEB_CONCURRENCY="3", FORWARDED_ALLOW_IPS="172.30.57.0/24")
    assert (chosen["bind"], chosen["workers"], chosen["forwarded_allow_ips"]) == ("0.0.0.0:9000", 3, "172.30.57.0/24")


def test_gunicorn_logs_json_lines_as_the_application_does(monkeypatch):
    config = gunicorn_settings(monkeypatch)["logconfig_dict"]
    assert config["formatters"]["json"] == settings.LOGGING["formatters"]["json"]
    assert config["filters"] == settings.LOGGING["filters"]
    assert "logconfig_dict" not in gunicorn_settings(monkeypatch, LOG_FORMAT="plain")
