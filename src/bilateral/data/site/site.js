// Searchable event table: the events are embedded as JSON in the page (no network, no library).
(function () {
  "use strict";
  var LIMIT = 500; // rows drawn at once; the filter narrows the rest
  var data = JSON.parse(document.getElementById("events-data").textContent);
  var columns = data.columns;
  var rows = data.rows;
  var body = document.getElementById("events-body");
  var search = document.getElementById("search");
  var count = document.getElementById("count");
  var haystacks = rows.map(function (row) { return row.join(" ").toLowerCase(); });

  function render() {
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var fragment = document.createDocumentFragment();
    var shown = 0, matched = 0;
    for (var i = 0; i < rows.length; i++) {
      var hay = haystacks[i];
      if (!terms.every(function (t) { return hay.indexOf(t) !== -1; })) continue;
      matched++;
      if (shown >= LIMIT) continue;
      shown++;
      var tr = document.createElement("tr");
      for (var c = 0; c < columns.length; c++) {
        var td = document.createElement("td");
        td.textContent = rows[i][c] === null ? "" : String(rows[i][c]);
        if (columns[c] === "evidence") td.className = "evidence";
        if (columns[c] === "documents") td.className = "num";
        tr.appendChild(td);
      }
      fragment.appendChild(tr);
    }
    body.replaceChildren(fragment);
    count.textContent = matched + " of " + rows.length + " events" + (matched > shown ? " (first " + shown + " shown)" : "");
    body.setAttribute("data-rendered", String(shown));
  }

  // ?q=words pre-fills the filter, so a filtered view can be linked to.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) search.value = query;
  search.addEventListener("input", render);
  render();
})();
