// The site's own small scripts, on every page: one file, so one request and one evaluation
// (measured: bench/RESULTS.md). Each part is its own closure and sets itself up on Material's
// document$, every page instant navigation shows, in a task of its own after Material's
// start-up (setTimeout): run inside that task, they lengthened the page's longest task,
// which is what Lighthouse's blocking time counts.

// -- Accessible names for Material's code-block controls -----------------------------------
// Material builds some code-block controls in the browser without accessible names
// (axe: landmark-unique, link-name). Name them as they appear, instant navigation included.
// Material usually creates these controls while it mounts a page, before `document$`
// reaches the subscribers that come after its bundle; on a busy machine some come later,
// so each code block still without named controls is watched, its own children only.
(function () {
  var NAV = ".md-code__nav:not([aria-label])";
  var ANNOTATION = "a.md-annotation__index:not([aria-label])";

  function within(node, selector) {
    var found = Array.prototype.slice.call(node.querySelectorAll(selector));
    if (node.matches(selector)) found.unshift(node);
    return found;
  }

  function label(node) {
    within(node, NAV).forEach(function (nav) {
      var block = nav.closest(".highlight");
      var title = block && block.querySelector(".filename");
      var index = Array.prototype.indexOf.call(document.querySelectorAll(".highlight"), block) + 1;
      nav.setAttribute("aria-label", "Code block " + index + (title ? " (" + title.textContent + ")" : "") + " actions");
    });
    within(node, ANNOTATION).forEach(function (link) {
      var id = link.querySelector("[data-md-annotation-id]");
      link.setAttribute("aria-label", "Annotation " + (id ? id.getAttribute("data-md-annotation-id") : ""));
    });
  }

  // Output blocks (.no-copy) get no controls, so they are not watched.
  function watch() {
    document.querySelectorAll(".highlight:not(.no-copy) code").forEach(function (code) {
      if (code.querySelector(":scope > .md-code__nav[aria-label]") || code.dataset.labWatched) return;
      code.dataset.labWatched = "true";
      new MutationObserver(function (changes, observer) {
        label(code.closest(".highlight"));
        if (code.querySelector(":scope > .md-code__nav[aria-label]")) observer.disconnect();
      }).observe(code, { childList: true });
    });
  }

  // Material's: every page, instant navigation included; after its start-up (see the top).
  document$.subscribe(function () { setTimeout(function () { label(document.body); watch(); }, 0); });
})();

// -- Wide code blocks in the tab order before Material sets them up -------------------------
// With content.lazy (mkdocs.yml) Material sets a code block up only when it comes into view,
// and that is when, on a device with hover, it gives a block too wide for its column a
// tabindex, so that a keyboard reader can scroll it (axe: scrollable-region-focusable). Until
// then the blocks further down get one here, by an estimate that reads no layout (measuring a
// block below the fold would force the very work content.lazy saves): the block's longest
// line against the characters the content column holds. Material's own measure replaces the
// estimate when it sets the block up (it gives the <pre> an id then).
(function () {
  var HOVER = matchMedia("(hover)");
  var DESKTOP = matchMedia("(min-width: 60em)");

  function fits() {
    // Measured in Chromium: a top-level block holds 80 characters of Material's code font from
    // 960 px up (8.2 px each, 9 px at 1920), 46 in a 412 px window, where it spans the window;
    // fewer in a list, an admonition or a tab. The estimate keeps a margin for those: erring
    // low costs a block that fits a tab stop until it comes into view, erring high would leave
    // one that overflows out of the tab order.
    return DESKTOP.matches ? 70 : Math.floor((window.innerWidth - 120) / 8.5);
  }

  function widest(code) {
    var longest = 0;
    code.textContent.split("\n").forEach(function (line) { longest = Math.max(longest, line.length); });
    var number = code.querySelector("[data-linenos]");  // drawn by Material's CSS, so part of the width
    return longest + (number ? number.getAttribute("data-linenos").length : 0);
  }

  function tabStops() {
    if (!HOVER.matches) return;  // as Material: no tabindex without hover
    var limit = fits();
    document.querySelectorAll("pre:not([id]) > code").forEach(function (code) {
      if (widest(code) > limit) code.setAttribute("tabindex", "0");
      else code.removeAttribute("tabindex");
    });
  }

  var resized;
  window.addEventListener("resize", function () { clearTimeout(resized); resized = setTimeout(tabStops, 200); });
  document$.subscribe(function () { setTimeout(tabStops, 0); });
})();

// -- "Copy link" buttons -------------------------------------------------------------------
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

  // Material's: every page, instant navigation included; after its start-up (see the top).
  document$.subscribe(function () { setTimeout(setUp, 0); });
})();

