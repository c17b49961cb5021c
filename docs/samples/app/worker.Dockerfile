# The worker. Its first steps are the web service's, to the letter: both images
# share those layers, stored once and reused from the build cache.
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

# From here on the two images differ.
COPY store.py worker.py ./

USER 10001
CMD ["python", "worker.py"]
