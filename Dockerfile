# Hotspotkaart as a container image: one Streamlit process on port 8501.
#
#   docker build -t hotspotkaart .
#   docker run --rm -p 8501:8501 hotspotkaart
#   docker run -d --restart unless-stopped -p 8501:8501 hotspotkaart   # restarted when it crashes
#
# Several containers behind a load balancer need sticky sessions (a Streamlit
# session lives in one process): see docs/deployment.md and deploy/.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so a code change does not reinstall them: requirements.txt
# holds the ranges, requirements.lock the exact versions (`make lock`), the ones
# `make test` ran with. The wheels of pyogrio, pyproj and shapely bundle GDAL,
# PROJ and GEOS: no system packages.
COPY requirements.txt requirements.lock ./
RUN pip install --root-user-action=ignore -r requirements.txt -c requirements.lock

# The app (owned by root, read-only for the user that runs it); .dockerignore
# leaves out the venv, tests, benchmarks and caches.
COPY . .

# The map's script as one file (static/map/mapview.bundle.js, built from its
# parts; the app directory is read-only for the user below).
RUN python -c "import hotspots.mapview"

# A numeric user, so Kubernetes can verify runAsNonRoot.
RUN useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin hotspotkaart
USER 10001:10001

EXPOSE 8501
# python:3.11-slim has no curl: ask the health endpoint with Python itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]

# .streamlit/config.toml (in /app) applies, as with `make run`.
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
