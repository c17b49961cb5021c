// The copy-on-write explorer (lab/markup/explorer_html.py cow_explorer): with explorers.js,
// which sets it up when the reader comes near. Its rules mirror
// lab/model/container.py Container, which the tests compare.
(function () {

  // The copy-on-write rules, without the page: lab/model/copy_on_write.py's Explorer, line for line
  // (tests/test_explorers.py runs both on the same action sequences).
  function cowMachine(model) {
    var files = model.files, start = model.start, boxes = {};
    function fresh(key) {
      boxes[key] = { name: model.names[key], label: key.toUpperCase(), state: "running", code: 0, scriptChanged: false, layer: {}, created: {}, folders: {} };
    }
    function parent(p) { return p.slice(0, p.lastIndexOf("/")) || "/"; }
    function base(p) { return p.slice(p.lastIndexOf("/") + 1); }
    function sees(c, p) { return c.layer[p] === "whiteout" ? null : c.created[p] || files[p] || null; }
    function may(user, f, bit) { return user === "root" || !!((f[2] >> (f[1] === user ? 6 : 0)) & bit); }
    function layerOf(c) { return c.label + "'s writable layer"; }
    // overlayfs copies up the folders above a path, and keeps them when the path goes again
    function copyFolders(c, p) { for (var d = parent(p); d !== "/"; d = parent(d)) c.folders[d] = true; }

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
        copyFolders(c, p);
        if (!f) {
          c.layer[p] = "new";
          c.created[p] = ["f", user, 420, layerOf(c)];
          return ["done", "created " + p + " in " + layerOf(c)];
        }
        if (c.layer[p]) {
          if (c.layer[p] === "unchanged copy") c.layer[p] = "copy-up";
          return ["done", "changed " + c.label + "'s own copy of " + p + " again; no new copy-up"];
        }
        c.layer[p] = "copy-up";
        return ["done", "copy-up: " + p + " copied into " + layerOf(c) + ", then changed there; the image keeps the original"];
      },
      delete: function (c, p, user) {
        var f = sees(c, p), dir = sees(c, parent(p));
        if (!f) return ["no-file", "rm: cannot remove '" + p + "': No such file or directory"];
        if (!may(user, dir, 2)) return ["denied", "rm: cannot remove '" + p + "': Permission denied"];
        if (dir[2] & 512 && ["root", f[1], dir[1]].indexOf(user) < 0) return ["not-permitted", "rm: cannot remove '" + p + "': Operation not permitted"];
        delete c.created[p];
        copyFolders(c, p);
        if (files[p]) {
          c.layer[p] = "whiteout";
          return ["done", "whiteout: " + p + " is hidden in " + c.label + "; the image and other containers still have it"];
        }
        delete c.layer[p];
        return ["done", "removed " + p + " from " + layerOf(c) + " (never in the image, so no whiteout)"];
      },
      chmod: function (c, p, user) {
        var f = sees(c, p);
        if (!f) return ["no-file", "chmod: cannot access '" + p + "': No such file or directory"];
        if (user !== "root" && user !== f[1]) return ["not-permitted", "chmod: changing permissions of '" + p + "': Operation not permitted"];
        copyFolders(c, p);
        if (c.layer[p]) return ["done", p + " is in " + layerOf(c) + " already; its mode stays " + f[2].toString(8)];
        c.layer[p] = "unchanged copy";
        return ["done", "copy-up: " + p + " copied into " + layerOf(c) + " with nothing changed; "
          + "docker diff compares with the image and lists nothing, docker ps --size counts the copy"];
      }
    };

    function startFailure(c) {
      var script = base(start.script);
      if (start.script && !sees(c, start.script)) return [2, "python cannot open " + start.script + ", deleted in " + layerOf(c)];
      if (c.layer[start.script] === "new") return [1, start.script + " now holds only the line the explorer wrote, which is not Python (NameError)"];
      for (var i = 0; i < start.imports.length; i++) {
        var m = start.imports[i], name = base(m).slice(0, -3);
        if (!sees(c, m)) return [1, script + " imports " + name + ", and " + m + " is deleted"];
        if (c.layer[m] === "copy-up" || c.layer[m] === "new") return [1, script + " imports " + name + ", and the line written to " + m + " is not Python (NameError)"];
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
        if (c.layer[p] === "unchanged copy") return;
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
      if (exec[what]) return "docker exec " + (root ? "-u 0 " : "") + name + " " + { read: "cat " + p, write: "sh -c 'echo edit >> " + p + "'", delete: "rm " + p, chmod: "chmod u+r " + p }[what];
      return what === "run" ? "docker run -d --name " + name + " " + model.image : "docker " + (what === "rm" ? "rm -f" : what) + " " + name;
    }

    // [command, kind, what it shows] for one action, as Explorer.act returns it.
    function act(key, what, p, root) {
      var c = boxes[key], cmd = command(key, what, p, root), out;
      if (what === "run") {
        if (c.state !== "removed") out = ["name-taken", "the name " + c.name + " is taken: remove that container first"];
        else { fresh(key); out = ["done", "a new container " + c.name + " with a new, empty writable layer"]; }
      } else if (c.state === "removed" && what === "rm") out = ["done", "Error response from daemon: No such container: " + c.name
        + " (printed, but exit status 0: with -f, nothing to remove is no failure)"];
      else if (c.state === "removed") out = ["no-container", "Error response from daemon: No such container: " + c.name];
      else if (what === "rm") { c.state = "removed"; out = ["done", "removed " + c.name + " and its writable layer"]; }
      else if (life[what]) out = life[what](c);
      else if (c.state !== "running") out = ["not-running", c.name + " is not running: docker exec needs a running container"];
      else out = exec[what](c, p, root ? "root" : model.user);
      return [cmd, out[0], out[1]];
    }

    fresh("a");
    fresh("b");
    function upper(c) { return Object.keys(c.folders).concat(Object.keys(c.layer).filter(function (p) { return !c.folders[p]; })).sort(); }
    return { act: act, boxes: boxes, sees: sees, diff: function (key) { return boxes[key].state === "removed" ? null : diff(boxes[key]); },
             upper: function (key) { return boxes[key].state === "removed" ? null : upper(boxes[key]); },
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
      live.querySelectorAll("[data-container]").forEach(function (box) {
        var key = box.dataset.container, c = machine.boxes[key], layer = box.querySelector(".lab-cow__layer"),
          seen = box.querySelector(".lab-cow__sees"), gone = c.state === "removed", lines = machine.diff(key);
        box.querySelector(".lab-cow__state").textContent = c.state === "exited" ? "exited (code " + c.code + ")" : c.state;
        layer.replaceChildren();
        seen.replaceChildren();
        Object.keys(c.folders).sort().forEach(function (p) { if (!c.layer[p]) item(layer, p + "/: folder", { path: p, folder: "" }); });
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

    live.querySelectorAll("button[data-do]").forEach(function (b) { b.addEventListener("click", function () { run(b.dataset.do); }); });
    render();
  }

  // explorers.js takes it from the queue, whether it has run yet or not.
  (window.labExplorerKinds = window.labExplorerKinds || []).push(["cow", cow]);
})();
