// Material builds some code-block controls in the browser without accessible names
// (axe: landmark-unique, link-name). Name them as they appear, instant navigation included.
(function () {
  function label(root) {
    root.querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav) {
      var block = nav.closest(".highlight");
      var title = block && block.querySelector(".filename");
      var index = Array.prototype.indexOf.call(document.querySelectorAll(".highlight"), block) + 1;
      nav.setAttribute("aria-label", "Code block " + index + (title ? " (" + title.textContent + ")" : "") + " actions");
    });
    root.querySelectorAll("a.md-annotation__index:not([aria-label])").forEach(function (link) {
      var id = link.querySelector("[data-md-annotation-id]");
      link.setAttribute("aria-label", "Annotation " + (id ? id.getAttribute("data-md-annotation-id") : ""));
    });
  }
  new MutationObserver(function () { label(document); })
    .observe(document.body, { childList: true, subtree: true });
  label(document);
})();
