// Material builds some code-block controls in the browser without accessible names
// (axe: landmark-unique, link-name). Name them as they appear, instant navigation included.
// Material creates these controls while it mounts a page, before `document$` reaches the
// subscribers that come after its bundle, so naming them there is enough: no need to
// watch every mutation of the page.
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

  document$.subscribe(function () { label(document.body); });  // Material's: every page, instant navigation included
})();
