(function () {
  "use strict";
  // Filters for the zh2en QA report. Reads the embedded JSON index of findings; never turns
  // data into markup (textContent only), so no text from an article can become script.
  var doc = document;
  doc.documentElement.classList.add("js");
  var dataEl = doc.getElementById("report-data");
  if (!dataEl) { return; }
  var data = JSON.parse(dataEl.textContent);
  var fCheck = doc.getElementById("f-check");
  var fSev = doc.getElementById("f-sev");
  var fArt = doc.getElementById("f-article");
  var fOnly = doc.getElementById("f-only");
  var out = doc.getElementById("f-count");
  var segs = Array.prototype.slice.call(doc.querySelectorAll(".seg"));
  var marks = Array.prototype.slice.call(doc.querySelectorAll("mark[data-f]"));
  var arts = Array.prototype.slice.call(doc.querySelectorAll("section.article"));

  function ids(el) {
    return (el.getAttribute("data-f") || "").split(" ").filter(function (s) { return s !== ""; });
  }

  function apply() {
    var check = fCheck.value;
    var minRank = parseInt(fSev.value, 10) || 0;
    var art = fArt.value;
    var only = fOnly.checked;
    var visible = {};
    var perArticle = {};
    var shown = 0;
    data.findings.forEach(function (f) {
      var ok = (check === "" || f.check === check) && f.rank >= minRank &&
        (art === "" || String(f.article) === art);
      var el = doc.getElementById(f.id);
      if (el) { el.hidden = !ok; }
      if (ok) {
        shown += 1;
        visible[f.id] = true;
        perArticle[String(f.article)] = true;
      }
    });
    segs.forEach(function (seg) {
      var has = ids(seg).some(function (i) { return visible[i] === true; });
      var artOk = art === "" || seg.getAttribute("data-article") === art;
      seg.hidden = !artOk || (only && !has);
    });
    marks.forEach(function (m) {
      var on = ids(m).some(function (i) { return visible[i] === true; });
      m.classList.toggle("off", !on);
    });
    arts.forEach(function (s) {
      var a = s.getAttribute("data-article");
      s.hidden = (art !== "" && a !== art) || (only && perArticle[a] !== true);
    });
    out.textContent = shown + " of " + data.findings.length + " findings shown";
  }

  [fCheck, fSev, fArt, fOnly].forEach(function (el) { el.addEventListener("change", apply); });
  Array.prototype.forEach.call(doc.querySelectorAll("button[data-check]"), function (b) {
    b.addEventListener("click", function () {
      fCheck.value = b.getAttribute("data-check") || "";
      fSev.value = b.getAttribute("data-rank") || "0";
      fOnly.checked = true;
      apply();
      var first = segs.filter(function (s) { return !s.hidden; })[0];
      if (first) { first.scrollIntoView({ block: "start" }); }
    });
  });
  var reset = doc.getElementById("f-reset");
  reset.addEventListener("click", function () {
    fCheck.value = ""; fSev.value = "0"; fArt.value = ""; fOnly.checked = false;
    apply();
  });
  apply();
})();
