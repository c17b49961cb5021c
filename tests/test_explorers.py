"""The build-cache and copy-on-write explorers: their models against BuildKit's and moby's rules
and the real samples, their pages with and without JavaScript, and a sample edit that changes them."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest
from browser import axe_violations
from conftest import BuiltSite
from helpers import PAGES, ROOT, assert_build_failed_naming, build_small_site, copy_of_project, mkdocs_build
from lab.markup.explorer_compact import compact_cache_model
from lab.model import build_cache, build_context, container as container_model, container_files, copy_on_write
from lab.model import image as image_model
from lab.model.build_cache import BASE_CONFIG, BASE_ENV, BASE_LAYERS
from lab.model.container import Container
from lab.model.container_files import File
from test_diagrams import SMALL  # FROM python:3.12-slim, ENV, WORKDIR /srv, COPY req.txt, RUN, COPY a.py b.py, USER, CMD

APP = ROOT / "docs/samples/app"
WEB = image_model.image("web", (APP / "web.Dockerfile").read_text())
WORKER = image_model.image("worker", (APP / "worker.Dockerfile").read_text())
COW_WEB = image_model.image("lab4-web", (APP / "web.Dockerfile").read_text())  # the page's cow_explorer(…, image="lab4-web")
FILES = build_context.context_files(APP, "web.Dockerfile")
SCRIPTS = {name: ROOT / "docs/assets/javascripts" / f"{name}.js" for name in ("explorers", "cache-explorer", "cow-explorer")}

SMALL_FILES = ["a.py", "b.py", "req.txt", "unused.txt"]


def states(image, change, files=SMALL_FILES):
    return dict(zip([text for text, _ in build_cache.step_labels(image)], build_cache.cache_outcome(image, files, change)))


# --- the build context --------------------------------------------------------------------

def test_the_sample_context_is_what_dockerignore_lets_through():
    assert FILES == ["requirements.txt", "store.py", "web.py", "worker.py"]


def test_dockerignore_follows_dockers_pattern_rules(tmp_path):
    for name in ("a.py", "notes.txt", "sub/b.txt", "sub/deep/c.py", "build/out.bin", "Dockerfile"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / ".dockerignore").write_text("# comment\n*.txt\nbuild\n**/*.py\n!a.py\n")
    # `*` stays within one path element; a folder takes what is under it; `**` crosses folders; last match wins
    assert build_context.context_files(tmp_path, "Dockerfile") == [".dockerignore", "Dockerfile", "a.py", "sub/b.txt"]
    (tmp_path / "Dockerfile.dockerignore").write_text("*\n!notes.txt\n")  # BuildKit: <Dockerfile>.dockerignore wins
    assert build_context.context_files(tmp_path, "Dockerfile") == ["notes.txt"]


def test_copy_takes_named_files_folders_globs_and_dot():
    files = ["a.py", "b.py", "src/x.py", "src/y.py", "README.md"]
    taken = lambda line: build_context.sources_in_context(image_model.copy_of(image_model.image("i", f"FROM a\n{line}\n").steps[0]), files)
    assert taken("COPY a.py ./") == ["a.py"]
    assert taken("COPY --chown=1000 src /app/src") == ["src/x.py", "src/y.py"]
    assert taken("COPY *.py ./") == ["a.py", "b.py"]
    assert taken('COPY ["a.py", "README.md", "/app/"]') == ["README.md", "a.py"]
    assert taken("COPY . .") == sorted(files) == taken("ADD . /app")
    assert image_model.copy_of(image_model.image("i", "FROM a\nCOPY --from=build /out /app\n").steps[0]) is None


# --- the build cache ----------------------------------------------------------------------

def test_nothing_changed_is_all_cached_and_a_base_with_new_layers_runs_everything():
    image = image_model.image("small", SMALL)
    assert list(states(image, "").values()) == ["resolved"] + ["CACHED"] * 4  # FROM is resolved to the base's layers
    assert list(states(image, BASE_LAYERS).values()) == ["resolved"] + ["DONE"] * 4
    assert list(states(image, BASE_CONFIG).values()) == ["resolved"] + ["CACHED"] * 4  # new ID, same layers
    assert list(states(image, "unused.txt").values()) == ["resolved"] + ["CACHED"] * 4  # in the context, copied by nothing


def test_a_base_whose_env_changed_runs_the_run_steps_and_what_follows():
    image = image_model.image("small", SMALL)
    assert list(states(image, BASE_ENV).values()) == ["resolved", "CACHED", "CACHED", "DONE", "DONE"]


def test_the_first_changed_input_and_every_later_numbered_step_run():
    image = image_model.image("small", SMALL)
    assert list(states(image, "a.py").values()) == ["resolved"] + ["CACHED"] * 3 + ["DONE"]
    assert states(image, "req.txt") == {
        "[1/5] FROM python:3.12-slim": "resolved", "[2/5] WORKDIR /srv": "CACHED", "[3/5] COPY req.txt .": "DONE",
        "[4/5] RUN pip install -r req.txt": "DONE", "[5/5] COPY a.py b.py ./": "DONE"}


def test_buildkit_numbers_from_and_the_layer_steps_only():
    labels = dict(build_cache.step_labels(image_model.image("small", SMALL)))
    assert labels == {"[1/5] FROM python:3.12-slim": "base image, resolved by its layers", "[2/5] WORKDIR /srv": "layer 1",
                      "[3/5] COPY req.txt .": "layer 2", "[4/5] RUN pip install -r req.txt": "layer 3",
                      "[5/5] COPY a.py b.py ./": "layer 4"}
    image = image_model.image("a", "FROM alpine:3.20\nARG V=1\nLABEL x=1\nRUN echo $V\n")
    assert build_cache.step_labels(image) == [("[1/2] FROM alpine:3.20", "base image, resolved by its layers"),
                                              ("[2/2] RUN echo $V", "layer 1")]


def test_the_bad_order_moves_the_source_copy_before_the_install():
    bad = build_cache.badly_ordered(image_model.image("small", SMALL), SMALL_FILES)
    assert [image_model.one_line(s) for s in bad.steps] == [
        "ENV A=1", "WORKDIR /srv", "COPY req.txt .", "COPY a.py b.py ./", "RUN pip install -r req.txt", "USER 1000",
        'CMD ["python", "a.py"]']
    assert states(bad, "a.py")["[5/5] RUN pip install -r req.txt"] == "DONE"
    assert build_cache.badly_ordered(bad, SMALL_FILES) is None  # already copies the source before the install
    assert build_cache.badly_ordered(image_model.image("x", "FROM a\nCOPY . .\n"), SMALL_FILES) is None


def test_the_real_samples_editing_the_code_keeps_the_install_cached_only_when_well_ordered():
    model = build_cache.cache_model([(WEB, FILES), (WORKER, FILES)])
    assert model["changes"] == ["", BASE_LAYERS, BASE_CONFIG, BASE_ENV, "requirements.txt", "store.py", "web.py", "worker.py"]
    web = model["images"]["web"]
    steps = [text for text, _ in web["written"]["steps"]]
    install = "[5/6] RUN pip install --no-cache-dir -r requirements.txt"
    good = dict(zip(steps, web["written"]["cases"]["web.py"]["cache"]))
    assert good[install] == "CACHED" and good["[6/6] COPY store.py web.py ./"] == "DONE"
    assert web["written"]["cases"]["web.py"]["count"] == "after FROM, 4 CACHED, 1 DONE"
    bad_steps = [text for text, _ in web["reordered"]["steps"]]
    assert bad_steps.index("[5/6] COPY store.py web.py ./") < bad_steps.index("[6/6] RUN pip install --no-cache-dir -r requirements.txt")
    assert web["reordered"]["cases"]["web.py"]["cache"][-1] == "DONE"
    # worker.py is in the context, but web copies nothing of it: web's build is all cached
    assert web["written"]["cases"]["worker.py"]["cache"][1:] == ["CACHED"] * 5
    assert model["images"]["worker"]["written"]["cases"]["web.py"]["cache"][1:] == ["CACHED"] * 5


def test_push_and_the_other_image_are_stated_in_words():
    web = build_cache.cache_model([(WEB, FILES), (WORKER, FILES)])["images"]["web"]["written"]["cases"]
    assert web["web.py"]["push"].startswith("The next push usually uploads 1 layer ([6/6]: a step run again")
    assert web["requirements.txt"]["push"].startswith("The next push usually uploads 3 layers")
    assert web[""]["push"].startswith("The next push uploads no layer")
    assert web[BASE_CONFIG]["push"] == "The next push uploads no layer, only a new config (the base's changed) and manifest."
    assert web["web.py"]["other"] == "worker is not rebuilt: its image and its 4 layers shared with web stay as they were."
    assert "new copies of 2 of them" in web["requirements.txt"]["other"]
    assert "new copies of all of them" in web[BASE_LAYERS]["other"]
    assert web["web.py"]["say"] == "web.py changed: after FROM, 4 CACHED, 1 DONE: [6/6] COPY store.py web.py ./."


# --- copy-on-write -------------------------------------------------------------------------

def test_the_web_image_files_owners_and_user_come_from_the_dockerfile():
    paths = container_files.image_files(WEB, APP, FILES)
    assert [p for p, f in paths.items() if f.origin.startswith("layer")] == [
        "/app", "/app/requirements.txt", "/app/store.py", "/app/web.py"]
    assert paths["/app"] == File("d", "root", 0o755, "layer 1: WORKDIR /app")
    assert paths["/app/web.py"].owner == "root" and paths["/tmp"].mode == 0o1777
    assert container_files.runs_as(WEB) == "10001"
    assert [p for p, _ in WEB.copied_paths()] == [p for p, f in paths.items() if f.kind == "f" and f.origin.startswith("layer")]


def test_chown_and_a_workdir_after_user_give_the_user_ownership(tmp_path):
    (tmp_path / "a.py").write_text("x")
    image = image_model.image("i", "FROM alpine:3.20\nUSER 1000\nWORKDIR /data\nCOPY --chown=1000:1000 a.py /srv/\n")
    paths = container_files.image_files(image, tmp_path, ["a.py"])
    assert paths["/data"].owner == "1000" and paths["/srv/a.py"].owner == "1000" and paths["/srv"].owner == "root"
    box = Container("lab4-a", "A", paths)
    assert box.write("/srv/a.py", "1000")[1].startswith("copy-up")  # the user owns it
    assert box.write("/srv/new.py", "1000") == (container_model.DENIED, "sh: 1: cannot create /srv/new.py: Permission denied")


def web_explorer():
    return copy_on_write.Explorer(WEB, APP, FILES)


def web_container(label="A"):
    return web_explorer().containers[label.lower()]


def test_the_image_user_gets_permission_denied_on_root_files_and_root_does_not():
    a = web_container()
    assert a.write("/app/store.py", "10001") == (container_model.DENIED, "sh: 1: cannot create /app/store.py: Permission denied")
    assert a.delete("/app/store.py", "10001") == (container_model.DENIED, "rm: cannot remove '/app/store.py': Permission denied")
    assert a.write("/app/notes.txt", "10001")[0] == container_model.DENIED
    assert a.diff() == [] and a.layer == {}
    assert a.write("/app/store.py", "root")[1].startswith("copy-up")
    assert a.read("/app/store.py", "10001")[1] == "cat prints /app/store.py from its own copy in A's writable layer"


def test_docker_diff_lists_every_folder_above_a_change_and_nothing_changed_back():
    # Measured on Engine 26.1.5 (tests/test_engine_explorers.py): a change in place lists
    # the folder too; a file created and deleted again leaves no trace, not even C /tmp.
    a = web_container()
    a.write("/app/web.py", "root")
    assert a.diff() == ["C /app", "C /app/web.py"]
    a.delete("/app/store.py", "root")
    assert a.diff() == ["C /app", "D /app/store.py", "C /app/web.py"]
    a.write("/tmp/scratch.txt", "10001")
    assert a.diff()[-2:] == ["C /tmp", "A /tmp/scratch.txt"] and a.layer["/tmp/scratch.txt"] == "new"
    a.delete("/tmp/scratch.txt", "10001")
    assert a.diff() == ["C /app", "D /app/store.py", "C /app/web.py"] and "/tmp/scratch.txt" not in a.layer
    a.write("/app/store.py", "root")  # created again over its whiteout: a lower layer has it, so C
    assert a.diff() == ["C /app", "C /app/store.py", "C /app/web.py"]


def test_the_sticky_tmp_keeps_others_files_and_the_other_container_sees_the_image():
    a, b = web_container("A"), web_container("B")
    a.write("/tmp/x", "root")
    assert a.delete("/tmp/x", "10001") == (container_model.NOT_PERMITTED, "rm: cannot remove '/tmp/x': Operation not permitted")
    a.delete("/app/web.py", "root")
    assert a.read("/app/web.py", "10001") == (container_model.NO_FILE, "cat: /app/web.py: No such file or directory")
    assert b.read("/app/web.py", "10001")[1] == "cat prints /app/web.py from the image (layer 5: COPY store.py web.py ./)"
    assert b.diff() == []


def test_the_main_process_needs_its_script_and_imports_at_start():
    # CMD ["python", "web.py"]: web.py and the store module it imports (found with ast).
    assert container_files.startup(WEB, APP, container_files.image_files(WEB, APP, FILES)) == container_files.Startup("/app/web.py", ("/app/store.py",))
    for path, action, code in [("/app/store.py", "delete", 1), ("/app/web.py", "delete", 2), ("/app/store.py", "write", 1)]:
        box = web_explorer()
        box.act("a", action, path, root=True)
        assert box.act("a", "stop")[1:] == (container_model.DONE, "lab4-a stopped (exit code 0); its writable layer is kept")
        assert box.act("a", "start")[2].startswith(f"lab4-a started, and its process exited at once (exit code {code})")
        assert box.act("a", "read", "/etc/issue")[1] == container_model.NOT_RUNNING
    box = web_explorer()  # a line appended to the script runs once main() returns, in a process started after it
    box.act("a", "write", "/app/web.py", root=True)
    assert box.act("a", "stop")[2] == "lab4-a stopped (exit code 0); its writable layer is kept"
    assert box.act("a", "start")[2] == "lab4-a running again; its writable layer is kept"
    assert box.act("a", "stop")[2] == "lab4-a stopped (exit code 1); its writable layer is kept"


def test_containers_are_named_as_docker_allows_and_the_lifecycle_follows_docker():
    box = web_explorer()
    assert box.act("a", "run") == ("docker run -d --name lab4-a web", container_model.NAME_TAKEN,
                                   "the name lab4-a is taken: remove that container first")
    assert box.act("a", "rm")[:2] == ("docker rm -f lab4-a", container_model.DONE) and box.diff("a") is None
    assert box.act("a", "rm")[1] == container_model.DONE  # -f: "No such container", exit status 0
    assert box.act("a", "start")[1] == container_model.NO_CONTAINER
    assert box.act("a", "run")[1] == container_model.DONE and box.diff("a") == []


def test_a_copy_up_that_changes_nothing_is_in_the_upper_dir_not_in_docker_diff():
    box = web_explorer()
    assert box.act("a", "chmod", "/app/web.py")[1:] == (
        container_model.NOT_PERMITTED, "chmod: changing permissions of '/app/web.py': Operation not permitted")
    command, kind, shown = box.act("a", "chmod", "/app/web.py", root=True)
    assert (command, kind) == ("docker exec -u 0 lab4-a chmod u+r /app/web.py", container_model.DONE)
    assert "copied into A's writable layer with nothing changed" in shown
    assert box.diff("a") == [] and box.upper("a") == ["/app", "/app/web.py"]
    box.act("a", "write", "/app/web.py", root=True)  # now its content differs
    assert box.diff("a") == ["C /app", "C /app/web.py"]
    box.act("b", "write", "/tmp/scratch.txt")
    box.act("b", "delete", "/tmp/scratch.txt")  # created and deleted: only its folder is left, copied up
    assert box.diff("b") == [] and box.upper("b") == ["/tmp"]


def test_the_static_walk_through_ends_with_an_empty_layer_after_rm():
    rows = copy_on_write.scenario(WEB, APP, FILES)
    assert rows[0]["output"].endswith("Permission denied") and rows[1]["diff_a"] == ["C /app", "C /app/web.py"]
    stop, start, rm, run = rows[-4:]
    assert stop["diff_a"] == start["diff_a"] == rows[-5]["diff_a"] != []  # stop and start keep the writable layer
    assert "exited at once (exit code 1)" in start["output"]  # store.py was deleted
    assert rm["diff_a"] is None and run["diff_a"] == [] and all(r["diff_b"] == [] for r in rows)


@pytest.mark.parametrize("call, files, cause", [
    ("cache_explorer()", {}, "name at least one sample Dockerfile"),
    ('cow_explorer("x.Dockerfile", image="x")', {"x.Dockerfile": "FROM alpine:3.20\nUSER 1000\n"}, "copies no file from the build context"),
    ('cache_explorer("x.Dockerfile", "x.Dockerfile")', {"x.Dockerfile": "FROM alpine:3.20\n"}, "same name"),
])
def test_bad_explorer_calls_fail_the_build_naming_page_and_call(tmp_path, call, files, cause):
    result = build_small_site(tmp_path, "# Page\n\n{{ " + call + " }}\n", files)
    assert_build_failed_naming(result, call.replace('"', "'"), cause)


# --- the built pages ------------------------------------------------------------------------

def static_rows(soup, caption_start):
    table = next(t for t in soup.select(".lab-explorer__static table") if t.caption.get_text().startswith(caption_start))
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in table.tbody.find_all("tr")]


def row_of(rows, change):
    """The static row of one change (changes with the same outcome share a row: "store.py or web.py")."""
    return next(row for row in rows if change in row[0].split(" or "))


def test_the_scripts_are_small_and_each_page_loads_only_its_explorers(site):
    assert sum(len(gzip.compress(path.read_bytes(), 9)) for path in SCRIPTS.values()) < 8 * 1024
    loading = {page: [Path(s["src"]).name for s in site.soup(page).select('script[src*="explorer"]')] for page in PAGES}
    assert {page: names for page, names in loading.items() if names} == {
        "layers/": ["explorers.js", "cache-explorer.js"],
        "writable-layer/": ["explorers.js", "cow-explorer.js"],
    }
    published = site.directory / "assets/javascripts"
    for name, source in SCRIPTS.items():
        assert len((published / f"{name}.js").read_bytes()) < len(source.read_bytes()), f"{name}.js is published minified"


def test_the_explorers_stay_out_of_the_search_index(site):
    # Their tables repeat the page's steps; search would list them for every step name.
    index = (site.directory / "search/search_index.json").read_text()
    assert "steps 7–11" not in index and "Permission denied" not in index and "docker exec -u 0 a rm" not in index


def diff_shown(lines):
    if lines is None:
        return "(no such container)"
    return " ".join(lines) or "(nothing)"


def test_without_javascript_the_outcomes_are_static_tables(site):
    soup = site.soup("layers/")
    assert soup.select_one(".lab-cache .lab-explorer__live")["hidden"] is not None
    rows = static_rows(soup, "web.Dockerfile as written")
    assert [row[0] for row in rows] == [
        "nothing or worker.py", "python:3.12-slim: new layers (a security update)",
        "python:3.12-slim: a new ID, the same layers (its LABEL changed)", "python:3.12-slim: the same layers, its ENV changed",
        "requirements.txt", "store.py or web.py"], "one row per outcome, every change in one of them"
    assert ["store.py or web.py", "[2/6]–[5/6]", "[6/6]"] == row_of(rows, "web.py")[:3]
    assert row_of(static_rows(soup, "web.Dockerfile badly ordered"), "web.py")[1:3] == ["[2/6]–[4/6]", "[5/6]–[6/6]"]
    cow_rows = static_rows(site.soup("writable-layer/"), "Containers lab4-a and lab4-b")
    scenario = copy_on_write.scenario(COW_WEB, APP, FILES)
    assert [r[1] for r in cow_rows] == [r["command"] for r in scenario]
    assert [r[3] for r in cow_rows] == [diff_shown(r["diff_a"]) for r in scenario]
    assert "docker run -d --name lab4-a lab4-web" in [r[1] for r in cow_rows]


def test_editing_a_sample_changes_the_explorers(tmp_path, site):
    project = copy_of_project(tmp_path / "project")
    dockerfile = project / "docs/samples/app/web.Dockerfile"
    text = dockerfile.read_text()
    code = "COPY store.py web.py ./\n"
    install = "RUN pip install --no-cache-dir -r requirements.txt\n"
    # the code copied before the install, and given to the app's user
    dockerfile.write_text(text.replace(code, "").replace(install, code.replace("COPY", "COPY --chown=10001") + install))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    built = BuiltSite(tmp_path / "site", "")
    after = built.soup("layers/")
    before_rows, after_rows = static_rows(site.soup("layers/"), "web.Dockerfile as written"), static_rows(after, "web.Dockerfile as written")
    assert row_of(before_rows, "web.py")[1:3] == ["[2/6]–[5/6]", "[6/6]"]
    assert row_of(after_rows, "web.py")[1:3] == ["[2/6]–[4/6]", "[5/6]–[6/6]"]  # the install after the code now misses too
    assert not [t for t in after.select(".lab-explorer__static caption") if t.get_text().startswith("web.Dockerfile badly")]
    web_written = after.select(".lab-cache .lab-explorer__static .lab-cache__steps")[0]  # web, as written: the first
    steps = [li.code.get_text() for li in web_written.find_all("li")]
    assert steps.index("[5/6] COPY --chown=10001 store.py web.py ./") < steps.index("[6/6] " + install.strip())
    # the app's user now owns its code: changing it is a copy-up, not "Permission denied"
    cow = static_rows(built.soup("writable-layer/"), "Containers lab4-a and lab4-b")
    assert cow[0][2].startswith("copy-up: /app/web.py") and cow[0][3] == "C /app C /app/web.py"


# --- in the browser --------------------------------------------------------------------------

def reach(page, anchor):
    """Scroll to an explorer as a reader would: the script sets it up once it is near."""
    page.locator(f"#{anchor}").scroll_into_view_if_needed()
    page.locator(f"#{anchor} ~ .lab-explorer[data-ready]").first.wait_for(state="attached")


def test_an_explorer_is_set_up_when_the_reader_comes_near_it(site, reader):
    v = reader(site.url + "layers/", width=375)  # a phone: the explorer is many screens down
    page = v.page
    assert page.locator(".lab-cache").get_attribute("data-ready") is None
    assert page.locator(".lab-cache .lab-explorer__static").is_visible()
    reach(page, "cache-explorer")
    assert page.locator(".lab-cache .lab-explorer__static").is_hidden()
    assert page.get_by_label("What changed since the last build").is_visible()
    # a link straight to the explorer finds it ready
    linked = reader(site.url + "layers/#cache-explorer").page
    linked.locator(".lab-cache[data-ready]").wait_for(state="attached")
    assert linked.get_by_label("What changed since the last build").is_visible()
    assert v.console_errors == []


def full_model():
    """cache_model() as JSON gives it to the browser (tuples become lists)."""
    return json.loads(json.dumps(build_cache.cache_model([(WEB, FILES), (WORKER, FILES)])))


def test_the_browsers_expansion_of_the_compact_model_is_the_full_model(site, reader):
    page = reader(site.url + "layers/").page
    full = full_model()
    embedded = json.loads(page.locator(".lab-cache").get_attribute("data-model"))
    assert embedded == compact_cache_model(full), "the page carries the compact model of the samples"
    # the views' steps as the script reads them from the static lists
    expanded = page.evaluate("m => window.labExpandCache(m, window.labCacheSteps(document.querySelector('.lab-cache')))",
                             embedded)
    for image, orders in full["images"].items():
        for order, view in orders.items():
            assert expanded["images"][image][order]["steps"] == view["steps"]
            for change, case in view["cases"].items():
                assert expanded["images"][image][order]["cases"][change] == case, (image, order, change)
    assert expanded == full
    assert len(json.dumps(embedded)) < len(json.dumps(full)) / 2, "the compaction pays"


def test_the_compaction_is_lossless_whatever_the_sentences_say(site, reader):
    """Texts that quote facts in odd ways, a fact inside another, digits, braces, a third state."""
    steps = [["COPY a.py .", "layer 1"], ["COPY a.py", "layer 2"], ["RUN echo 0 {0} } 1", "config, no layer"]]
    cases = {change: {"cache": ["cached", "rebuilt", "skipped"][n % 3:] + ["cached"] * (n % 3),
                      "count": f"{n} of 3 ({change or 'none'})",
                      "say": f"{change} changed: COPY a.py . and COPY a.py, then RUN echo 0 {{0}} }} 1 {n} of 3 ({change})",
                      "push": "" if n else "COPY a.py . COPY a.py .", "other": f"base {change}{change}"}
             for n, change in enumerate(["", BASE_LAYERS, "a.py", "0", "1"])}
    model = {"changes": list(cases), "images": {"x": {"written": {"steps": steps, "cases": cases}}}}
    page = reader(site.url + "layers/").page
    views = {"x": {"written": steps}}
    assert page.evaluate("([m, v]) => window.labExpandCache(m, v)", [compact_cache_model(model), views]) == model


def cache_view(page, image, order):
    return [(li.get_attribute("data-step"), li.get_attribute("data-cache"))
            for li in page.locator(f'[data-image="{image}"] [data-order="{order}"] li').all()]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cache_explorer_by_click_and_keyboard(site, reader, scheme):
    v = reader(site.url + "layers/", color_scheme=scheme)
    page = v.page
    reach(page, "cache-explorer")
    model = build_cache.cache_model([(WEB, FILES), (WORKER, FILES)])
    assert page.locator(".lab-cache .lab-explorer__static").is_hidden()
    page.get_by_label("What changed since the last build").select_option("web.py")
    web = model["images"]["web"]
    for order in ("written", "reordered"):
        assert cache_view(page, "web", order) == list(zip([t for t, _ in web[order]["steps"]], web[order]["cases"]["web.py"]["cache"]))
    status = page.locator(".lab-cache .lab-explorer__status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().startswith("web.py changed: after FROM, 4 CACHED, 1 DONE: [6/6] COPY store.py web.py ./")
    assert "Badly ordered: after FROM, 3 CACHED, 2 DONE." in status.inner_text()
    assert page.locator('[data-image="web"] .lab-cache__push').first.inner_text().startswith("The next push usually uploads 1 layer")
    # the keyboard: to the image radios, arrow to worker, then to the select and pick requirements.txt
    page.get_by_label("web", exact=True).focus()
    page.keyboard.press("ArrowRight")
    assert page.locator('[data-image="worker"]').is_visible() and page.locator('[data-image="web"]').is_hidden()
    page.keyboard.press("Tab")
    page.keyboard.press("Home")  # "nothing", then the three kinds of base image
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    worker = model["images"]["worker"]["written"]
    assert [c for _, c in cache_view(page, "worker", "written")] == worker["cases"]["requirements.txt"]["cache"]
    assert status.inner_text().startswith("requirements.txt changed: after FROM, 2 CACHED, 3 DONE: [4/6] COPY requirements.txt .")
    assert page.locator('[data-image="worker"] .lab-cache__other').inner_text().startswith("web is not rebuilt")
    assert axe_violations(page) == []
    assert v.console_errors == [] and v.foreign_requests(site.url) == []


def cow_do(page, container, path, action, root=False):
    page.get_by_role("radio", name=container.upper(), exact=True).check()
    page.get_by_label("File", exact=True).select_option(path)
    page.locator("#lab-cow-root").set_checked(root)
    page.locator(f'.lab-cow button[data-do="{action}"]').click()


def diff_panel(page, container):
    return page.locator(f'[data-container="{container}"] .lab-cow__diff').text_content().splitlines()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cow_explorer_matches_the_model_step_by_step(site, reader, scheme):
    v = reader(site.url + "writable-layer/", color_scheme=scheme)
    page = v.page
    reach(page, "cow-explorer")
    rows = copy_on_write.scenario(COW_WEB, APP, FILES)
    status = page.locator(".lab-cow .lab-explorer__status")
    assert status.get_attribute("aria-live") == "polite"
    walk = [("a", "/app/web.py", "write", False), ("a", "/app/web.py", "write", True), ("a", "/app/store.py", "delete", True),
            ("a", "/tmp/scratch.txt", "write", False), ("b", "/app/store.py", "read", False), ("a", "/app/store.py", "read", False)]
    for (container, path, action, root), row in zip(walk, rows):
        cow_do(page, container, path, action, root)
        assert status.inner_text() == f"$ {row['command']}: {row['output']}"
        assert diff_panel(page, "a") == row["diff_a"] and diff_panel(page, "b") == row["diff_b"]
    kinds = {li.get_attribute("data-path"): li.get_attribute("data-kind") for li in page.locator('[data-container="a"] [data-kind]').all()}
    assert kinds == {"/app/web.py": "copy-up", "/app/store.py": "whiteout", "/tmp/scratch.txt": "new"}
    assert page.locator('[data-container="b"] [data-kind]').count() == 0
    assert axe_violations(page) == []
    # stop and start keep the layer (and the start fails: store.py is gone); rm removes it; run starts afresh
    for action, row in zip(("stop", "start", "rm", "run"), rows[-4:]):
        page.locator(f'.lab-cow button[data-do="{action}"]').click()
        assert status.inner_text() == f"$ {row['command']}: {row['output']}"
        if row["diff_a"] is not None:
            assert diff_panel(page, "a") == row["diff_a"]
        if action == "start":
            assert page.locator('[data-container="a"] .lab-cow__state').inner_text() == "exited (code 1)"
    assert page.locator('[data-container="a"] [data-kind]').count() == 0
    assert v.console_errors == [] and v.foreign_requests(site.url) == []


def test_the_script_runs_the_same_rules_as_the_python_model(site, reader):
    """cow-explorer.js's machine and lab.model.copy_on_write's Explorer, on the sequences the engine tests run."""
    from test_engine_explorers import sequences, single_actions

    v = reader(site.url + "writable-layer/")
    model = copy_on_write.cow_model(COW_WEB, APP, FILES)
    walks = [list(map(list, steps)) for steps in [*single_actions(), *sequences()]]
    in_browser = v.page.evaluate("""([model, walks]) => walks.map(steps => {
        const m = window.labCowMachine(model);
        return steps.map(([key, what, path, root]) => [m.act(key, what, path, root), m.diff("a"), m.diff("b"), m.upper("a"), m.upper("b")]);
    })""", [model, walks])
    for steps, seen in zip(walks, in_browser):
        python = copy_on_write.Explorer(COW_WEB, APP, FILES)
        for (key, action, path, root), (acted, *diffs) in zip(steps, seen):
            assert list(python.act(key, action, path, root)) == acted, steps
            assert [python.diff("a"), python.diff("b"), python.upper("a"), python.upper("b")] == diffs, steps
    assert len(walks) > 50


def test_cow_explorer_from_the_keyboard_at_phone_width(site, reader):
    v = reader(site.url + "writable-layer/", width=375)
    page = v.page
    reach(page, "cow-explorer")
    page.get_by_label("File", exact=True).focus()
    page.keyboard.press("End")  # the last choice: a new file in the work folder
    assert page.get_by_label("File", exact=True).input_value() == "/app/notes.txt"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # act as root
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past Read, to "Modify or create"
    page.keyboard.press("Enter")
    assert diff_panel(page, "a") == ["C /app", "A /app/notes.txt"]
    assert page.locator('[data-container="a"] [data-path="/app/notes.txt"]').get_attribute("data-kind") == "new"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_explorers_work_after_instant_navigation(site, reader):
    v = reader(site.url)
    page = v.page
    # The path only: navigation.tracking may already have put a section's #anchor in the address
    # (seen once on a loaded machine, the reader having scrolled the page before).
    nav = lambda name, url: (page.locator(".md-nav--primary a", has_text=name).first.click(),
                             page.wait_for_url(lambda address: address.split("#")[0].endswith(url.lstrip("*"))))
    nav("Q2 · Layers", "**/layers/")
    reach(page, "cache-explorer")
    page.get_by_label("What changed since the last build").select_option(BASE_LAYERS)
    assert {c for _, c in cache_view(page, "web", "written")} == {"resolved", "DONE"}
    nav("Q3 · Writable layer", "**/writable-layer/")
    reach(page, "cow-explorer")
    # Each kind's styles come with its page (in its head: Material adds and removes head tags by page).
    page.wait_for_function("(p => p && getComputedStyle(p).display === 'grid')(document.querySelector('.lab-cow__panels'))")
    cow_do(page, "b", "/tmp/scratch.txt", "write")
    assert diff_panel(page, "b") == ["C /tmp", "A /tmp/scratch.txt"]
    nav("Q2 · Layers", "**/layers/")
    reach(page, "cache-explorer")
    page.get_by_label("What changed since the last build").select_option("store.py")
    assert page.locator(".lab-cache .lab-explorer__status").inner_text().startswith("store.py changed")
    assert page.evaluate("document.querySelectorAll('.lab-explorer__live:not([hidden])').length") == 1
    assert v.console_errors == [] and v.foreign_requests(site.url) == []


def test_printing_shows_the_tables_not_the_controls(site, reader):
    v = reader(site.url + "layers/")
    reach(v.page, "cache-explorer")  # set up, so the controls exist to be hidden
    v.page.emulate_media(media="print")
    assert v.page.locator(".lab-cache .lab-explorer__static table").first.is_visible()
    assert v.page.locator(".lab-cache .lab-explorer__live").is_hidden()


def test_without_javascript_the_tables_show_and_the_controls_do_not(site, reader):
    for page_url in ("layers/", "writable-layer/"):
        v = reader(site.url + page_url, javascript=False, width=375)
        table = v.page.locator(".lab-explorer__static table").first
        assert table.is_visible() and v.page.locator(".lab-explorer__live").is_hidden()
        # on a phone each row is a block whose cells name their column
        assert v.page.evaluate("getComputedStyle(document.querySelector('.lab-explorer__table td'), '::before').content") != "none"
        assert v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert table.evaluate("t => t.scrollWidth - t.clientWidth") <= 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_static_tables_pass_axe_in_both_schemes(site, reader, scheme):
    # axe-core needs JavaScript to run, so the page shows its tables the way it does without it
    for page_url in ("layers/", "writable-layer/"):
        v = reader(site.url + page_url, width=375, color_scheme=scheme)
        v.page.evaluate("document.querySelectorAll('.lab-explorer__static').forEach(s => { s.hidden = false; s.previousElementSibling.hidden = true; })")
        assert axe_violations(v.page) == []


@pytest.mark.parametrize("late", ["explorers.js", "cache-explorer.js"])
def test_explorers_work_whichever_script_arrives_first(site, reader, late):
    """Material's instant navigation puts a page's content scripts back all at once: they run
    in the order they arrive, which a busy network or machine may turn around."""
    v = reader(site.url)
    page = v.page

    def slow(route):
        time.sleep(0.4)
        route.continue_()

    page.route(f"**/assets/javascripts/{late}", slow)
    page.locator(".md-nav--primary a", has_text="Q2 · Layers").first.click()
    page.wait_for_url(lambda address: address.split("#")[0].endswith("/layers/"))
    reach(page, "cache-explorer")
    page.get_by_label("What changed since the last build").select_option("store.py")
    assert page.locator(".lab-cache .lab-explorer__status").inner_text().startswith("store.py changed")
    assert v.console_errors == []


def test_the_copy_rule_is_stated_once_the_same_in_body_key_points_explorer_and_handout(site):
    squeeze = lambda text: "".join(text.replace("`", "").split())
    rule = squeeze(build_cache.COPY_KEY)
    layers_page = squeeze(site.soup("layers/").find("article").get_text())
    assert layers_page.count(rule) == 3  # the caching rules, the key points, the explorer's introduction
    assert rule in squeeze(site.soup("handout/").find("article").get_text())
