# The web service again, built in two stages. The first installs the dependencies;
# the image that ships is the last stage, which takes only what the first installed.
FROM python:3.12-slim AS deps
WORKDIR /src
COPY requirements.txt .
RUN pip install --no-cache-dir --target /deps -r requirements.txt

# Only this stage's layers are in the image: /src and pip's work stay in the first.
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/deps
WORKDIR /app
COPY --from=deps /deps /deps
COPY store.py web.py ./

# A numeric user and group need no entry in /etc/passwd or /etc/group.
USER 10001:10001
EXPOSE 8000
CMD ["python", "web.py"]
