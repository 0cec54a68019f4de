// variorum history page (reports/history_html.py). Everything is drawn from the JSON block
// with textContent: no text of an edition ever becomes markup.
(function () {
  "use strict";
  const started = performance.now();
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("variorum-data").textContent);
  const editions = data.editions;
  const n = editions.length;
  const lives = data.lives;
  let current = n - 1;
  let chosen = null; // [edition, sentence] whose life is shown

  // --- text, shown as stored ------------------------------------------------------------
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

  function codeName(c) {
    return "U+" + c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  }

  // A label (file name, edition id) on one line: bidirectional controls written out.
  function shown(value) {
    return String(value).replace(BIDI, (c) => "<" + codeName(c) + ">");
  }

  // Text into parent, a bidirectional control shown as its code, not applied.
  function appendText(parent, text) {
    BIDI.lastIndex = 0;
    if (!BIDI.test(text)) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    let at = 0;
    BIDI.lastIndex = 0;
    for (let m = BIDI.exec(text); m !== null; m = BIDI.exec(text)) {
      if (m.index > at) parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      const mark = document.createElement("span");
      mark.className = "bidi";
      mark.textContent = codeName(m[0]);
      mark.title = "bidirectional control " + codeName(m[0]) + " (shown, not applied)";
      parent.appendChild(mark);
      at = m.index + m[0].length;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) appendText(node, String(text));
    return node;
  }

  function oneLine(text, width) {
    const flat = String(text).split(/\s+/).join(" ").trim();
    return flat.length <= width ? flat : flat.slice(0, width - 1) + "\u2026";
  }

  // --- editions: a colour, a number and an underline pattern each --------------------------
  // Old editions cool (blue), new ones warm (red); neighbours differ in lightness and in the
  // pattern of their underline too, and every range starts with its edition's number.
  const PATTERNS = ["solid", "dashed", "dotted", "double", "wavy"];

  function colour(k, alpha) {
    const hue = n > 1 ? 230 - (230 * k) / (n - 1) : 210;
    const light = k % 2 ? 34 : 44;
    return alpha === undefined ? "hsl(" + hue.toFixed(0) + " 75% " + light + "%)"
      : "hsl(" + hue.toFixed(0) + " 80% 55% / " + alpha + ")";
  }

  function dress(node, k) {
    node.style.setProperty("--c", colour(k));
    node.style.setProperty("--bg", colour(k, 0.13));
    node.dataset.pattern = String(k % PATTERNS.length);
  }

  function label(k) {
    return editions[k].id;
  }

  function when(k) {
    const revision = editions[k].revision;
    return revision && revision.timestamp ? revision.timestamp.slice(0, 10) : "";
  }

  function editionButton(k) {
    const button = el("button", "ed", (k + 1) + " \u00b7 " + shown(label(k)));
    button.type = "button";
    button.dataset.edition = String(k);
    dress(button, k);
    button.title = "show edition " + shown(label(k));
    return button;
  }

  // --- lives ---------------------------------------------------------------------------
  // A life is a list of stretches [first, after): the editions first..after-1 hold the
  // passage; after == n when it lasts to the last edition.
  function stretchAt(life, k) {
    for (let j = 0; j < life.length; j++) {
      if (life[j][0] <= k && k < life[j][1]) return j;
    }
    return -1;
  }

  function events(life) {
    const out = [];
    life.forEach((span, j) => {
      out.push([j === 0 ? "introduced in" : "put back in", span[0], j === 0 ? "in" : "back"]);
      if (span[1] < n) out.push(["removed in", span[1], "out"]);
    });
    if (life[life.length - 1][1] === n) out.push(["stands in the last edition", null, "end"]);
    return out;
  }

  function lifeTitle(life, k) {
    const j = stretchAt(life, k);
    const parts = ["since " + label(life[0][0])];
    life.forEach((span, m) => {
      if (m > 0) parts.push("back in " + label(span[0]));
      if (span[1] < n) parts.push((m === j ? "gone in " : "removed in ") + label(span[1]));
    });
    return shown(parts.join(" \u00b7 "));
  }

  // --- the legend ----------------------------------------------------------------------
  function drawLegend(k) {
    const box = $("legend");
    box.textContent = "";
    const tokens = editions[k].tokens;
    const share = new Map();
    let all = 0;
    for (let i = 0; i < tokens.start.length; i++) {
      const intro = lives[tokens.life[i]][0][0];
      const size = tokens.end[i] - tokens.start[i];
      share.set(intro, (share.get(intro) || 0) + size);
      all += size;
    }
    box.appendChild(el("span", "legend-head", "Words of edition " + (k + 1) +
      " by the edition they date from:"));
    [...share.keys()].sort((a, b) => a - b).forEach((e) => {
      const item = el("span", "legend-item");
      item.setAttribute("role", "listitem");
      item.dataset.edition = String(e);
      const sample = el("span", "sample", String(e + 1));
      dress(sample, e);
      item.appendChild(sample);
      item.appendChild(el("span", "legend-label", shown(label(e))));
      const pct = all ? (100 * share.get(e)) / all : 0;
      item.appendChild(el("span", "legend-share", (pct < 1 && pct > 0 ? "<1" :
        pct.toFixed(0)) + "%"));
      box.appendChild(item);
    });
    const back = el("span", "legend-item legend-back", "\u21ba put back after a removal");
    back.setAttribute("role", "listitem");
    box.appendChild(back);
  }

  // --- the text ------------------------------------------------------------------------
  // Each range of equal provenance is drawn cut at the edges of the sentences, so that the
  // sentence whose life is shown is marked exactly (data-s: its sentence, -1 between two).
  function drawText(k) {
    const box = $("text");
    box.textContent = "";
    const text = data.texts[k];
    const tokens = editions[k].tokens;
    const sentences = editions[k].sentences;
    const count = sentences.start.length;
    const frag = document.createDocumentFragment();
    let at = 0;
    let before = -1;
    let j = 0;
    for (let i = 0; i < tokens.start.length; i++) {
      const start = tokens.start[i];
      const end = tokens.end[i];
      const life = lives[tokens.life[i]];
      if (start > at) appendText(frag, text.slice(at, start));
      const intro = life[0][0];
      const back = stretchAt(life, k) > 0;
      const title = lifeTitle(life, k);
      let position = start;
      while (position < end) {
        while (j < count && sentences.end[j] <= position) j++;
        let cut = end;
        let sentence = -1;
        if (j < count && sentences.start[j] <= position) {
          cut = Math.min(end, sentences.end[j]);
          sentence = j;
        } else if (j < count) {
          cut = Math.min(end, sentences.start[j]);
        }
        const span = document.createElement("span");
        span.className = "r";
        span.dataset.i = String(i);
        span.dataset.s = String(sentence);
        span.dataset.at = String(position);
        dress(span, intro);
        if (back) span.classList.add("back");
        if (position === start && (back || intro !== before)) {
          span.dataset.code = (back ? "\u21ba" : "") + (intro + 1);
        }
        span.title = title;
        appendText(span, text.slice(position, cut));
        frag.appendChild(span);
        position = cut;
      }
      before = intro;
      at = end;
    }
    if (at < text.length) appendText(frag, text.slice(at));
    box.appendChild(frag);
  }

  // --- a passage's life ----------------------------------------------------------------
  function sentenceAt(k, offset) {
    const s = editions[k].sentences;
    let lo = 0;
    let hi = s.start.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s.start[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found >= 0 && offset < s.end[found] ? found : -1;
  }

  function strip(life) {
    const row = el("div", "strip");
    row.setAttribute("role", "img");
    const held = [];
    for (let k = 0; k < n; k++) {
      const cell = el("span", "cell", stretchAt(life, k) >= 0 ? "\u25cf" : "\u00b7");
      if (stretchAt(life, k) >= 0) {
        held.push(label(k));
        cell.classList.add("in");
        dress(cell, k);
      }
      cell.title = shown(label(k)) + (stretchAt(life, k) >= 0 ? ": holds it" : ": without it");
      row.appendChild(cell);
    }
    row.setAttribute("aria-label", "in " + held.length + " of " + n + " editions");
    return row;
  }

  function eventList(life) {
    const list = el("ol", "events");
    for (const [what, k, kind] of events(life)) {
      const item = el("li", "event " + kind);
      item.appendChild(el("span", "what", what + (k === null ? "" : " ")));
      if (k !== null) {
        const button = editionButton(k);
        const date = when(k);
        if (date) button.appendChild(el("span", "date", " " + date));
        item.appendChild(button);
      }
      list.appendChild(item);
    }
    return list;
  }

  function showLife(k, offset, word) {
    const panel = $("life");
    panel.textContent = "";
    panel.appendChild(el("h2", "", "Life of a passage"));
    const j = sentenceAt(k, offset);
    for (const node of document.querySelectorAll("#text .chosen")) node.classList.remove("chosen");
    if (j < 0) {
      panel.appendChild(el("p", "hint", "No sentence stands there."));
      return;
    }
    chosen = [k, j];
    const s = editions[k].sentences;
    const text = data.texts[k].slice(s.start[j], s.end[j]);
    const quote = el("blockquote", "passage", text);
    panel.appendChild(quote);
    const life = lives[s.life[j]];
    panel.appendChild(el("h3", "", "The sentence, in " + life.reduce((a, span) =>
      a + span[1] - span[0], 0) + " of " + n + " editions"));
    panel.appendChild(eventList(life));
    panel.appendChild(strip(life));
    if (word !== undefined) {
      const wordLife = lives[editions[k].tokens.life[word]];
      const t = editions[k].tokens;
      if (JSON.stringify(wordLife) !== JSON.stringify(life)) {
        panel.appendChild(el("h3", "", "The words clicked: \u201c" +
          oneLine(data.texts[k].slice(t.start[word], t.end[word]), 60) + "\u201d"));
        panel.appendChild(eventList(wordLife));
        panel.appendChild(strip(wordLife));
      }
    }
    for (const node of document.querySelectorAll("#text .r[data-s='" + j + "']")) {
      node.classList.add("chosen");
    }
    panel.dataset.edition = String(k);
    panel.dataset.start = String(s.start[j]);
  }

  // --- the timeline --------------------------------------------------------------------
  function drawTimeline() {
    const box = $("timeline-rows");
    box.textContent = "";
    const most = Math.max(1, ...editions.map((e) => Math.max(e.summary.words_added,
      e.summary.words_removed, e.summary.words_reintroduced)));
    const head = el("div", "row head");
    head.setAttribute("role", "row");
    for (const name of ["#", "edition", "date", "words", "+ new", "\u2212 gone", "\u21ba back",
      "sentences +/\u2212/\u21ba", ""]) {
      const cell = el("span", "cell", name);
      cell.setAttribute("role", "columnheader");
      head.appendChild(cell);
    }
    box.appendChild(head);
    editions.forEach((edition, k) => {
      const s = edition.summary;
      const row = el("div", "row");
      row.setAttribute("role", "row");
      row.dataset.edition = String(k);
      row.tabIndex = 0;
      const cells = [String(k + 1), shown(edition.id), when(k), String(s.words),
        "+" + s.words_added, "\u2212" + s.words_removed, "\u21ba" + s.words_reintroduced,
        "+" + s.sentences_added + " / \u2212" + s.sentences_removed + " / \u21ba" +
        s.sentences_reintroduced];
      cells.forEach((value, c) => {
        const cell = el("span", "cell c" + c, value);
        cell.setAttribute("role", "cell");
        if (c === 0) dress(cell, k);
        row.appendChild(cell);
      });
      const bars = el("span", "cell bars");
      bars.setAttribute("role", "cell");
      bars.setAttribute("aria-hidden", "true");
      for (const [kind, value] of [["add", s.words_added], ["del", s.words_removed],
        ["back", s.words_reintroduced]]) {
        const bar = el("span", "tbar " + kind);
        bar.style.width = (value ? Math.max(1, (100 * value) / most) : 0).toFixed(1) + "%";
        bars.appendChild(bar);
      }
      row.appendChild(bars);
      const revision = edition.revision;
      if (revision) {
        row.title = shown([revision.user, revision.comment].filter(Boolean).join(": "));
      }
      box.appendChild(row);
    });
  }

  // --- passages and persons ------------------------------------------------------------
  function passageList(title, passages, describe) {
    const section = el("div", "passage-list");
    section.appendChild(el("h2", "", title));
    if (!passages.length) {
      section.appendChild(el("p", "hint", "none"));
      return section;
    }
    const list = el("ol", "");
    passages.forEach((p) => {
      const item = el("li", "");
      const button = el("button", "go", "\u201c" + oneLine(p.text, 90) + "\u201d");
      button.type = "button";
      button.dataset.edition = String(p.edition);
      button.dataset.start = String(p.start);
      item.appendChild(button);
      item.appendChild(el("span", "about", " " + describe(p, lives[p.life])));
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  }

  function drawPassages() {
    const box = $("passages");
    box.textContent = "";
    box.appendChild(passageList("Most fought over", data.fought_over, (p, life) =>
      (life.length - 1) + "\u00d7 put back, " + life.filter((s) => s[1] < n).length +
      "\u00d7 removed"));
    box.appendChild(passageList("Longest lived", data.longest_lived, (p) =>
      "in " + p.editions + " of " + n + " editions"));
  }

  function drawPeople() {
    if (data.people === null) return;
    const box = $("people");
    box.hidden = false;
    box.textContent = "";
    box.appendChild(el("h2", "", "Persons"));
    if (!data.people.length) {
      box.appendChild(el("p", "hint", "No person is named."));
      return;
    }
    const table = el("table", "");
    const head = el("tr", "");
    for (const name of ["person", "named in", "vanished in", "named again in"]) {
      head.appendChild(el("th", "", name));
    }
    table.appendChild(head);
    const names = (list) => list.length ? list.map((k) => shown(label(k))).join(", ") : "\u2014";
    for (const person of data.people) {
      const row = el("tr", "");
      row.appendChild(el("td", "name", person.name));
      row.appendChild(el("td", "", names(person.named_in)));
      row.appendChild(el("td", "", names(person.vanished_in)));
      row.appendChild(el("td", "", names(person.returned_in)));
      table.appendChild(row);
    }
    box.appendChild(table);
  }

  // --- choosing an edition -------------------------------------------------------------
  function choose(k, offset) {
    if (k < 0 || k >= n) return;
    current = k;
    $("edition").value = String(k);
    $("older").disabled = k === 0;
    $("newer").disabled = k === n - 1;
    const s = editions[k].summary;
    $("edition-note").textContent = s.words + " words \u00b7 +" + s.words_added + " new \u00b7 \u2212" +
      s.words_removed + " gone \u00b7 \u21ba" + s.words_reintroduced + " back";
    for (const row of document.querySelectorAll("#timeline-rows .row[data-edition]")) {
      if (Number(row.dataset.edition) === k) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
    }
    drawLegend(k);
    drawText(k);
    if (offset !== undefined) {
      showLife(k, offset);
      const first = document.querySelector("#text .chosen");
      if (first) first.scrollIntoView({ block: "center" });
    }
  }

  function fillSelect() {
    const select = $("edition");
    editions.forEach((edition, k) => {
      const option = document.createElement("option");
      option.value = String(k);
      const date = when(k);
      option.textContent = (k + 1) + " \u00b7 " + shown(edition.id) + (date ? " (" + date + ")" : "");
      select.appendChild(option);
    });
    select.addEventListener("change", () => choose(Number(select.value)));
  }

  function wire() {
    $("older").addEventListener("click", () => choose(current - 1));
    $("newer").addEventListener("click", () => choose(current + 1));
    $("text").addEventListener("click", (event) => {
      const range = event.target.closest(".r");
      if (!range) return;
      const i = Number(range.dataset.i);
      const sentence = Number(range.dataset.s);
      // Between two sentences (the space after a full stop): the one before.
      const offset = sentence >= 0 ? Number(range.dataset.at)
        : Math.max(editions[current].tokens.start[i], Number(range.dataset.at) - 1);
      showLife(current, offset, i);
    });
    document.addEventListener("click", (event) => {
      const go = event.target.closest("button[data-edition]");
      if (!go || go.closest("#text")) return;
      choose(Number(go.dataset.edition),
        go.dataset.start === undefined ? undefined : Number(go.dataset.start));
    });
    $("timeline-rows").addEventListener("keydown", (event) => {
      const row = event.target.closest(".row[data-edition]");
      if (row && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        choose(Number(row.dataset.edition));
      }
    });
    $("timeline-rows").addEventListener("click", (event) => {
      const row = event.target.closest(".row[data-edition]");
      if (row) choose(Number(row.dataset.edition));
    });
    document.addEventListener("keydown", (event) => {
      if (event.target.closest("select, input")) return;
      if (event.key === "[") choose(current - 1);
      else if (event.key === "]") choose(current + 1);
    });
  }

  $("title").textContent = "variorum history \u00b7 " + n + " edition" + (n === 1 ? "" : "s");
  fillSelect();
  drawTimeline();
  drawPassages();
  drawPeople();
  wire();
  choose(current);
  document.documentElement.dataset.ready = performance.now().toFixed(0);
  document.documentElement.dataset.scriptMs = (performance.now() - started).toFixed(0);
})();
