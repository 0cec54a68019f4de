/* variorum people --format html: the register (people.js), and the place of a citation shown
 * beside it: the witness's words around it, the cited words marked (text only, no markup
 * from the edition). */
"use strict";

(function () {
  const DATA = JSON.parse(document.getElementById("variorum-people").textContent);
  const TEXTS = DATA.texts; // witness id -> the witness's text as found
  const AROUND = 300; // characters shown on each side of a citation
  const place = document.getElementById("people-place");

  function jump(witness, start, end) {
    const text = typeof TEXTS[witness] === "string" ? TEXTS[witness] : "";
    place.replaceChildren();
    place.hidden = false;
    const head = document.createElement("h3");
    head.textContent = witness + ", characters " + start + "–" + end;
    place.appendChild(head);
    const passage = document.createElement("p");
    passage.className = "passage";
    const from = Math.max(0, start - AROUND);
    const to = Math.min(text.length, end + AROUND);
    passage.appendChild(document.createTextNode((from > 0 ? "…" : "") + text.slice(from, start)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    passage.appendChild(mark);
    passage.appendChild(document.createTextNode(text.slice(end, to) + (to < text.length ? "…" : "")));
    place.appendChild(passage);
  }

  const ids = (DATA.register.witnesses || []).map((w) => String(w.id));
  drawPeople(document.getElementById("view-people"), DATA.register, ids, jump);
  document.documentElement.dataset.ready = "1";
})();