// -- Links to other sites, marked for print ------------------------------------------------
// Marks links to other sites, so that a printed page can show where they lead
// (lab.css, print). Material rewrites every internal link to an absolute URL, so
// CSS alone cannot tell the two apart.
(function () {
  function mark() {
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      if (link.host && link.host !== location.host) link.classList.add("lab-external");
    });
  }
  // Material's: every page, instant navigation included; after its start-up (see the top).
  document$.subscribe(function () { setTimeout(mark, 0); });
})();

// -- Glossary tooltips ---------------------------------------------------------------------
// A glossary term (<abbr>, includes/glossary.md; in the tab order from the build,
// lab/markup/abbr_outside_links.py) shows its definition on hover, on keyboard focus and on
// tap, and the definition stays while the pointer is over the term or over it; Escape, a
// tap elsewhere or focus moving away dismisses it (WCAG 2.2 1.4.13). One tooltip element and
// a few listeners on the document serve every term of every page instant navigation shows:
// nothing is set up per term, so a long page's start-up does not grow with its glossary
// (Material's content.tooltips mounted a component per title: most of the long pages'
// blocking time, bench/RESULTS.md).
// A term keeps its `title` until a reader reaches it: without JavaScript that is the
// definition (the browser's tooltip, and what screen readers announce). Reached, it becomes
// aria-description, the same description for screen readers, and the browser's own tooltip
// no longer doubles ours. The tooltip itself is hidden from them: it repeats that description.
(function () {
  var GAP = 8;  // px between term and tooltip, and the least margin to the viewport's edges
  var LINGER = 300;  // ms the tooltip waits for a pointer crossing the gap onto it
  var tip = null;
  var shownFor = null;
  var hideTimer = 0;

  function termOf(node) {
    return node && node.closest ? node.closest("abbr[title], abbr[aria-description]") : null;
  }
  function inTip(node) { return !!(tip && node && tip.contains(node)); }

  function tooltip() {
    if (!tip || !tip.isConnected) {
      tip = document.createElement("div");
      tip.className = "lab-tip";
      tip.hidden = true;
      tip.setAttribute("aria-hidden", "true");
      document.body.appendChild(tip);
    }
    return tip;
  }

  // Below the term, centred on it and kept inside the viewport; above it when there is
  // no room below. Absolute (page) coordinates, so it scrolls with the term.
  function place(term) {
    var box = term.getBoundingClientRect();
    var viewport = document.documentElement.clientWidth;
    tip.style.left = "0px";
    tip.style.top = "0px";
    tip.hidden = false;
    var size = tip.getBoundingClientRect();
    var origin = document.body.getBoundingClientRect();
    var left = Math.max(GAP, Math.min(box.left + box.width / 2 - size.width / 2, viewport - size.width - GAP));
    var below = box.bottom + GAP + size.height + GAP <= window.innerHeight || box.top - GAP - size.height < GAP;
    var top = below ? box.bottom + GAP : box.top - GAP - size.height;
    tip.classList.toggle("lab-tip--above", !below);
    tip.style.left = (left - origin.left) + "px";
    tip.style.top = (top - origin.top) + "px";
  }

  function show(term) {
    clearTimeout(hideTimer);
    if (term.title) {
      term.setAttribute("aria-description", term.title);
      term.removeAttribute("title");
    }
    tooltip().textContent = term.getAttribute("aria-description");
    shownFor = term;
    place(term);  // again for the same term too: the page may have scrolled since
  }

  function hide() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    shownFor = null;
  }

  function setUp() {
    document.addEventListener("pointerover", function (event) {
      if (event.pointerType === "touch") return;  // a tap shows it on click
      var term = termOf(event.target);
      if (term) show(term);
      else if (inTip(event.target)) clearTimeout(hideTimer);
    });
    document.addEventListener("pointerout", function (event) {
      if (event.pointerType === "touch" || !shownFor) return;
      var to = event.relatedTarget;
      if (termOf(to) === shownFor || inTip(to) || document.activeElement === shownFor) return;
      if (termOf(event.target) === shownFor || inTip(event.target)) {
        clearTimeout(hideTimer);
        hideTimer = setTimeout(hide, LINGER);
      }
    });
    document.addEventListener("focusin", function (event) {
      var term = termOf(event.target);
      if (term) show(term);
    });
    document.addEventListener("focusout", function (event) {
      if (termOf(event.target) === shownFor) hide();
    });
    document.addEventListener("click", function (event) {
      var term = termOf(event.target);
      if (term) show(term);
    });
    document.addEventListener("pointerdown", function (event) {
      if (shownFor && !termOf(event.target) && !inTip(event.target)) hide();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && shownFor) hide();
    });
    // A page instant navigation replaces takes its terms with it.
    document$.subscribe(hide);
  }

  // Once: the listeners are on the document, which instant navigation keeps. After
  // Material's start-up (see the top).
  setTimeout(setUp, 0);
})();
