"""A privacy-respecting YouTube embed: a local poster and a real button until the reader asks.

Nothing is requested from YouTube when the page loads. The script
assets/javascripts/video.js, loaded by the page itself, swaps the facade for a youtube-nocookie.com player on
click; without JavaScript, the link in the caption opens the video on YouTube.
"""

from __future__ import annotations

import html
import re

from lab.errors import SampleError
from lab.markup import page_assets

VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# Our own poster, drawn in the page: no image is fetched from YouTube, and none at all: the
# same drawing as an <img> of an SVG file cost /demo/ 302 rather than 254 ms of tasks per load
# and 124 rather than 64 ms of TBT in Lighthouse's mobile mode (bench/RESULTS.md). The middle stays empty for
# the play button. Drawing only: hidden from screen readers and from the search index. Its
# width and height give it the frame's size before video.css arrives (Material's figure would
# shrink it to 480 px, and the page would shift when the styles came).
POSTER = ('<svg class="lab-video__poster" viewBox="0 0 1280 720" width="1280" height="720" aria-hidden="true" focusable="false" '
          'data-search-exclude>'
          '<rect width="1280" height="720" fill="#1a237e"/>'
          '<g fill="#ffffff" font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, sans-serif">'
          '<text x="80" y="140" font-size="72" font-weight="700">Docker Lab 4</text>'
          '<text x="80" y="210" font-size="40">Demo: images, layers, containers and Compose</text></g>'
          '<g stroke="#c5cae9" stroke-width="6">'
          '<rect x="800" y="590" width="400" height="60" rx="10" fill="#283593"/>'
          '<rect x="830" y="515" width="340" height="60" rx="10" fill="#303f9f"/>'
          '<rect x="860" y="440" width="280" height="60" rx="10" fill="#3949ab"/>'
          '<rect x="860" y="365" width="130" height="60" rx="10" fill="#5c6bc0" stroke-dasharray="14 10"/>'
          '<rect x="1010" y="365" width="130" height="60" rx="10" fill="#5c6bc0" stroke-dasharray="14 10"/>'
          '</g></svg>')
# Only on a page with a video.
SCRIPT = "assets/javascripts/video.js"
STYLES = "assets/stylesheets/video.css"
PLAY_ICON = ('<svg viewBox="0 0 68 48" aria-hidden="true" focusable="false">'
             '<rect width="68" height="48" rx="12"/><path d="M27 14v20l18-10z"/></svg>')


def seconds(value, what: str) -> int:
    """12, "12", "1:05" or "1:02:03" as seconds."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise SampleError(f"{what} must be seconds or a time like 1:05, not {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise SampleError(f"{what} must not be negative")
        return value
    if not re.fullmatch(r"\d+(:[0-5]\d){0,2}", value):
        raise SampleError(f"{what} {value!r} is not seconds or a time like 1:05")
    total = 0
    for part in value.split(":"):
        total = total * 60 + int(part)
    return total


def watch_url(video_id: str, start: int = 0) -> str:
    return f"https://www.youtube.com/watch?v={video_id}" + (f"&t={start}s" if start else "")


def video(video_id, title=None, start=0, chapters=None, *, html_base: str = "") -> str:
    """The facade's HTML. `chapters` are (time, label) pairs the author gives; none are invented."""
    if not isinstance(video_id, str) or not VIDEO_ID.fullmatch(video_id):
        raise SampleError(f"malformed YouTube video id {video_id!r}: expected 11 characters of A-Z, a-z, 0-9, _ and -")
    if not isinstance(title, str) or not title.strip():
        raise SampleError("a video needs a title (title=\"…\"): it names the play button and the player")
    start_s = seconds(start, "start")
    e = html.escape
    chapter_items = []
    for item in chapters or []:
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[1], str)):
            raise SampleError(f"each chapter is a (time, label) pair, not {item!r}")
        at = seconds(item[0], "chapter time")
        chapter_items.append(f'<li><a href="{e(watch_url(video_id, at))}">{e(item[1])}</a> '
                             f'<span class="lab-video__time">({item[0]})</span></li>')
    chapter_list = f'<ol class="lab-video__chapters">{"".join(chapter_items)}</ol>' if chapter_items else ""
    link = watch_url(video_id, start_s)
    # One block of HTML without blank lines, so Markdown leaves it whole; it must start with a
    # block tag, hence the styles' link inside the figure.
    return (
        f'<figure class="lab-video" data-video-id="{video_id}" data-video-start="{start_s}" data-video-title="{e(title)}">'
        + page_assets.stylesheet_tag(html_base, STYLES) +
        f'<div class="lab-video__frame">'
        + POSTER +
        f'<button type="button" class="lab-video__play" hidden aria-label="Play video: {e(title)} (loads YouTube)">{PLAY_ICON}</button>'
        f'</div>'
        f'<figcaption><strong class="lab-video__title">{e(title)}</strong> '
        f'<a class="lab-video__link" href="{e(link)}">Watch it on YouTube</a>. '
        f'The player loads from YouTube (youtube-nocookie.com) only when you press play.</figcaption>'
        f'{chapter_list}'
        f'</figure>'
        + page_assets.script_tags(html_base, SCRIPT)
    )
