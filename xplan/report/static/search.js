// The report's search box (xplan/report/search_data.py): finds words in search-index.js, with no
// server. Texts and query are folded as `xplan search` folds them: NFKC, lower case, dash and
// wave-dash variants, and the final ー of a katakana word dropped. Every word must occur in the
// issue, "…" keeps a phrase, -word excludes; one entry per issue, those whose title has the words
// first, then by how often the words occur.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  var records = window.XPLAN_SEARCH_INDEX;
  if (!form || !records) { return; }
  var input = form.querySelector("input");
  var list = form.querySelector("ol");
  var root = form.getAttribute("data-root").replace(/index\.html$/, "");
  var LIMIT = 30;
  var EXTRA = { "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\u301c": "~", "\u3000": " " };

  function kata(c) { return (c >= "\u30a1" && c <= "\u30fa") || c === "\u30fc"; }
  function mark(c) { return /[\u3099\u309a\uff9e\uff9f]/.test(c) || /\p{M}/u.test(c); }

  // the folded text, and for each of its characters the span of the original it came from
  function fold(text) {
    var out = [], starts = [], ends = [], chars = Array.from(text), pos = 0, i = 0;
    while (i < chars.length) {
      var j = i + 1, piece = chars[i];
      while (j < chars.length && mark(chars[j])) { piece += chars[j]; j++; }
      var start = pos, end = pos + piece.length;
      piece = piece.replace(/[\u2010-\u2013\u2212\u301c\u3000]/g, function (c) { return EXTRA[c]; });
      Array.from(piece.normalize("NFKC").toLowerCase()).forEach(function (c) {
        if (/\s/.test(c)) {
          if (out.length && out[out.length - 1] === " ") { ends[ends.length - 1] = end; return; }
          c = " ";
        }
        out.push(c); starts.push(start); ends.push(end);
      });
      pos = end; i = j;
    }
    var f = [], fs = [], fe = [];
    for (var k = 0; k < out.length; k++) {
      if (out[k] === "\u30fc" && f.length && kata(f[f.length - 1]) && (k + 1 === out.length || !kata(out[k + 1]))) {
        fe[fe.length - 1] = ends[k]; continue;
      }
      f.push(out[k]); fs.push(starts[k]); fe.push(ends[k]);
    }
    return { text: f.join(""), starts: fs, ends: fe };
  }

  function parse(query) {
    var terms = [], re = /(-?)"([^"]*)"|(\S+)/g, m;
    query = query.normalize("NFKC").replace(/[\u201c\u201d]/g, "\"");
    while ((m = re.exec(query)) !== null) {
      var raw = m[3] !== undefined ? m[3] : m[2], exclude = m[1] === "-";
      if (m[3] !== undefined && raw.length > 1 && raw[0] === "-") { exclude = true; raw = raw.slice(1); }
      var t = fold(raw).text.trim();
      if (t) { terms.push({ text: t, exclude: exclude }); }
    }
    return terms;
  }

  var folded = null;
  function search(query) {
    var terms = parse(query), pos = terms.filter(function (t) { return !t.exclude; });
    if (!pos.length) { return []; }
    if (folded === null) { folded = records.map(function (r) { return fold(r[6]).text; }); }
    var units = {}, order = [];
    records.forEach(function (r, n) {
      var unit = r[0];
      if (!units[unit]) { units[unit] = { has: {}, no: false, hits: [] }; order.push(unit); }
      var u = units[unit], found = false;
      terms.forEach(function (t) {
        if (folded[n].indexOf(t.text) >= 0) {
          if (t.exclude) { u.no = true; } else { u.has[t.text] = true; found = true; }
        }
      });
      if (found) { u.hits.push(n); }
    });
    // one entry per issue: its best section (a title first, then the most occurrences)
    var hits = [];
    order.forEach(function (unit) {
      var u = units[unit];
      if (u.no || !pos.every(function (t) { return u.has[t.text]; })) { return; }
      var best = null, total = 0;
      u.hits.forEach(function (n) {
        var count = 0;
        pos.forEach(function (t) { count += folded[n].split(t.text).length - 1; });
        var h = { n: n, title: /^課題名/.test(records[n][5]), count: count };
        total += count;
        if (best === null || (h.title && !best.title) || (h.title === best.title && h.count > best.count)) { best = h; }
      });
      best.total = total;
      best.sections = u.hits.length;
      hits.push(best);
    });
    hits.sort(function (a, b) { return (b.title - a.title) || (b.total - a.total) || (a.n - b.n); });
    return hits.map(function (h) {
      return { record: records[h.n], sections: h.sections, spans: spans(records[h.n][6], pos) };
    });
  }

  function spans(text, pos) {
    var f = fold(text), out = [];
    pos.forEach(function (t) {
      var at = f.text.indexOf(t.text);
      while (at >= 0) { out.push([f.starts[at], f.ends[at + t.text.length - 1]]); at = f.text.indexOf(t.text, at + 1); }
    });
    return out.sort(function (a, b) { return a[0] - b[0]; });
  }

  function snippet(li, text, marks) {
    var first = marks.length ? marks[0][0] : 0, lo = Math.max(0, first - 30), hi = Math.min(text.length, lo + 100);
    var span = document.createElement("span"), at = lo;
    span.className = "snippet";
    span.appendChild(document.createTextNode(lo > 0 ? "…" : ""));
    marks.forEach(function (m) {
      if (m[0] < at || m[0] >= hi) { return; }
      span.appendChild(document.createTextNode(text.slice(at, m[0]).replace(/\n/g, "／")));
      var b = document.createElement("mark");
      b.textContent = text.slice(m[0], m[1]);
      span.appendChild(b);
      at = m[1];
    });
    span.appendChild(document.createTextNode(text.slice(at, Math.max(at, hi)).replace(/\n/g, "／") + (hi < text.length ? "…" : "")));
    li.appendChild(span);
  }

  function show() {
    var query = input.value.trim();
    list.textContent = "";
    if (!query) { list.hidden = true; return; }
    var hits = search(query);
    list.hidden = false;
    var head = document.createElement("li");
    head.className = "count";
    head.textContent = hits.length + "件" + (hits.length > LIMIT ? "（上位" + LIMIT + "件を表示）" : "");
    list.appendChild(head);
    hits.slice(0, LIMIT).forEach(function (h) {
      var r = h.record, li = document.createElement("li"), a = document.createElement("a");
      a.href = root + r[0];
      a.textContent = r[1] + " " + r[2] + (r[3] ? " " + r[3] : "") + " " + r[4];
      li.appendChild(a);
      var where = document.createElement("span");
      where.className = "section";
      where.textContent = r[5] + (h.sections > 1 ? "　ほか" + (h.sections - 1) + "箇所" : "");
      li.appendChild(where);
      snippet(li, r[6], h.spans);
      list.appendChild(li);
    });
  }

  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
  input.addEventListener("input", show);
})();
