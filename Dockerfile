# syntax=docker/dockerfile:1
# Multi-stage build: front-end assets with Node, Python dependencies from the hashed lock,
# then a slim runtime that runs as an unprivileged user.

FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY frontend/ frontend/
RUN npm run build

FROM python:3.11-slim-bookworm AS python-deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /venv
COPY requirements.lock /tmp/requirements.lock
RUN /venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=settings.production \
    PORT=8000
# pg_dump, pg_restore and psql for `manage.py backup` and `restore` (PostgreSQL 15, as compose's).
RUN apt-get update -q && apt-get install -y -q --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 bulletin
WORKDIR /app
COPY --from=python-deps /venv /venv
COPY --chown=bulletin:bulletin . /app
COPY --from=assets --chown=bulletin:bulletin /src/static_build /app/static_build
# collectstatic needs settings to import; a build-time key is never used at run time.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/private/imports \
    && chown bulletin:bulletin /app/media /app/private /app/private/imports
USER bulletin
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz/').status != 200)"
# No gunicorn access log: the app writes one scrubbed JSON line per request (README,
# "Logs and errors"); gunicorn's would print alert and password-reset tokens in paths.
CMD ["sh", "-c", "gunicorn settings.wsgi:application --bind 0.0.0.0:${PORT} --workers 3"]
