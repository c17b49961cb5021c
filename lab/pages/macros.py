"""The macros pages call, as plain functions of the calling page and the call's arguments.

Each takes a samples.Page first; lab.pages.define_env supplies it.
"""

from __future__ import annotations

import dataclasses
import inspect

from lab.errors import SampleError
from lab.markup import code_blocks, explorer_html, page_assets, print_slots, tasks as task_markup, video as video_embed, walkthrough
from lab.markup.diagrams import compose, containers, layers
from lab.model import build_cache, build_context, copy_on_write, image as image_model, stack as stack_model
from lab.samples import files as samples, tasks, validation


def dockerfile(page: samples.Page, path: str, **options) -> str:
    """A sample Dockerfile, validated with hadolint, as a code block."""
    return code_blocks.code_block(page, path, expected_kind="dockerfile", **options)


def compose_file(page: samples.Page, path: str, **options) -> str:
    """A sample compose file, validated against the Compose Specification, as a code block."""
    return code_blocks.code_block(page, path, expected_kind="compose", **options)


def sample(page: samples.Page, path: str, title: str | None = None, hl_lines=None, lines: str | None = None,
           annotations: dict | None = None, indent: int = 0) -> str:
    """Any sample file as a code block (Dockerfiles and compose files are validated too)."""
    return code_blocks.code_block(page, path, title=title, hl_lines=hl_lines, lines=lines,
                              annotations=annotations, indent=indent)


def video(page: samples.Page, video_id, title=None, start=0, chapters=None) -> str:
    """A YouTube video behind a local facade: nothing loads from YouTube until the reader asks."""
    return video_embed.video(video_id, title, start, chapters, html_base=page.html_base)


def image_of(page: samples.Page, path: str) -> image_model.Image:
    target, text = samples.read(page, path, expected_kind="dockerfile")
    name = target.name.removesuffix(".Dockerfile") if target.name != "Dockerfile" else target.parent.name
    return image_model.image(name, text)


def stack_of(page: samples.Page, path: str) -> stack_model.Stack:
    _, text = samples.read(page, path, expected_kind="compose")
    return stack_model.stack(validation.load_compose(text))


def named(built: image_model.Image, name: str | None) -> image_model.Image:
    """The image under the name it is tagged with (as Compose and the Try-it scripts tag it: lab4-web)."""
    return dataclasses.replace(built, name=name) if name else built


def diagram_layers(page: samples.Page, dockerfile_path: str, image: str | None = None) -> str:
    return layers.layer_stack(named(image_of(page, dockerfile_path), image))


def diagram_shared_layers(page: samples.Page, first: str, second: str, images: tuple | list | None = None) -> str:
    """Q2: two images' shared layers; `images` names them as they are tagged (["lab4-web", "lab4-worker"])."""
    names = list(images or [None, None])
    if len(names) != 2:
        raise SampleError(f"images= names the two images, got {images!r}")
    return layers.shared_layers(named(image_of(page, first), names[0]), named(image_of(page, second), names[1]))


def copy_cache_rule(page: samples.Page) -> str:
    """Q2: what keys a COPY or ADD, the one statement (build_cache.COPY_KEY) the page, key points and explorer render."""
    return build_cache.COPY_KEY


def diagram_image_vs_container(page: samples.Page, dockerfile_path: str, image: str | None = None) -> str:
    """Q1: one image and two containers; `image` is the name it is tagged with (as Compose tags it: lab4-web)."""
    built = image_of(page, dockerfile_path)
    return containers.image_vs_container(dataclasses.replace(built, name=image) if image else built)


def diagram_copy_on_write(page: samples.Page, dockerfile_path: str, changed: str, deleted: str, created: str,
                          user: str | None = None, image: str | None = None) -> str:
    """Q3: `image` is the name it is tagged with (lab4-web, as the explorer and the Try-it name it)."""
    built = image_of(page, dockerfile_path)
    return containers.copy_on_write(dataclasses.replace(built, name=image) if image else built, changed, deleted, created, user)


def diagram_compose(page: samples.Page, compose_path: str) -> str:
    return compose.compose_stack(stack_of(page, compose_path))


def site_pages(page: samples.Page, paths: tuple) -> tuple[str, ...]:
    """Paths of pages under docs/, checked to exist: a handout cannot gather a page that is not there."""
    if not paths:
        raise SampleError("name at least one page, such as \"layers.md\"")
    for path in paths:
        if not isinstance(path, str) or not path.endswith(".md") or not (page.docs_dir / path).is_file():
            raise SampleError(f"no such page: docs/{path}")
    return paths


def handout_questions(page: samples.Page, *pages: str) -> str:
    """Each question page's short answer, key points and diagrams (filled in by lab.site.printable)."""
    return print_slots.slot("handout_questions", site_pages(page, pages)) + printable_styles(page)


