// The explorers' shared set-up (lab/markup/explorer_html.py). Their data is computed from
// the samples when the site is built (data-model); each kind's script (cache-explorer.js,
// cow-explorer.js) shows the controls, hides the static tables and fills in what the
// reader picks. A page loads this script and the script of the kind it shows, in that
// order, so no page carries code it does not run.
//
// The page's Markdown loads the scripts, so they load only on the explorers' pages;
// Material's instant navigation runs them again each time such a page is shown, hence
// the guard: one document$ subscription sets up every explorer, on every page. It puts a
// page's content scripts back all at once, and they run in the order they arrive, so a
// kind's script may run before this one: each queues itself in window.labExplorerKinds,
// which this script then takes over.
(function () {
  var queued = window.labExplorerKinds;
  if (queued && !Array.isArray(queued)) return;  // set up on an earlier page
  var kinds = {};

  function each(root, selector, fn) { root.querySelectorAll(selector).forEach(fn); }

  // Once its kind's script has arrived and the reader is near (either may come first).
  function setUp(root) {
    var show = kinds[root.dataset.labExplorer];
    if (root.dataset.ready || !root.dataset.near || !show) return;
    root.dataset.ready = "true";
    var live = root.querySelector(".lab-explorer__live");
    show(live, JSON.parse(root.dataset.model));
    live.hidden = false;
    root.querySelector(".lab-explorer__static").hidden = true;
  }

  // An explorer is set up when the reader comes within a screen of it, not while the page
  // loads: its data and controls cost start-up time a reader who never gets there would pay.
  // A screen ahead, so the controls replace the tables before they come into view. (Material's
  // own bundle needs IntersectionObserver, so every browser it runs in has one.)
  var watch = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      watch.unobserve(entry.target);
      entry.target.dataset.near = "true";
      setUp(entry.target);
    });
  }, { rootMargin: "100% 0px" });

  window.labExplorerKinds = {
    push: function (kind) {  // [name, show]
      kinds[kind[0]] = kind[1];
      each(document, "[data-lab-explorer]", setUp);
    }
  };
  (queued || []).forEach(window.labExplorerKinds.push);

  document$.subscribe(function () {  // Material's: every page, instant navigation included
    each(document, "[data-lab-explorer]", function (root) { watch.observe(root); });
  });
})();
