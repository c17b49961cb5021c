"""Moving HTML from one page to another: ids kept unique, links rewritten, addresses printable."""

from __future__ import annotations

import copy
import html
import ipaddress
import posixpath
from urllib.parse import urlsplit

import lxml.html

from lab.site.printable.questions import Source

# Attributes whose value names ids in the same document, space-separated.
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "for")


def relative_url(url: str, from_page: str) -> str:
    """`url` (site-relative, e.g. "layers/#reuse") as a link from the page at `from_page` (e.g. "handout/")."""
    path, _, fragment = url.partition("#")
    folder = "/" + (from_page if from_page.endswith("/") or not from_page else posixpath.dirname(from_page) + "/")
    if path == from_page and fragment:
        relative = ""
    else:
        relative = posixpath.relpath("/" + path, folder)
        if (path.endswith("/") or not path) and not relative.endswith("/"):
            relative += "/"
        relative = relative.removeprefix("./") or "./"
    return relative + (f"#{fragment}" if fragment else "")


def transplant(elements: list[lxml.html.HtmlElement], source: Source, target_url: str, prefix: str,
               text: str = "", tails: bool = False) -> str:
    """The elements' HTML as it must read on the page at `target_url`.

    Ids get `prefix` so they stay unique on the target page (references to them follow);
    links within the source page and relative links are rewritten to reach what they
    reached on the source page. `text` is words before the first element; with `tails`, the
    words after each element come too (an element's inner content, not parts picked from a page).
    """
    fragment = [copy.deepcopy(e) for e in elements]  # the source page's parts stay as they are
    tags = [tag for e in fragment for tag in e.iter() if isinstance(tag.tag, str)]
    ids = {tag.get("id") for tag in tags if tag.get("id") is not None}
    for tag in tags:
        if tag.get("id") is not None:
            tag.set("id", f"{prefix}-{tag.get('id')}")
        for attribute in ID_REFERENCES:
            if tag.get(attribute) is not None:
                tag.set(attribute, " ".join(f"{prefix}-{name}" if name in ids else name for name in tag.get(attribute).split()))
        for attribute in ("href", "src"):
            if tag.get(attribute) is not None:
                tag.set(attribute, moved_link(tag.get(attribute), source.url, target_url, ids, prefix))
    return html.escape(text, quote=False) + "".join(
        lxml.html.tostring(e, encoding="unicode", with_tail=tails) for e in fragment)


def moved_link(link: str, source_url: str, target_url: str, ids: set[str], prefix: str) -> str:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("/"):
        return link  # absolute: the same from anywhere
    if not parts.path:  # "#anchor" on the source page
        if parts.fragment in ids:
            return f"#{prefix}-{parts.fragment}"
        return relative_url(f"{source_url}#{parts.fragment}", target_url)
    site_path = posixpath.normpath(posixpath.join("/" + posixpath.dirname(source_url.rstrip("/") + "/x"),
                                                  parts.path)).lstrip("/")
    if parts.path.endswith("/") and site_path:
        site_path += "/"
    return relative_url(site_path + (f"#{parts.fragment}" if parts.fragment else ""), target_url)


def heading(level: int, anchor: str, text: str, classes: str = "") -> str:
    """A heading like the ones Python-Markdown writes, with its permalink."""
    class_attr = f' class="{classes}"' if classes else ""
    return (f'<h{level} id="{anchor}"{class_attr}>{html.escape(text)}'
            f'<a class="headerlink" href="#{anchor}" title="Link to this section">&para;</a></h{level}>')


def slug_of(source: Source) -> str:
    return source.url.strip("/").replace("/", "-") or "home"


def is_loopback(host: str | None) -> bool:
    """Whether `host` names this machine only (localhost, 127.0.0.0/8, ::1): no one else can type it."""
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def printed_address(canonical_url: str) -> str:
    """The page's address as a student can type it from paper.

    The published address when the site has one (SITE_URL); when site_url is on loopback
    (the default, http://127.0.0.1:8000/), no public address is known, so the page's
    path on the site ("/layers/"), which works wherever the site is served from its root.
    """
    parts = urlsplit(canonical_url)
    if is_loopback(parts.hostname):
        return parts.path or "/"
    return canonical_url


def full_page_link(source: Source, target_url: str, anchor: str = "") -> str:
    """A link back to the full page; its text is the address, so it can be typed from paper."""
    fragment = f"#{anchor}" if anchor else ""
    href = relative_url(source.url + fragment, target_url)
    shown = printed_address(source.canonical_url) + fragment
    return f'<a class="lab-print-source" href="{html.escape(href)}">{html.escape(shown)}</a>'
