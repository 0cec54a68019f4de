/* variorum HTML viewer: plain JavaScript, no framework, no build step, no network.
 *
 * The collation arrives as JSON in the #variorum-data block (see reports/html.py for its
 * shape). Every piece of witness text, file name or reading is put on the page with
 * textContent or createTextNode, never innerHTML: nothing in an edition can become markup.
 *
 * Texts are drawn lazily. The reading view is cut into chunks of a few thousand characters
 * and the side-by-side view into rows; each starts as an empty box of about the right height
 * and is filled when it comes near the screen (IntersectionObserver), so a book-length
 * collation opens at once instead of building hundreds of thousands of nodes.
 */
"use strict";

(function () {
  const started = performance.now();
  const DATA = JSON.parse(document.getElementById("variorum-data").textContent);
  const V = DATA.variants;
  const COUNT = V.id.length;
  const TEXTS = DATA.texts;
  const WITNESSES = DATA.witnesses;
  const BASE = DATA.base;
  const CLASSES = DATA.classes;
  const S = V.start; // S[w][i]: start of witness w's reading at variant i (in TEXTS[w])
  const E = V.end;
  const G = V.group; // G[w][i]: the group of agreeing witnesses w belongs to at variant i
  const K = V.class; // K[i]: index into CLASSES
  // CH[i]: the id of the change (act of revision) variant i belongs to, sent as steps.
  const CH = new Int32Array(COUNT);
  for (let i = 0, id = 0; i < COUNT; i++) CH[i] = id += V.change_step[i];
  // The changes that are more than their one place (the others are their place): columns of
  // id, class, reason; the change's reading runs from its first place's reading to its last
  // place's, save by what the sparse table C.shift says (see below).
  const C = DATA.changes;

  const CHUNK_CHARS = 3000; // reading view: characters of base text per lazily drawn chunk
  const ROW_CHARS = 1200; // side by side: characters of the left witness per row
  const MAX_BINS = 120; // bars of the heat map along a long text
  const CHARS_PER_BIN = 250; // a short text gets fewer, wider bars (at least MIN_BINS)
  const MIN_BINS = 20;
  const NEAR = "1500px 0px"; // how close to the screen a chunk is drawn

  const hidden = new Set(DATA.hidden); // indices of the classes hidden now
  const passes = new Uint8Array(COUNT).fill(1); // passes[i]: variant i meets the filters
  const state = {
    view: "reading",
    position: { reading: -1, synoptic: -1, pair: -1, variants: -1 }, // the current variant's index in the
    // view's order
    pair: null, // the side-by-side view of the chosen pair (see buildPair)
  };

  /* ---------- small helpers ---------- */

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) appendText(node, text);
    return node;
  }

  // Bidirectional controls (embeddings, overrides, isolates, marks) in an edition or a file
  // name would make the text around them read in another order than it is stored: each is
  // shown as a small mark naming it, never applied. Offsets into the texts are unchanged:
  // only the drawing of a slice differs.
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

  function codeName(c) {
    return "U+" + c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  }

  // For places that hold only a string (an <option>, the title): the control written out.
  function plainText(value) {
    return String(value).replace(BIDI, (c) => "<" + codeName(c) + ">");
  }

  function appendText(node, value) {
    const text = String(value);
    BIDI.lastIndex = 0;
    if (!BIDI.test(text)) {
      node.appendChild(document.createTextNode(text));
      return;
    }
    let pos = 0;
    BIDI.lastIndex = 0;
    for (let m = BIDI.exec(text); m !== null; m = BIDI.exec(text)) {
      if (m.index > pos) node.appendChild(document.createTextNode(text.slice(pos, m.index)));
      const mark = document.createElement("span");
      mark.className = "bidi";
      mark.textContent = codeName(m[0]);
      mark.title = "bidirectional control " + codeName(m[0]) + " (shown, not applied)";
      node.appendChild(mark);
      pos = m.index + m[0].length;
    }
    if (pos < text.length) node.appendChild(document.createTextNode(text.slice(pos)));
  }

  // In the Variants tab listing changes, a place also goes with its change's class.
  function isShown(i) {
    if (hidden.has(K[i]) || !passes[i]) return false;
    if (state.view !== "variants" || listing.mode !== "changes" || blockOf[i] < 0) return true;
    return !hidden.has(C.class[blockOf[i]]);
  }

  function plural(n, one, many) {
    return n.toLocaleString("en") + " " + (n === 1 ? one : many);
  }

  function range(n) {
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }

  const witnessIndex = new Map(WITNESSES.map((w, n) => [w.id, n]));

  /* ---------- lazily drawn lists of boxes ---------- */

  class LazyList {
    // pieces: plain objects; draw(piece, box) fills a box; estimate(piece) is its height in px.
    // root: the element that scrolls them (the window when none is given).
    constructor(container, pieces, className, draw, estimate, root) {
      this.root = root || null;
      this.pieces = pieces;
      this.draw = draw;
      this.drawn = new Uint8Array(pieces.length);
      this.boxes = [];
      this.observer = new IntersectionObserver((entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) this.ensure(Number(entry.target.dataset.piece));
        }
      }, { root: this.root, rootMargin: NEAR });
      const fragment = document.createDocumentFragment();
      pieces.forEach((piece, k) => {
        const box = el("div", className);
        box.dataset.piece = String(k);
        box.style.minHeight = estimate(piece) + "px";
        this.boxes.push(box);
        fragment.appendChild(box);
      });
      container.appendChild(fragment);
      this.boxes.forEach((box) => this.observer.observe(box));
    }

    ensure(k) {
      const box = this.boxes[k];
      if (!this.drawn[k]) {
        this.drawn[k] = 1;
        this.observer.unobserve(box);
        const before = box.getBoundingClientRect();
        this.draw(this.pieces[k], box);
        box.style.minHeight = "";
        box.classList.add("drawn");
        // A box drawn above the top of the window is seldom exactly as tall as estimated:
        // scroll by the difference so that what the reader is looking at does not move.
        // (The browser's own scroll anchoring is turned off in the stylesheet, as it does
        // not always pick a drawn node as its anchor.)
        const top = this.root ? this.root.getBoundingClientRect().top : 0;
        if (before.top < top) {
          const grown = box.getBoundingClientRect().height - before.height;
          if (grown && this.root) this.root.scrollTop += grown;
          else if (grown) window.scrollBy(0, grown);
        }
      }
      return box;
    }

    dispose() {
      this.observer.disconnect();
    }
  }

  // How many characters fit on a line of `container` and how tall a line is.
  function measure(container) {
    const probe = el("span", null, "the quick brown fox jumps over a lazy dog, 1917. ".repeat(4));
    container.appendChild(probe);
    const charWidth = probe.getBoundingClientRect().width / probe.textContent.length || 8;
    const style = getComputedStyle(container);
    probe.remove();
    const inner = container.clientWidth - parseFloat(style.paddingLeft || "0") -
      parseFloat(style.paddingRight || "0");
    return {
      perLine: Math.max(20, Math.floor(inner / charWidth)),
      lineHeight: parseFloat(style.lineHeight) || 24,
    };
  }

  // The height text[from:to] is likely to take: so boxes not yet drawn keep the scroll bar
  // honest and a jump lands about where it should.
  function estimateHeight(text, from, to, metrics) {
    let lines = 0;
    let pos = from;
    while (pos < to) {
      let end = text.indexOf("\n", pos);
      if (end < 0 || end >= to) end = to;
      lines += Math.max(1, Math.ceil((end - pos) / metrics.perLine));
      pos = end + 1;
    }
    return Math.max(1, lines) * metrics.lineHeight;
  }

  // Writes text[from:to] into box, each variant of `indices` (in text order) as a <mark>.
  // A reading out of order (the other side of a moved block) is left unmarked rather than
  // drawn twice, so the text on the page is always exactly the witness's text.
  // With `asides`, a long reading of another witness follows the mark as a block of its own.
  function drawMarked(box, text, from, to, indices, starts, ends, marks, asides) {
    const fragment = document.createDocumentFragment();
    // The text between marks; in the reading view, with the rewrites of the paragraphs that
    // end in it after their paragraph.
    const put = asides && rewrites.length ? (x, y) => {
      for (let r = firstRewriteFrom(x); r < rewrites.length && rewrites[r].at <= y; r++) {
        if (rewrites[r].drawn) continue;
        const at = rewrites[r].at;
        if (at > x) appendText(fragment, text.slice(x, at));
        x = at;
        rewrites[r].drawn = true;
        fragment.appendChild(rewriteBox(rewrites[r]));
      }
      if (y > x) appendText(fragment, text.slice(x, y));
    } : (x, y) => {
      if (y > x) appendText(fragment, text.slice(x, y));
    };
    let pos = from;
    for (const i of indices) {
      const s = starts[i];
      const e = ends[i];
      if (s < pos || e > to) continue;
      put(pos, s);
      const reading = text.slice(s, e);
      const mark = el("mark", "v k" + K[i] + (s === e ? " gap" : "") +
        (CLASSES[K[i]].accidental ? " acc" : "") + (isBlock(reading) ? " long" : "") +
        (passes[i] ? "" : " out"), reading);
      mark.dataset.v = String(i);
      mark.dataset.n = String(V.id[i]);
      if (i === currentVariant()) mark.classList.add("current");
      marks[i] = mark;
      fragment.appendChild(mark);
      if (asides) {
        const aside = asideOf(i, starts === S[BASE] ? BASE : -1);
        if (aside) fragment.appendChild(aside);
      }
      pos = e;
    }
    put(pos, to);
    box.appendChild(fragment);
  }

  /* ---------- the reading view: the base text with its apparatus ---------- */

  const baseText = TEXTS[BASE];
  const baseOrder = sortedBy(S[BASE]);
  const baseRank = new Int32Array(COUNT); // baseRank[i]: position of variant i in baseOrder
  baseOrder.forEach((i, k) => { baseRank[i] = k; });
  const readingMarks = new Array(COUNT);
  const chunkOf = new Int32Array(COUNT);
  let reading = null;

  // Variant indices in the order of their readings in one witness (ties in column order).
  function sortedBy(starts) {
    const order = range(COUNT);
    let sorted = true;
    for (let i = 1; i < COUNT && sorted; i++) sorted = starts[i - 1] <= starts[i];
    if (!sorted) order.sort((a, b) => starts[a] - starts[b] || a - b);
    return order;
  }

  // Cuts text into pieces of about `target` characters, at a line end (or a space) and
  // never through a variant; each piece knows its range of `order`.
  function cutText(text, order, starts, ends, target) {
    const pieces = [];
    const n = text.length;
    let from = 0;
    let k = 0;
    for (;;) {
      let to = n;
      if (from + target < n) {
        to = text.indexOf("\n", from + target);
        if (to < 0 || to > from + 2 * target) to = text.indexOf(" ", from + target);
        if (to < 0) to = n;
      }
      let last = k;
      while (last < order.length && starts[order[last]] < to) {
        to = Math.max(to, ends[order[last]]);
        last++;
      }
      if (to >= n) {
        to = n;
        last = order.length; // gaps at the very end of the text belong to the last piece
      }
      pieces.push({ from: from, to: to, first: k, last: last });
      if (to >= n) return pieces;
      from = to;
      k = last;
    }
  }

  function buildReading() {
    const view = $("view-reading");
    const container = $("reading-text");
    const base = WITNESSES[BASE];
    const intro = el("p", "muted", "Base text: " + base.id +
      (base.source ? " (" + base.source + ")" : "") +
      ". Each variant is marked in its class's colour and code, and listed in the apparatus " +
      "beside the text with every witness's reading; click either, or press j / k " +
      "(J / K: substantive only).");
    view.insertBefore(intro, view.firstChild);
    const metrics = measure(container);
    const pieces = cutText(baseText, baseOrder, S[BASE], E[BASE], CHUNK_CHARS);
    pieces.forEach((piece, p) => {
      for (let k = piece.first; k < piece.last; k++) chunkOf[baseOrder[k]] = p;
    });
    reading = new LazyList(container, pieces, "chunk", (piece, box) => {
      drawMarked(box, baseText, piece.from, piece.to, baseOrder.slice(piece.first, piece.last),
        S[BASE], E[BASE], readingMarks, true);
    }, (piece) => estimateHeight(baseText, piece.from, piece.to, metrics));
    reading.ensure(0);
    attachMarkEvents(container, "reading");
  }

  /* ---------- long readings: set off as blocks of text ---------- */

  const LONG_CHARS = 120; // a reading this long, or holding a line end, is a block
  const LONG_WORDS = 12;

  function isLong(text) {
    return text.length >= LONG_CHARS || text.indexOf("\n") >= 0;
  }

  // A reading of the text itself drawn as a block: a paragraph or more.
  function isBlock(text) {
    return text.length >= 4 * LONG_CHARS || /\n\s*\n/.test(text);
  }

  function words(text) {
    const found = text.match(/\S+/g);
    return found ? found.length : 0;
  }

  // A reading put on the page: inline, or, when long, a block in a <details> (open: the
  // text is there to read; its summary folds it away).
  function appendReading(node, text, label) {
    if (!isLong(text)) {
      appendText(node, text);
      return;
    }
    const details = el("details", "long");
    details.open = true;
    details.appendChild(el("summary", null, (label ? label + ", " : "") +
      plural(words(text), "word", "words")));
    details.appendChild(el("div", "block", text));
    node.appendChild(details);
  }

  // After a variant's mark in a witness's text: the long readings of the groups that read
  // otherwise, each as a block naming its witnesses (an addition of a paragraph is its text,
  // not a caret). Not part of the witness's own text: marked data-aside.
  function asideOf(i, w) {
    if (w < 0) return null;
    const own = G[w][i];
    let box = null;
    for (const members of groupsOf(i)) {
      if (G[members[0]][i] === own) continue;
      const [text] = readingOf(members[0], i);
      if (!isLong(text)) continue;
      if (!box) {
        box = el("span", "aside k" + K[i]);
        box.dataset.aside = String(i);
      }
      const own_text = TEXTS[w].slice(S[w][i], E[w][i]);
      const what = own_text ? CLASSES[K[i]].name : "add.";
      const details = el("details", "long");
      details.open = true;
      details.appendChild(el("summary", null, what + " " + sigla(members) + ", " +
        plural(words(text), "word", "words") + " (#" + V.id[i] + ")"));
      details.appendChild(el("span", "block", text));
      box.appendChild(details);
    }
    return box;
  }

  function sigla(members) {
    return members.map((m) => WITNESSES[m].id).join(" ");
  }

  /* ---------- rewritten paragraphs: another witness's paragraph whole ---------- */

  // A paragraph of the base that another witness rewrote — two places or more in it where
  // that witness reads otherwise, which together change half of the paragraph or more — is
  // followed by that witness's paragraph whole (a block, like a long reading), so that a
  // rewrite cut by the collation into many small places still reads as a text. (One place
  // over the paragraph is a block already.) Witnesses whose paragraph is the same share one.
  const REWRITTEN_SHARE = 0.5;
  const rewrites = findRewrites(); // {at: where the base's paragraph ends, groups: [...]}

  function findRewrites() {
    const found = [];
    const breaks = /\n(?:[^\S\n]*\n)+/g;
    let ps = 0;
    let k = 0;
    for (;;) {
      const m = breaks.exec(baseText);
      const pe = m ? m.index : baseText.length; // the paragraph: baseText[ps, pe)
      const next = m ? m.index + m[0].length : baseText.length;
      const inside = [];
      let spans = false;
      while (k < baseOrder.length && (S[BASE][baseOrder[k]] < next || !m)) {
        const i = baseOrder[k++];
        if (E[BASE][i] > pe) spans = true;
        inside.push(i);
      }
      if (!spans && inside.length >= 2 && pe - ps >= LONG_CHARS) {
        const groups = rewritesOf(inside, ps, pe);
        if (groups.length) found.push({ at: pe, groups: groups, drawn: false });
      }
      if (!m) return found;
      ps = next;
    }
  }

  function rewritesOf(inside, ps, pe) {
    const first = inside[0];
    const last = inside[inside.length - 1];
    const byText = new Map();
    for (let w = 0; w < WITNESSES.length; w++) {
      if (w === BASE) continue;
      let places = 0;
      let changed = 0;
      let inOrder = true;
      for (let n = 0; n < inside.length; n++) {
        const i = inside[n];
        if (n && S[w][i] < E[w][inside[n - 1]]) inOrder = false; // a move: not one paragraph
        if (G[w][i] === G[BASE][i]) continue;
        places++;
        changed += Math.max(E[BASE][i] - S[BASE][i], E[w][i] - S[w][i]);
      }
      if (!inOrder || places < 2) continue;
      // The text around the places is the base's in this witness too: its paragraph runs as
      // far before the first place and after the last as the base's does.
      const from = S[w][first] - (S[BASE][first] - ps);
      const to = E[w][last] + (pe - E[BASE][last]);
      if (from < 0 || to > TEXTS[w].length || from > to) continue;
      if (changed < REWRITTEN_SHARE * Math.max(pe - ps, to - from)) continue;
      const text = TEXTS[w].slice(from, to);
      if (!byText.has(text)) byText.set(text, { members: [], text: text, places: places });
      byText.get(text).members.push(w);
    }
    return Array.from(byText.values());
  }

  function firstRewriteFrom(x) {
    let lo = 0;
    let hi = rewrites.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rewrites[mid].at < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function rewriteBox(rewrite) {
    const box = el("span", "aside rewrite");
    box.dataset.aside = "rewrite";
    for (const group of rewrite.groups) {
      const details = el("details", "long");
      details.open = true;
      details.appendChild(el("summary", null, "rewritten in " + sigla(group.members) + ": " +
        plural(group.places, "place", "places") + ", " + plural(words(group.text), "word", "words")));
      details.appendChild(el("span", "block", group.text));
      box.appendChild(details);
    }
    return box;
  }

  /* ---------- the apparatus beside the reading text ---------- */

  // lemma ] each other reading with its sigla, as a printed apparatus has them: "om." where
  // a witness has nothing the base has, "add." where it has what the base lacks.
  const APP_PER_BOX = 50;
  const app = {
    lazy: null,
    order: [], // the variants listed, in the base's order
    rank: new Int32Array(COUNT).fill(-1),
    pieceOf: new Int32Array(COUNT),
    entries: new Array(COUNT),
  };

  // Shown in every view whatever it lists: the classes not hidden, the other filters met.
  function passesAll(i) {
    return passes[i] && !hidden.has(K[i]);
  }

  function buildApparatus() {
    const container = $("app-rows");
    if (app.lazy) app.lazy.dispose();
    container.replaceChildren();
    app.rank.fill(-1);
    app.entries = new Array(COUNT);
    const order = [];
    for (const i of baseOrder) if (passesAll(i)) {
      app.rank[i] = order.length;
      app.pieceOf[i] = Math.floor(order.length / APP_PER_BOX);
      order.push(i);
    }
    app.order = order;
    const pieces = [];
    for (let k = 0; k < order.length; k += APP_PER_BOX) pieces.push([k, Math.min(order.length, k + APP_PER_BOX)]);
    const metrics = measure(container);
    app.lazy = new LazyList(container, pieces, "app-box", (piece, box) => {
      const fragment = document.createDocumentFragment();
      for (let k = piece[0]; k < piece[1]; k++) fragment.appendChild(drawApp(order[k]));
      box.appendChild(fragment);
    }, (piece) => {
      let height = 0;
      for (let k = piece[0]; k < piece[1]; k++) height += estimateApp(order[k], metrics);
      return height;
    }, container);
    if (pieces.length) app.lazy.ensure(0);
    $("app-head-count").textContent = order.length === COUNT ?
      plural(COUNT, "variant", "variants") :
      plural(order.length, "variant", "variants") + " of " + COUNT.toLocaleString("en") + " shown";
    const i = state.view === "reading" ? currentVariant() : -1;
    if (i >= 0 && app.rank[i] >= 0) markApp(i, true);
  }

  function estimateApp(i, metrics) {
    let chars = 12;
    for (const members of groupsOf(i)) {
      const w = members[0];
      chars += Math.min(E[w][i] - S[w][i], 2000) + 8 * members.length;
    }
    return Math.max(1, Math.ceil(chars / metrics.perLine)) * metrics.lineHeight + 10;
  }

  // The word before a witness's reading: where an addition is written ("word ‸").
  function wordBefore(w, i) {
    const text = TEXTS[w];
    let end = S[w][i];
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    let start = end;
    while (start > 0 && !/\s/.test(text[start - 1]) && end - start < 30) start--;
    return text.slice(start, end);
  }

  function codeBadge(k) {
    const badge = el("span", "code k" + k, CLASSES[k].code);
    badge.title = CLASSES[k].name + (CLASSES[k].accidental ? " (accidental)" : " (substantive)");
    return badge;
  }

  // detached: for the print apparatus, not the pane's own entry.
  function drawApp(i, detached) {
    const entry = el("div", "app k" + K[i] + (CLASSES[K[i]].accidental ? " acc" : " subst"));
    entry.setAttribute("role", "listitem");
    entry.dataset.v = String(i);
    const number = el("button", "app-n", String(V.id[i]));
    number.type = "button";
    number.title = "#" + V.id[i] + " " + CLASSES[K[i]].name + ": show it in the text";
    entry.appendChild(number);
    entry.appendChild(codeBadge(K[i]));
    const groups = groupsOf(i);
    const baseReading = TEXTS[BASE].slice(S[BASE][i], E[BASE][i]);
    const lemma = el("span", "lemma");
    if (baseReading) appendReading(lemma, baseReading);
    else {
      lemma.appendChild(el("span", "ctx", wordBefore(BASE, i)));
      appendText(lemma, " "); // "word ‸": after that word, as the docs write it
      lemma.appendChild(el("span", "gap-mark", "\u2038"));
    }
    entry.appendChild(lemma);
    entry.appendChild(el("span", "sig", sigla(groups[0])));
    entry.appendChild(el("span", "bracket", "]"));
    const relationsHere = relationRows.get(i) || [];
    groups.slice(1).forEach((members, g) => {
      const w = members[0];
      const [text, where] = readingOf(w, i);
      const own = TEXTS[w].slice(S[w][i], E[w][i]);
      const rdg = el("span", "rdg");
      rdg.setAttribute("role", "group");
      if (!own && !where && baseReading) rdg.appendChild(el("i", "ed", "om."));
      else if (!baseReading && text) {
        rdg.appendChild(el("i", "ed", "add."));
        appendText(rdg, " ");
      }
      if (text) appendReading(rdg, text);
      if (where) rdg.appendChild(el("span", "muted", where));
      rdg.appendChild(el("span", "sig", sigla(members)));
      const k = readingClass(w, i);
      if (k >= 0) rdg.appendChild(codeBadge(k));
      // How this reading differs from another that is not the base's.
      for (const r of relationsHere) {
        if (V.relations.b[r] !== G[w][i]) continue;
        const other = witnessOrder.filter((m) => G[m][i] === V.relations.a[r]);
        const rel = el("span", "rel", "\u2248 " + sigla(other) + ": ");
        rel.appendChild(codeBadge(V.relations.class[r]));
        rel.title = V.reasons[V.relations.reason[r]];
        rdg.appendChild(rel);
      }
      if (g < groups.length - 2) rdg.appendChild(el("span", "semi", ";"));
      entry.appendChild(rdg);
    });
    for (const tag of V.tags[i]) {
      const found = /^moved-(?:from|to):(\d+)$/.exec(tag);
      if (!found) continue;
      const go = el("button", "move-link", (tag.startsWith("moved-to") ? "\u2192 moved to #" :
        "\u2190 moved from #") + found[1]);
      go.type = "button";
      go.dataset.goto = found[1];
      entry.appendChild(go);
    }
    if (detached) return entry;
    if (i === currentVariant() && state.view === "reading") entry.classList.add("current");
    app.entries[i] = entry;
    return entry;
  }

  // The entry of variant i in the apparatus (drawing its box), or null when it is not listed.
  function appEntry(i) {
    if (!app.lazy || app.rank[i] < 0) return null;
    app.lazy.ensure(app.pieceOf[i]);
    return app.entries[i] || null;
  }

  let paneByUs = 0; // when the viewer last scrolled the apparatus itself
  let textByUs = 0; // ... or the window
  let lead = "text"; // which side the reader last scrolled: the other follows

  // Puts variant i (or the first listed after it) at the top of the apparatus (or in its
  // middle, `center`), outlined when `current`.
  function markApp(i, current, center) {
    const rows = $("app-rows");
    let k = app.rank[i];
    if (k < 0) k = firstListedFrom(baseRank[i]);
    if (k < 0) return;
    const entry = appEntry(app.order[k]);
    if (!entry) return;
    if (current) {
      for (const old of rows.querySelectorAll(".app.current")) {
        old.classList.remove("current");
        old.removeAttribute("aria-current");
      }
      if (app.order[k] === i) {
        entry.classList.add("current");
        entry.setAttribute("aria-current", "true");
      }
    }
    const offset = entry.getBoundingClientRect().top - rows.getBoundingClientRect().top;
    const target = rows.scrollTop + offset - (center ? rows.clientHeight / 3 : 4);
    if (Math.abs(target - rows.scrollTop) > 1) {
      paneByUs = performance.now();
      rows.scrollTop = target;
    }
  }

  // The index in app.order of the first listed variant at or after base rank r.
  function firstListedFrom(r) {
    let lo = 0;
    let hi = app.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (baseRank[app.order[mid]] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo < app.order.length ? lo : app.order.length - 1;
  }

  function headerBottom() {
    return $("top").getBoundingClientRect().bottom;
  }

  // The first variant of the reading text whose mark ends below y (window coordinates).
  function firstMarkBelow(y) {
    const container = $("reading-text");
    const rect = container.getBoundingClientRect();
    if (rect.bottom < y) return -1;
    const probe = document.elementFromPoint(rect.left + rect.width / 2, Math.max(y + 4, rect.top + 4));
    const chunk = probe && probe.closest ? probe.closest(".chunk") : null;
    if (!chunk) return baseOrder.length ? baseOrder[0] : -1;
    const p = Number(chunk.dataset.piece);
    reading.ensure(p);
    for (const mark of chunk.querySelectorAll("mark.v")) {
      if (mark.getBoundingClientRect().bottom >= y) return Number(mark.dataset.v);
    }
    const piece = reading.pieces[p];
    return piece.last < baseOrder.length ? baseOrder[piece.last] : -1;
  }

  function syncPaneToText() {
    if (state.view !== "reading" || lead !== "text" || performance.now() - textByUs < 250) return;
    const i = firstMarkBelow(headerBottom());
    if (i >= 0) markApp(i, false, false);
  }

  function syncTextToPane() {
    if (state.view !== "reading" || lead !== "pane" || performance.now() - paneByUs < 250) return;
    const rows = $("app-rows");
    const rect = rows.getBoundingClientRect();
    const probe = document.elementFromPoint(rect.left + 12, rect.top + 6);
    const entry = probe && probe.closest ? probe.closest(".app") : null;
    if (!entry) return;
    const i = Number(entry.dataset.v);
    reading.ensure(chunkOf[i]);
    const mark = readingMarks[i];
    if (!mark) return;
    const shift = mark.getBoundingClientRect().top - headerBottom() - 24;
    if (Math.abs(shift) > 1) {
      textByUs = performance.now();
      window.scrollBy(0, shift);
    }
  }

  function attachApparatus() {
    const rows = $("app-rows");
    let queued = false;
    const later = (work) => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        work();
      });
    };
    window.addEventListener("scroll", () => later(syncPaneToText), { passive: true });
    rows.addEventListener("scroll", () => later(syncTextToPane), { passive: true });
    for (const type of ["wheel", "touchstart", "pointerdown", "keydown"]) {
      rows.addEventListener(type, () => { lead = "pane"; }, { passive: true });
      window.addEventListener(type, (event) => {
        if (!rows.contains(event.target)) lead = "text";
      }, { passive: true, capture: true });
    }
    rows.addEventListener("click", (event) => {
      if (event.target.closest("summary")) return;
      const move = event.target.closest("button.move-link");
      const entry = event.target.closest(".app");
      if (!entry) return;
      let i = Number(entry.dataset.v);
      if (move) {
        const j = variantById(Number(move.dataset.goto));
        if (j !== undefined) i = j;
      }
      lead = "pane";
      select("reading", baseRank[i], true);
    });
  }

  let variantIds = null;
  function variantById(id) {
    if (variantIds === null) variantIds = new Map(V.id.map((v, k) => [v, k]));
    return variantIds.get(id);
  }

  /* ---------- the side-by-side view of two witnesses ---------- */

  function fillPairSelects() {
    const left = $("pair-a");
    const right = $("pair-b");
    WITNESSES.forEach((w, n) => {
      left.appendChild(optionFor(w, n));
      right.appendChild(optionFor(w, n));
    });
    left.value = String(BASE);
    right.value = String(BASE === 0 && WITNESSES.length > 1 ? 1 : 0);
    for (const select of [left, right]) {
      select.addEventListener("change", () => {
        select.blur(); // give j / k back to the page
        buildPair();
      });
    }
  }

  function optionFor(witness, n) {
    const option = el("option", null, plainText(witness.id));
    option.value = String(n);
    return option;
  }

  // The rows of a pair: cut after a variant (where both texts are at a common point), so
  // that the two halves of a row hold the same stretch of text and scroll together.
  function buildPair() {
    const a = Number($("pair-a").value);
    const b = Number($("pair-b").value);
    const container = $("pair-rows");
    if (state.pair) state.pair.lazy.dispose();
    container.replaceChildren();
    state.pair = null;
    state.position.pair = -1;
    if (a === b) {
      setPairCount("Choose two different witnesses.", null);
      refresh();
      return;
    }
    const list = []; // the variants where a and b read differently, in column order
    const rankInList = new Int32Array(COUNT).fill(-1);
    const rowOf = new Int32Array(COUNT).fill(-1);
    const rows = [];
    let aFrom = 0;
    let bFrom = 0;
    let first = 0;
    for (let i = 0; i < COUNT; i++) {
      if (G[a][i] !== G[b][i]) {
        rankInList[i] = list.length;
        list.push(i);
      }
      const aTo = E[a][i];
      const bTo = E[b][i];
      if (aTo - aFrom >= ROW_CHARS && bTo >= bFrom) {
        rows.push({ aFrom: aFrom, aTo: aTo, bFrom: bFrom, bTo: bTo, first: first, last: list.length });
        aFrom = aTo;
        bFrom = bTo;
        first = list.length;
      }
    }
    rows.push({ aFrom: aFrom, aTo: TEXTS[a].length, bFrom: bFrom, bTo: TEXTS[b].length,
      first: first, last: list.length });
    rows.forEach((row, r) => {
      for (let k = row.first; k < row.last; k++) rowOf[list[k]] = r;
    });

    const head = el("div", "pair-head");
    head.appendChild(el("div", null, WITNESSES[a].id));
    head.appendChild(el("div", null, WITNESSES[b].id));
    container.appendChild(head);

    const probe = el("div", "row");
    const probeCell = el("div", "cell");
    probe.appendChild(probeCell);
    probe.appendChild(el("div", "cell"));
    container.appendChild(probe);
    const metrics = measure(probeCell);
    probe.remove();

    const marksA = new Array(COUNT);
    const marksB = new Array(COUNT);
    const lazy = new LazyList(container, rows, "row", (row, box) => {
      const indices = list.slice(row.first, row.last);
      const left = el("div", "cell");
      const right = el("div", "cell");
      drawMarked(left, TEXTS[a], row.aFrom, row.aTo, indices, S[a], E[a], marksA);
      drawMarked(right, TEXTS[b], row.bFrom, row.bTo, indices, S[b], E[b], marksB);
      box.appendChild(left);
      box.appendChild(right);
    }, (row) => Math.max(estimateHeight(TEXTS[a], row.aFrom, row.aTo, metrics),
      estimateHeight(TEXTS[b], row.bFrom, row.bTo, metrics)) + 16);
    state.pair = { a: a, b: b, list: list, rankInList: rankInList, rowOf: rowOf, lazy: lazy,
      marksA: marksA, marksB: marksB };
    lazy.ensure(0);
    setPairCount(null, list.length);
    refresh();
  }

  function setPairCount(message, differences) {
    const label = $("pair-count");
    if (differences === null) {
      label.textContent = message;
      delete label.dataset.differences;
      return;
    }
    label.dataset.differences = String(differences);
    const pair = DATA.summary.pairs.find((p) =>
      (p.witnesses[0] === WITNESSES[state.pair.a].id && p.witnesses[1] === WITNESSES[state.pair.b].id) ||
      (p.witnesses[1] === WITNESSES[state.pair.a].id && p.witnesses[0] === WITNESSES[state.pair.b].id));
    let text = plural(differences, "place differs", "places differ");
    if (pair) text += " (" + pair.substantive + " substantive, " + pair.accidental + " accidental)";
    label.textContent = text + "; colours are the class of the variant among all witnesses.";
  }

  /* ---------- the synoptic view: chosen witnesses in columns ---------- */

  // Rows cut after a variant where every chosen witness's text is at a common point, so each
  // row holds the same stretch in every column: the columns are aligned at variant places
  // and scroll together. A move is drawn as a line between its two places.
  const SYN_ROW_CHARS = 500;
  const syn = {
    chosen: witnessOrder0().slice(0, 4),
    view: null, // {chosen, list, rankInList, rowOf, lazy, marks[column][i]}
  };

  function witnessOrder0() {
    return [BASE].concat(range(WITNESSES.length).filter((w) => w !== BASE));
  }

  function buildSynControls() {
    const box = $("syn-controls");
    box.replaceChildren();
    box.appendChild(el("span", "muted", "Columns (tick to show, arrows to reorder):"));
    const order = syn.chosen.concat(range(WITNESSES.length).filter((w) => !syn.chosen.includes(w)));
    order.forEach((w) => {
      const item = el("span", "syn-witness");
      item.dataset.witness = WITNESSES[w].id;
      const label = el("label");
      const input = el("input");
      input.type = "checkbox";
      input.checked = syn.chosen.includes(w);
      input.dataset.witness = String(w);
      input.addEventListener("change", () => {
        if (input.checked) syn.chosen.push(w);
        else syn.chosen = syn.chosen.filter((c) => c !== w);
        buildSynControls();
        buildSynoptic();
        const again = box.querySelector("input[data-witness='" + w + "']");
        if (again) again.focus();
      });
      label.appendChild(input);
      appendText(label, " " + WITNESSES[w].id);
      item.appendChild(label);
      const at = syn.chosen.indexOf(w);
      if (at >= 0) {
        for (const [arrow, by, what] of [["\u2190", -1, "left"], ["\u2192", 1, "right"]]) {
          const move = el("button", "syn-move", arrow);
          move.type = "button";
          move.title = "move " + plainText(WITNESSES[w].id) + " " + what;
          move.setAttribute("aria-label", move.title);
          move.disabled = at + by < 0 || at + by >= syn.chosen.length;
          move.addEventListener("click", () => {
            const chosen = syn.chosen.slice();
            [chosen[at], chosen[at + by]] = [chosen[at + by], chosen[at]];
            syn.chosen = chosen;
            buildSynControls();
            buildSynoptic();
          });
          item.appendChild(move);
        }
      }
      box.appendChild(item);
    });
    box.appendChild(el("span", "muted", "", null)).id = "syn-count";
  }

  function buildSynoptic() {
    const container = $("syn-rows");
    if (syn.view) syn.view.lazy.dispose();
    container.replaceChildren();
    syn.view = null;
    state.position.synoptic = -1;
    const chosen = syn.chosen.slice();
    const count = $("syn-count");
    if (chosen.length < 2) {
      count.textContent = "Choose two witnesses or more.";
      delete count.dataset.differences;
      refresh();
      return;
    }
    const list = [];
    const rankInList = new Int32Array(COUNT).fill(-1);
    const rowOf = new Int32Array(COUNT).fill(-1);
    const rows = [];
    let from = chosen.map(() => 0);
    let first = 0;
    const lead0 = chosen[0];
    for (let i = 0; i < COUNT; i++) {
      const g = G[chosen[0]][i];
      if (chosen.some((w) => G[w][i] !== g)) {
        rankInList[i] = list.length;
        list.push(i);
      }
      if (E[lead0][i] - from[0] >= SYN_ROW_CHARS && chosen.every((w, c) => E[w][i] >= from[c])) {
        rows.push({ from: from, to: chosen.map((w) => E[w][i]), first: first, last: list.length });
        from = chosen.map((w) => E[w][i]);
        first = list.length;
      }
    }
    rows.push({ from: from, to: chosen.map((w) => TEXTS[w].length), first: first, last: list.length });
    rows.forEach((row, r) => {
      for (let k = row.first; k < row.last; k++) rowOf[list[k]] = r;
    });
    const columns = "repeat(" + chosen.length + ", minmax(12rem, 1fr))";
    const head = el("div", "syn-head");
    head.style.gridTemplateColumns = columns;
    container.style.minWidth = (12 * chosen.length + 0.2) + "rem"; // each column 12rem or more
    for (const w of chosen) head.appendChild(el("div", null, WITNESSES[w].id));
    container.appendChild(head);
    const probe = el("div", "syn-row");
    probe.style.gridTemplateColumns = columns;
    const probeCell = el("div", "cell");
    probe.appendChild(probeCell);
    container.appendChild(probe);
    const metrics = measure(probeCell);
    probe.remove();
    const marks = chosen.map(() => new Array(COUNT));
    const lazy = new LazyList(container, rows, "syn-row", (row, box) => {
      box.style.gridTemplateColumns = columns;
      const indices = list.slice(row.first, row.last);
      chosen.forEach((w, c) => {
        const cell = el("div", "cell");
        cell.dataset.witness = WITNESSES[w].id;
        drawMarked(cell, TEXTS[w], row.from[c], row.to[c], indices, S[w], E[w], marks[c]);
        box.appendChild(cell);
      });
    }, (row) => Math.max(...chosen.map((w, c) =>
      estimateHeight(TEXTS[w], row.from[c], row.to[c], metrics))) + 16);
    syn.view = { chosen: chosen, list: list, rankInList: rankInList, rowOf: rowOf, lazy: lazy,
      marks: marks };
    lazy.ensure(0);
    count.dataset.differences = String(list.length);
    count.textContent = plural(list.length, "place where they differ", "places where they differ") +
      "; colours are the class of the variant among all witnesses.";
    refresh();
    writeFragment();
  }

  // The other end of a move: the variant a moved-from / moved-to tag names.
  function partnerOf(i) {
    for (const tag of V.tags[i]) {
      const found = /^moved-(?:from|to):(\d+)$/.exec(tag);
      if (found) {
        const j = variantById(Number(found[1]));
        if (j !== undefined) return j;
      }
    }
    return -1;
  }

  // Lines from each column's text of a moved passage to where another column has it (thin
  // boxes turned by CSS transforms, in a layer over the columns that takes no clicks).
  function drawMoveLinks(i) {
    const container = $("syn-rows");
    const old = container.querySelector(".moves");
    if (old) old.remove();
    const view = syn.view;
    const j = i >= 0 ? partnerOf(i) : -1;
    if (!view || j < 0 || j === i || view.rowOf[j] < 0 || view.rowOf[i] < 0) return;
    view.lazy.ensure(view.rowOf[i]);
    view.lazy.ensure(view.rowOf[j]);
    const layer = el("div", "moves");
    layer.setAttribute("aria-hidden", "true");
    const box = container.getBoundingClientRect();
    const ends = (k) => view.marks.map((m) => m[k]).filter((m) => m && m.textContent.length);
    for (const a of ends(i)) {
      for (const b of ends(j)) {
        if (a.closest(".cell") === b.closest(".cell")) continue;
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const x1 = ra.left + ra.width / 2 - box.left;
        const y1 = ra.top + ra.height / 2 - box.top;
        const x2 = rb.left + rb.width / 2 - box.left;
        const y2 = rb.top + rb.height / 2 - box.top;
        const line = el("div", "move-line");
        line.style.left = x1 + "px";
        line.style.top = y1 + "px";
        line.style.width = Math.hypot(x2 - x1, y2 - y1) + "px";
        line.style.transform = "rotate(" + Math.atan2(y2 - y1, x2 - x1) + "rad)";
        layer.appendChild(line);
      }
    }
    if (layer.childNodes.length) container.appendChild(layer);
  }

  /* ---------- changes, and how each reading differs ---------- */

  const witnessOrder = [BASE].concat(range(WITNESSES.length).filter((w) => w !== BASE));
  const blockIndex = new Map(C.id.map((id, b) => [id, b]));
  const blockOf = new Int32Array(COUNT).fill(-1); // index into C of variant i's change, or -1
  const placesOfBlock = C.id.map(() => []); // its places, in the order of the base text
  for (let i = 0; i < COUNT; i++) {
    const b = blockIndex.get(CH[i]);
    if (b !== undefined) blockOf[i] = b;
  }
  for (const i of baseOrder) if (blockOf[i] >= 0) placesOfBlock[blockOf[i]].push(i);
  // The readings of a change in each witness, as offsets into TEXTS (CS[w][b], CE[w][b]).
  const CS = WITNESSES.map(() => new Int32Array(C.id.length));
  const CE = WITNESSES.map(() => new Int32Array(C.id.length));
  {
    const first = new Int32Array(C.id.length).fill(-1);
    const last = new Int32Array(C.id.length);
    for (let i = 0; i < COUNT; i++) {
      const b = blockOf[i];
      if (b < 0) continue;
      if (first[b] < 0) first[b] = i;
      last[b] = i;
    }
    WITNESSES.forEach((_, w) => {
      for (let b = 0; b < C.id.length; b++) {
        CS[w][b] = S[w][first[b]];
        CE[w][b] = E[w][last[b]];
      }
      C.shift.at.forEach((b, r) => {
        CS[w][b] += C.shift.start[w][r];
        CE[w][b] += C.shift.end[w][r];
      });
    });
  }
  const changeCount = new Set(CH).size;
  const splitRow = new Map(V.split.at.map((i, k) => [i, k]));
  const relationRows = new Map();
  V.relations.at.forEach((i, r) => {
    if (!relationRows.has(i)) relationRows.set(i, []);
    relationRows.get(i).push(r);
  });

  // Tags of a place as the list and the note give them: "change K" when its change holds more.
  function tagsOf(i, inBlock) {
    const tags = V.tags[i].slice();
    const b = blockOf[i];
    if (!inBlock && b >= 0 && placesOfBlock[b].length > 1) tags.push("change " + C.id[b]);
    return tags;
  }

  /* ---------- the Variants tab: places, or changes with their places inside ---------- */

  const ENTRIES_PER_BOX = 40; // entries of the list drawn at a time
  const CONTEXT_CHARS = 40; // characters of text around a reading in the list
  const listing = {
    mode: DATA.granularity === "changes" ? "changes" : "places",
    lazy: null,
    order: [], // the places in the order listed
    rank: new Int32Array(COUNT).fill(-1), // rank[i]: place i's index in order
    pieceOf: new Int32Array(COUNT),
    entries: new Array(COUNT), // entries[i]: the drawn entry of place i
    tops: [], // the listed entries: {block, places}, block -1 for a place alone
  };

  function buildList() {
    const container = $("list-rows");
    const keep = currentVariant();
    if (listing.lazy) listing.lazy.dispose();
    container.replaceChildren();
    const tops = [];
    const seen = new Uint8Array(C.id.length);
    for (const i of baseOrder) {
      const b = listing.mode === "changes" ? blockOf[i] : -1;
      if (b < 0) tops.push({ block: -1, places: [i] });
      else if (!seen[b]) {
        seen[b] = 1;
        tops.push({ block: b, places: placesOfBlock[b] });
      }
    }
    const order = [];
    const pieces = [];
    tops.forEach((top, t) => {
      if (t % ENTRIES_PER_BOX === 0) pieces.push(tops.slice(t, t + ENTRIES_PER_BOX));
      for (const i of top.places) {
        listing.rank[i] = order.length;
        listing.pieceOf[i] = pieces.length - 1;
        order.push(i);
      }
    });
    listing.order = order;
    listing.tops = tops;
    listing.entries = new Array(COUNT);
    const metrics = measure(container);
    listing.lazy = new LazyList(container, pieces, "entries", (piece, box) => {
      const fragment = document.createDocumentFragment();
      for (const top of piece) fragment.appendChild(drawTop(top));
      box.appendChild(fragment);
    }, (piece) => piece.reduce((sum, top) => sum + estimateTop(top, metrics), 0));
    if (pieces.length) listing.lazy.ensure(0);
    state.position.variants = keep >= 0 ? listing.rank[keep] : -1;
    for (const input of document.querySelectorAll("#list-controls input")) {
      input.checked = input.value === listing.mode;
    }
    $("list-count").textContent = plural(COUNT, "place", "places") + " in " +
      plural(changeCount, "change", "changes") + "; " +
      plural(C.id.length, "change is", "changes are") + " more than one place.";
  }

  function estimateTop(top, metrics) {
    const rows = (from, to) => Math.max(1, Math.ceil((to - from + 2 * CONTEXT_CHARS) /
      metrics.perLine));
    let lines = 0;
    if (top.block >= 0) {
      lines += 2.5;
      for (const w of witnessOrder) lines += rows(CS[w][top.block], CE[w][top.block]);
    }
    for (const i of top.places) {
      lines += 2.5;
      const counted = new Set();
      for (const w of witnessOrder) {
        if (counted.has(G[w][i])) continue;
        counted.add(G[w][i]);
        lines += rows(S[w][i], E[w][i]);
      }
    }
    return lines * metrics.lineHeight * 0.8 + 12;
  }

  function drawTop(top) {
    if (top.block < 0) return drawPlace(top.places[0], false, listing.mode === "changes");
    const b = top.block;
    const entry = el("div", "entry change k" + C.class[b]);
    entry.setAttribute("role", "listitem");
    entry.dataset.change = String(C.id[b]);
    const head = el("div", "entry-head");
    head.appendChild(el("span", "label", "change " + C.id[b]));
    head.appendChild(classPill(C.class[b], "the class of the change as a whole"));
    head.appendChild(el("span", "muted", plural(top.places.length, "place", "places")));
    entry.appendChild(head);
    entry.appendChild(el("div", "reason", V.reasons[C.reason[b]]));
    const text = (w) => TEXTS[w].slice(CS[w][b], CE[w][b]);
    entry.appendChild(readingTable(groupsByText(text), text, () => -1, CS, CE, b));
    const places = el("div", "places");
    places.setAttribute("role", "list");
    places.setAttribute("aria-label", "the places of change " + C.id[b]);
    for (const i of top.places) places.appendChild(drawPlace(i, true));
    entry.appendChild(places);
    return entry;
  }

  // A place: alone, inside its change's block (inBlock), or standing for its change (asChange).
  function drawPlace(i, inBlock, asChange) {
    const entry = el("div", "entry place k" + K[i]);
    entry.setAttribute("role", "listitem");
    entry.dataset.v = String(i);
    if (i === currentVariant()) {
      entry.classList.add("current");
      entry.setAttribute("aria-current", "true");
    }
    const head = el("div", "entry-head");
    if (asChange) head.appendChild(el("span", "label", "change " + CH[i]));
    const go = el("button", "goto", "#" + V.id[i]);
    go.type = "button";
    go.title = "show variant #" + V.id[i] + " in the base text";
    head.appendChild(go);
    head.appendChild(classPill(K[i], CLASSES[K[i]].accidental ? "accidental" : "substantive"));
    const tags = tagsOf(i, inBlock);
    if (tags.length) head.appendChild(el("span", "muted", tags.join(", ")));
    entry.appendChild(head);
    entry.appendChild(el("div", "reason", V.reasons[V.reason[i]]));
    entry.appendChild(readingTable(groupsOf(i), (w) => TEXTS[w].slice(S[w][i], E[w][i]),
      (w) => readingClass(w, i), S, E, i));
    const relations = relationsOf(i);
    if (relations) entry.appendChild(relations);
    listing.entries[i] = entry;
    return entry;
  }

  // "…text before [reading] text after…": the context within the reading's lines, cut at a
  // space where it can be.
  function appendContext(cell, w, starts, ends, n) {
    const text = TEXTS[w];
    const s = starts[w][n];
    const e = ends[w][n];
    let from = Math.max(0, s - CONTEXT_CHARS);
    const space = text.indexOf(" ", from);
    if (from > 0 && space >= 0 && space < s) from = space + 1;
    from = Math.max(from, s > 0 ? text.lastIndexOf("\n", s - 1) + 1 : 0);
    let to = Math.min(text.length, e + CONTEXT_CHARS);
    const last = text.lastIndexOf(" ", to);
    if (to < text.length && last > e) to = last;
    const line = text.indexOf("\n", e);
    if (line >= 0 && line < to) to = line;
    cell.appendChild(el("span", "ctx", (from > 0 && text[from - 1] !== "\n" ? "\u2026" : "") +
      text.slice(from, s)));
    cell.appendChild(s === e ? el("span", "gap-mark", "\u2038") : el("span", "read", text.slice(s, e)));
    cell.appendChild(el("span", "ctx", text.slice(e, to) +
      (to < text.length && text[to] !== "\n" ? "\u2026" : "")));
  }

  function attachListEvents() {
    const container = $("list-rows");
    container.addEventListener("click", (event) => {
      const go = event.target.closest("button.goto");
      const entry = event.target.closest(".entry");
      if (!entry || event.target.closest("summary, details")) return;
      const i = entry.classList.contains("place") ? Number(entry.dataset.v) :
        placesOfBlock[blockIndex.get(Number(entry.dataset.change))][0];
      if (go) {
        showView("reading");
        select("reading", baseRank[i], true);
      } else {
        select("variants", listing.rank[i], false);
      }
    });
    for (const input of document.querySelectorAll("#list-controls input")) {
      input.checked = input.value === listing.mode;
      input.addEventListener("change", () => {
        if (!input.checked) return;
        listing.mode = input.value;
        buildList();
        refresh();
      });
    }
  }

  /* ---------- which variant is current, and moving between them ---------- */

  function orderOf(view) {
    if (view === "reading") return baseOrder;
    if (view === "pair" && state.pair) return state.pair.list;
    if (view === "synoptic" && syn.view) return syn.view.list;
    if (view === "variants") return listing.order;
    return [];
  }

  function currentVariant() {
    const k = state.position[state.view];
    const order = orderOf(state.view);
    return k >= 0 && k < order.length ? order[k] : -1;
  }

  // The marks of variant i in the view, drawing their chunk or row first.
  function marksOf(view, i) {
    if (view === "reading") {
      reading.ensure(chunkOf[i]);
      return [readingMarks[i]].filter(Boolean);
    }
    if (view === "variants") {
      if (!listing.lazy || listing.rank[i] < 0) return [];
      listing.lazy.ensure(listing.pieceOf[i]);
      return [listing.entries[i]].filter(Boolean);
    }
    if (view === "synoptic") {
      const sv = syn.view;
      if (!sv || sv.rowOf[i] < 0) return [];
      sv.lazy.ensure(sv.rowOf[i]);
      return sv.marks.map((m) => m[i]).filter(Boolean);
    }
    const pair = state.pair;
    if (!pair || pair.rowOf[i] < 0) return [];
    pair.lazy.ensure(pair.rowOf[i]);
    return [pair.marksA[i], pair.marksB[i]].filter(Boolean);
  }

  function select(view, k, scroll) {
    const previous = orderOf(view)[state.position[view]];
    if (previous !== undefined) {
      marksOf(view, previous).forEach((m) => {
        m.classList.remove("current");
        m.removeAttribute("aria-current");
      });
    }
    state.position[view] = k;
    const i = orderOf(view)[k];
    const marks = marksOf(view, i);
    marks.forEach((m) => {
      m.classList.add("current");
      m.setAttribute("aria-current", "true");
    });
    if (scroll && marks.length) {
      textByUs = performance.now();
      marks[0].scrollIntoView({ block: "center" });
    } else if (scroll && view === "pair") state.pair.lazy.boxes[state.pair.rowOf[i]].scrollIntoView();
    if (view === "reading") markApp(i, true, true);
    if (view === "synoptic") drawMoveLinks(i);
    showNote(i);
    refreshCurrent();
    writeFragment();
  }

  // j / k: the next or previous variant of a class not hidden (J / K: a substantive one).
  function step(direction, substantive) {
    const order = orderOf(state.view);
    for (let k = state.position[state.view] + direction; k >= 0 && k < order.length; k += direction) {
      if (isShown(order[k]) && (!substantive || !CLASSES[K[order[k]]].accidental)) {
        select(state.view, k, true);
        return;
      }
    }
    const label = $("current-label");
    label.textContent = (direction > 0 ? "no " : "no ") + (substantive ? "substantive " : "") +
      "variant " + (direction > 0 ? "after" : "before") + " this one";
  }

  // The first shown variant whose reading in witness w ends at or after `offset`.
  function nearest(view, w, offset) {
    const order = orderOf(view);
    let fallback = -1;
    for (let k = 0; k < order.length; k++) {
      if (E[w][order[k]] >= offset) return k;
      fallback = k;
    }
    return fallback;
  }

  function attachMarkEvents(container, view) {
    container.addEventListener("click", (event) => {
      const mark = event.target.closest("mark.v");
      if (!mark) return;
      const i = Number(mark.dataset.v);
      const k = view === "reading" ? baseRank[i] : view === "synoptic" ?
        syn.view.rankInList[i] : state.pair.rankInList[i];
      if (k >= 0) select(view, k, false);
    });
    container.addEventListener("mouseover", (event) => {
      const mark = event.target.closest("mark.v");
      if (!mark) return;
      const i = Number(mark.dataset.v);
      if (view !== "reading") showNote(i);
      if (view !== "reading") marksOf(view, i).forEach((m) => m.classList.add("linked"));
    });
    container.addEventListener("mouseout", (event) => {
      const mark = event.target.closest("mark.v");
      if (!mark) return;
      if (view !== "reading") marksOf(view, Number(mark.dataset.v)).forEach((m) => m.classList.remove("linked"));
      if (view === "reading") return;
      const i = currentVariant();
      if (i >= 0) showNote(i);
      else hideNote();
    });
  }

  /* ---------- the note: one variant's readings ---------- */

  // What witness w reads at variant i; at one end of a move where it reads nothing, the
  // moved text at its own place (the other end), with where that is.
  let variantIndex = null;
  function readingOf(w, i) {
    const text = TEXTS[w].slice(S[w][i], E[w][i]);
    if (text || CLASSES[K[i]].name !== "transposition") return [text, ""];
    if (variantIndex === null) variantIndex = new Map(V.id.map((id, k) => [id, k]));
    for (const tag of V.tags[i]) {
      const found = /^moved-(?:from|to):(\d+)$/.exec(tag);
      const j = found ? variantIndex.get(Number(found[1])) : undefined;
      if (j !== undefined && E[w][j] > S[w][j]) {
        return [TEXTS[w].slice(S[w][j], E[w][j]), " (at #" + found[1] + ")"];
      }
    }
    return [text, ""];
  }

  function showNote(i) {
    const note = $("note");
    note.replaceChildren();
    note.className = "k" + K[i];
    const close = el("button", "close", "\u00d7");
    close.type = "button";
    close.title = "close (Esc)";
    close.addEventListener("click", hideNote);
    note.appendChild(close);
    const head = el("div", "head", "#" + V.id[i] + " " + CLASSES[K[i]].name +
      (CLASSES[K[i]].accidental ? " (accidental)" : " (substantive)"));
    note.appendChild(head);
    if (V.tags[i].length) note.appendChild(el("div", "muted", V.tags[i].join(", ")));
    note.appendChild(el("div", "reason", V.reasons[V.reason[i]]));
    const b = blockOf[i];
    if (b >= 0) {
      note.appendChild(el("div", "muted change-line", "Part of change " + C.id[b] + ", " +
        CLASSES[C.class[b]].name + ": " + plural(placesOfBlock[b].length, "place", "places") +
        " (" + V.reasons[C.reason[b]] + ")"));
    }
    // At one end of a move, a witness reading nothing there shows its copy at the other end.
    note.appendChild(readingTable(groupsOf(i), (w) => readingOf(w, i)[0],
      (w) => readingClass(w, i), false, null, 0, (w) => readingOf(w, i)[1]));
    const relations = relationsOf(i);
    if (relations) note.appendChild(relations);
    note.hidden = false;
  }

  // The groups of agreeing witnesses at variant i (lists of witness indices), the base's first.
  function groupsOf(i) {
    const groups = new Map();
    for (const w of witnessOrder) {
      const g = G[w][i];
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(w);
    }
    return Array.from(groups.values());
  }

  // Witnesses whose text(w) is the same, the base's first: the groups of a change's readings.
  function groupsByText(text) {
    const groups = new Map();
    for (const w of witnessOrder) {
      const t = text(w);
      if (!groups.has(t)) groups.set(t, []);
      groups.get(t).push(w);
    }
    return Array.from(groups.values());
  }

  // A table of readings, one row per group: the reading (with a little of the text around it
  // when `starts` and `ends` are given, with the index n into them), its witnesses (and
  // `where(w)`, e.g. where a moved text stands) and, where the readings differ from the base's
  // in more than one way, the class of this one's difference.
  function readingTable(groups, text, classOf, starts, ends, n, where) {
    const table = el("table", "readings");
    for (const members of groups) {
      const w = members[0];
      const row = el("tr");
      const reading = text(w);
      const cell = el("td", reading ? "reading" : "empty");
      if (starts) appendContext(cell, w, starts, ends, n);
      else appendText(cell, reading || "(nothing)");
      row.appendChild(cell);
      row.appendChild(el("td", "muted", members.map((m) => WITNESSES[m].id).join(", ") +
        (where ? where(w) : "")));
      const last = el("td", "how");
      const shown = new Set();
      for (const m of members) {
        const k = classOf(m);
        if (k < 0 || shown.has(k)) continue;
        shown.add(k);
        last.appendChild(classPill(k, "how it differs from the base's reading"));
      }
      row.appendChild(last);
      table.appendChild(row);
    }
    return table;
  }

  function classPill(k, title) {
    const pill = el("span", "pill k" + k);
    pill.appendChild(el("span", "swatch"));
    appendText(pill, CLASSES[k].name);
    pill.title = title;
    return pill;
  }

  // The class of witness w's difference from the base's reading at variant i, or -1: sent
  // only where the readings differ from the base's in more than one way.
  function readingClass(w, i) {
    const k = splitRow.get(i);
    return k === undefined ? -1 : V.split.class[w][k];
  }

  // How the groups other than the base's differ from each other, on demand (a <details>).
  function relationsOf(i) {
    const rows = relationRows.get(i);
    if (!rows) return null;
    const R = V.relations;
    const details = el("details", "relations");
    details.appendChild(el("summary", null, "Between the other readings: " +
      plural(rows.length, "pair", "pairs")));
    details.appendChild(el("div", "muted",
      "How the second reading of each pair differs from the first."));
    const table = el("table");
    const members = (g) => witnessOrder.filter((w) => G[w][i] === g)
      .map((w) => WITNESSES[w].id).join(", ");
    for (const r of rows) {
      const row = el("tr");
      row.appendChild(el("td", null, members(R.a[r]) + " \u2192 " + members(R.b[r])));
      const pill = el("td");
      pill.appendChild(classPill(R.class[r], "how the second reading differs from the first"));
      row.appendChild(pill);
      row.appendChild(el("td", "muted", V.reasons[R.reason[r]]));
      table.appendChild(row);
    }
    details.appendChild(table);
    return details;
  }

  function hideNote() {
    $("note").hidden = true;
  }

  /* ---------- filters beyond the classes: a witness, a pair, words in a reading ---------- */

  // filter.witness: only where that witness reads otherwise than the base; filter.pair: only
  // where the two read differently; filter.query: only where some reading holds the words.
  const filter = { witness: -1, pairA: -1, pairB: -1, query: "" };

  function applyFilters() {
    const q = filter.query.trim().toLocaleLowerCase();
    const fw = filter.witness;
    const pa = filter.pairA;
    const pb = filter.pairB;
    const lowered = q ? TEXTS.map((t) => t.toLocaleLowerCase()) : null;
    const sameLength = lowered ? lowered.every((t, w) => t.length === TEXTS[w].length) : true;
    for (let i = 0; i < COUNT; i++) {
      let ok = true;
      if (fw >= 0 && fw !== BASE) ok = G[fw][i] !== G[BASE][i];
      if (ok && pa >= 0 && pb >= 0 && pa !== pb) ok = G[pa][i] !== G[pb][i];
      if (ok && q) {
        ok = false;
        for (let w = 0; w < TEXTS.length && !ok; w++) {
          const text = sameLength ? lowered[w].slice(S[w][i], E[w][i]) :
            TEXTS[w].slice(S[w][i], E[w][i]).toLocaleLowerCase();
          ok = text.indexOf(q) >= 0;
        }
      }
      passes[i] = ok ? 1 : 0;
    }
    for (const marks of drawnMarkLists()) {
      for (const mark of marks) if (mark) mark.classList.toggle("out", !passes[Number(mark.dataset.v)]);
    }
    const active = fw >= 0 || (pa >= 0 && pb >= 0) || q !== "";
    document.body.classList.toggle("filtered", active);
    filtersChanged();
  }

  // Every list of drawn marks (sparse arrays indexed by variant).
  function drawnMarkLists() {
    const lists = [readingMarks];
    if (state.pair) lists.push(state.pair.marksA, state.pair.marksB);
    if (syn.view) lists.push(...syn.view.marks);
    return lists;
  }

  // What the shown set depends on changed: the apparatus and the counts follow.
  function filtersChanged() {
    buildApparatus();
    refresh();
    writeFragment();
  }

  function witnessSelect(id, label, none) {
    const select = el("select");
    select.id = id;
    select.setAttribute("aria-label", label);
    const empty = el("option", null, none);
    empty.value = "-1";
    select.appendChild(empty);
    WITNESSES.forEach((w, n) => select.appendChild(optionFor(w, n)));
    return select;
  }

  function buildMoreFilters() {
    const box = $("filters-more");
    const search = el("input");
    search.type = "search";
    search.id = "search";
    search.placeholder = "find in readings ( / )";
    search.setAttribute("aria-label", "only variants whose readings hold these words");
    let timer = 0;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        filter.query = search.value;
        applyFilters();
      }, 150);
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === "Escape") {
        clearTimeout(timer);
        filter.query = search.value;
        applyFilters();
        search.blur();
      }
    });
    box.appendChild(search);
    const witness = witnessSelect("filter-witness", "only where this witness differs from the base",
      "any witness");
    const label = el("label", null, "differs from the base: ");
    label.appendChild(witness);
    box.appendChild(label);
    const pairA = witnessSelect("filter-pair-a", "pair: first witness", "\u2013");
    const pairB = witnessSelect("filter-pair-b", "pair: second witness", "\u2013");
    const pair = el("label", null, "pair that differs: ");
    pair.appendChild(pairA);
    appendText(pair, " / ");
    pair.appendChild(pairB);
    box.appendChild(pair);
    for (const select of [witness, pairA, pairB]) {
      select.addEventListener("change", () => {
        filter.witness = Number(witness.value);
        filter.pairA = Number(pairA.value);
        filter.pairB = Number(pairB.value);
        select.blur();
        applyFilters();
      });
    }
    const clear = el("button", null, "Clear filters");
    clear.type = "button";
    clear.id = "clear-filters";
    clear.addEventListener("click", () => {
      search.value = "";
      witness.value = pairA.value = pairB.value = "-1";
      Object.assign(filter, { witness: -1, pairA: -1, pairB: -1, query: "" });
      applyFilters();
    });
    box.appendChild(clear);
  }

  /* ---------- the place in the address: #view=reading&v=12 ---------- */

  let fragmentTimer = 0;
  function writeFragment() {
    clearTimeout(fragmentTimer);
    const seen = location.hash;
    fragmentTimer = setTimeout(() => {
      // A link pasted or a fragment typed meanwhile wins: readFragment follows it.
      if (location.hash !== seen) return;
      const params = new URLSearchParams();
      params.set("view", state.view);
      const i = currentVariant();
      if (i >= 0) params.set("v", String(V.id[i]));
      if (state.view === "synoptic") params.set("w", syn.chosen.map((w) => WITNESSES[w].id).join(","));
      if (state.view === "pair" && state.pair) {
        params.set("w", WITNESSES[state.pair.a].id + "," + WITNESSES[state.pair.b].id);
      }
      const hash = "#" + params.toString();
      if (hash === location.hash) return;
      try {
        history.replaceState(null, "", hash);
      } catch (error) {
        // a file: page that refuses: the place is simply not kept
      }
    }, 250);
  }

  function readFragment() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const view = params.get("view");
    const known = Array.from(document.querySelectorAll("#tabs [role=tab]")).map((t) => t.dataset.tab);
    const ids = (params.get("w") || "").split(",").filter((id) => witnessIndex.has(id))
      .map((id) => witnessIndex.get(id));
    if (view === "synoptic" && ids.length) syn.chosen = ids;
    if (view === "pair" && ids.length === 2) {
      $("pair-a").value = String(ids[0]);
      $("pair-b").value = String(ids[1]);
    }
    if (view && known.includes(view)) showView(view);
    const i = variantById(Number(params.get("v")));
    if (i === undefined || !params.get("v")) return;
    const k = orderOf(state.view).indexOf(i);
    if (k >= 0) select(state.view, k, true);
  }

  /* ---------- filters, counts and heat map ---------- */

  const classCounts = new Int32Array(CLASSES.length);
  for (let i = 0; i < COUNT; i++) classCounts[K[i]]++;
  for (const k of C.class) classCounts[k]++;
  const bins = [];

  function buildFilters() {
    const box = $("filters");
    for (const accidental of [true, false]) {
      box.appendChild(el("span", "group-label", accidental ? "Accidental" : "Substantive"));
      CLASSES.forEach((cls, n) => {
        if (cls.accidental !== accidental || classCounts[n] === 0) return;
        const label = el("label", "k" + n);
        const input = el("input");
        input.type = "checkbox";
        input.dataset.class = cls.name;
        input.addEventListener("change", () => {
          if (input.checked) hidden.delete(n);
          else hidden.add(n);
          filtersChanged();
        });
        label.appendChild(input);
        label.appendChild(el("span", "swatch", cls.code));
        label.appendChild(el("span", null, cls.name));
        const count = el("span", "count");
        count.dataset.class = cls.name;
        label.appendChild(count);
        box.appendChild(label);
      });
    }
    const accidentals = el("button", null, "Hide accidentals");
    accidentals.type = "button";
    accidentals.id = "toggle-accidentals";
    accidentals.addEventListener("click", () => {
      const any = CLASSES.some((c, n) => c.accidental && !hidden.has(n) && classCounts[n] > 0);
      CLASSES.forEach((c, n) => {
        if (!c.accidental) return;
        if (any) hidden.add(n);
        else hidden.delete(n);
      });
      filtersChanged();
    });
    box.appendChild(accidentals);
    const all = el("button", null, "Show all");
    all.type = "button";
    all.id = "show-all";
    all.addEventListener("click", () => {
      hidden.clear();
      filtersChanged();
    });
    box.appendChild(all);
  }

  // As many bars as the witness's text deserves; made again when that number changes.
  function binCount(w) {
    return Math.max(MIN_BINS, Math.min(MAX_BINS, Math.round(TEXTS[w].length / CHARS_PER_BIN)));
  }

  function makeBins(n) {
    const map = $("heatmap");
    bins.length = 0;
    map.replaceChildren();
    for (let b = 0; b < n; b++) {
      const bin = el("div", "bin");
      bin.dataset.bin = String(b);
      bins.push(bin);
      map.appendChild(bin);
    }
  }

  function buildHeatmap() {
    const map = $("heatmap");
    makeBins(binCount(BASE));
    map.addEventListener("click", (event) => {
      const bin = event.target.closest(".bin");
      if (bin) jumpToBin(Number(bin.dataset.bin));
    });
  }

  // The witness whose text the heat map is drawn along, in the current view.
  function heatWitness() {
    if (state.view === "synoptic" && syn.view) return syn.view.chosen[0];
    return state.view === "pair" && state.pair ? state.pair.a : BASE;
  }

  function binOf(w, i) {
    const length = Math.max(1, TEXTS[w].length);
    return Math.min(bins.length - 1, Math.floor(S[w][i] * bins.length / length));
  }

  function jumpToBin(b) {
    const w = heatWitness();
    const order = orderOf(state.view);
    let chosen = -1;
    for (let k = 0; k < order.length; k++) {
      if (!isShown(order[k])) continue;
      chosen = k; // the last shown variant before the bin, if none is in or after it
      if (binOf(w, order[k]) >= b) break;
    }
    if (chosen >= 0) select(state.view, chosen, true);
  }

  function drawHeatmap() {
    const w = heatWitness();
    const order = orderOf(state.view);
    if (bins.length !== binCount(w)) makeBins(binCount(w));
    const counts = new Int32Array(bins.length);
    for (const i of order) if (isShown(i)) counts[binOf(w, i)]++;
    let max = 1;
    for (const c of counts) max = Math.max(max, c);
    const id = WITNESSES[w].id;
    bins.forEach((bin, b) => {
      const c = counts[b];
      const share = c / max;
      bin.style.height = c ? (12 + 88 * share).toFixed(1) + "%" : "0";
      // From pale yellow (little variation) to deep red (the most).
      bin.style.background = c ? "hsl(" + (50 - 50 * share).toFixed(0) + ", 90%, " +
        (70 - 28 * share).toFixed(0) + "%)" : "";
      bin.title = plural(c, "variant", "variants") + " around " +
        Math.round(100 * b / bins.length) + "% of " + id;
      bin.dataset.count = String(c);
    });
  }

  // Re-applies the filters: classes on <body> hide marks at once, without redrawing text.
  function refresh() {
    CLASSES.forEach((c, n) => document.body.classList.toggle("hide-k" + n, hidden.has(n)));
    for (const input of document.querySelectorAll("#filters input[data-class]")) {
      input.checked = !hidden.has(CLASSES.findIndex((c) => c.name === input.dataset.class));
    }
    const anyAccidental = CLASSES.some((c, n) => c.accidental && !hidden.has(n) && classCounts[n] > 0);
    $("toggle-accidentals").textContent = anyAccidental ? "Hide accidentals" : "Show accidentals";
    // Counts in the current view: every variant, the places where the pair differs, or the
    // changes listed.
    const counts = new Int32Array(CLASSES.length);
    const byChange = state.view === "variants" && listing.mode === "changes";
    if (byChange) {
      for (const top of listing.tops) counts[top.block < 0 ? K[top.places[0]] : C.class[top.block]]++;
    } else {
      for (const i of orderOf(state.view)) if (passes[i]) counts[K[i]]++;
    }
    const total = byChange ? listing.tops.length : orderOf(state.view).length;
    let shown = 0;
    counts.forEach((c, n) => {
      if (!hidden.has(n)) shown += c;
    });
    for (const label of document.querySelectorAll("#filters .count")) {
      const n = CLASSES.findIndex((c) => c.name === label.dataset.class);
      label.textContent = String(counts[n]);
    }
    const visible = $("visible-count");
    visible.dataset.visible = String(shown);
    visible.dataset.total = String(total);
    const what = state.view === "pair" || state.view === "synoptic" ? "differences" :
      byChange ? "changes" : "variants";
    visible.textContent = shown.toLocaleString("en") + " of " + total.toLocaleString("en") +
      " " + what + " shown";
    drawHeatmap();
    refreshCurrent();
  }

  function refreshCurrent() {
    const label = $("current-label");
    const i = currentVariant();
    for (const bin of bins) bin.classList.remove("here");
    if (i < 0) {
      label.textContent = "j: next variant, k: previous";
      delete label.dataset.variant;
      return;
    }
    label.dataset.variant = String(V.id[i]);
    label.textContent = "current: #" + V.id[i] + " " + CLASSES[K[i]].name;
    bins[binOf(heatWitness(), i)].classList.add("here");
  }

  /* ---------- witnesses and provenance ---------- */

  function cellsRow(values, header) {
    const row = el("tr");
    for (const value of values) {
      const cell = el(header ? "th" : "td");
      if (value instanceof Node) cell.appendChild(value);
      else if (value !== null && value !== undefined) appendText(cell, value);
      row.appendChild(cell);
    }
    return row;
  }

  function buildWitnesses() {
    const view = $("view-witnesses");
    view.appendChild(el("h2", null, "Witnesses"));
    const table = el("table");
    table.id = "witness-table";
    table.appendChild(cellsRow(["Witness", "Source", "Format", "Encoding", "sha256", "Span",
      "Tokens", "Repairs", "Damaged places"], true));
    WITNESSES.forEach((w, n) => {
      const encoding = el("span", null, w.encoding || "");
      if (w.encoding_reason) encoding.appendChild(el("div", "muted", w.encoding_reason));
      const row = cellsRow([w.id + (n === BASE ? " (base)" : ""), w.source || "(text)",
        w.format, encoding, el("span", "mono", w.sha256 || ""),
        w.span ? w.span[0] + "\u2013" + w.span[1] : "whole text", w.tokens, w.repairs,
        w.damage], false);
      row.dataset.witness = w.id;
      for (const c of [6, 7, 8]) row.children[c].className = "num";
      table.appendChild(row);
    });
    view.appendChild(table);
    const settings = DATA.settings;
    view.appendChild(el("p", "muted", "Matching layers: " + settings.normalize.join(", ") +
      "; least transposition: " + settings.min_transposition + " words. " + DATA.generator + "."));
    if (!DATA.people) {
      const hint = el("p", "muted", "No People tab: the register of persons and their fates " +
        "is added with ");
      hint.id = "people-hint";
      hint.appendChild(el("code", null, "variorum collate --people --format html"));
      appendText(hint, " (left out by default: it takes longer than the collation itself).");
      view.appendChild(hint);
    }
    for (const w of WITNESSES) {
      if (!w.repairs && !w.damage) continue;
      const details = el("details");
      details.appendChild(el("summary", null, w.id + ": " + plural(w.repairs, "repair", "repairs") +
        ", " + plural(w.damage, "damaged place", "damaged places")));
      const list = el("table");
      list.appendChild(cellsRow(["Offset", "Found", "Read as", "Reason"], true));
      for (const [start, end, found, repaired, suspect, reason] of w.repair_list) {
        list.appendChild(cellsRow([start + "\u2013" + end, found, repaired,
          reason + (suspect ? " (suspect)" : "")], false));
      }
      for (const [start, end, found, reason] of w.damage_list) {
        list.appendChild(cellsRow([start + "\u2013" + end, found, "(not repaired)", reason], false));
      }
      details.appendChild(list);
      if (w.repair_list.length < w.repairs || w.damage_list.length < w.damage) {
        details.appendChild(el("p", "muted", "Only the first entries are listed; the JSON report has them all."));
      }
      view.appendChild(details);
    }
    view.appendChild(el("h2", null, "Between each pair"));
    const pairs = el("table");
    pairs.appendChild(cellsRow(["Witnesses", "Places that differ", "Substantive", "Accidental"], true));
    for (const p of DATA.summary.pairs) {
      const row = cellsRow([p.witnesses.join(" / "), p.variants, p.substantive, p.accidental], false);
      for (const c of [1, 2, 3]) row.children[c].className = "num";
      pairs.appendChild(row);
    }
    view.appendChild(pairs);
  }

  /* ---------- the erasure report ---------- */

  function listed(value) {
    return Array.isArray(value) ? value.join(", ") : "";
  }

  function buildErasures() {
    const view = $("view-erasures");
    const erasures = DATA.erasures;
    view.appendChild(el("h2", null, "Erasures: names, numbers and sentences one edition has and another lacks"));
    if (!erasures.length) view.appendChild(el("p", "muted", "None found."));
    else buildErasureTable(view, erasures);
    const changes = DATA.name_changes;
    view.appendChild(el("h2", null, "Names spelled differently"));
    if (!changes.length) {
      view.appendChild(el("p", "muted", "None found."));
      return;
    }
    const table = el("table");
    table.id = "name-change-table";
    table.appendChild(cellsRow(WITNESSES.map((w) => w.id), true));
    for (const change of changes) {
      const texts = change.texts || {};
      const row = cellsRow(WITNESSES.map((w) => texts[w.id] || ""), false);
      const place = placeOf(change.readings);
      if (place) {
        row.className = "jump";
        row.tabIndex = 0;
        row.addEventListener("click", () => jumpTo(place[0], place[1]));
      }
      table.appendChild(row);
    }
    view.appendChild(table);
  }

  // Witness ids, each kept whole (a line breaks between ids, never inside one).
  function idList(value) {
    const span = el("span", "ids");
    (Array.isArray(value) ? value : []).forEach((id, n) => {
      if (n) appendText(span, ", ");
      span.appendChild(el("span", "wid", String(id)));
    });
    return span;
  }

  const SHORT_IDS = 24; // characters of a list of witness ids kept on one line

  function idsLength(value) {
    return Array.isArray(value) ? value.reduce((n, id) => n + String(id).length + 2, 0) : 0;
  }

  const ERASURE_ROWS = 200; // rows drawn at a time; more as the reader scrolls down

  // The erasures as a table one can read: columns sized to what they hold, a header that
  // stays on screen, sorted by any column (click its heading), filtered by kind and by words,
  // and every row reachable (drawn 200 at a time as the end of the table nears the screen).
  function buildErasureTable(view, erasures) {
    const rows = erasures.map((erasure, n) => {
      const forms = Array.isArray(erasure.forms) ? erasure.forms.filter((f) => f !== erasure.text) : [];
      const changed = erasure.changed_to && typeof erasure.changed_to === "object" ?
        Object.entries(erasure.changed_to).map(([w, t]) => t + " (" + w + ")").join("; ") : "";
      const values = [String(erasure.kind || ""), String(erasure.text || ""), forms.join(", "),
        listed(erasure.present_in), listed(erasure.absent_from), String(erasure.relation || ""), changed];
      return { n: n, erasure: erasure, values: values, forms: forms, changed: changed,
        search: values.join(" ").toLocaleLowerCase() };
    });
    const heads = ["Kind", "What", "Also as", "In", "Not in", "Relation", "Changed to"];
    const sort = { column: -1, down: false };
    const controls = el("div", "table-controls");
    const search = el("input");
    search.type = "search";
    search.id = "erasure-search";
    search.placeholder = "filter rows";
    search.setAttribute("aria-label", "only the erasures holding these words");
    controls.appendChild(search);
    const kind = el("select");
    kind.id = "erasure-kind";
    kind.setAttribute("aria-label", "kind of erasure");
    kind.appendChild(el("option", null, "every kind")).value = "";
    for (const k of Array.from(new Set(rows.map((r) => r.values[0]))).sort()) {
      kind.appendChild(el("option", null, k)).value = k;
    }
    controls.appendChild(kind);
    const count = el("span", "muted");
    count.id = "erasure-count";
    controls.appendChild(count);
    view.appendChild(controls);
    view.appendChild(el("p", "muted", "Click a row (or press Enter on it) to see the place in the text; click a heading to sort."));
    const scroller = el("div", "table-scroll");
    const table = el("table");
    table.id = "erasure-table";
    const thead = el("thead");
    const headRow = el("tr");
    heads.forEach((name, c) => {
      const th = el("th");
      th.setAttribute("aria-sort", "none");
      const button = el("button", "sort", name);
      button.type = "button";
      button.addEventListener("click", () => {
        sort.down = sort.column === c ? !sort.down : false;
        sort.column = c;
        for (const other of headRow.children) other.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", sort.down ? "descending" : "ascending");
        draw();
      });
      th.appendChild(button);
      th.className = "col-" + c;
      headRow.appendChild(th);
    });
    thead.appendChild(headRow);
    table.appendChild(thead);
    const tbody = el("tbody");
    table.appendChild(tbody);
    scroller.appendChild(table);
    view.appendChild(scroller);
    const more = el("button", "more", "");
    more.type = "button";
    view.appendChild(more);
    let chosen = rows;
    let drawnRows = 0;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) drawMore();
    }, { rootMargin: "800px 0px" });
    observer.observe(more);
    more.addEventListener("click", drawMore);

    function drawMore() {
      const fragment = document.createDocumentFragment();
      const until = Math.min(chosen.length, drawnRows + ERASURE_ROWS);
      for (; drawnRows < until; drawnRows++) fragment.appendChild(rowOf(chosen[drawnRows]));
      tbody.appendChild(fragment);
      more.hidden = drawnRows >= chosen.length;
      more.textContent = "show " + Math.min(ERASURE_ROWS, chosen.length - drawnRows) + " more of " +
        (chosen.length - drawnRows).toLocaleString("en") + " rows left";
    }

    function rowOf(r) {
      const e = r.erasure;
      const row = cellsRow([r.values[0], e.text, r.values[2], idList(e.present_in),
        idList(e.absent_from), r.values[5], r.changed], false);
      row.dataset.erasure = String(r.n);
      row.children[0].className = "kind";
      // A short list of witnesses stays on one line (the table gives its room to the long
      // sentences otherwise, and "E0, E1" would take two lines a row); a long one breaks
      // between ids.
      for (const [c, ids] of [[3, e.present_in], [4, e.absent_from]]) {
        if (idsLength(ids) <= SHORT_IDS) row.children[c].className = "ids-cell short";
      }
      const place = placeOf(e.readings);
      if (place) {
        row.className = "jump";
        row.tabIndex = 0;
        row.addEventListener("click", () => jumpTo(place[0], place[1]));
        row.addEventListener("keydown", (event) => {
          if (event.key === "Enter") jumpTo(place[0], place[1]);
        });
      }
      return row;
    }

    function draw() {
      const q = search.value.trim().toLocaleLowerCase();
      chosen = rows.filter((r) => (!kind.value || r.values[0] === kind.value) &&
        (!q || r.search.indexOf(q) >= 0));
      if (sort.column >= 0) {
        const c = sort.column;
        const sign = sort.down ? -1 : 1;
        chosen.sort((a, b) => sign * a.values[c].localeCompare(b.values[c], "en", { numeric: true }) ||
          a.n - b.n);
      }
      tbody.replaceChildren();
      drawnRows = 0;
      drawMore();
      count.dataset.shown = String(chosen.length);
      count.textContent = chosen.length.toLocaleString("en") + " of " +
        rows.length.toLocaleString("en") + " rows";
    }
    let timer = 0;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(draw, 120);
    });
    kind.addEventListener("change", draw);
    draw();
  }

  /* ---------- print: the text, then a numbered apparatus ---------- */

  // Before printing (the Print button, the browser's print, or print media emulated): every
  // chunk of the reading text is drawn, each variant numbered in it, and the apparatus of the
  // variants shown is written out below the text, one numbered line each.
  function preparePrint() {
    for (let p = 0; p < reading.pieces.length; p++) reading.ensure(p);
    const box = $("print-apparatus");
    box.replaceChildren();
    const base = WITNESSES[BASE];
    box.appendChild(el("h2", null, "Apparatus (base " + base.id + "; " +
      WITNESSES.map((w) => w.id).join(", ") + ")"));
    const list = el("ol", "print-list");
    const fragment = document.createDocumentFragment();
    for (const i of baseOrder) {
      if (!passesAll(i)) continue;
      const item = el("li", "print-entry");
      item.value = V.id[i];
      item.appendChild(drawApp(i, true));
      fragment.appendChild(item);
    }
    list.appendChild(fragment);
    box.appendChild(list);
  }

  function attachPrint() {
    window.addEventListener("beforeprint", preparePrint);
    const media = window.matchMedia("print");
    if (media.addEventListener) media.addEventListener("change", (event) => {
      if (event.matches) preparePrint();
    });
  }

  // [witness index, offset in its page text] of a set of readings, the base's if it has one.
  function placeOf(readings) {
    if (!readings || typeof readings !== "object") return null;
    const ids = Object.keys(readings).filter((id) => witnessIndex.has(id));
    if (!ids.length) return null;
    const id = ids.includes(WITNESSES[BASE].id) ? WITNESSES[BASE].id : ids[0];
    const w = witnessIndex.get(id);
    return [w, Number(readings[id].start) - WITNESSES[w].offset];
  }

  function jumpTo(w, offset) {
    if (w === BASE) {
      showView("reading");
    } else {
      $("pair-a").value = String(BASE);
      $("pair-b").value = String(w);
      showView("pair"); // draws the pair if none was drawn yet
      if (state.pair === null || state.pair.a !== BASE || state.pair.b !== w) buildPair();
    }
    const k = nearest(state.view, w, offset);
    if (k >= 0) select(state.view, k, true);
  }

  /* ---------- tabs and keys ---------- */

  const built = { witnesses: false, erasures: false, people: false };

  // The People tab (when the report carries a register): drawn by people.js; a citation
  // jumps to its place as an erasure's row does.
  function buildPeople() {
    drawPeople($("view-people"), DATA.people, WITNESSES.map((w) => w.id), (id, start) => {
      if (!witnessIndex.has(id)) return;
      const w = witnessIndex.get(id);
      jumpTo(w, start - WITNESSES[w].offset);
    });
  }

  function showView(view) {
    state.view = view;
    for (const tab of document.querySelectorAll("#tabs [role=tab]")) {
      const selected = tab.dataset.tab === view;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $("view-" + tab.dataset.tab).hidden = !selected;
    }
    document.body.dataset.view = view;
    $("controls").hidden = !stepping(view);
    // What the header covers at the top of the window: nothing where it scrolls away.
    const top = $("top");
    document.documentElement.style.setProperty("--header",
      (getComputedStyle(top).position === "sticky" ? top.offsetHeight : 0) + "px");
    // The note of the current variant: docked above the apparatus in the reading view (it
    // never covers the text there), floating in the other views.
    const note = $("note");
    const home = view === "reading" ? $("app-note") : document.body;
    if (note.parentNode !== home) home.appendChild(note);
    if (view === "pair" && !state.pair) buildPair();
    if (view === "synoptic" && !syn.view) {
      buildSynControls();
      buildSynoptic();
    }
    if (view === "variants" && !listing.lazy) buildList();
    if (view === "witnesses" && !built.witnesses) {
      built.witnesses = true;
      buildWitnesses();
    }
    if (view === "erasures" && !built.erasures) {
      built.erasures = true;
      buildErasures();
    }
    if (view === "people" && !built.people && DATA.people) {
      built.people = true;
      buildPeople();
    }
    const i = currentVariant();
    if (i >= 0) showNote(i);
    else hideNote();
    refresh();
    writeFragment();
  }

  // The views with variants to step through (j / k), filters and a heat map.
  function stepping(view) {
    return view === "reading" || view === "pair" || view === "synoptic" || view === "variants";
  }

  function attachKeys() {
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      const typing = target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement ||
        (target instanceof HTMLInputElement && target.type !== "checkbox" &&
          target.type !== "radio");
      if (typing) return;
      const key = event.key;
      if (key === "j" || key === "k" || key === "J" || key === "K") {
        if (stepping(state.view)) step(key.toLowerCase() === "j" ? 1 : -1, key === "J" || key === "K");
        event.preventDefault();
      } else if (key === "/" && stepping(state.view)) {
        $("search").focus();
        event.preventDefault();
      } else if (key === "Escape") {
        hideNote();
      }
    });
    $("next").addEventListener("click", () => step(1));
    $("prev").addEventListener("click", () => step(-1));
    $("next-substantive").addEventListener("click", () => step(1, true));
    $("print").addEventListener("click", () => {
      preparePrint();
      window.print();
    });
    const tabs = Array.from(document.querySelectorAll("#tabs [role=tab]"));
    tabs.forEach((tab, n) => {
      tab.addEventListener("click", () => showView(tab.dataset.tab));
      // The tab bar is one stop for Tab; arrows, Home and End move along it.
      tab.addEventListener("keydown", (event) => {
        let to = -1;
        if (event.key === "ArrowRight") to = (n + 1) % tabs.length;
        else if (event.key === "ArrowLeft") to = (n - 1 + tabs.length) % tabs.length;
        else if (event.key === "Home") to = 0;
        else if (event.key === "End") to = tabs.length - 1;
        if (to < 0) return;
        event.preventDefault();
        tabs[to].focus();
        showView(tabs[to].dataset.tab);
      });
    });
    window.addEventListener("hashchange", () => {
      clearTimeout(fragmentTimer);
      readFragment();
    });
  }

  /* ---------- start ---------- */

  $("title").textContent = plainText("variorum: " +
    plural(WITNESSES.length, "witness", "witnesses") + ", base " + WITNESSES[BASE].id + ", " +
    plural(COUNT, "variant", "variants"));
  buildFilters();
  buildHeatmap();
  buildReading();
  fillPairSelects();
  buildMoreFilters();
  {
    const head = $("app-head");
    const title = el("div", "app-title", "Apparatus ");
    title.appendChild(el("span", "muted", "")).id = "app-head-count";
    head.appendChild(title);
    head.appendChild(el("div", null)).id = "app-note";
  }
  buildApparatus();
  attachApparatus();
  attachMarkEvents($("pair-rows"), "pair");
  attachMarkEvents($("syn-rows"), "synoptic");
  attachListEvents();
  attachKeys();
  attachPrint();
  showView("reading");
  if (location.hash.length > 1) readFragment();
  // Interactive once the first chunk has been laid out and painted: recorded for the tests
  // and the benchmark (milliseconds since navigation started, and spent in this script).
  requestAnimationFrame(() => setTimeout(() => {
    document.documentElement.dataset.ready = performance.now().toFixed(0);
    document.documentElement.dataset.scriptMs = (performance.now() - started).toFixed(0);
  }, 0));
})();
