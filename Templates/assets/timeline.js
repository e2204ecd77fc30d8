// Briefing timeline filters, as progressive enhancement. Without this script every filter link opens
// its own page (/timeline/people/<id>/ …). With it, on a page that lists events, the same links become
// toggles that combine (an event must match every chosen person, place and tag) and a search box
// filters by title. Nothing is fetched; only what the page already holds is shown or hidden.
(function () {
  "use strict";
  var entries = document.querySelector("[data-timeline]");
  var filters = document.querySelector("[data-filters]");
  if (!entries || !filters) return;
  var items = Array.prototype.slice.call(entries.querySelectorAll("li.event, li.timeline-briefing"));
  if (items.length === 0) return;

  var chosen = { people: [], places: [], tags: [] };
  var words = function (text) { return (text || "").split(" ").filter(Boolean); };
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var titles = items.map(function (item) {
    var title = item.querySelector(".event-title");
    return fold(title ? title.textContent : "");
  });

  var tools = document.createElement("div");
  tools.className = "filter-tools";
  var label = document.createElement("label");
  label.setAttribute("for", "timeline-search");
  label.textContent = "Search titles";
  var search = document.createElement("input");
  search.type = "search";
  search.id = "timeline-search";
  var clear = document.createElement("button");
  clear.type = "button";
  clear.textContent = "Clear filters";
  var status = document.createElement("p");
  status.className = "filter-status";
  status.setAttribute("role", "status");
  tools.appendChild(label);
  tools.appendChild(search);
  tools.appendChild(clear);
  tools.appendChild(status);
  filters.insertBefore(tools, filters.querySelector("details"));
  var hint = document.createElement("p");
  hint.className = "more-note";
  hint.textContent = "Choose several people, places or tags to see only the events they share.";
  filters.insertBefore(hint, tools);

  function apply() {
    var query = fold(search.value.trim());
    var facetsChosen = chosen.people.length + chosen.places.length + chosen.tags.length > 0;
    var shown = 0;
    items.forEach(function (item, index) {
      var visible = query === "" || titles[index].indexOf(query) !== -1;
      if (visible && facetsChosen) {
        visible = item.classList.contains("event") && ["people", "places", "tags"].every(function (kind) {
          var own = words(item.getAttribute("data-" + kind));
          return chosen[kind].every(function (value) { return own.indexOf(value) !== -1; });
        });
      }
      item.hidden = !visible;
      if (visible) shown += 1;
    });
    // Hide year groups and sections left empty.
    Array.prototype.forEach.call(entries.querySelectorAll(".timeline-year, .timeline-section"), function (group) {
      group.hidden = !group.querySelector("li:not([hidden])");
    });
    var active = facetsChosen || query !== "";
    status.textContent = active ? "Showing " + shown + " of " + items.length + " entries." : "";
  }

  Array.prototype.forEach.call(filters.querySelectorAll("a[data-facet]"), function (link) {
    link.setAttribute("role", "button");
    link.setAttribute("aria-pressed", "false");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var list = chosen[link.getAttribute("data-facet")];
      var value = link.getAttribute("data-value");
      var at = list.indexOf(value);
      if (at === -1) list.push(value); else list.splice(at, 1);
      link.setAttribute("aria-pressed", at === -1 ? "true" : "false");
      apply();
    });
    link.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); link.click(); }
    });
  });
  search.addEventListener("input", apply);
  clear.addEventListener("click", function () {
    chosen = { people: [], places: [], tags: [] };
    search.value = "";
    Array.prototype.forEach.call(filters.querySelectorAll("a[aria-pressed]"), function (link) {
      link.setAttribute("aria-pressed", "false");
    });
    apply();
  });
})();
