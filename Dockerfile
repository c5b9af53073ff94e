# Krone for Krone, the page alone, from the same pyproject.toml as `make run` (without the test extras).
#   docker build -t krone-for-krone .
#   docker run -p 127.0.0.1:8501:8501 -e KRONE_BASE_PATH=/krone krone-for-krone
# Settings are the KRONE_* variables of `make serve` (README, "Host it"); health at <base path>/_stcore/health.
# deploy/build_without_docker.py runs these very steps as a script where no container engine is at hand.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    VIRTUAL_ENV=/opt/krone \
    PATH=/opt/krone/bin:$PATH \
    KRONE_PORT=8501 \
    KRONE_ADDRESS=0.0.0.0

# The page runs as a user of its own, who can write nowhere in the image.
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin krone

WORKDIR /app
COPY pyproject.toml README.md ./
COPY simulator/ simulator/
COPY ui/ ui/
# The page reads its rules, catalogues and fonts (ui/pdf/fonts) from the package in /app: installed in place,
# once, without the test extras (plain numpy: no compiler in the dependencies).
RUN python -m venv /opt/krone \
 && /opt/krone/bin/pip install --editable . \
 && rm -rf build ./*.egg-info
COPY app.py serve.py ./
COPY scenarios/ scenarios/
COPY .streamlit/ .streamlit/

USER krone
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["python", "-m", "ui.host.serve", "health"]
CMD ["python", "-m", "ui.host.serve"]
