// The index of a comparison (variorum compare --format html): a table of the articles,
// sortable by any column (most changed first to begin with), filtered by status and class,
// with the totals of what is shown. Every text is set with textContent: no article key,
// path or name ever becomes markup.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("variorum-data").textContent);
  const labels = data.editions;
  const rows = data.articles;
  const state = { sort: "changed_words", descending: true, statuses: new Set(data.statuses),
                  klass: "" };

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  const columns = [
    { id: "key", title: "article", value: (a) => a.key.toLowerCase() },
    { id: "status", title: "status", value: (a) => data.statuses.indexOf(a.status) },
    ...labels.map((label, n) => ({ id: "words-" + n, title: "words " + label, numeric: true,
                                   value: (a) => a.words[label] === null ? -1 : a.words[label] })),
    { id: "changed_words", title: "changed words", numeric: true, value: (a) => a.changed_words },
    { id: "similarity", title: "similarity", numeric: true,
      value: (a) => a.similarity === null ? -1 : a.similarity },
    { id: "variants", title: "variants by class", value: (a) => a.variants },
    { id: "erasures", title: "erasures", numeric: true, value: (a) => a.erasures },
    { id: "people", title: "people changes", numeric: true, value: (a) => a.people },
  ];

  // --- totals -------------------------------------------------------------------------
  const totals = document.getElementById("totals");
  const summary = data.summary;
  const line = [summary.articles + " articles"];
  for (const [status, n] of Object.entries(summary.by_status)) line.push(n + " " + status);
  totals.appendChild(el("p", line.join(" · ")));
  for (const label of labels) {
    totals.appendChild(el("p", label + ": " + summary.words[label] + " words"));
  }
  totals.appendChild(el("p", "changed words: " + summary.changed_words + "; erasures: "
                                + summary.erasures));

  // --- filters ------------------------------------------------------------------------
  const filters = document.getElementById("filters");
  const statusGroup = el("fieldset");
  statusGroup.appendChild(el("legend", "status"));
  for (const status of data.statuses) {
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.status = status;
    box.addEventListener("change", () => {
      if (box.checked) state.statuses.add(status); else state.statuses.delete(status);
      draw();
    });
    const label = el("label");
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + status + " (" + summary.by_status[status]
                                              + ")"));
    statusGroup.appendChild(label);
  }
  filters.appendChild(statusGroup);
  const classLabel = el("label", "class ");
  const select = el("select");
  select.id = "class-filter";
  select.appendChild(el("option", "any class")).value = "";
  for (const name of data.classes) {
    const option = el("option", name + " (" + summary.by_class[name] + ")");
    option.value = name;
    select.appendChild(option);
  }
  select.addEventListener("change", () => { state.klass = select.value; draw(); });
  classLabel.appendChild(select);
  filters.appendChild(classLabel);

  // --- table --------------------------------------------------------------------------
  const table = document.getElementById("articles");
  const head = el("thead");
  const headRow = el("tr");
  for (const column of columns) {
    const th = el("th");
    const button = el("button", column.title);
    button.type = "button";
    button.dataset.sort = column.id;
    button.addEventListener("click", () => {
      if (state.sort === column.id) state.descending = !state.descending;
      else { state.sort = column.id; state.descending = !!column.numeric; }
      draw();
    });
    th.appendChild(button);
    th.dataset.column = column.id;
    headRow.appendChild(th);
  }
  head.appendChild(headRow);
  table.appendChild(head);
  const body = el("tbody");
  table.appendChild(body);
  const shown = document.getElementById("shown");

  function cells(a) {
    const tr = el("tr", null, "status-" + a.status);
    tr.dataset.key = a.key;
    tr.dataset.status = a.status;
    const name = el("td");
    if (a.page) {
      const link = el("a", a.key);
      link.href = a.page;
      name.appendChild(link);
    } else {
      name.textContent = a.key;
    }
    const sources = labels.map((l) => l + ": " + (a.sources[l] === null ? "—" : a.sources[l]));
    name.title = sources.join("\n") + "\n" + a.reason;
    tr.appendChild(name);
    tr.appendChild(el("td", a.status));
    for (const label of labels) {
      tr.appendChild(el("td", a.words[label] === null ? "—" : a.words[label], "n"));
    }
    tr.appendChild(el("td", a.changed_words, "n changed"));
    tr.appendChild(el("td", a.similarity === null ? "—" : a.similarity.toFixed(2), "n"));
    tr.appendChild(el("td", a.variants));
    tr.appendChild(el("td", a.erasures, "n"));
    tr.appendChild(el("td", a.people, "n"));
    return tr;
  }

  function draw() {
    const column = columns.find((c) => c.id === state.sort);
    const visible = rows.filter((a) => state.statuses.has(a.status)
                                && (!state.klass || a.by_class[state.klass]));
    visible.sort((x, y) => {
      const a = column.value(x), b = column.value(y);
      const order = a < b ? -1 : a > b ? 1 : 0;
      return (state.descending ? -order : order) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
    });
    body.replaceChildren(...visible.map(cells));
    for (const th of headRow.children) {
      th.setAttribute("aria-sort", th.dataset.column === state.sort
        ? (state.descending ? "descending" : "ascending") : "none");
    }
    const words = visible.reduce((n, a) => n + a.changed_words, 0);
    shown.textContent = visible.length + " of " + rows.length + " articles shown, "
      + words + " changed words";
    shown.dataset.visible = String(visible.length);
    shown.dataset.total = String(rows.length);
  }

  // --- people ----------------------------------------------------------------------------
  const people = document.getElementById("people");
  if (data.people.length) {
    people.appendChild(el("h2", "People"));
    const list = el("ul");
    for (const person of data.people) {
      const item = el("li", person.name + ": " + person.notes.join("; "));
      item.dataset.person = person.name;
      list.appendChild(item);
    }
    people.appendChild(list);
  }
  draw();
  document.documentElement.dataset.ready = "1";
})();
