# The web service. Instructions go from least to most often changed, so an edit
# to the code reuses every cached layer up to the final COPY.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /app

# The app runs as a user without root rights.
RUN <<EOF
set -eu
groupadd --system --gid 10001 app
useradd --system --gid app --uid 10001 --no-create-home app
EOF

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# The code last: it changes most often.
COPY store.py web.py ./

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --start-interval=1s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
CMD ["python", "web.py"]
