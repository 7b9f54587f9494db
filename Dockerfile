# The NHS.UK design system and our stylesheet, built with npm.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend frontend
RUN npm run build

FROM python:3.11-slim-bookworm

# Pango and fonts for WeasyPrint (board packs).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY ics_commissioning ics_commissioning
COPY proposals proposals
COPY scoring scoring
COPY governance governance
COPY notifications notifications
COPY api api
COPY demo demo
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static/build static/build
COPY --from=assets /app/node_modules/nhsuk-frontend/dist/nhsuk node_modules/nhsuk-frontend/dist/nhsuk
COPY --from=assets /app/node_modules/htmx.org/dist node_modules/htmx.org/dist
RUN DEBUG=1 python manage.py collectstatic --noinput

RUN useradd --create-home app && mkdir -p /data/media && chown app /data/media
USER app
ENV MEDIA_ROOT=/data/media
EXPOSE 8000
CMD ["gunicorn", "ics_commissioning.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