def worksheet(page: samples.Page, *pages: str) -> str:
    """The pages' self-check questions, numbered, with room to write, then an answer key."""
    return print_slots.slot("worksheet", site_pages(page, pages)) + printable_styles(page)


def printable_styles(page: samples.Page) -> str:
    """The handout's and the worksheet's own styles, linked by those pages only."""
    return page_assets.stylesheet_tag(page.html_base, "assets/stylesheets/printable.css")


def video_link(page: samples.Page, source: str) -> str:
    """The address of the video that page `source` embeds, as a link."""
    return print_slots.slot("video_link", site_pages(page, (source,)))


def contents(page: samples.Page) -> str:
    """A printable list of the page's sections."""
    return print_slots.slot("contents")


def image_in_context(page: samples.Page, path: str) -> tuple[image_model.Image, list[str]]:
    """The image a sample Dockerfile builds, and the files of its build context (its folder)."""
    target = samples.resolve(page, path)
    return image_of(page, path), build_context.context_files(target.parent, target.name)


def cache_explorer(page: samples.Page, *dockerfiles: str) -> str:
    """Q2: which steps each change rebuilds, as written and badly ordered; the first image is shown first."""
    if not dockerfiles:
        raise SampleError("name at least one sample Dockerfile")
    images = [image_in_context(page, path) for path in dockerfiles]
    if len({image.name for image, _ in images}) < len(images):
        raise SampleError("two of the Dockerfiles build images of the same name")
    return explorer_html.cache_explorer(build_cache.cache_model(images), {i.name: i.base for i, _ in images}, page.html_base)


def cow_explorer(page: samples.Page, dockerfile_path: str, image: str) -> str:
    """Q3: two containers of the image (tagged `image`, as the Try-it scripts build it), their writable layers and `docker diff`."""
    built, files = image_in_context(page, dockerfile_path)
    image = dataclasses.replace(built, name=image)
    folder = samples.resolve(page, dockerfile_path).parent
    return explorer_html.cow_explorer(copy_on_write.cow_model(image, folder, files),
                                      copy_on_write.scenario(image, folder, files), page.html_base)


def do_it_yourself(page: samples.Page, question: str) -> str:
    """A question page's hands-on tasks (from the sample app's labcheck_tasks.py) and how to check them."""
    page_md, found = tasks.of_question(page.docs_dir, question)
    # by file name: the bench's 10x-content build copies every page into a folder of its own
    if page.src_uri.rsplit("/", 1)[-1] != page_md:
        raise SampleError(f"the tasks of {question} belong on {page_md}")
    return task_markup.task_list(page, page_md, found) + "\n" + task_markup.labcheck_line(question)


def tasks_by_question(page: samples.Page, questions: tuple) -> list[tuple[str, list[dict]]]:
    """(page, tasks) of each question named, in order; at least one must be named."""
    if not questions:
        raise SampleError("name at least one question, such as \"q2\"")
    return [tasks.of_question(page.docs_dir, question) for question in questions]


def worksheet_tasks(page: samples.Page, *questions: str) -> str:
    """Every question's hands-on tasks, under the question's title, linking to its page's section."""
    return "\n".join(f"### {task_markup.page_title(page, page_md)}\n\n"
                     f"[On its page]({page.link_to(page_md)}#do-it-yourself)\n\n"
                     + task_markup.task_list(page, page_md, found)
                     for page_md, found in tasks_by_question(page, questions))


def handout_tasks(page: samples.Page, *questions: str) -> str:
    """Every question's hands-on tasks in one compact table, for the printed handout."""
    return task_markup.task_table(page, [(page_md, task) for page_md, found in tasks_by_question(page, questions)
                                         for task in found])


# The keyword arguments of `dockerfile` and `compose_file` are exactly those of `sample`.
dockerfile.__signature__ = compose_file.__signature__ = inspect.signature(sample)

MACROS = {
    "dockerfile": dockerfile,
    "compose_file": compose_file,
    "sample": sample,
    "try_script": code_blocks.try_script,
    "try_walkthrough": walkthrough.walkthrough,
    "download": code_blocks.download_link,
    "used_by": code_blocks.pages_using,
    "video": video,
    "diagram_layers": diagram_layers,
    "diagram_shared_layers": diagram_shared_layers,
    "diagram_image_vs_container": diagram_image_vs_container,
    "diagram_copy_on_write": diagram_copy_on_write,
    "diagram_compose": diagram_compose,
    "handout_questions": handout_questions,
    "worksheet": worksheet,
    "video_link": video_link,
    "contents": contents,
    "cache_explorer": cache_explorer,
    "copy_cache_rule": copy_cache_rule,
    "cow_explorer": cow_explorer,
    "do_it_yourself": do_it_yourself,
    "worksheet_tasks": worksheet_tasks,
    "handout_tasks": handout_tasks,
}
