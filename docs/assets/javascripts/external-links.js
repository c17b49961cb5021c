// Marks links to other sites, so that a printed page can show where they lead
// (lab.css, print). Material rewrites every internal link to an absolute URL, so
// CSS alone cannot tell the two apart.
(function () {
  function mark() {
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      if (link.host && link.host !== location.host) link.classList.add("lab-external");
    });
  }
  // Material's: every page, instant navigation included. In a task of its own, after Material's
  // start-up: run inside it, this lengthened the page's longest task (Lighthouse's blocking time).
  document$.subscribe(function () { setTimeout(mark, 0); });
})();
