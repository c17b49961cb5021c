"""Diagrams drawn from the samples: the data they show, their markup, and how pages show them."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from helpers import QUESTION_PAGES, ROOT, assert_build_failed_naming, build_small_site, mkdocs_build
from lab.errors import SampleError
from lab.markup.diagrams import compose, containers, layers
from lab.markup.diagrams.drawing import NARROW, WIDE
from lab.model import image as image_model, stack as stack_model
from lab.site import icon_sprite

WEB = (ROOT / "docs/samples/app/web.Dockerfile").read_text()
WORKER = (ROOT / "docs/samples/app/worker.Dockerfile").read_text()

SMALL = """FROM python:3.12-slim
ENV A=1
WORKDIR /srv
COPY req.txt .
RUN pip install -r req.txt
COPY a.py b.py ./
USER 1000
CMD ["python", "a.py"]
"""

MULTI_STAGE = """FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
USER nonroot
ENTRYPOINT ["/app"]
"""


def svg_of(figure_html: str) -> etree._Element:
    raw = BeautifulSoup(figure_html, "html.parser").find("svg")
    return etree.fromstring(str(raw).encode())


def test_one_layer_per_filesystem_instruction_with_its_label():
    image = image_model.image("small", SMALL)
    assert image.base == "python:3.12-slim"
    assert [layer.text for layer in image.layers] == [
        "WORKDIR /srv", "COPY req.txt .", "RUN pip install -r req.txt", "COPY a.py b.py ./"]
    assert image.config == ["ENV A=1", "USER 1000", 'CMD ["python", "a.py"]']


@pytest.mark.parametrize("workdir, layer", [("/srv", True), ("srv", True), ("/", False), ("/srv/..", False)])
def test_workdir_adds_a_layer_unless_it_is_the_root(workdir, layer):
    # BuildKit's dispatchWorkdir commits WORKDIR with an llb.Mkdir layer whenever the path is not /.
    image = image_model.image("w", f"FROM alpine:3.20\nWORKDIR {workdir}\n")
    assert [step.text for step in image.layers] == ([f"WORKDIR {workdir}"] if layer else [])


def test_a_relative_workdir_resolves_against_the_previous_one():
    image = image_model.image("w", "FROM alpine:3.20\nWORKDIR /srv\nWORKDIR .\nWORKDIR ..\n")
    assert [step.text for step in image.layers] == ["WORKDIR /srv", "WORKDIR ."]
    assert image.config == ["WORKDIR .."]


def test_the_sample_images_have_the_layers_buildkit_commits():
    # Pinned: the CI samples job checks these counts against `docker image inspect` on a real engine.
    web, worker = image_model.image("web", WEB), image_model.image("worker", WORKER)
    assert [layer.keyword for layer in web.layers] == ["WORKDIR", "RUN", "COPY", "RUN", "COPY"]
    assert len(worker.layers) == 5 and image_model.shared_prefix(web, worker) == 4


def test_layer_stack_draws_exactly_those_layers():
    figure = layers.layer_stack(image_model.image("small", SMALL))
    tree = svg_of(figure)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert tree.find("s:title", ns).text == "Image small: 4 layers on the python:3.12-slim base"
    assert "WORKDIR /srv; COPY req.txt .; RUN pip install -r req.txt; COPY a.py b.py ./" in tree.find("s:desc", ns).text
    labels = [t.text for t in tree.iterfind(".//s:text", ns)]
    assert labels.count("layer 1") == labels.count("layer 4") == 1 and "layer 5" not in labels
    assert "USER 1000" in labels  # drawn, as config
    text = [li.get_text() for li in BeautifulSoup(figure, "html.parser").select("details li")]
    assert text[:5] == ["Base image: python:3.12-slim", "Layer 1: WORKDIR /srv", "Layer 2: COPY req.txt .",
                        "Layer 3: RUN pip install -r req.txt", "Layer 4: COPY a.py b.py ./"]


def test_heredoc_layer_is_labelled_with_its_script():
    labels = [layer.text for layer in image_model.image("web", WEB).layers]
    assert labels[1].startswith("RUN <<EOF set -eu; groupadd --system --gid 10001 app; useradd")


def test_multi_stage_shows_only_the_final_stage():
    image = image_model.image("app", MULTI_STAGE)
    assert image.base == "gcr.io/distroless/static-debian12" and image.stages == 2
    assert [layer.text for layer in image.layers] == ["COPY --from=build /out/app /app"]
    assert "final of 2 build stages" in layers.layer_stack(image)


def test_shared_layers_are_exactly_the_common_prefix():
    web, worker = image_model.image("web", WEB), image_model.image("worker", WORKER)
    assert image_model.shared_prefix(web, worker) == 4  # the workdir, the user, the requirements and the install
    changed_env = image_model.image("other", WORKER.replace("PYTHONUNBUFFERED=1", "PYTHONUNBUFFERED=0"))
    assert image_model.shared_prefix(web, changed_env) == 1  # ENV keys the RUN steps, not WORKDIR before them
    labelled = image_model.image("other", WORKER.replace("WORKDIR /app", "LABEL x=1\nEXPOSE 9\nWORKDIR /app"))
    assert image_model.shared_prefix(web, labelled) == 4  # LABEL and EXPOSE key nothing
    as_user = image_model.image("other", WORKER.replace("WORKDIR /app", "USER 1\nWORKDIR /app"))
    assert image_model.shared_prefix(web, as_user) == 0  # USER keys WORKDIR and RUN
    with_arg = lambda v: image_model.image("a", f"FROM p\nWORKDIR /x\nARG V={v}\nCOPY f .\nRUN echo hi\n")
    assert image_model.shared_prefix(with_arg(1), with_arg(2)) == 2  # an ARG reaches the later RUN, used or not
    other_base = image_model.image("other", WORKER.replace("python:3.12-slim", "python:3.13-slim"))
    assert image_model.shared_prefix(web, other_base) == 0
    figure = layers.shared_layers(web, worker)
    items = [li.get_text() for li in BeautifulSoup(figure, "html.parser").select("details li")]
    assert [i for i in items if i.startswith("Shared")][1:] == [f"Shared: {layer.text}" for layer in web.layers[:4]]
    assert items[-2:] == ["Only web: COPY store.py web.py ./", "Only worker: COPY store.py worker.py ./"]
    # shared because the second build reuses the first one's cache entries, not because rebuilding gives the same bytes
    caption = BeautifulSoup(figure, "html.parser").figcaption.get_text()
    assert "from the build cache" in caption and "without the cache would give new layers" in caption


def test_copy_on_write_knows_which_files_the_image_holds():
    web = image_model.image("web", WEB)
    assert [p for p, _ in web.copied_paths()] == ["/app/requirements.txt", "/app/store.py", "/app/web.py"]
    figure = containers.copy_on_write(web, "/app/store.py", "/app/web.py", "/tmp/new.txt", user="0")
    assert "/app/store.py (copied up, changed)" in figure and "/app/web.py (whiteout: deleted)" in figure
    with pytest.raises(SampleError, match="is not a file the Dockerfile copies"):
        containers.copy_on_write(web, "/etc/passwd", "/app/web.py", "/tmp/new.txt", user="0")
    with pytest.raises(SampleError, match="is already in the image"):
        containers.copy_on_write(web, "/app/store.py", "/app/web.py", "/app/web.py", user="0")


def test_copy_on_write_draws_only_changes_the_user_may_make():
    # web runs as uid 10001 and its COPY has no --chown: /app's files belong to root.
    web = image_model.image("web", WEB)
    assert web.user == "10001" and {owner for _, _, owner in web.copied_files()} == {"root"}
    with pytest.raises(SampleError, match=r"belongs to root in web and the container runs as user 10001.*user=\"0\""):
        containers.copy_on_write(web, "/app/store.py", "/app/web.py", "/tmp/new.txt")
    figure = containers.copy_on_write(web, "/app/store.py", "/app/web.py", "/tmp/new.txt", user="0")
    caption = BeautifulSoup(figure, "html.parser").figcaption.get_text()
    assert "made as root with docker exec -u 0" in caption
    assert "runs its process as user 10001" in svg_of(figure).find("{http://www.w3.org/2000/svg}desc").text
    # A file --chown gave to the user may change; deleting is drawn only for root.
    owned = image_model.image("o", "FROM alpine:3.20\nWORKDIR /app\nCOPY --chown=1000:1000 a b ./\nUSER 1000\n")
    with pytest.raises(SampleError, match="draws deletions only by root, not by user 1000"):
        containers.copy_on_write(owned, "/app/a", "/app/b", "/tmp/n")


def test_compose_edges_match_depends_on():
    stack = stack_model.stack({
        "name": "demo",
        "services": {
            "api": {"image": "api:1", "depends_on": {"db": {"condition": "service_healthy"}}, "ports": ["8080:80"]},
            "db": {"image": "postgres:17", "volumes": ["pgdata:/var/lib/postgresql/data"]},
            "cron": {"image": "cron:1", "depends_on": ["api"]},
        },
        "volumes": {"pgdata": {}},
    })
    assert {(s.name, dep, cond) for s in stack.services for dep, cond in s.depends_on} == {
        ("api", "db", "service_healthy"), ("cron", "api", "service_started")}
    assert stack.networks == ["default"] and all(s.networks == ["default"] for s in stack.services)
    figure = compose.compose_stack(stack)
    assert svg_of(figure).xpath("count(//*[local-name()='path'][@class='lab-d-arrow'])") == 2
    items = [li.get_text() for li in BeautifulSoup(figure, "html.parser").select("details li")]
    assert "api: image api:1; publishes 8080:80; network default; starts after db is healthy" in items
    assert "db: image postgres:17; network default; volume pgdata at /var/lib/postgresql/data" in items


def test_compose_cycle_is_an_error():
    stack = stack_model.stack({"services": {"a": {"image": "x", "depends_on": ["b"]}, "b": {"image": "x", "depends_on": ["a"]}}})
    with pytest.raises(SampleError, match="cycle"):
        compose.compose_stack(stack)


@pytest.mark.parametrize("draw", [
    lambda: layers.layer_stack(image_model.image("web", WEB)),
    lambda: layers.shared_layers(image_model.image("web", WEB), image_model.image("worker", WORKER)),
    lambda: containers.image_vs_container(image_model.image("web", WEB)),
    lambda: containers.copy_on_write(image_model.image("web", WEB), "/app/store.py", "/app/web.py", "/tmp/x", user="0"),
    lambda: compose.compose_stack(stack_model.stack({"services": {"a": {"image": "x"}}})),
])
def test_every_diagram_is_accessible_xml_and_deterministic(draw):
    first, second = draw(), draw()
    assert first == second
    tree = svg_of(first)
    assert tree.get("role") == "img"
    title_id, desc_id = tree.get("aria-labelledby").split()
    assert tree.xpath(f"//*[@id='{title_id}']")[0].text and tree.xpath(f"//*[@id='{desc_id}']")[0].text
    soup = BeautifulSoup(first, "html.parser")
    assert soup.select("figure > details.lab-diagram__text li")
    assert "\n\n" not in first
    # HTML allows a figcaption only as a figure's first or last child.
    assert soup.figure.find(recursive=False).name == "figcaption"
    # drawn twice from one model: wide, and narrow enough for a phone's 343-px column at full size
    drawings = soup.figure.find_all("svg", recursive=False)
    assert [d["class"][1] for d in drawings] == ["lab-diagram__svg--wide", "lab-diagram__svg--narrow"]
    assert [int(d["width"]) for d in drawings] == [WIDE, NARROW] and NARROW <= 343
    boxes = [len(d.find_all("rect")) for d in drawings]
    assert boxes[0] == boxes[1] > 0
    ids = [element["id"] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    # written once, in the first drawing; every drawing is named by it
    assert [len(d.find_all(["title", "desc"])) for d in drawings] == [2, 0]
    assert {d["aria-labelledby"] for d in drawings} == {f"{title_id} {desc_id}"}


@pytest.mark.parametrize("call, files, cause", [
    ('diagram_layers("app/none.Dockerfile")', {}, "no such sample file"),
    ('diagram_layers("x.Dockerfile")', {"x.Dockerfile": "# no FROM here\nRUN echo\n"}, "does not start with FROM"),
    ('diagram_compose("compose.yaml")', {"compose.yaml": "name: empty\n"}, "defines no services"),
    ('diagram_copy_on_write("x.Dockerfile", changed="/nope", deleted="/app/a", created="/tmp/n")',
     {"x.Dockerfile": "FROM alpine:3.20\nWORKDIR /app\nCOPY a ./\nUSER 1000\n"}, "is not a file the Dockerfile copies"),
])
def test_bad_diagram_input_fails_the_build_naming_page_and_call(tmp_path, call, files, cause):
    result = build_small_site(tmp_path, "# Page\n\n{{ " + call + " }}\n", files)
    assert_build_failed_naming(result, call.replace('"', "'"), cause)


def test_changing_a_sample_changes_its_diagram_on_the_page(tmp_path, site):
    project = tmp_path / "project"
    for part in ("docs", "lab", "includes", "overrides"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    dockerfile = project / "docs/samples/app/web.Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace(
        "COPY store.py web.py ./", "COPY store.py web.py ./\nRUN python -m compileall -q ."))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    before = site.soup("layers/").select_one("#diagram-layers-lab4-web title").get_text()
    after_soup = BeautifulSoup((tmp_path / "site/layers/index.html").read_text(), "lxml")
    after = after_soup.select_one("#diagram-layers-lab4-web title").get_text()
    assert before == "Image lab4-web: 5 layers on the python:3.12-slim base"
    assert after == "Image lab4-web: 6 layers on the python:3.12-slim base"
    assert "Layer 6: RUN python -m compileall -q ." in after_soup.select_one("#diagram-layers-lab4-web details").get_text()


# --- in the browser -------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", QUESTION_PAGES)
def test_diagrams_show_in_the_diagram_section_without_extra_requests(site, reader, page, scheme):
    v = reader(site.url + page, color_scheme=scheme, width=375)
    figures = v.page.locator("#diagram ~ .lab-diagram")
    assert figures.count() >= 1
    first = figures.first.locator("svg:visible")  # the narrow drawing, at this width
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    box = first.bounding_box()
    assert box["width"] > 200 and box["height"] > 100
    # the drawing follows the scheme: its text takes Material's foreground colour
    fill = v.page.evaluate("getComputedStyle(document.querySelector('.lab-diagram__svg--narrow text')).fill")
    body = v.page.evaluate("getComputedStyle(document.body).color")
    assert fill == body
    assert v.foreign_requests(site.url) == []
    # the diagrams are inline: no file is fetched for them (the favicon and Material's icons,
    # lab/site/icon_sprite.py, are the only SVG files a page asks for)
    assert not [u for u in v.requests if "diagram" in u or u.endswith(".svg") and "favicon" not in u
                and not u.endswith("/" + icon_sprite.SPRITE.name)]


# What a reader sees of each diagram's drawing: its width, its smallest text in CSS px, and any
# text that runs past the drawing's edge or element that scrolls sideways.
MEASURE_FIGURES = """figures => figures.map(figure => {
  const shown = [...figure.querySelectorAll('svg')].filter(s => getComputedStyle(s).display !== 'none');
  const svg = shown[0], view = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / view.width;
  const texts = [...svg.querySelectorAll('text')];
  return {
    id: figure.id, shown: shown.map(s => s.getAttribute('class')), width: svg.getBoundingClientRect().width,
    smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
    cut: texts.filter(t => { const b = t.getBBox(); return b.x < 0 || b.x + b.width > view.width; }).map(t => t.textContent),
    scrolling: [figure, ...figure.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1
      && getComputedStyle(e).overflowX !== 'visible').map(e => e.tagName),
  };
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", QUESTION_PAGES)
@pytest.mark.parametrize("width, variant", [(375, "narrow"), (1280, "wide")])
def test_diagrams_fit_the_column_with_legible_text(site, reader, page, scheme, width, variant):
    v = reader(site.url + page, color_scheme=scheme, width=width)
    figures = v.page.locator("#diagram ~ .lab-diagram").evaluate_all(MEASURE_FIGURES)
    column = v.page.locator(".md-content__inner").evaluate("e => e.getBoundingClientRect().width")
    assert figures
    for figure in figures:
        assert figure["shown"] == [f"lab-diagram__svg lab-diagram__svg--{variant}"], figure["id"]
        assert figure["width"] <= column, figure
        assert figure["smallest"] >= 11, figure  # CSS px, after any scaling of the drawing
        assert figure["cut"] == [] and figure["scrolling"] == [], figure
    assert v.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
