// The video facade (lab/markup/video.py): on the reader's request, replace the
// poster with a youtube-nocookie.com player that starts at once. Until then the
// page makes no request to YouTube. A page with a video loads this script itself;
// Material's instant navigation runs it again each time such a page is shown, hence
// the guard: one document$ subscription sets up every video, on every page.
(function () {
  if (window.labVideo) return;
  window.labVideo = true;
  function play(figure) {
    var params = new URLSearchParams({ autoplay: "1", rel: "0" });
    var start = Number(figure.dataset.videoStart || 0);
    if (start > 0) params.set("start", String(start));
    var iframe = document.createElement("iframe");
    iframe.src = "https://www.youtube-nocookie.com/embed/" + figure.dataset.videoId + "?" + params;
    iframe.title = figure.dataset.videoTitle;
    iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    iframe.allowFullscreen = true;
    // YouTube needs the origin to play an embed; send no more than that.
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    iframe.width = "1280";
    iframe.height = "720";
    figure.querySelector(".lab-video__frame").replaceChildren(iframe);
    iframe.focus();  // keyboard users continue from the player, not from a removed button
  }

  function setUp() {
    document.querySelectorAll(".lab-video").forEach(function (figure) {
      var button = figure.querySelector(".lab-video__play");
      if (!button || button.dataset.ready) return;
      button.dataset.ready = "true";
      button.hidden = false;  // without JavaScript the caption's link is the way to the video
      button.addEventListener("click", function () { play(figure); });
    });
  }

  // Material's: every page, instant navigation included. In a task of its own, after Material's
  // start-up: run inside it, this lengthened the page's longest task (Lighthouse's blocking time).
  document$.subscribe(function () { setTimeout(setUp, 0); });
})();
