// The build-cache and copy-on-write explorers (labmacros/explorer_html.py). Their data
// is computed from the samples when the site is built (data-model); this script shows
// the controls, hides the static tables and fills in what the reader picks. The
// copy-on-write rules mirror labmacros/explorers.py.Container, which the tests compare.
//
// The page's Markdown loads this script, so it loads only on the explorers' pages;
// Material's instant navigation runs it again each time such a page is shown, hence
// the guard: one document$ subscription sets up every explorer, on every page.
(function () {
  if (window.labExplorers) return;

  function each(root, selector, fn) { root.querySelectorAll(selector).forEach(fn); }

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
  window.labExplorers = { expandCache: expandCache };

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

  function cow(live, model) {
    var files = model.files, boxes = {};
    function fresh(name) { boxes[name] = { name: name.toUpperCase(), state: "running", layer: {}, created: {}, dirs: {} }; }
    function parent(p) { return p.slice(0, p.lastIndexOf("/")) || "/"; }
    function sees(c, p) { return c.layer[p] === "whiteout" ? null : c.created[p] || files[p] || null; }
    function may(user, f, bit) { return user === "root" || !!((f[2] >> (f[1] === user ? 6 : 0)) & bit); }
    function layerOf(c) { return c.name + "'s writable layer"; }

    var exec = {
      read: function (c, p, user) {
        var f = sees(c, p);
        if (!f) return "cat: " + p + ": No such file or directory";
        if (!may(user, f, 4)) return "cat: " + p + ": Permission denied";
        return "cat prints " + p + " from " + (c.layer[p] === "copy-up" ? "its own copy in " + layerOf(c)
          : c.layer[p] ? layerOf(c) : "the image (" + f[3] + ")");
      },
      write: function (c, p, user) {
        var f = sees(c, p);
        if (!may(user, f || sees(c, parent(p)), 2)) return "sh: 1: cannot create " + p + ": Permission denied";
        if (!f) {
          c.layer[p] = "new";
          c.created[p] = ["f", user, 420, layerOf(c)];
          c.dirs[parent(p)] = 1;
          return "created " + p + " in " + layerOf(c);
        }
        if (c.layer[p]) return "changed " + c.name + "'s own copy of " + p + " again; no new copy-up";
        c.layer[p] = "copy-up";
        return "copy-up: " + p + " copied into " + layerOf(c) + ", then changed there; the image keeps the original";
      },
      delete: function (c, p, user) {
        var f = sees(c, p), dir = sees(c, parent(p));
        if (!f) return "rm: cannot remove '" + p + "': No such file or directory";
        if (!may(user, dir, 2)) return "rm: cannot remove '" + p + "': Permission denied";
        if (dir[2] & 512 && [ "root", f[1], dir[1] ].indexOf(user) < 0) return "rm: cannot remove '" + p + "': Operation not permitted";
        c.dirs[parent(p)] = 1;
        delete c.created[p];
        if (files[p]) {
          c.layer[p] = "whiteout";
          return "whiteout: " + p + " is hidden in " + c.name + "; the image and other containers still have it";
        }
        delete c.layer[p];
        return "removed " + p + " from " + layerOf(c) + " (never in the image, so no whiteout)";
      }
    };

    function diff(c) {
      var lines = {};
      Object.keys(c.dirs).forEach(function (d) { if (d !== "/") lines[d] = "C"; });
      Object.keys(c.layer).forEach(function (p) { lines[p] = c.layer[p] === "whiteout" ? "D" : files[p] ? "C" : "A"; });
      return Object.keys(lines).sort(function (x, y) {
        x = x.split("/"); y = y.split("/");
        for (var i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
        return x.length - y.length;
      }).map(function (p) { return lines[p] + " " + p; });
    }

    function item(list, text, data) {
      var li = document.createElement("li");
      li.textContent = text;
      Object.keys(data).forEach(function (k) { li.dataset[k] = data[k]; });
      list.appendChild(li);
    }

    function render() {
      each(live, "[data-container]", function (box) {
        var name = box.dataset.container, c = boxes[name], layer = box.querySelector(".lab-cow__layer"),
          seen = box.querySelector(".lab-cow__sees"), gone = c.state === "removed";
        box.querySelector(".lab-cow__state").textContent = c.state;
        layer.replaceChildren();
        seen.replaceChildren();
        Object.keys(c.layer).sort().forEach(function (p) { item(layer, p + ": " + c.layer[p], { path: p, kind: c.layer[p] }); });
        Object.keys(files).concat(Object.keys(c.created)).forEach(function (p) {
          var f = sees(c, p);
          if (f && f[0] === "f" && !gone) item(seen, p + ": " + (c.layer[p] ? layerOf(c) : "image"), {});
        });
        box.querySelector(".lab-cow__diff").textContent = gone ? "Error response from daemon: No such container: " + name : diff(c).join("\n");
      });
    }

    function run(what) {
      var name = live.querySelector("input[type=radio]:checked").value, c = boxes[name];
      var root = live.querySelector("#lab-cow-root").checked, user = root ? "root" : model.user;
      var p = live.querySelector("#lab-cow-file").value, command, out;
      if (exec[what]) {
        var shell = { read: "cat " + p, write: "sh -c 'echo edit >> " + p + "'", delete: "rm " + p }[what];
        command = "docker exec " + (root ? "-u 0 " : "") + name + " " + shell;
        out = c.state === "running" ? exec[what](c, p, user)
          : c.state === "stopped" ? name + " is stopped: docker exec needs a running container" : "Error response from daemon: No such container: " + name;
      } else {
        command = what === "run" ? "docker run -d --name " + name + " " + model.image : "docker " + (what === "rm" ? "rm -f" : what) + " " + name;
        if (what === "run") {
          out = c.state === "removed" ? (fresh(name), "a new container " + name + " with a new, empty writable layer") : name + " exists: remove it first (the name is taken)";
        } else if (c.state === "removed") out = "Error response from daemon: No such container: " + name;
        else if (what === "rm") { c.state = "removed"; out = "removed " + name + " and its writable layer"; }
        else {
          var to = what === "stop" ? "stopped" : "running";
          out = c.state === to ? name + " is already " + to : (c.state = to, name + " " + to + "; its writable layer is kept");
        }
      }
      live.querySelector(".lab-explorer__status").textContent = "$ " + command + ": " + out;
      render();
    }

    fresh("a");
    fresh("b");
    each(live, "button[data-do]", function (b) { b.addEventListener("click", function () { run(b.dataset.do); }); });
    render();
  }

  function setUp(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    var live = root.querySelector(".lab-explorer__live"), model = JSON.parse(root.dataset.model);
    (root.dataset.labExplorer === "cache" ? cache : cow)(live, model);
    live.hidden = false;
    root.querySelector(".lab-explorer__static").hidden = true;
  }

  // An explorer is set up when the reader comes within a screen of it, not while the page
  // loads: its data and controls cost start-up time a reader who never gets there would pay.
  // A screen ahead, so the controls replace the tables before they come into view.
  var near = "IntersectionObserver" in window && new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { near.unobserve(entry.target); setUp(entry.target); }
    });
  }, { rootMargin: "100% 0px" });

  document$.subscribe(function () {  // Material's: every page, instant navigation included
    each(document, "[data-lab-explorer]", function (root) { near ? near.observe(root) : setUp(root); });
  });
})();
