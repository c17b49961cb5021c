// "Copy link" buttons on the page title and every section heading, for instructors
// who link one part of an answer from a course page. The link is absolute, built
// from the page's canonical URL (site_url), and the result is announced to screen
// readers through one polite live region.
(function () {
  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a3 3 0 1 1 4.2 4.2l-1.8 1.8-1.4-1.4 1.8-1.8a1 1 0 1 0-1.4-1.4L12 13.4a1 1 0 0 1-1.4 0zm2.8-2.8a1 1 0 0 1 0 1.4l-3.5 3.5a3 3 0 1 1-4.2-4.2l1.8-1.8 1.4 1.4-1.8 1.8a1 1 0 1 0 1.4 1.4l3.5-3.5a1 1 0 0 1 1.4 0z"/></svg>';

  function status() {
    var region = document.getElementById("lab-copy-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "lab-copy-status";
      region.className = "lab-visually-hidden";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    return region;
  }

  function linkTo(heading) {
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = new URL(canonical ? canonical.href : location.href);
    url.hash = heading.tagName === "H1" ? "" : heading.id;
    return url.href;
  }

  function copy(button, heading) {
    var url = linkTo(heading);
    var done = function (ok) {
      status().textContent = ok ? "Link copied: " + url : "Could not copy; the link is " + url;
      button.classList.toggle("lab-copy-link--done", ok);
      setTimeout(function () { button.classList.remove("lab-copy-link--done"); }, 2000);
    };
    if (navigator.clipboard) navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(false); });
    else done(false);
  }

  function setUp() {
    document.querySelectorAll(".md-content article :is(h1, h2)[id]").forEach(function (heading) {
      if (heading.querySelector(".lab-copy-link")) return;
      var name = heading.cloneNode(true);
      name.querySelectorAll(".headerlink").forEach(function (l) { l.remove(); });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lab-copy-link";
      button.title = "Copy link";
      button.setAttribute("aria-label", "Copy link to " + (heading.tagName === "H1" ? "this page" : "section: " + name.textContent.trim()));
      button.innerHTML = ICON;
      button.addEventListener("click", function () { copy(button, heading); });
      heading.insertBefore(button, heading.querySelector(".headerlink"));  // before the ¶, which shows on hover
    });
  }

  // Material's: every page, instant navigation included. In a task of its own, after Material's
  // start-up: run inside it, this lengthened the page's longest task (Lighthouse's blocking time).
  document$.subscribe(function () { setTimeout(setUp, 0); });
})();
