"""The hands-on tasks: one table that the lab's pages show and labcheck checks.

The site renders each question page's "Do it yourself" section and the worksheet from
this table, and labcheck_checks.py has one check per task id, so the page a student
reads and the check that marks the work cannot say different things.

Each task: id, question (q1-q4), page (its URL path), section (anchor, title) that
explains it, title, what to do (the commands are left for the student to work out),
what done looks like, and the hints labcheck prints for each way it can still be open.
"""

PAGES = {
    "q1": "image-vs-container",
    "q2": "layers",
    "q3": "writable-layer",
    "q4": "compose",
}

TASKS = (
    {
        "id": "q1-tag",
        "question": "q1",
        "section": ("tags-and-digests", "Tags and digests: naming an image"),
        "title": "Give an image a second name",
        "do": "Pull `python:3.12-slim` and give it a second name, `lab4-base:v1`, without building anything.",
        "done": "`lab4-base:v1` and `python:3.12-slim` name one image: the same image ID.",
        "hints": {
            "missing": "There is no image lab4-base:v1 yet. A tag is one more name for an image you "
                       "already have: the section names the command that adds one.",
            "wrong-tag": "The name is there under another tag: the tag is what follows the colon, "
                         "and this task asks for v1.",
            "other-image": "lab4-base:v1 is a different image from python:3.12-slim. Name the image "
                           "you pulled; do not build a new one.",
        },
    },
    {
        "id": "q1-lifecycle",
        "question": "q1",
        "section": ("lifecycle", "The container lifecycle"),
        "title": "Two containers from one image, one of them stopped",
        "do": "Start two containers from `lab4-base:v1` in the background, named `lab4-one` and "
              "`lab4-two`, each running `sleep infinity`. Then stop `lab4-two` without removing it.",
        "done": "Both containers exist and were started from the same image; `lab4-one` is running "
                "and `lab4-two` has exited.",
        "hints": {
            "missing": "A container of that name does not exist. Name each container when you "
                       "start it; a removed container is gone for good.",
            "not-running": "lab4-one is not running. A container lives as long as its main process: "
                           "give it one that keeps running, and start it in the background.",
            "still-running": "lab4-two still runs. Stop it, and keep it: a stopped container still "
                             "exists, with its writable layer.",
            "other-image": "The two containers were started from different images: start both "
                           "from lab4-base:v1.",
        },
    },
    {
        "id": "q2-build",
        "question": "q2",
        "section": ("sample-images", "The sample images, ordered for the cache"),
        "title": "Build the web image under a tag",
        "do": "In the sample app's folder, build the web image from `web.Dockerfile` under the name "
              "`lab4-web:v1`.",
        "done": "An image `lab4-web:v1` that runs `python web.py`.",
        "hints": {
            "missing": "There is no image lab4-web:v1. The build takes the Dockerfile's name and "
                       "the image's name as options; the build context is the sample app's folder.",
            "wrong-tag": "lab4-web is there under another tag: the tag follows the colon, and this "
                         "task asks for v1.",
            "wrong-dockerfile": "lab4-web:v1 does not run python web.py: it was built from another "
                                "Dockerfile than web.Dockerfile.",
        },
    },
    {
        "id": "q2-rebuild",
        "question": "q2",
        "section": ("cache", "2. Caching: unchanged steps are not rebuilt"),
        "title": "Rebuild after a one-line change",
        "do": "Change one line of `web.py` (a comment will do), build again as `lab4-web:v2`, and "
              "find in the build's output which steps came from the cache.",
        "done": "`lab4-web:v2` has as many layers as `lab4-web:v1` and shares every one of them but "
                "the last.",
        "hints": {
            "missing": "lab4-web:v1 and lab4-web:v2 are both needed: build v1 first (the task "
                       "before), then v2 after the change.",
            "same-image": "v2 is the very same image as v1: every step came from the cache, so "
                          "the build saw no change in web.py. Was the file saved?",
            "too-much-rebuilt": "More than the last step was rebuilt. A change to web.py only "
                                "reaches the step that copies it: was something else changed too, "
                                "or the cache switched off?",
        },
    },
    {
        "id": "q2-shared",
        "question": "q2",
        "section": ("reuse", "1. Reuse: a shared layer is stored once"),
        "title": "A second image that shares layers",
        "do": "Build the worker image from `worker.Dockerfile` as `lab4-worker:v1`.",
        "done": "`lab4-worker:v1` shares every layer of `lab4-web:v1` but the last: they are "
                "stored once.",
        "hints": {
            "missing": "lab4-worker:v1 and lab4-web:v1 are both needed: build the worker image "
                       "under that name.",
            "not-shared": "The worker shares fewer layers with the web image than it could: its "
                          "steps did not come from the build cache. Was it built without the "
                          "cache, or from changed files?",
        },
    },
    {
        "id": "q3-own-layer",
        "question": "q3",
        "section": ("isolation", "Isolation and customisation of the filesystem"),
        "title": "Each container has its own writable layer",
        "do": "Start two containers from one image, `lab4-left` and `lab4-right`, kept running "
              "with `sleep infinity`. Create the file `/hello.txt` inside `lab4-left` only.",
        "done": "The changes Docker lists for `lab4-left` include `A /hello.txt`; those of "
                "`lab4-right` do not.",
        "hints": {
            "missing": "A container of that name does not exist: name both when you start them.",
            "no-file": "lab4-left's writable layer has no /hello.txt. Create it inside the "
                       "container (a file made on your own machine is not in it), at the root.",
            "in-both": "lab4-right has /hello.txt too. Each container has a writable layer of "
                       "its own: write the file in lab4-left only.",
            "other-image": "The two containers come from different images: start both from one.",
        },
    },
    {
        "id": "q3-volume",
        "question": "q3",
        "section": ("volumes", "Volumes: data that must outlive the container"),
        "title": "What survives docker rm",
        "do": "Run a container `lab4-writer` with the volume `lab4-notes` mounted at `/data`. In it, "
              "write `/data/kept.txt` and `/lost.txt`. Remove `lab4-writer`, then start "
              "`lab4-reader` with the same volume at `/data`, and look for both files.",
        "done": "`lab4-writer` is gone; `lab4-reader` mounts the volume `lab4-notes` at `/data`, "
                "where it sees `kept.txt`; the volume is not empty.",
        "hints": {
            "no-volume": "There is no volume lab4-notes. Name the volume where you mount it.",
            "writer-left": "lab4-writer still exists: remove it, to see what outlives it.",
            "no-reader": "There is no container lab4-reader: start it with the same volume.",
            "not-mounted": "lab4-reader does not mount the volume lab4-notes at /data: without the "
                           "mount, /data is an ordinary folder of its writable layer.",
            "not-in-volume": "The volume is empty. A file written outside the volume's mount "
                             "point stays in the writable layer and goes with the container.",
        },
    },
    {
        "id": "q4-up",
        "question": "q4",
        "section": ("restart-and-healthcheck", "The sample's restart policy and health check"),
        "title": "The whole stack up, and healthy",
        "do": "In the sample app's folder, start the whole sample app with Compose in the "
              "background, and let the command wait until the services are ready.",
        "done": "The project's `web`, `worker` and `redis` containers run; `web` and `redis` "
                "report `healthy`.",
        "hints": {
            "down": "No Compose project with the services web, worker and redis runs. Start it "
                    "from the sample app's folder, where compose.yaml is.",
            "not-running": "A service's container is not running. Its logs say why; starting the "
                           "stack again starts it.",
            "not-healthy": "web or redis is not healthy yet. Compose can wait for the health "
                           "checks before it returns: the section names the option.",
        },
    },
    {
        "id": "q4-scale",
        "question": "q4",
        "section": ("scaling", "Scaling a service"),
        "title": "Two workers",
        "do": "Run the stack with two `worker` containers, and still one `web` and one `redis`.",
        "done": "Two `worker` containers of the project run, beside one `web` and one `redis`.",
        "hints": {
            "down": "No Compose project with the services web, worker and redis runs: bring the "
                    "stack up first (the task before).",
            "not-scaled": "The number of running workers is not two. Compose sets a service's "
                          "number of containers when the stack starts: the section says how.",
            "too-many": "Only the worker should have two containers: web and redis keep one each.",
        },
    },
)
