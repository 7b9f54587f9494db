# The NHS.UK design system and our stylesheet, built with npm.
FROM node:20.19.5-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend frontend
RUN npm run build

FROM python:3.11.13-slim-bookworm

# Pango and fonts for WeasyPrint (board packs); pg_dump and psql for scripts/backup.sh and
# scripts/restore.sh (PostgreSQL 15's, as docker-compose's database is).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig \
       postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Log lines reach `docker compose logs` as they are written.
ENV PYTHONUNBUFFERED=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY ics_commissioning ics_commissioning
COPY proposals proposals
COPY scoring scoring
COPY governance governance
COPY notifications notifications
COPY public public
COPY accounts accounts
COPY analytics analytics
COPY procurement procurement
COPY api api
COPY demo demo
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static/build static/build
COPY --from=assets /app/node_modules/nhsuk-frontend/dist/nhsuk node_modules/nhsuk-frontend/dist/nhsuk
COPY --from=assets /app/node_modules/htmx.org/dist node_modules/htmx.org/dist
COPY --from=assets /app/node_modules/accessible-autocomplete/dist node_modules/accessible-autocomplete/dist
# Static files are part of the image, served by WhiteNoise from STATIC_ROOT (/app/staticfiles).
RUN DEBUG=1 python manage.py collectstatic --noinput

# Beat's schedule, and the media when they are not in a bucket (docker-compose.yml keeps them in
# its s3 service), live on volumes owned by the app's user.
RUN useradd --create-home app \
    && mkdir -p /data/media /var/lib/celery \
    && chown app /data/media /var/lib/celery
USER app
ENV MEDIA_ROOT=/data/media
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "ics_commissioning.wsgi"]
