# Slim, non-root image: on start applies migrations, loads the seed cases into an empty database
# (a database already holding projects is left alone, and the log says which), then serves with uvicorn.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/accountability.db PORT=8000

RUN useradd --create-home --uid 10001 app && mkdir /data && chown app /data
WORKDIR /srv
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY seed ./seed
COPY alembic ./alembic
RUN pip install --no-cache-dir .

USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=2)" || exit 1
CMD ["sh", "-c", "alembic upgrade head && python -m seed --if-empty && exec uvicorn app.main:app --host 0.0.0.0 --port ${PORT} --proxy-headers --http h11 --h11-max-incomplete-event-size 1048576"]
