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

  // Material's: every page, instant navigation included. In a task of its own, after Material's
  // start-up: run inside it, this lengthened the page's longest task (Lighthouse's blocking time).
  document$.subscribe(function () { setTimeout(function () { label(document.body); watch(); }, 0); });
})();
