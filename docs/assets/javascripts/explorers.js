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

  // The copy-on-write rules, without the page: labmacros/explorers.py's Explorer, line for line
  // (tests/test_explorers.py runs both on the same action sequences).
  function cowMachine(model) {
    var files = model.files, start = model.start, boxes = {};
    function fresh(key) {
      boxes[key] = { name: model.names[key], label: key.toUpperCase(), state: "running", code: 0, scriptChanged: false, layer: {}, created: {} };
    }
    function parent(p) { return p.slice(0, p.lastIndexOf("/")) || "/"; }
    function base(p) { return p.slice(p.lastIndexOf("/") + 1); }
    function sees(c, p) { return c.layer[p] === "whiteout" ? null : c.created[p] || files[p] || null; }
    function may(user, f, bit) { return user === "root" || !!((f[2] >> (f[1] === user ? 6 : 0)) & bit); }
    function layerOf(c) { return c.label + "'s writable layer"; }

    var exec = {
      read: function (c, p, user) {
        var f = sees(c, p);
        if (!f) return ["no-file", "cat: " + p + ": No such file or directory"];
        if (!may(user, f, 4)) return ["denied", "cat: " + p + ": Permission denied"];
        return ["done", "cat prints " + p + " from " + (c.layer[p] === "copy-up" ? "its own copy in " + layerOf(c)
          : c.layer[p] ? layerOf(c) : "the image (" + f[3] + ")")];
      },
      write: function (c, p, user) {
        var f = sees(c, p);
        if (!may(user, f || sees(c, parent(p)), 2)) return ["denied", "sh: 1: cannot create " + p + ": Permission denied"];
        if (!f) {
          c.layer[p] = "new";
          c.created[p] = ["f", user, 420, layerOf(c)];
          return ["done", "created " + p + " in " + layerOf(c)];
        }
        if (c.layer[p]) return ["done", "changed " + c.label + "'s own copy of " + p + " again; no new copy-up"];
        c.layer[p] = "copy-up";
        return ["done", "copy-up: " + p + " copied into " + layerOf(c) + ", then changed there; the image keeps the original"];
      },
      delete: function (c, p, user) {
        var f = sees(c, p), dir = sees(c, parent(p));
        if (!f) return ["no-file", "rm: cannot remove '" + p + "': No such file or directory"];
        if (!may(user, dir, 2)) return ["denied", "rm: cannot remove '" + p + "': Permission denied"];
        if (dir[2] & 512 && ["root", f[1], dir[1]].indexOf(user) < 0) return ["not-permitted", "rm: cannot remove '" + p + "': Operation not permitted"];
        delete c.created[p];
        if (files[p]) {
          c.layer[p] = "whiteout";
          return ["done", "whiteout: " + p + " is hidden in " + c.label + "; the image and other containers still have it"];
        }
        delete c.layer[p];
        return ["done", "removed " + p + " from " + layerOf(c) + " (never in the image, so no whiteout)"];
      }
    };

    function startFailure(c) {
      var script = base(start.script);
      if (start.script && !sees(c, start.script)) return [2, "python cannot open " + start.script + ", deleted in " + layerOf(c)];
      if (c.layer[start.script] === "new") return [1, start.script + " now holds only the line the explorer wrote, which is not Python (NameError)"];
      for (var i = 0; i < start.imports.length; i++) {
        var m = start.imports[i], name = base(m).slice(0, -3);
        if (!sees(c, m)) return [1, script + " imports " + name + ", and " + m + " is deleted"];
        if (c.layer[m]) return [1, script + " imports " + name + ", and the line written to " + m + " is not Python (NameError)"];
      }
      return null;
    }

    var life = {
      stop: function (c) {
        if (c.state !== "running") return ["done", c.name + " is not running: nothing to stop"];
        c.state = "exited";
        c.code = c.scriptChanged ? 1 : 0;
        return ["done", c.name + " stopped (exit code " + c.code + "); its writable layer is kept"];
      },
      start: function (c) {
        if (c.state === "running") return ["done", c.name + " is already running"];
        var failure = startFailure(c);
        if (failure) {
          c.state = "exited"; c.code = failure[0];
          return ["done", c.name + " started, and its process exited at once (exit code " + failure[0] + "): " + failure[1]];
        }
        c.state = "running";
        c.scriptChanged = c.layer[start.script] === "copy-up";
        return ["done", c.name + " running again; its writable layer is kept"];
      }
    };

    function diff(c) {
      var lines = {};
      Object.keys(c.layer).forEach(function (p) {
        lines[p] = c.layer[p] === "whiteout" ? "D" : files[p] ? "C" : "A";
        for (var d = parent(p); d !== "/"; d = parent(d)) lines[d] = "C";
      });
      return Object.keys(lines).sort(function (x, y) {
        x = x.split("/"); y = y.split("/");
        for (var i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
        return x.length - y.length;
      }).map(function (p) { return lines[p] + " " + p; });
    }

    function command(key, what, p, root) {
      var name = model.names[key];
      if (exec[what]) return "docker exec " + (root ? "-u 0 " : "") + name + " " + { read: "cat " + p, write: "sh -c 'echo edit >> " + p + "'", delete: "rm " + p }[what];
      return what === "run" ? "docker run -d --name " + name + " " + model.image : "docker " + (what === "rm" ? "rm -f" : what) + " " + name;
    }

    // [command, kind, what it shows] for one action, as Explorer.act returns it.
    function act(key, what, p, root) {
      var c = boxes[key], cmd = command(key, what, p, root), out;
      if (what === "run") {
        if (c.state !== "removed") out = ["name-taken", "the name " + c.name + " is taken: remove that container first"];
        else { fresh(key); out = ["done", "a new container " + c.name + " with a new, empty writable layer"]; }
      } else if (c.state === "removed") out = ["no-container", "Error response from daemon: No such container: " + c.name];
      else if (what === "rm") { c.state = "removed"; out = ["done", "removed " + c.name + " and its writable layer"]; }
      else if (life[what]) out = life[what](c);
      else if (c.state !== "running") out = ["not-running", c.name + " is not running: docker exec needs a running container"];
      else out = exec[what](c, p, root ? "root" : model.user);
      return [cmd, out[0], out[1]];
    }

    fresh("a");
    fresh("b");
    return { act: act, boxes: boxes, sees: sees, diff: function (key) { return boxes[key].state === "removed" ? null : diff(boxes[key]); },
             layerOf: layerOf };
  }
  window.labCowMachine = cowMachine;  // for the tests, which compare it with the Python model

  function cow(live, model) {
    var machine = cowMachine(model), files = model.files;

    function item(list, text, data) {
      var li = document.createElement("li");
      li.textContent = text;
      Object.keys(data).forEach(function (k) { li.dataset[k] = data[k]; });
      list.appendChild(li);
    }

    function render() {
      each(live, "[data-container]", function (box) {
        var key = box.dataset.container, c = machine.boxes[key], layer = box.querySelector(".lab-cow__layer"),
          seen = box.querySelector(".lab-cow__sees"), gone = c.state === "removed", lines = machine.diff(key);
        box.querySelector(".lab-cow__state").textContent = c.state === "exited" ? "exited (code " + c.code + ")" : c.state;
        layer.replaceChildren();
        seen.replaceChildren();
        Object.keys(c.layer).sort().forEach(function (p) { item(layer, p + ": " + c.layer[p], { path: p, kind: c.layer[p] }); });
        Object.keys(files).concat(Object.keys(c.created)).forEach(function (p) {
          var f = machine.sees(c, p);
          if (f && f[0] === "f" && !gone) item(seen, p + ": " + (c.layer[p] ? machine.layerOf(c) : "image"), {});
        });
        box.querySelector(".lab-cow__diff").textContent = gone ? "Error response from daemon: No such container: " + c.name : lines.join("\n");
      });
    }

    function run(what) {
      var key = live.querySelector("input[type=radio]:checked").value;
      var result = machine.act(key, what, live.querySelector("#lab-cow-file").value, live.querySelector("#lab-cow-root").checked);
      live.querySelector(".lab-explorer__status").textContent = "$ " + result[0] + ": " + result[2];
      render();
    }

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
