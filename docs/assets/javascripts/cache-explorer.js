// The build-cache explorer (labmacros/explorer_html.py cache_explorer): after explorers.js,
// which sets it up when the reader comes near.
(function () {
  var each = window.labExplorers.each;

  // The build-cache model as labmacros/explorer_compact.py writes it, back in the form of
  // explorers.cache_model(): each template's fact indexes replaced by the facts.
  function expandCache(compact) {
    function fill(template, facts) {
      return compact.templates[template].map(function (part) { return typeof part === "number" ? facts[part] : part; }).join("");
    }
    var images = {};
    Object.keys(compact.images).forEach(function (name) {
      images[name] = {};
      Object.keys(compact.images[name]).forEach(function (order) {
        var view = compact.images[name][order], steps = view.steps.map(function (n) { return compact.steps[n]; }), cases = {};
        compact.changes.forEach(function (change, n) {
          var c = view.cases[n], facts = steps.concat(["", compact.unquoted.indexOf(change) < 0 ? change : ""]);
          var count = facts[steps.length] = fill(c[1], facts);
          cases[change] = {
            cache: c[0].split("").map(function (d) { return compact.states[d]; }),
            count: count, say: fill(c[2], facts), push: fill(c[3], facts), other: fill(c[4], facts)
          };
        });
        images[name][order] = { steps: steps.map(function (text, n) { return [text, view.kinds[n]]; }), cases: cases };
      });
    });
    return { changes: compact.changes, images: images };
  }
  window.labExpandCache = expandCache;  // for the tests, which compare it with explorer_compact.py

  function cache(live, compact) {
    var model = expandCache(compact), select = live.querySelector("select");
    // The step lists are drawn here, from the model, rather than sent twice in the page.
    each(live, "[data-image]", function (box) {
      each(box, "[data-order]", function (view) {
        var list = view.querySelector("ol");
        model.images[box.dataset.image][view.dataset.order].steps.forEach(function (step) {
          var li = document.createElement("li"), code = document.createElement("code"), kind = document.createElement("span"),
            state = document.createElement("strong");
          li.dataset.step = code.textContent = step[0];
          kind.className = "lab-cache__kind";
          kind.textContent = step[1];
          state.className = "lab-cache__state";
          li.append(code, " ", kind, " ", state);
          list.appendChild(li);
        });
      });
    });
    function show(announce) {
      var image = live.querySelector("input:checked").value, change = select.value, words = [];
      each(live, "[data-image]", function (box) { box.hidden = box.dataset.image !== image; });
      var box = live.querySelector('[data-image="' + image + '"]'), orders = model.images[image];
      Object.keys(orders).forEach(function (order) {
        var view = box.querySelector('[data-order="' + order + '"]'), c = orders[order].cases[change];
        each(view, "li", function (li, n) {
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

  window.labExplorers.register("cache", cache);
})();
