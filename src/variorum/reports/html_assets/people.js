/* variorum: the register of persons (schema variorum.people/1) drawn as a table, for the
 * People tab of the collation report and for the page of `variorum people --format html`.
 *
 * Every name, fate and role is put on the page with textContent, never innerHTML. Each
 * mention, fate and role is a button: jump(witnessId, start, end) shows its place.
 */
"use strict";

function drawPeople(view, register, witnessIds, jump) {
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function flat(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }
  function cite(label, item, className) {
    const button = el("button", "cite " + (className || ""), label);
    button.type = "button";
    button.title = flat(item.text) + " (" + item.witness + ", at " + item.start + ")";
    button.addEventListener("click", () => jump(String(item.witness), Number(item.start), Number(item.end)));
    return button;
  }
  const people = Array.isArray(register.people) ? register.people : [];
  view.appendChild(el("h2", null, "People: who is named, what each edition says became of them"));
  if (!people.length) {
    view.appendChild(el("p", "muted", "No person found."));
    return;
  }
  const changed = people.filter((p) => Array.isArray(p.changes) && p.changes.length).length;
  const controls = el("div", "table-controls");
  const search = el("input");
  search.type = "search";
  search.id = "people-search";
  search.placeholder = "filter persons";
  search.setAttribute("aria-label", "only the persons whose name, fate or role holds these words");
  controls.appendChild(search);
  const onlyChanged = el("input");
  onlyChanged.type = "checkbox";
  onlyChanged.id = "people-changed";
  const label = el("label", null, " only the " + changed + " changed across editions");
  label.prepend(onlyChanged);
  controls.appendChild(label);
  const count = el("span", "muted");
  count.id = "people-count";
  controls.appendChild(count);
  view.appendChild(controls);
  view.appendChild(el("p", "muted", "A fate, role or mention is a button: it shows its place in the text. " +
    "Rows of persons erased, respelled or given another fate or role are marked."));
  const scroller = el("div", "table-scroll");
  const table = el("table");
  table.id = "people-table";
  const head = el("thead");
  const headRow = el("tr");
  for (const name of ["#", "Person", ...witnessIds, "Changes"]) headRow.appendChild(el("th", null, name));
  head.appendChild(headRow);
  table.appendChild(head);
  const body = el("tbody");
  table.appendChild(body);
  scroller.appendChild(table);
  view.appendChild(scroller);

  const rows = people.map((person) => {
    const row = el("tr", "person");
    row.dataset.person = String(person.id);
    const changes = Array.isArray(person.changes) ? person.changes : [];
    if (changes.length) row.classList.add("changed");
    row.appendChild(el("td", "muted", person.id));
    const who = el("td", "who");
    who.appendChild(el("strong", "person-name", person.name));
    const forms = (person.forms || []).filter((f) => f !== person.name);
    if (forms.length) who.appendChild(el("div", "muted", "also: " + forms.join(", ")));
    row.appendChild(who);
    const kinds = new Set(changes.map((c) => c.kind));
    for (const id of witnessIds) {
      const cell = el("td", "in-witness");
      cell.dataset.witness = id;
      const mentions = (person.mentions || []).filter((m) => m.witness === id);
      if (!mentions.length) {
        cell.classList.add("absent");
        cell.appendChild(el("span", "absent-mark", "not named"));
        row.appendChild(cell);
        continue;
      }
      const fates = (person.fates || []).filter((f) => f.witness === id);
      for (const fate of fates) {
        const tags = (fate.tags || []).length ? " (" + fate.tags.join(", ") + ")" : "";
        const line = el("div", "fate" + (kinds.has("fate-changed") ? " fate-changed" : ""));
        line.appendChild(cite(fate.fate + tags, fate, "fate-" + fate.fate));
        line.appendChild(el("q", null, flat(fate.text)));
        cell.appendChild(line);
      }
      if (!fates.length) cell.appendChild(el("div", "muted", "no fate stated"));
      for (const role of (person.roles || []).filter((r) => r.witness === id).slice(0, 3)) {
        const line = el("div", "role" + (kinds.has("role-changed") ? " role-changed" : ""));
        line.appendChild(cite("role", role));
        line.appendChild(el("span", null, " " + flat(role.text)));
        cell.appendChild(line);
      }
      const places = el("div", "mentions");
      places.appendChild(el("span", "muted", mentions.length === 1 ? "named at " : "named " + mentions.length + "× at "));
      mentions.slice(0, 8).forEach((m, n) => {
        if (n) places.appendChild(document.createTextNode(" "));
        places.appendChild(cite(String(m.start), m, kinds.has("respelled") ? "respelled" : ""));
      });
      if (mentions.length > 8) places.appendChild(el("span", "muted", " …"));
      cell.appendChild(places);
      row.appendChild(cell);
    }
    const what = el("td", "changes");
    for (const change of changes) {
      const line = el("div", "change change-" + change.kind);
      line.appendChild(el("span", "change-kind", change.kind + " " + change.from + " → " + change.to));
      line.appendChild(el("span", null, " " + flat(change.detail)));
      what.appendChild(line);
    }
    row.appendChild(what);
    const words = [person.name, ...(person.forms || []), ...(person.fates || []).map((f) => f.fate + " " + f.text),
      ...(person.roles || []).map((r) => r.text), ...changes.map((c) => c.kind)];
    return { row: row, changed: changes.length > 0, search: words.join(" ").toLocaleLowerCase() };
  });

  function draw() {
    const q = search.value.trim().toLocaleLowerCase();
    const fragment = document.createDocumentFragment();
    let shown = 0;
    for (const r of rows) {
      if ((onlyChanged.checked && !r.changed) || (q && r.search.indexOf(q) < 0)) continue;
      fragment.appendChild(r.row);
      shown++;
    }
    body.replaceChildren(fragment);
    count.dataset.shown = String(shown);
    count.textContent = shown + " of " + rows.length + " persons";
  }
  search.addEventListener("input", draw);
  onlyChanged.addEventListener("change", draw);
  draw();
}
