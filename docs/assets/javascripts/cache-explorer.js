// The build-cache explorer (lab/markup/explorer_html.py cache_explorer): with explorers.js,
// which sets it up when the reader comes near.
(function () {

  // The static lists every reader gets (lab/markup/explorer_html.py steps_list), by image and
  // order: the page carries each view's steps once, there.
  function staticLists(root, fn) {
    root.querySelectorAll(".lab-explorer__static ol[data-view-image]").forEach(function (list) { fn(list, list.dataset.viewImage, list.dataset.viewOrder); });
  }

  // The steps of each view, {image: {order: [[instruction, kind], …]}}, read from those lists.
  function staticSteps(root) {
    var views = {};
    staticLists(root, function (list, image, order) {
      (views[image] = views[image] || {})[order] = Array.prototype.map.call(list.children, function (li) {
        return [li.querySelector("code").textContent, li.querySelector(".lab-cache__kind").textContent];
      });
    });
    return views;
  }

  // The build-cache model as lab/markup/explorer_compact.py writes it, with the views' steps,
  // back in the form of explorers.cache_model(): each template's fact indexes replaced by the facts.
  function expandCache(compact, views) {
    function fill(template, facts) {
      return compact.templates[template].map(function (part) { return typeof part === "number" ? facts[part] : part; }).join("");
    }
    var images = {};
    Object.keys(compact.images).forEach(function (name) {
      images[name] = {};
      Object.keys(compact.images[name]).forEach(function (order) {
        var view = compact.images[name][order], steps = views[name][order], cases = {};
        compact.changes.forEach(function (change, n) {
          var c = view.cases[n];
          var facts = steps.map(function (step) { return step[0]; }).concat(["", compact.unquoted.indexOf(change) < 0 ? change : ""]);
          var count = facts[steps.length] = fill(c[1], facts);
          cases[change] = {
            cache: c[0].split("").map(function (d) { return compact.states[d]; }),
            count: count, say: fill(c[2], facts), push: fill(c[3], facts), other: fill(c[4], facts)
          };
        });
        images[name][order] = { steps: steps, cases: cases };
      });
    });
    return { changes: compact.changes, images: images };
  }
  // For the tests, which compare them with explorer_compact.py and explorers.cache_model().
  window.labExpandCache = expandCache;
  window.labCacheSteps = staticSteps;

  function cache(live, compact) {
    var model = expandCache(compact, staticSteps(live.parentNode)), select = live.querySelector("select");
    // Each live view's list is a copy of its static one, with a place for each step's state.
    staticLists(live.parentNode, function (list, image, order) {
      var copy = list.cloneNode(true), view = live.querySelector('[data-image="' + image + '"] [data-order="' + order + '"]');
      copy.querySelectorAll("li").forEach(function (li) {
        var state = document.createElement("strong");
        state.className = "lab-cache__state";
        li.dataset.step = li.querySelector("code").textContent;
        li.append(" ", state);
      });
      view.insertBefore(copy, view.querySelector(".lab-cache__push"));
    });
    function show(announce) {
      var image = live.querySelector("input:checked").value, change = select.value, words = [];
      live.querySelectorAll("[data-image]").forEach(function (box) { box.hidden = box.dataset.image !== image; });
      var box = live.querySelector('[data-image="' + image + '"]'), orders = model.images[image];
      Object.keys(orders).forEach(function (order) {
        var view = box.querySelector('[data-order="' + order + '"]'), c = orders[order].cases[change];
        view.querySelectorAll("li").forEach(function (li, n) {
          li.dataset.cache = c.cache[n];
          li.querySelector("strong").textContent = c.cache[n];
        });
        view.querySelector(".lab-cache__push").textContent = c.push;
        if (order === "written") {
          box.querySelector(".lab-cache__other").textContent = c.other;
          words.push(c.say);
        } else words.push("Badly ordered: " + c.count + ".");
      });
      if (announce) live.querySelector(".lab-explorer__status").textContent = words.join(" ");
    }
    live.addEventListener("change", function () { show(true); });
    show(false);
  }

  // explorers.js takes it from the queue, whether it has run yet or not.
  (window.labExplorerKinds = window.labExplorerKinds || []).push(["cache", cache]);
})();
