// Marks links to other sites, so that a printed page can show where they lead
// (lab.css, print). Material rewrites every internal link to an absolute URL, so
// CSS alone cannot tell the two apart.
(function () {
  function mark() {
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      if (link.host && link.host !== location.host) link.classList.add("lab-external");
    });
  }
  document$.subscribe(mark);  // Material's: every page, instant navigation included
})();
