/* Add articles: drop or choose files, send them to /api/upload, follow the ingest until it is done. */
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("files");
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var done = document.getElementById("upload-done");
  var list = document.getElementById("upload-articles");
  var dropped = null;

  function say(text) { status.textContent = text; }

  function send(files) {
    if (!files || !files.length) { say("Choose or drop at least one file."); return; }
    var data = new FormData();
    Array.prototype.forEach.call(files, function (f) { data.append("files", f, f.name); });
    bar.hidden = false;
    bar.removeAttribute("value");
    done.hidden = true;
    list.hidden = true;
    say("Sending " + files.length + " file" + (files.length === 1 ? "" : "s") + "…");
    fetch("/api/upload", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body.detail || ("HTTP " + r.status)); }
          return body;
        });
      })
      .then(function (job) { follow(job.id); })
      .catch(function (err) { bar.hidden = true; say("Upload refused: " + err.message); });
  }

  function follow(id) {
    fetch("/api/upload/" + encodeURIComponent(id), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        if (job.total) {
          bar.max = job.total;
          bar.value = job.done;
        }
        if (job.state === "done" || job.state === "failed") {
          bar.hidden = job.state === "failed";
          bar.max = 1;
          bar.value = 1;
          var rejected = job.rejected.length ? " Rejected: " + job.rejected.join("; ") : "";
          say((job.state === "done" ? "Done: " : "") + job.summary + "." + rejected);
          done.hidden = job.state !== "done";
          showArticles(job.articles || []);
          return;
        }
        say((job.phase || job.state) + (job.total ? " " + job.done + "/" + job.total : "") + "…");
        setTimeout(function () { follow(id); }, 400);
      })
      .catch(function (err) { say("Lost track of the upload: " + err.message); });
  }

  /* links to the new articles, built as elements: a title is text, never markup */
  function showArticles(articles) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    articles.forEach(function (a) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/article/" + encodeURIComponent(a.id);
      link.textContent = a.title || a.outlet || a.id;
      li.appendChild(link);
      if (a.outlet) {
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = " " + a.outlet;
        li.appendChild(meta);
      }
      list.appendChild(li);
    });
    list.hidden = !articles.length;
  }

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (ev) {
    ev.preventDefault();
    dropped = ev.dataTransfer.files;
    send(dropped);
  });
  zone.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); input.click(); }
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    send(input.files.length ? input.files : dropped);
  });
}());
